import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptySessionReport } from '../../src/core/convert/session.ts';
import { compareFiles, compareInputs, MeshCache, sha256Hex } from './incremental.ts';

const scratch = mkdtempSync(join(tmpdir(), 'convert-incremental-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('mesh cache and comparisons of --update', () => {
  it('reads back what it wrote, refuses a damaged entry, and prunes only its own entries', () => {
    const cache = new MeshCache(join(scratch, 'out'));
    const key = MeshCache.key(sha256Hex('input bytes'), 'settings');
    const meshes = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array([9])];
    const report = emptySessionReport();
    report.buildings.read = 3;
    cache.write(key, meshes.length, (i) => meshes[i]!, { report, files: 1 });
    const back = cache.read(key)!;
    expect(back.count).toBe(3);
    expect([...back.meshes()].map((m) => [...m])).toEqual([[1, 2, 3], [], [9]]);
    expect(back.report.buildings.read).toBe(3);
    expect(back.files).toBe(1);

    const other = MeshCache.key(sha256Hex('other'), 'settings');
    writeFileSync(join(cache.dir, `${other}.bin`), 'SMMESH01\u0005\u0000\u0000\u0000');
    expect(cache.read(other)).toBeUndefined();
    writeFileSync(join(cache.dir, 'notes.txt'), 'someone else’s');
    // A killed run's temporary (no such process) goes; a live process's stays.
    writeFileSync(join(cache.dir, `${other}.bin.tmp-99999999`), 'partial');
    writeFileSync(join(cache.dir, `${other}.bin.tmp-1`), 'partial');
    mkdirSync(join(cache.dir, 'keep'));
    cache.prune(new Set([key]));
    expect(readdirSync(cache.dir).sort()).toEqual(
      [`${key}.bin`, `${other}.bin.tmp-1`, 'keep', 'notes.txt'].sort(),
    );

    const elsewhere = new MeshCache(join(scratch, 'elsewhere'));
    elsewhere.adopt(cache, key);
    expect(elsewhere.read(key)?.count).toBe(3);
    expect(existsSync(join(scratch, 'missing.meshes'))).toBe(false);
  });

  it('reads a large entry back chunk by chunk, records across chunks and one larger than a chunk', () => {
    const cache = new MeshCache(join(scratch, 'large'));
    const key = MeshCache.key(sha256Hex('large input'), 'settings');
    // 3 000 meshes of 0–1 999 bytes (about 3 MB, so records straddle the 1 MiB reads) and one of 1.5 MiB.
    const meshes = Array.from({ length: 3000 }, (_, i) =>
      Uint8Array.from({ length: (i * 7919) % 2000 }, (_, k) => (i + k) & 255),
    );
    meshes.splice(
      1234,
      0,
      Uint8Array.from({ length: 1.5 * 1024 * 1024 }, (_, k) => (k * 31) & 255),
    );
    const report = emptySessionReport();
    report.buildings.read = meshes.length;
    cache.write(key, meshes.length, (i) => meshes[i]!, { report, files: 2 });
    const back = cache.read(key)!;
    expect(back.count).toBe(meshes.length);
    expect(back.report.buildings.read).toBe(meshes.length);
    expect(back.files).toBe(2);
    let i = 0;
    for (const mesh of back.meshes()) {
      expect(mesh.byteLength).toBe(meshes[i]!.byteLength);
      expect(Buffer.compare(Buffer.from(mesh), Buffer.from(meshes[i]!))).toBe(0);
      i += 1;
    }
    expect(i).toBe(meshes.length);
    // Cut short inside the meshes, or its report: not read (the input is then read again).
    const path = join(cache.dir, `${key}.bin`);
    const whole = readFileSync(path);
    writeFileSync(path, whole.subarray(0, 2_000_000));
    expect(cache.read(key)).toBeUndefined();
    writeFileSync(path, whole.subarray(0, whole.byteLength - 3));
    expect(cache.read(key)).toBeUndefined();
  });

  it('lists inputs and files added, changed, unchanged and removed', () => {
    const inputs = [
      { name: 'a.gml', bytes: 1, sha256: 'a1' },
      { name: 'b.gml', bytes: 1, sha256: 'b2' },
      { name: 'c.gml', bytes: 1, sha256: 'c1' },
    ];
    expect(
      compareInputs(
        inputs,
        new Map([
          ['a.gml', 'a1'],
          ['b.gml', 'b1'],
          ['d.gml', 'd1'],
        ]),
      ),
    ).toEqual({ added: ['c.gml'], changed: ['b.gml'], unchanged: ['a.gml'], removed: ['d.gml'] });
    expect(compareInputs(inputs, undefined).added).toHaveLength(3);
    expect(
      compareFiles(
        new Map([
          ['tiles/0.glb', 'x'],
          ['tiles/1.glb', 'y'],
          ['tileset.json', 'z'],
        ]),
        new Map([
          ['tiles/0.glb', 'x'],
          ['tiles/1.glb', 'y2'],
          ['tiles/2.glb', 'n'],
          ['report.json', 'r'],
        ]),
      ),
    ).toEqual({ added: ['tiles/2.glb'], changed: ['tiles/1.glb'], removed: ['tileset.json'], unchanged: 1 });
  });
});
