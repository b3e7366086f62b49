/**
 * The browser import (worker code, run here in Node) and the Node CLI must write the same tileset, byte for
 * byte. This test sits above both layers because neither may import the other.
 */
import { existsSync, mkdtempSync, openAsBlob, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_MARKER } from '../../tools/convert/output.ts';
import { convertCityGml } from '../../tools/convert/run.ts';
import type { ConvertResult } from '../../workers/convert-api.ts';
import { convertFile, exportFolderZip } from '../../workers/convert-file.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DATA = resolve(ROOT, '../shared/data');
const NRW = join(DATA, 'citygml/nrw-wesel-lod2/LoD2_32_329_5729_1_NW.gml');
const hasData = existsSync(DATA);
if (!hasData) console.warn(`import/CLI parity tests skipped: ${DATA} is missing`);

function listFiles(dir: string): string[] {
  return (
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((name) => join(dir, name))
      .filter((path) => statSync(path).isFile())
      .map((path) => relative(dir, path).split('\\').join('/'))
      // The CLI's marker of its own output folder is not part of the tileset.
      .filter((path) => path !== OUTPUT_MARKER)
  );
}

describe.skipIf(!hasData)('browser import and CLI write the same tileset', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'stadtmodell-parity-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const out = join(scratch, 'cli');
  let cliFiles: string[];
  let browser: ConvertResult;
  beforeAll(async () => {
    await convertCityGml({ inputs: [NRW], out, quiet: true, jobs: 1 });
    cliFiles = listFiles(out);
    browser = await convertFile(await openAsBlob(NRW), 'LoD2_32_329_5729_1_NW.gml');
  });

  it('converts the NRW LoD2 tile to the same files and bytes as the CLI (report.json aside)', async () => {
    const tiles = cliFiles.filter((p) => p !== 'report.json');
    expect(browser.problems).toEqual([]);
    const ours = new Map(browser.files.map((f) => [f.path, new Uint8Array(f.bytes)] as const));
    expect([...ours.keys()].filter((p) => p !== 'report.json').sort()).toEqual(tiles.sort());
    for (const path of tiles) {
      expect(Buffer.compare(Buffer.from(ours.get(path) ?? []), readFileSync(join(out, path))), path).toBe(0);
    }
  });

  it('exports a ZIP of the tileset folder with the CLI layout (report.json too)', async () => {
    const blobs = browser.files.map((f) => ({ path: f.path, blob: new Blob([f.bytes]) }));
    const entries = unzipSync(new Uint8Array(await exportFolderZip(blobs, 'LoD2_32_329_5729_1_NW')));
    const names = Object.keys(entries).map((n) => n.replace('LoD2_32_329_5729_1_NW/', ''));
    expect(names.sort()).toEqual([...cliFiles].sort());
    for (const path of cliFiles.filter((p) => p !== 'report.json')) {
      expect(
        Buffer.compare(
          Buffer.from(entries[`LoD2_32_329_5729_1_NW/${path}`] ?? []),
          readFileSync(join(out, path)),
        ),
        path,
      ).toBe(0);
    }
  });
});
