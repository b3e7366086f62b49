import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ZipReadError } from '../zip/read-zip.ts';
import { jsonReferences, resolveArchiveUri, TilesetArchiveError } from './archive-references.ts';
import {
  crc32,
  readTilesetArchive,
  TILESET_ARCHIVE_INDEX,
  TilesetArchiveWriter,
  writeTilesetArchive,
  writeZip,
} from './archive.ts';
import { packGlb } from './glb.ts';
import { md5 } from './md5.ts';

const text = (s: string) => new TextEncoder().encode(s);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

const files = [
  { path: 'tiles/0.glb', bytes: new Uint8Array([1, 2, 3, 4, 5]) },
  { path: 'tileset.json', bytes: text('{"asset":{"version":"1.1"}}') },
  { path: 'schema.json', bytes: text('{"id":"s"}') },
  { path: 'tiles/subtree-0.json', bytes: text('{}') },
  { path: 'report.json', bytes: text('{"buildings":1}') },
];

describe('MD5 and CRC-32', () => {
  it('match Node crypto / zlib values for lengths around the block boundaries', () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      expect(hex(md5(bytes)), `length ${length}`).toBe(createHash('md5').update(bytes).digest('hex'));
    }
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
  });
});

describe('.3tz writer and reader', () => {
  const archive = writeTilesetArchive(files);

  it('writes the same bytes as the whole-archive writer before streaming (SHA-256 recorded from it)', () => {
    const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    expect(sha256(archive)).toBe('65bbf46d0c7c2e1ca682ff11bc2d9ef962c25d9e8b2e8472df20292d8bbc1877');
    expect(sha256(writeZip(files, { index: false }))).toBe(
      'ef2490a88fd250f18d11255f3bd4902ea3269e42de4db65e065124dd852633d5',
    );
  });

  it('streams the same bytes chunk by chunk, tileset.json first', () => {
    const writer = new TilesetArchiveWriter();
    const ordered = [files[1]!, ...files.filter((f) => f.path !== 'tileset.json')];
    const chunks = [...ordered.flatMap((f) => writer.add(f.path, f.bytes)), ...writer.finish()];
    expect(Buffer.concat(chunks).equals(Buffer.from(archive))).toBe(true);
    expect(() => new TilesetArchiveWriter().add('tiles/0.glb', new Uint8Array(1))).toThrow(
      /first file must be tileset\.json/,
    );
  });

  it('puts tileset.json first, the index last, and unzips to the same files', () => {
    const entries = unzipSync(archive);
    const names = Object.keys(entries);
    expect(names[0]).toBe('tileset.json');
    expect(names.at(-1)).toBe(TILESET_ARCHIVE_INDEX);
    for (const f of files) expect(entries[f.path]).toEqual(f.bytes);
  });

  it('writes an index of MD5(path) + local header offset, sorted as two little-endian uint64', () => {
    const index = unzipSync(archive)[TILESET_ARCHIVE_INDEX];
    if (!index) throw new Error('no index');
    expect(index.length).toBe(24 * files.length);
    const view = new DataView(index.buffer, index.byteOffset, index.byteLength);
    const archiveView = new DataView(archive.buffer);
    const keys: [bigint, bigint][] = [];
    const seen = new Set<string>();
    for (let i = 0; i < files.length; i += 1) {
      const digest = hex(index.subarray(i * 24, i * 24 + 16));
      const offset = Number(view.getBigUint64(i * 24 + 16, true));
      keys.push([view.getBigUint64(i * 24, true), view.getBigUint64(i * 24 + 8, true)]);
      // The offset points at a local file header whose name hashes to the digest.
      expect(archiveView.getUint32(offset, true)).toBe(0x04034b50);
      const nameLength = archiveView.getUint16(offset + 26, true);
      const name = Buffer.from(archive.subarray(offset + 30, offset + 30 + nameLength)).toString('utf8');
      expect(createHash('md5').update(name).digest('hex')).toBe(digest);
      seen.add(name);
    }
    expect([...seen].sort()).toEqual(files.map((f) => f.path).sort());
    for (let i = 1; i < keys.length; i += 1) {
      const [a, b] = [keys[i - 1], keys[i]];
      if (!a || !b) continue;
      expect(a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1])).toBe(true);
    }
  });

  it('is repeatable byte for byte and readable by unzip (Info-ZIP) when installed', () => {
    expect(writeTilesetArchive(files)).toEqual(archive);
    if (!existsSync('/usr/bin/unzip')) {
      console.warn('tileset-archive test: /usr/bin/unzip missing; Info-ZIP cross-check skipped');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'stadtmodell-3tz-'));
    try {
      writeFileSync(join(dir, 'a.3tz'), archive);
      expect(execFileSync('/usr/bin/unzip', ['-t', join(dir, 'a.3tz')]).toString()).toMatch(
        /No errors detected/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads back a .3tz, a ZIP of a tileset folder, and says undefined for CityGML ZIPs', () => {
    const back = readTilesetArchive(archive);
    expect(new Map(back?.map((f) => [f.path, f.bytes]))).toEqual(
      new Map(files.map((f) => [f.path, f.bytes])),
    );
    const folder = zipSync({
      'out/tileset.json': text('{"root":{"content":{"uri":"tiles/0.glb"}}}'),
      'out/tiles/0.glb': files[0]!.bytes,
    });
    expect(
      readTilesetArchive(folder)
        ?.map((f) => f.path)
        .sort(),
    ).toEqual(['tiles/0.glb', 'tileset.json']);
    expect(readTilesetArchive(zipSync({ 'a.gml': text('<CityModel/>') }))).toBeUndefined();
  });

  it('refuses a tileset without tileset.json', () => {
    expect(() => writeTilesetArchive([files[0]!])).toThrow(/no tileset\.json/);
  });
});

