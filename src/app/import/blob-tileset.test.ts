import { describe, expect, it } from 'vitest';
import { packGlb, parseGlb } from '../../core/tiles/glb.ts';
import { TilesetArchiveError } from '../../core/tiles/archive-references.ts';
import { createBlobTileset, revokeBlobTileset } from './blob-tileset.ts';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer;

async function fetchBlobUrl(url: string): Promise<Uint8Array> {
  const { resolveObjectURL } = await import('node:buffer');
  const blob = resolveObjectURL(url);
  if (!blob) throw new Error(`no blob behind ${url}`);
  return new Uint8Array(await blob.arrayBuffer());
}

describe('in-memory tileset as blob URLs', () => {
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

  it('rewrites glTF buffer and image URIs inside the tileset, keeps data: URIs', async () => {
    const glbJson = {
      asset: { version: '2.0' },
      buffers: [{ byteLength: 4 }, { uri: 'extra.bin', byteLength: 2 }],
      images: [{ uri: '../textures/a%20b.png' }, { uri: 'data:image/png;base64,iVBORw0KGgo=' }],
    };
    const files = [
      { path: 'tileset.json', bytes: encode({ root: { content: { uri: 'tiles/0.glb' } } }) },
      { path: 'tiles/0.glb', bytes: packGlb(glbJson, new Uint8Array(4)).slice().buffer as ArrayBuffer },
      { path: 'tiles/extra.bin', bytes: new Uint8Array([1, 2]).buffer },
      { path: 'textures/a b.png', bytes: new Uint8Array([3]).buffer },
    ];
    const tileset = await createBlobTileset(files, 'a.3tz');
    try {
      const root = JSON.parse(new TextDecoder().decode(await fetchBlobUrl(tileset.rootUrl)));
      const { json } = parseGlb(await fetchBlobUrl(root.root.content.uri));
      const rewritten = json as typeof glbJson;
      expect([...(await fetchBlobUrl(rewritten.buffers[1]!.uri!))]).toEqual([1, 2]);
      expect([...(await fetchBlobUrl(rewritten.images[0]!.uri))]).toEqual([3]);
      expect(rewritten.images[1]!.uri).toBe('data:image/png;base64,iVBORw0KGgo=');
    } finally {
      revokeBlobTileset(tileset);
    }
  });

  it('refuses references to anything outside the tileset, naming file, entry and URI', async () => {
    const glbWith = (json: object) =>
      packGlb({ asset: { version: '2.0' }, ...json }, new Uint8Array(0)).slice().buffer as ArrayBuffer;
    const cases: [{ path: string; bytes: ArrayBuffer }[], RegExp][] = [
      [
        [
          {
            path: 'tileset.json',
            bytes: encode({ root: { content: { uri: 'https://example.com/0.glb' } } }),
          },
        ],
        /^a\.3tz: tileset\.json refers to "https:\/\/example\.com\/0\.glb", outside the archive/,
      ],
      [
        [{ path: 'tileset.json', bytes: encode({ root: { contents: [{ uri: '//cdn.example/0.glb' }] } }) }],
        /on another host/,
      ],
      [
        [{ path: 'tileset.json', bytes: encode({ root: { content: { uri: '/0.glb' } } }) }],
        /an absolute path/,
      ],
      [
        [{ path: 'tileset.json', bytes: encode({ root: { content: { uri: '../0.glb' } } }) }],
        /leads out of the archive/,
      ],
      [
        [{ path: 'tileset.json', bytes: encode({ root: { content: { uri: 'gone.glb' } } }) }],
        /"gone\.glb", which is not in the archive/,
      ],
      [
        [{ path: 'tileset.json', bytes: encode({ schemaUri: 'http://example.com/s.json', root: {} }) }],
        /outside the archive/,
      ],
      [
        [
          { path: 'tileset.json', bytes: encode({ root: { content: { uri: 't.glb' } } }) },
          { path: 't.glb', bytes: glbWith({ images: [{ uri: 'https://example.com/t.png' }] }) },
        ],
        /a\.3tz: t\.glb refers to "https:\/\/example\.com\/t\.png"/,
      ],
      [
        [
          { path: 'tileset.json', bytes: encode({ root: { content: { uri: 't.glb' } } }) },
          {
            path: 't.glb',
            bytes: glbWith({ extensions: { EXT_structural_metadata: { schemaUri: 'https://x.example/s' } } }),
          },
        ],
        /t\.glb refers to "https:\/\/x\.example\/s"/,
      ],
      [
        [
          { path: 'tileset.json', bytes: encode({ root: { content: { uri: 'sub/tileset.json' } } }) },
          { path: 'sub/tileset.json', bytes: encode({ root: { content: { uri: '../tileset.json' } } }) },
        ],
        /sub\/tileset\.json refers to "\.\.\/tileset\.json", which refers back to it \(a cycle\)/,
      ],
    ];
    const { resolveObjectURL } = await import('node:buffer');
    const made: string[] = [];
    const original = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob: Blob) => {
      const url = original(blob);
      made.push(url);
      return url;
    };
    try {
      for (const [files, message] of cases) {
        const attempt = createBlobTileset(files, 'a.3tz');
        await expect(attempt, String(message)).rejects.toThrow(TilesetArchiveError);
        await expect(createBlobTileset(files, 'a.3tz'), String(message)).rejects.toThrow(message);
      }
    } finally {
      URL.createObjectURL = original;
    }
    // Nothing made on the way is left behind.
    expect(made.filter((url) => resolveObjectURL(url) !== undefined)).toEqual([]);
  });
});
