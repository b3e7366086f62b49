import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptySessionReport } from '../../src/core/convert/session.ts';
import { DOC_TAIL, docHead, goodBuilding } from '../hostile-corpus/blocks.ts';
import { runConvertCli } from './cli.ts';
import { compareFiles, compareInputs } from './incremental.ts';
import { MeshCache, sha256Hex } from './mesh-cache.ts';
import type { RunReport } from './run.ts';
import { snapshot } from './test-tiles.ts';

const scratch = mkdtempSync(join(tmpdir(), 'convert-incremental-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * Reads a cache entry: copies of the meshes it handed over (also those of an entry that turns out
 * damaged), and its report and documents read, or why it cannot be used.
 */
function load(cache: MeshCache, key: string) {
  const meshes: number[][] = [];
  const read = cache.entry(key).read((mesh) => meshes.push([...mesh]));
  return { meshes, read, used: typeof read === 'string' ? undefined : read };
}

describe('mesh cache and comparisons of --update', () => {
  it('reads back what it wrote, refuses a damaged entry, and prunes only its own entries', () => {
    const cache = new MeshCache(join(scratch, 'out'));
    const key = MeshCache.key(sha256Hex('input bytes'), 'settings');
    const meshes = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array([9])];
    const report = emptySessionReport();
    report.buildings.read = 3;
    cache.write(key, meshes.length, (i) => meshes[i]!, { report, files: 1 });
    const back = load(cache, key);
    expect(back.meshes).toEqual([[1, 2, 3], [], [9]]);
    expect(back.used?.report.buildings.read).toBe(3);
    expect(back.used?.files).toBe(1);

    const other = MeshCache.key(sha256Hex('other'), 'settings');
    writeFileSync(join(cache.dir, `${other}.bin`), 'SMMESH01\u0005\u0000\u0000\u0000');
    expect(load(cache, other)).toEqual({ meshes: [], read: 'too short', used: undefined });
    writeFileSync(join(cache.dir, `${other}.bin`), `SMMESH01${'\u0000'.repeat(80)}`);
    expect(load(cache, other).read).toBe('not an entry of this format');
    expect(load(cache, MeshCache.key(sha256Hex('none'), 'settings')).read).toBe('');
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
    expect(load(elsewhere, key).meshes).toHaveLength(3);
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
    // Handed over as views of the chunks read, which stay valid: compared once all are read.
    const back: Uint8Array[] = [];
    const read = cache.entry(key).read((mesh) => back.push(mesh));
    expect(typeof read === 'string' ? read : read.report.buildings.read).toBe(meshes.length);
    expect(typeof read === 'string' ? read : read.files).toBe(2);
    expect(back).toHaveLength(meshes.length);
    back.forEach((mesh, i) =>
      expect(Buffer.from(mesh).equals(Buffer.from(meshes[i]!)), `mesh ${i}`).toBe(true),
    );
    // Cut short inside the meshes, or its report: not used (the input is then read again).
    const path = join(cache.dir, `${key}.bin`);
    const whole = readFileSync(path);
    writeFileSync(path, whole.subarray(0, 2_000_000));
    expect(cache.entry(key).read(() => {})).toBe('ends early');
    writeFileSync(path, whole.subarray(0, whole.byteLength - 3));
    expect(cache.entry(key).read(() => {})).toBe('ends early');
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

/** A copy of `bytes` with bit `bit` of byte `at` flipped. */
function flipped(bytes: Uint8Array, at: number, bit: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at]! ^= 1 << bit;
  return copy;
}

describe('mesh cache entries: key and checksum', () => {
  const cache = new MeshCache(join(scratch, 'checked'));
  const key = MeshCache.key(sha256Hex('input a'), 'settings');
  const meshes = [new Uint8Array([1, 2, 3, 4]), new Uint8Array([5, 6]), new Uint8Array(0)];
  const report = emptySessionReport();
  report.buildings.read = 3;
  const write = (k: string, m = meshes) => cache.write(k, m.length, (i) => m[i]!, { report, files: 1 });
  const path = (k: string) => join(cache.dir, `${k}.bin`);

  it('refuses an entry with any one bit flipped (header, meshes, report) or cut short anywhere', () => {
    write(key);
    const whole = readFileSync(path(key));
    expect(whole.subarray(0, 8).toString()).toBe('SMMESH02');
    expect(whole.subarray(12, 44).toString('hex')).toBe(key);
    expect(load(cache, key).meshes).toEqual([[1, 2, 3, 4], [5, 6], []]);
    for (let at = 0; at < whole.byteLength; at++) {
      writeFileSync(path(key), flipped(whole, at, at % 8));
      const { meshes, read } = load(cache, key);
      expect(read, `bit ${at % 8} of byte ${at}`).toMatch(/^[a-z]/);
      // A wrong magic or key is refused before any mesh is handed over.
      if (at < 8 || (at >= 12 && at < 44)) expect(meshes, `byte ${at}`).toEqual([]);
    }
    for (let length = 0; length < whole.byteLength; length++) {
      writeFileSync(path(key), whole.subarray(0, length));
      expect(load(cache, key).read, `cut at ${length}`).toMatch(/^(too short|ends early)$/);
    }
    writeFileSync(path(key), Buffer.concat([whole, Buffer.from([0])]));
    expect(load(cache, key).read).toBe('bytes after its end');
    writeFileSync(path(key), whole);
    expect(load(cache, key).used?.files).toBe(1);
  });

  it('refuses two entries swapped, and an entry of other settings renamed into place', () => {
    const other = MeshCache.key(sha256Hex('input b'), 'settings');
    const otherSettings = MeshCache.key(sha256Hex('input a'), 'other settings');
    write(key);
    write(other, [new Uint8Array([7])]);
    write(otherSettings, [new Uint8Array([8])]);
    renameSync(path(key), join(scratch, 'swap'));
    renameSync(path(other), path(key));
    renameSync(join(scratch, 'swap'), path(other));
    expect(load(cache, key)).toEqual({ meshes: [], read: 'written for another key', used: undefined });
    expect(load(cache, other).read).toBe('written for another key');
    renameSync(path(otherSettings), path(key));
    expect(load(cache, key).read).toBe('written for another key');
  });

  it('hands the meshes over as it reads them: damage found at the end comes as the reason only', () => {
    write(key);
    const whole = readFileSync(path(key));
    // The report's last bytes: every mesh was handed over before the checksum could be compared.
    writeFileSync(path(key), flipped(whole, whole.byteLength - 3, 0));
    expect(load(cache, key)).toEqual({
      meshes: [[1, 2, 3, 4], [5, 6], []],
      read: 'checksum mismatch',
      used: undefined,
    });
    // What `put` throws (the spool file cannot be written) is no reason: it propagates, the entry closed.
    writeFileSync(path(key), whole);
    const fds = existsSync('/proc/self/fd') ? () => readdirSync('/proc/self/fd').length : () => 0;
    const open = fds();
    expect(() =>
      cache.entry(key).read(() => {
        throw new Error('spool full');
      }),
    ).toThrow('spool full');
    expect(fds()).toBe(open);
  });

  it.skipIf(!existsSync('/proc/thread-self/io'))('reads each byte of an entry once', () => {
    // About 6 MB: several chunks, records cut by their ends.
    const meshes = Array.from({ length: 3000 }, (_, i) => new Uint8Array((i * 7919) % 4000).fill(i & 255));
    write(key, meshes);
    const size = statSync(path(key)).size;
    // This thread's bytes read by read(2) and pread(2), the counter file's own read included.
    const bytesRead = () => Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/thread-self/io', 'utf8'))![1]);
    const before = bytesRead();
    let handed = 0;
    const read = cache.entry(key).read(() => (handed += 1));
    const counted = bytesRead() - before;
    expect(typeof read).toBe('object');
    expect(handed).toBe(meshes.length);
    expect(counted).toBeGreaterThanOrEqual(size);
    expect(counted).toBeLessThan(size + 1024);
  });

  it('does not write an entry where a directory stands, leaves no temporary, and keeps the directory', () => {
    const blocked = MeshCache.key(sha256Hex('blocked'), 'settings');
    mkdirSync(path(blocked), { recursive: true });
    writeFileSync(join(path(blocked), 'inside'), 'not ours');
    expect(() => write(blocked)).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(statSync(path(blocked)).isDirectory()).toBe(true);
    expect(readdirSync(cache.dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
    expect(cache.has(blocked)).toBe(false);
    cache.prune(new Set());
    expect(readFileSync(join(path(blocked), 'inside'), 'utf8')).toBe('not ours');
  });
});

/** A CityGML document of `count` box buildings `prefix0…`, from position `at` of the row on. */
function boxes(prefix: string, count: number, at: number): string {
  let members = '';
  for (let i = 0; i < count; i++) members += goodBuilding(`${prefix}${i}`, at + i);
  return docHead() + members + DOC_TAIL;
}

describe('--update with a damaged or misplaced mesh cache entry', () => {
  const root = join(scratch, 'e2e');
  const input = join(root, 'in');
  const run = async (out: string, args: string[] = [], inputs = [input]) => {
    const lines: string[] = [];
    const code = await runConvertCli(
      [...inputs, '--out', out, '--geoid', '5', '--jobs', '1', '--quiet', ...args],
      (line) => lines.push(line),
    );
    expect(code, lines.join('\n')).toBe(0);
    return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
  };
  /** The entry names of an output's cache. */
  const entries = (out: string) => readdirSync(`${out}.meshes`).filter((name) => name.endsWith('.bin'));
  let fresh: Map<string, Buffer>;
  let freshReport: RunReport;
  let keyOfA: string;
  let keyOfB: string;

  /**
   * Copies the previous output and its cache, damages the cache, runs `--update` over the copy and
   * checks that its tiles are the fresh conversion's byte for byte; returns the report.
   */
  const updateAfter = async (name: string, damage: (meshes: string) => void) => {
    const out = join(root, name);
    cpSync(join(root, 'prev'), out, { recursive: true });
    cpSync(join(root, 'prev.meshes'), `${out}.meshes`, { recursive: true });
    damage(`${out}.meshes`);
    const report = await run(out, ['--update', out]);
    const files = snapshot(out);
    expect([...files.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [file, bytes] of fresh)
      if (file !== 'report.json') expect(bytes.equals(files.get(file)!), file).toBe(true);
    expect(report.buildings).toEqual(freshReport.buildings);
    expect(report.input.files).toBe(freshReport.input.files);
    return report;
  };

  // The previous output with its cache, a fresh conversion, and which entry is whose.
  beforeAll(async () => {
    mkdirSync(input, { recursive: true });
    writeFileSync(join(input, 'a.gml'), boxes('a', 12, 0));
    writeFileSync(join(input, 'b.gml'), boxes('b', 12, 40));
    await run(join(root, 'prev'), ['--update', join(root, 'prev')]);
    expect(entries(join(root, 'prev'))).toHaveLength(2);
    freshReport = await run(join(root, 'fresh'));
    fresh = snapshot(join(root, 'fresh'));
    await run(join(root, 'only-a'), ['--update', join(root, 'only-a')], [join(input, 'a.gml')]);
    keyOfA = entries(join(root, 'only-a'))[0]!;
    const others = entries(join(root, 'prev')).filter((name) => name !== keyOfA);
    expect(others).toHaveLength(1);
    keyOfB = others[0]!;
  }, 60_000);

  /** A bit flipped at `at(size)` of input a's entry. */
  const flipIn = (at: (size: number) => number) => (meshes: string) => {
    const bytes = readFileSync(join(meshes, keyOfA));
    writeFileSync(join(meshes, keyOfA), flipped(bytes, at(bytes.byteLength), 1));
  };

  it.each([
    ['a bit flipped in the header (key)', flipIn(() => 20)],
    ['a bit flipped in a mesh', flipIn(() => 76 + 4 + 40)],
    // '"files":1}' at the end: 1 → 3, the JSON still parses.
    ['a bit flipped in the report', flipIn((size) => size - 2)],
    [
      'a truncated entry',
      (meshes: string) => {
        const bytes = readFileSync(join(meshes, keyOfA));
        writeFileSync(join(meshes, keyOfA), bytes.subarray(0, bytes.byteLength - 100));
      },
    ],
    [
      'two entries swapped',
      (meshes: string) => {
        renameSync(join(meshes, keyOfA), join(meshes, 'swap'));
        renameSync(join(meshes, keyOfB), join(meshes, keyOfA));
        renameSync(join(meshes, 'swap'), join(meshes, keyOfB));
      },
    ],
  ])(
    'reads the input again after %s: the tiles of a fresh conversion',
    async (name, damage) => {
      const report = await updateAfter(name.replaceAll(' ', '-'), damage);
      const refused = name === 'two entries swapped' ? 2 : 1;
      expect(report.update?.read).toHaveLength(refused);
      expect(report.update?.fromCache).toHaveLength(2 - refused);
      expect(report.update?.cacheWarnings).toHaveLength(refused);
      expect(report.update?.cacheWarnings[0]).toMatch(
        /^mesh cache entry .*\.bin not used \(.+\): input read again$/,
      );
    },
    60_000,
  );

  it('reads the input again when an entry of other settings is renamed into place', async () => {
    const other = join(root, 'other-settings');
    await run(other, ['--update', other, '--geoid', '0'], [join(input, 'a.gml')]);
    const [entry] = entries(other);
    expect(entry).not.toBe(keyOfA);
    const report = await updateAfter('renamed-other-settings', (meshes) =>
      cpSync(join(`${other}.meshes`, entry!), join(meshes, keyOfA)),
    );
    expect(report.update?.read).toEqual(['a.gml']);
    expect(report.update?.cacheWarnings).toEqual([
      `mesh cache entry ${join(root, 'renamed-other-settings.meshes', keyOfA)} not used (written for another key): input read again`,
    ]);
  }, 60_000);

  it('converts and writes the tiles when an entry cannot be written (a directory at its name)', async () => {
    const report = await updateAfter('directory', (meshes) => {
      rmSync(join(meshes, keyOfA));
      mkdirSync(join(meshes, keyOfA));
      writeFileSync(join(meshes, keyOfA, 'inside'), 'not ours');
    });
    const meshes = join(root, 'directory.meshes');
    expect(report.update?.read).toEqual(['a.gml']);
    expect(report.update?.cacheWarnings).toEqual([
      `mesh cache entry ${join(meshes, keyOfA)} not written (EISDIR)`,
    ]);
    expect(readFileSync(join(meshes, keyOfA, 'inside'), 'utf8')).toBe('not ours');
    expect(readdirSync(meshes).sort()).toEqual([keyOfA, keyOfB].sort());
  }, 60_000);
});
