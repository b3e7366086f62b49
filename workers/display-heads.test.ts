import { describe, expect, it } from 'vitest';
import { packGlb, parseGlb } from '../src/core/tiles/glb.ts';
import { addBlobs, addDisplayHeads } from './display-heads.ts';
import type { TransferredFile } from './convert-api.ts';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer;
const glbFile = (path: string, json: unknown, binary = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])) => ({
  path,
  bytes: packGlb(json, binary).slice().buffer as ArrayBuffer,
});
const schema = { id: 'buildings', classes: { building: { properties: {} } } };

/** The viewer's copy of a file with a head: head, then the original from `from`. */
function viewerBytes(file: TransferredFile): Uint8Array {
  if (!file.display) throw new Error(`${file.path} has no display head`);
  const tail = new Uint8Array(file.bytes, file.display.from);
  const out = new Uint8Array(file.display.head.byteLength + tail.length);
  out.set(new Uint8Array(file.display.head));
  out.set(tail, file.display.head.byteLength);
  return out;
}

describe('display heads (schema inlined in the worker)', () => {
  it('inlines the schema a GLB names by schemaUri and keeps the binary chunk and the original bytes', () => {
    const json = {
      asset: { version: '2.0' },
      extensions: { EXT_structural_metadata: { schemaUri: '../schema.json', propertyTables: [] } },
    };
    const files: TransferredFile[] = [
      glbFile('tiles/0.glb', json),
      { path: 'schema.json', bytes: encode(schema) },
    ];
    const original = new Uint8Array(files[0]!.bytes.slice(0));
    addDisplayHeads(files, 'a.gml');
    const shown = viewerBytes(files[0]!);
    expect(new DataView(shown.buffer).getUint32(8, true)).toBe(shown.length);
    const parsed = parseGlb(shown);
    expect(parsed.json).toEqual({
      asset: { version: '2.0' },
      extensions: { EXT_structural_metadata: { propertyTables: [], schema } },
    });
    expect([...parsed.binary]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Uint8Array(files[0]!.bytes)).toEqual(original); // for a byte-identical export
    expect(files[1]!.display).toBeUndefined();
  });

  it('leaves to the linker a GLB with other references, a schema out of the tileset or a missing one', () => {
    const withUri = (schemaUri: string, more: object = {}) => ({
      asset: { version: '2.0' },
      ...more,
      extensions: { EXT_structural_metadata: { schemaUri } },
    });
    const files: TransferredFile[] = [
      glbFile('tiles/image.glb', withUri('../schema.json', { images: [{ uri: 'roof.png' }] })),
      glbFile('tiles/remote.glb', withUri('https://example.com/schema.json')),
      glbFile('tiles/escape.glb', withUri('../../schema.json')),
      glbFile('tiles/missing.glb', withUri('../nothing.json')),
      glbFile('tiles/plain.glb', { asset: { version: '2.0' } }),
      { path: 'schema.json', bytes: encode(schema) },
      { path: 'tiles/roof.png', bytes: new ArrayBuffer(4) },
    ];
    addDisplayHeads(files, 'a.3tz');
    expect(files.filter((f) => f.display).map((f) => f.path)).toEqual([]);
  });

  it('adds Blobs of the original bytes and of the viewer copy, and sends only the bytes the page rewrites', async () => {
    const json = {
      asset: { version: '2.0' },
      extensions: { EXT_structural_metadata: { schemaUri: '../schema.json' } },
    };
    const files: TransferredFile[] = [
      glbFile('tiles/0.glb', json),
      { path: 'schema.json', bytes: encode(schema) },
    ];
    addDisplayHeads(files, 'a.gml');
    const originals = files.map((f) => new Uint8Array(f.bytes.slice(0)));
    const shown = viewerBytes(files[0]!);
    const schemaBuffer = files[1]!.bytes;
    expect(addBlobs(files)).toEqual([schemaBuffer]);
    for (const [i, file] of files.entries()) {
      expect(new Uint8Array(await file.blob!.arrayBuffer())).toEqual(originals[i]);
    }
    expect(new Uint8Array(await files[0]!.display!.blob!.arrayBuffer())).toEqual(shown);
    expect(files[0]!.display!.blob!.type).toBe('model/gltf-binary');
    expect(files[0]!.bytes.byteLength).toBe(0);
    expect(files[1]!.display).toBeUndefined();
    expect(files[1]!.bytes).toBe(schemaBuffer);
  });
});
