import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { readTilesetArchive, TILESET_ARCHIVE_INDEX } from '../../src/core/tiles/archive.ts';
import { md5 } from '../../src/core/tiles/md5.ts';
import { listZip } from '../../src/core/zip/read-zip.ts';
import { DOC_TAIL, docHead, goodDocument } from '../hostile-corpus/blocks.ts';
import { runConvertCli } from './cli.ts';
import { ARCHIVE_FAILED_REPORT_SUFFIX, zipEntryNames } from './archive-output.ts';
import { OUTPUT_MARKER } from './output.ts';
import type { OutputMarker } from './output.ts';
import type { RunReport } from './run.ts';

// `--format 3tz`: the same tileset as a folder run, as one archive, replaced only when it is ours.
const repoRoot = resolve(import.meta.dirname, '../..');
const nrwTile = resolve(repoRoot, '../shared/data/citygml/nrw-wesel-lod2/LoD2_32_329_5729_1_NW.gml');
const hasData = existsSync(nrwTile);
if (!hasData) console.warn(`3tz tests: ${nrwTile} not found; the NRW comparison is skipped`);

const scratch = mkdtempSync(join(tmpdir(), 'convert-3tz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const small = join(scratch, 'small.gml');
writeFileSync(small, goodDocument(3));
const empty = join(scratch, 'empty.gml');
writeFileSync(empty, docHead() + DOC_TAIL);

/** Runs the CLI in-process with two worker threads; returns the exit code and the log lines. */
async function convert(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runConvertCli([...args, '--jobs', '2', '--quiet'], (line) => lines.push(line));
  return { code, lines };
}

/** Every file under `dir` (relative `/` path → bytes). */
function folderFiles(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files.set(name.split('\\').join('/'), new Uint8Array(readFileSync(path)));
  }
  return files;
}

/** Our temporaries left beside the outputs in `scratch`. */
const leftovers = () => readdirSync(scratch).filter((f) => /\.(tmp|spool|old|part|report)-\d+$/.test(f));

describe('convert --format 3tz', () => {
  it.skipIf(!hasData)(
    'writes the folder run’s files into one archive: tileset.json first, a valid index last',
    async () => {
      const folder = join(scratch, 'nrw');
      const archivePath = join(scratch, 'nrw.3tz');
      expect((await convert([nrwTile, '--out', folder])).code).toBe(0);
      expect((await convert([nrwTile, '--format', '3tz', '--out', archivePath])).code).toBe(0);
      const bytes = new Uint8Array(readFileSync(archivePath));
      const names = listZip(bytes, 'nrw.3tz').map((entry) => entry.name);
      expect(names[0]).toBe('tileset.json');
      expect(names.at(-1)).toBe(TILESET_ARCHIVE_INDEX);
      expect(names.slice(-3, -1)).toEqual(['report.json', OUTPUT_MARKER]);

      const fromArchive = new Map(readTilesetArchive(bytes)!.map((file) => [file.path, file.bytes]));
      const fromFolder = folderFiles(folder);
      const compared = (files: Map<string, Uint8Array>) =>
        [...files.keys()].filter((path) => path !== OUTPUT_MARKER && path !== 'report.json').sort();
      expect(compared(fromArchive)).toEqual(compared(fromFolder));
      expect(compared(fromArchive).length).toBeGreaterThan(2);
      for (const path of compared(fromFolder))
        expect(Buffer.from(fromArchive.get(path)!).equals(Buffer.from(fromFolder.get(path)!)), path).toBe(
          true,
        );
      const report = JSON.parse(new TextDecoder().decode(fromArchive.get('report.json'))) as RunReport;
      expect(report.status).toBe('converted');
      const marker = JSON.parse(new TextDecoder().decode(fromArchive.get(OUTPUT_MARKER))) as OutputMarker;
      const folderMarker = JSON.parse(
        new TextDecoder().decode(fromFolder.get(OUTPUT_MARKER)),
      ) as OutputMarker;
      expect(marker.tool).toBe('stadtmodell-convert');
      expect(marker.files).toEqual(folderMarker.files);

      // The index names every other entry by MD5(path), each at its local header.
      const index = listZipIndex(bytes);
      expect(index.length).toBe(24 * (names.length - 1));
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const indexed = new Set<string>();
      for (let i = 0; i < index.length / 24; i += 1) {
        const offset = Number(new DataView(index.buffer, index.byteOffset).getBigUint64(i * 24 + 16, true));
        expect(view.getUint32(offset, true)).toBe(0x04034b50);
        const name = bytes.subarray(offset + 30, offset + 30 + view.getUint16(offset + 26, true));
        expect(Buffer.from(md5(name)).equals(Buffer.from(index.subarray(i * 24, i * 24 + 16)))).toBe(true);
        indexed.add(new TextDecoder().decode(name));
      }
      expect([...indexed].sort()).toEqual(names.slice(0, -1).sort());
      expect(leftovers()).toEqual([]);
    },
    240_000,
  );

  it('replaces its own archive; a failed run keeps it byte-identical and writes <out>.report.failed.json', async () => {
    const archivePath = join(scratch, 'own.3tz');
    const failedReport = `${archivePath}${ARCHIVE_FAILED_REPORT_SUFFIX}`;
    expect((await convert([small, '--format', '3tz', '--out', archivePath])).code).toBe(0);
    const first = readFileSync(archivePath);

    const failed = await convert([empty, '--format', '3tz', '--out', archivePath]);
    expect(failed.code).toBe(1);
    expect(failed.lines.at(-1)).toMatch(/^convert: nothing could be converted/);
    expect(readFileSync(archivePath).equals(first)).toBe(true);
    const report = JSON.parse(readFileSync(failedReport, 'utf8')) as RunReport;
    expect(report.status).toBe('failed');
    expect(report.previousOutputKept).toBe(true);

    writeFileSync(small, goodDocument(5));
    expect((await convert([small, '--format', '3tz', '--out', archivePath])).code).toBe(0);
    const second = new Uint8Array(readFileSync(archivePath));
    expect(Buffer.from(second).equals(first)).toBe(false);
    const files = readTilesetArchive(second)!;
    const written = JSON.parse(
      new TextDecoder().decode(files.find((f) => f.path === 'report.json')!.bytes),
    ) as RunReport;
    expect(written.buildings.written).toBe(5);
    expect(existsSync(failedReport)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('writes only <out>.report.failed.json when a run into a new archive fails', async () => {
    const archivePath = join(scratch, 'never.3tz');
    expect((await convert([empty, '--format', '3tz', '--out', archivePath])).code).toBe(1);
    expect(existsSync(archivePath)).toBe(false);
    const report = JSON.parse(
      readFileSync(`${archivePath}${ARCHIVE_FAILED_REPORT_SUFFIX}`, 'utf8'),
    ) as RunReport;
    expect(report.previousOutputKept).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a foreign file, a foreign ZIP, a directory and a symlink at --out, even with --force', async () => {
    const foreign = join(scratch, 'foreign.3tz');
    writeFileSync(foreign, 'not a zip');
    const foreignZip = join(scratch, 'foreign-zip.3tz');
    writeFileSync(foreignZip, zipSync({ 'tileset.json': new TextEncoder().encode('{}') }));
    const directory = join(scratch, 'folder.3tz');
    mkdirSync(directory);
    const link = join(scratch, 'link.3tz');
    symlinkSync(foreignZip, link);
    for (const [target, reason] of [
      [foreign, /not an archive written by the converter/],
      [foreignZip, /not an archive written by the converter/],
      [directory, /is a directory/],
      [link, /symbolic link/],
    ] as const) {
      const before = statSync(target).isFile() ? readFileSync(target) : undefined;
      for (const force of [[], ['--force']]) {
        const { code, lines } = await convert([small, '--format', '3tz', '--out', target, ...force]);
        expect(code, target).toBe(2);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^convert: refusing --out /);
        expect(lines[0]).toMatch(reason);
      }
      if (before) expect(readFileSync(target).equals(before)).toBe(true);
    }
    expect(zipEntryNames(foreignZip)).toEqual(['tileset.json']);
    expect(zipEntryNames(foreign)).toBeUndefined();
    expect(readdirSync(directory)).toEqual([]);
    expect(leftovers()).toEqual([]);
  });

  it('an interrupted run leaves the archive byte-identical and nothing beside it; dead runs’ temporaries go', async () => {
    const archivePath = join(scratch, 'interrupted.3tz');
    expect((await convert([small, '--format', '3tz', '--out', archivePath])).code).toBe(0);
    const before = readFileSync(archivePath);
    const abort = new AbortController();
    abort.abort();
    const lines: string[] = [];
    const code = await runConvertCli(
      [small, '--format', '3tz', '--out', archivePath, '--jobs', '2', '--quiet'],
      (line) => lines.push(line),
      { signal: abort.signal },
    );
    expect(code).toBe(130);
    expect(readFileSync(archivePath).equals(before)).toBe(true);
    expect(leftovers()).toEqual([]);
    expect(existsSync(`${archivePath}${ARCHIVE_FAILED_REPORT_SUFFIX}`)).toBe(false);

    // A run killed while streaming leaves `<out>.part-<pid>` (and its staging folder): the next run removes them.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(`${archivePath}.part-${dead}`, 'partial archive');
    mkdirSync(`${archivePath}.tmp-${dead}/tiles`, { recursive: true });
    expect((await convert([small, '--format', '3tz', '--out', archivePath])).code).toBe(0);
    expect(leftovers()).toEqual([]);
  });

  it('needs an --out ending in .3tz and a known --format (exit 2, nothing written)', async () => {
    const out = join(scratch, 'plain-name');
    const wrongName = await convert([small, '--format', '3tz', '--out', out]);
    expect(wrongName.code).toBe(2);
    expect(wrongName.lines.join('\n')).toMatch(/--out must end in \.3tz/);
    const wrongFormat = await convert([small, '--format', 'tar', '--out', join(scratch, 'x.3tz')]);
    expect(wrongFormat.code).toBe(2);
    expect(wrongFormat.lines.join('\n')).toMatch(/--format must be dir or 3tz/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(scratch, 'x.3tz'))).toBe(false);
  });

  it('--help describes --format', async () => {
    const lines: string[] = [];
    expect(await runConvertCli(['--help'], (l) => lines.push(l))).toBe(0);
    expect(lines.join('\n')).toMatch(/--format <f>.*3tz/s);
  });
});

/** The index entry's bytes (readTilesetArchive leaves it out). */
function listZipIndex(bytes: Uint8Array): Uint8Array {
  const entry = listZip(bytes, 'archive').find((e) => e.name === TILESET_ARCHIVE_INDEX)!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start =
    entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true);
  return bytes.subarray(start, start + entry.size);
}
