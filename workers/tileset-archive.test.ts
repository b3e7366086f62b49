import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { md5 } from './md5.ts';
import { crc32, readTilesetArchive, TILESET_ARCHIVE_INDEX, writeTilesetArchive } from './tileset-archive.ts';

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
    const folder = zipSync({ 'out/tileset.json': files[1]!.bytes, 'out/tiles/0.glb': files[0]!.bytes });
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