/** A `.3tz` of `tileset.json` (JSON of `root`) and further files. */
function archiveOf(root: unknown, more: Record<string, Uint8Array> = {}, tileset: object = {}): Uint8Array {
  return writeTilesetArchive([
    { path: 'tileset.json', bytes: text(JSON.stringify({ asset: { version: '1.1' }, ...tileset, root })) },
    ...Object.entries(more).map(([path, bytes]) => ({ path, bytes })),
  ]);
}

/** A b3dm (current 28-byte header, no feature/batch tables) around `glb`. */
function b3dm(glb: Uint8Array): Uint8Array {
  const out = new Uint8Array(28 + glb.length);
  const view = new DataView(out.buffer);
  out.set(text('b3dm'));
  view.setUint32(4, 1, true);
  view.setUint32(8, out.length, true);
  out.set(glb, 28);
  return out;
}

describe('self-contained tileset archives', () => {
  const glb = packGlb({ asset: { version: '2.0' } }, new Uint8Array(4));

  it('resolves references inside the archive and refuses any other', () => {
    expect(resolveArchiveUri('tiles/0.glb', 'tileset.json', 'a.3tz')).toBe('tiles/0.glb');
    expect(resolveArchiveUri('3.glb', 'tiles/subtree-0.json', 'a.3tz')).toBe('tiles/3.glb');
    expect(resolveArchiveUri('../schema.json', 'tiles/0.glb', 'a.3tz')).toBe('schema.json');
    expect(resolveArchiveUri('./../d.glb?v=2#x', 'a/b/c.json', 'a.3tz')).toBe('a/d.glb');
    expect(resolveArchiveUri('a%20b.glb', 'tileset.json', 'a.3tz')).toBe('a b.glb');
    expect(resolveArchiveUri('data:application/json;base64,e30=', 'tileset.json', 'a.3tz')).toBeUndefined();
    const refused: [string, RegExp][] = [
      ['https://example.com/0.glb', /outside the archive/],
      ['http://example.com/0.glb', /outside the archive/],
      ['HTTPS://example.com/0.glb', /outside the archive/],
      ['blob:https://example.com/x', /outside the archive/],
      ['file:///etc/passwd', /outside the archive/],
      ['//example.com/0.glb', /on another host/],
      ['/tiles/0.glb', /an absolute path/],
      ['../0.glb', /leads out of the archive/],
      ['tiles/../../0.glb', /leads out of the archive/],
    ];
    for (const [uri, why] of refused) {
      expect(() => resolveArchiveUri(uri, 'tileset.json', 'a.3tz'), uri).toThrow(why);
      expect(() => resolveArchiveUri(uri, 'tileset.json', 'a.3tz'), uri).toThrow(
        `a.3tz: tileset.json refers to "${uri}"`,
      );
    }
  });

  it('reads an archive whose references all stay inside (and data: URIs)', () => {
    const zip = archiveOf(
      {
        content: { uri: 'tiles/0.glb' },
        children: [
          { contents: [{ uri: 'tiles/1.b3dm' }, { uri: 'data:model/gltf-binary;base64,AAAA' }] },
          { content: { url: 'sub/tileset.json' } },
        ],
        extras: { url: 'https://example.com/about' },
        metadata: { class: 'c', properties: { uri: 'https://example.com/not-a-reference' } },
      },
      {
        'tiles/0.glb': glb,
        'tiles/1.b3dm': b3dm(glb),
        'sub/tileset.json': text('{"root":{"content":{"uri":"../tiles/0.glb"}}}'),
      },
    );
    expect(
      readTilesetArchive(zip, { archive: 'ok.3tz' })
        ?.map((f) => f.path)
        .sort(),
    ).toEqual(['sub/tileset.json', 'tiles/0.glb', 'tiles/1.b3dm', 'tileset.json']);
  });

  it('walks JSON nested 100 000 deep (as JSON.parse reads it), references found in document order', () => {
    // written by hand: JSON.stringify itself recurses
    const depth = 100_000;
    const deep = `${'['.repeat(depth)}{"uri":"tiles/0.glb"}${']'.repeat(depth)}`;
    const root = `{"content":{"uri":"tiles/0.glb"},"extensions":{"x":${deep}}}`;
    const zip = writeTilesetArchive([
      { path: 'tileset.json', bytes: text(`{"asset":{"version":"1.1"},"root":${root}}`) },
      { path: 'tiles/0.glb', bytes: glb },
    ]);
    expect(readTilesetArchive(zip, { archive: 'deep.3tz' })?.map((f) => f.path)).toEqual([
      'tileset.json',
      'tiles/0.glb',
    ]);
    expect(
      jsonReferences({
        a: { uri: '1' },
        b: [{ url: '2' }, { c: { schemaUri: '3' } }],
        uri: '4',
        extras: { uri: 'x' },
      }),
    ).toEqual(['1', '2', '3', '4']);
  });

  it('refuses external, absolute, escaping and missing references, naming archive, entry and URI', () => {
    const cases: [Uint8Array, RegExp][] = [
      [
        archiveOf({ content: { uri: 'https://example.com/0.glb' } }),
        /tileset\.json refers to "https:\/\/example/,
      ],
      [archiveOf({ children: [{ contents: [{ uri: '//evil.example/0.glb' }] }] }), /on another host/],
      [archiveOf({ content: { uri: '/0.glb' } }), /an absolute path/],
      [archiveOf({ content: { uri: '../0.glb' } }), /leads out of the archive/],
      [
        archiveOf({ content: { uri: 'tiles/missing.glb' } }),
        /"tiles\/missing\.glb", which is not in the archive/,
      ],
      [archiveOf({}, {}, { schemaUri: 'https://example.com/schema.json' }), /outside the archive/],
      [
        archiveOf(
          { content: { uri: 'sub/tileset.json' } },
          {
            'sub/tileset.json': text('{"root":{"content":{"uri":"http://example.com/x.glb"}}}'),
          },
        ),
        /x\.3tz: sub\/tileset\.json refers to "http:\/\/example\.com\/x\.glb"/,
      ],
      [
        archiveOf(
          { content: { uri: 't.glb' } },
          {
            't.glb': packGlb(
              { asset: { version: '2.0' }, images: [{ uri: 'https://example.com/texture.png' }] },
              new Uint8Array(0),
            ),
          },
        ),
        /x\.3tz: t\.glb refers to "https:\/\/example\.com\/texture\.png"/,
      ],
      [
        archiveOf(
          { content: { uri: 't.glb' } },
          {
            't.glb': packGlb(
              {
                asset: { version: '2.0' },
                extensions: { EXT_structural_metadata: { schemaUri: '../../schema.json' } },
              },
              new Uint8Array(0),
            ),
          },
        ),
        /t\.glb refers to "\.\.\/\.\.\/schema\.json", which leads out of the archive/,
      ],
      [
        archiveOf(
          { content: { uri: 't.gltf' } },
          {
            't.gltf': text(
              '{"asset":{"version":"2.0"},"buffers":[{"uri":"https://example.com/b.bin","byteLength":4}]}',
            ),
          },
        ),
        /t\.gltf refers to "https:\/\/example\.com\/b\.bin"/,
      ],
      [
        archiveOf(
          { content: { uri: 't.b3dm' } },
          {
            't.b3dm': b3dm(
              packGlb(
                { asset: { version: '2.0' }, buffers: [{ uri: 'http://example.com/b' }] },
                new Uint8Array(0),
              ),
            ),
          },
        ),
        /t\.b3dm refers to "http:\/\/example\.com\/b"/,
      ],
      [
        archiveOf({
          implicitTiling: { subtrees: { uri: 'subtrees/{level}/{x}/{y}.subtree' } },
          content: { uri: 'c/{level}/{x}/{y}.glb' },
        }),
        /an implicit tiling template; implicit tilesets cannot be imported from archives/,
      ],
    ];
    for (const [zip, message] of cases) {
      expect(() => readTilesetArchive(zip, { archive: 'x.3tz' })).toThrow(TilesetArchiveError);
      expect(() => readTilesetArchive(zip, { archive: 'x.3tz' })).toThrow(message);
    }
  });
});

describe('tileset archive bombs', () => {
  const tileset = text('{"root":{"content":{"uri":"tiles/0.glb"}}}');

  it('refuses an archive inflating past the limits before inflating it, naming archive and entry', () => {
    const bomb = zipSync({ 'tileset.json': tileset, 'tiles/0.glb': new Uint8Array(4 * 1024 ** 2) });
    expect(() =>
      readTilesetArchive(bomb, { archive: 'bomb.zip', limits: { maxEntryBytes: 1024 ** 2 } }),
    ).toThrow(/^bomb\.zip: entry tiles\/0\.glb inflates past 1 MiB \(to 4 MiB; limit 1 MiB per entry\)$/);
    expect(() => readTilesetArchive(bomb, { archive: 'bomb.zip' })).toThrow(/limit 200:1 above 1 MiB/);
    expect(() =>
      readTilesetArchive(bomb, {
        archive: 'bomb.zip',
        limits: { maxTotalBytes: 2 * 1024 ** 2, maxRatio: 2000 },
      }),
    ).toThrow(ZipReadError);
  });
});
