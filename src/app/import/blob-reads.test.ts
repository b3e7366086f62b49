import { describe, expect, it } from 'vitest';
import { forgetBlobUrl, installBlobReads, registerBlobUrl, waitingBlobReads } from './blob-reads.ts';
import type { LoadWithXhr, LoaderImplementations } from './blob-reads.ts';
import { createBlobTileset, revokeBlobTileset } from './blob-tileset.ts';

/** A stand-in for Cesium's `Resource._Implementations` that records what reached its own loader. */
function fakeCesium() {
  const passed: string[] = [];
  const implementations: LoaderImplementations = {
    loadWithXhr: (url) => {
      passed.push(url);
      return { abort: () => undefined };
    },
  };
  return { implementations, passed };
}

/** Calls Cesium's (patched) loader as `Resource` does; resolves with what it delivers. */
function load(implementations: LoaderImplementations, url: string, responseType?: string, method = 'GET') {
  let abort: () => void = () => undefined;
  const promise = new Promise<unknown>((resolve, reject) => {
    const xhr = (implementations.loadWithXhr as LoadWithXhr)(
      url,
      responseType,
      method,
      undefined,
      {},
      {
        resolve,
        reject,
      },
    ) as { abort(): void } | undefined;
    abort = () => xhr?.abort();
  });
  return { promise, abort };
}

/** Frames stepped by the test. */
function manualFrames() {
  const pending: (() => void)[] = [];
  return {
    frame: (callback: () => void) => void pending.push(callback),
    step: () => pending.splice(0).forEach((callback) => callback()),
  };
}

const settledWithin = async (promise: Promise<unknown>) =>
  Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 50))]);

describe('imported files read from their Blobs', () => {
  it('answers registered blob URLs from the Blob and leaves every other request to Cesium', async () => {
    const { implementations, passed } = fakeCesium();
    const frames = manualFrames();
    installBlobReads(implementations, frames.frame);
    registerBlobUrl('blob:test/json', new Blob(['{"asset":{"version":"1.1"}}']));
    registerBlobUrl('blob:test/glb', new Blob([new Uint8Array([1, 2, 3])]));
    try {
      expect(await load(implementations, 'blob:test/json', 'text').promise).toBe(
        '{"asset":{"version":"1.1"}}',
      );
      expect(await load(implementations, 'blob:test/json', 'json').promise).toEqual({
        asset: { version: '1.1' },
      });
      const bytes = await load(implementations, 'blob:test/glb', 'arraybuffer').promise;
      expect([...new Uint8Array(bytes as ArrayBuffer)]).toEqual([1, 2, 3]);
      void load(implementations, 'blob:test/other', 'arraybuffer');
      void load(implementations, 'http://example.org/tileset.json', 'text');
      void load(implementations, 'blob:test/glb', 'arraybuffer', 'HEAD');
      expect(passed).toEqual(['blob:test/other', 'http://example.org/tileset.json', 'blob:test/glb']);
      forgetBlobUrl('blob:test/json');
      void load(implementations, 'blob:test/json', 'text');
      expect(passed).toHaveLength(4);
    } finally {
      frames.step();
      forgetBlobUrl('blob:test/glb');
    }
  });

  it('hands over one GLB per frame, and drops an aborted one', async () => {
    const { implementations } = fakeCesium();
    const frames = manualFrames();
    installBlobReads(implementations, frames.frame);
    for (const n of [1, 2, 3]) registerBlobUrl(`blob:test/${n}.glb`, new Blob([new Uint8Array([n])]));
    try {
      const [first, second, third] = [1, 2, 3].map((n) =>
        load(implementations, `blob:test/${n}.glb`, 'arraybuffer'),
      );
      expect(await settledWithin(first!.promise)).toBe(true);
      expect(await settledWithin(second!.promise)).toBe(false);
      expect(waitingBlobReads()).toBe(2);
      second!.abort();
      expect(waitingBlobReads()).toBe(1);
      frames.step();
      expect(await settledWithin(third!.promise)).toBe(true);
      expect(await settledWithin(second!.promise)).toBe(false);
      expect(waitingBlobReads()).toBe(0);
    } finally {
      frames.step();
      for (const n of [1, 2, 3]) forgetBlobUrl(`blob:test/${n}.glb`);
    }
  });

  it('a blob tileset registers its URLs, uses the Blobs the worker made and forgets them when revoked', async () => {
    const { implementations, passed } = fakeCesium();
    const frames = manualFrames();
    installBlobReads(implementations, frames.frame);
    const tilesetBytes = new TextEncoder().encode('{"root":{"content":{"uri":"0.bin"}}}')
      .buffer as ArrayBuffer;
    const tileBytes = new Uint8Array([7, 7]).buffer;
    const tileBlob = new Blob([tileBytes]);
    const tileset = await createBlobTileset([
      { path: 'tileset.json', bytes: tilesetBytes },
      { path: '0.bin', bytes: tileBytes, blob: tileBlob },
    ]);
    try {
      expect(tileset.files[1]?.blob).toBe(tileBlob);
      const root = (await load(implementations, tileset.rootUrl, 'json').promise) as {
        root: { content: { uri: string } };
      };
      const tile = await load(implementations, root.root.content.uri, 'arraybuffer').promise;
      expect([...new Uint8Array(tile as ArrayBuffer)]).toEqual([7, 7]);
      expect(passed).toEqual([]);
    } finally {
      frames.step();
      revokeBlobTileset(tileset);
    }
    void load(implementations, tileset.rootUrl, 'json');
    expect(passed).toEqual([tileset.rootUrl]);
  });
});
