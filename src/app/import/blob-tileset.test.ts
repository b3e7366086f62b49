import { describe, expect, it } from 'vitest';
import { packGlb, parseGlb } from '../../core/tiles/glb.ts';
import { createBlobTileset, resolveTilesetPath, revokeBlobTileset } from './blob-tileset.ts';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer;

async function fetchBlobUrl(url: string): Promise<Uint8Array> {
  const { resolveObjectURL } = await import('node:buffer');
  const blob = resolveObjectURL(url);
  if (!blob) throw new Error(`no blob behind ${url}`);
  return new Uint8Array(await blob.arrayBuffer());
}

describe('in-memory tileset as blob URLs', () => {
  it('resolves paths relative to the referring file', () => {
    expect(resolveTilesetPath('tileset.json', 'tiles/0.glb')).toBe('tiles/0.glb');
    expect(resolveTilesetPath('tiles/subtree-0.json', '3.glb')).toBe('tiles/3.glb');
    expect(resolveTilesetPath('tiles/0.glb', '../schema.json')).toBe('schema.json');
    expect(resolveTilesetPath('a/b/c.json', './../d.glb')).toBe('a/d.glb');
  });

  it('rewrites content URIs, external tilesets and the GLB schemaUri to blob URLs', async () => {
    const glbJson = {
      asset: { version: '2.0' },
      extensions: { EXT_structural_metadata: { schemaUri: '../schema.json' } },
    };
    const glb = packGlb(glbJson, new Uint8Array([9, 9, 9, 9]));
    const files = [
      {
        path: 'tileset.json',
        bytes: encode({
          root: { content: { uri: 'tiles/0.glb' }, children: [{ content: { uri: 'tiles/subtree-0.json' } }] },
        }),
      },
      { path: 'tiles/subtree-0.json', bytes: encode({ root: { content: { uri: '0.glb' } } }) },
      { path: 'tiles/0.glb', bytes: glb.slice().buffer as ArrayBuffer },
      { path: 'schema.json', bytes: encode({ id: 'buildings' }) },
      { path: 'report.json', bytes: encode({ buildings: 1 }) },
    ];
    const tileset = await createBlobTileset(files);
    try {
      expect(tileset.files.map((f) => f.path)).toEqual(files.map((f) => f.path));
      const root = JSON.parse(new TextDecoder().decode(await fetchBlobUrl(tileset.rootUrl)));
      const glbUrl: string = root.root.content.uri;
      const subtreeUrl: string = root.root.children[0].content.uri;
      expect(glbUrl).toMatch(/^blob:/);
      const subtree = JSON.parse(new TextDecoder().decode(await fetchBlobUrl(subtreeUrl)));
      expect(subtree.root.content.uri).toBe(glbUrl);
      const { json, binary } = parseGlb(await fetchBlobUrl(glbUrl));
      const schemaUrl = (json as typeof glbJson).extensions.EXT_structural_metadata.schemaUri;
      expect(schemaUrl).toMatch(/^blob:/);
      expect(JSON.parse(new TextDecoder().decode(await fetchBlobUrl(schemaUrl)))).toEqual({
        id: 'buildings',
      });
      expect([...binary]).toEqual([9, 9, 9, 9]);
      // The originals stay as they were, for export.
      const original = tileset.files.find((f) => f.path === 'tiles/0.glb');
      expect(new Uint8Array(await (original?.blob.arrayBuffer() ?? new ArrayBuffer(0)))).toEqual(glb);
    } finally {
      revokeBlobTileset(tileset);
    }
    const { resolveObjectURL } = await import('node:buffer');
    expect(resolveObjectURL(tileset.rootUrl)).toBeUndefined();
  });

  it('refuses files without tileset.json', async () => {
    await expect(createBlobTileset([{ path: 'a.glb', bytes: new ArrayBuffer(0) }])).rejects.toThrow(
      /no tileset\.json/,
    );
  });
});
