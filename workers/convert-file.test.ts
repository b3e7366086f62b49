import { existsSync, mkdtempSync, openAsBlob, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { convertCityGml } from '../tools/convert/session.ts';
import { convertFile, exportArchive } from './convert-file.ts';
import type { ConvertPreview, ConvertResult } from './convert-api.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = resolve(ROOT, '../shared/data');
const NRW = join(DATA, 'citygml/nrw-wesel-lod2/LoD2_32_329_5729_1_NW.gml');
const INDOOR = join(DATA, 'citygml/val3dity-tudelft/FZK-Haus_full.gml');
const hasData = existsSync(DATA);
if (!hasData) console.warn(`convert-file tests skipped: ${DATA} is missing`);

const byPath = (result: ConvertResult) =>
  new Map(result.files.map((f) => [f.path, new Uint8Array(f.bytes)] as const));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => relative(dir, path).split('\\').join('/'));
}

describe.skipIf(!hasData)('browser conversion (worker code run in Node on real files)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'stadtmodell-import-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  let plain: ConvertResult;

  it('converts the NRW LoD2 tile: 33 buildings, same files and bytes as the CLI', async () => {
    const progress: number[] = [];
    plain = await convertFile(await openAsBlob(NRW), 'LoD2_32_329_5729_1_NW.gml', (p) =>
      progress.push(p.bytesRead),
    );
    expect(plain.problems).toEqual([]);
    expect(plain.buildings).toBe(33);
    expect(progress.at(-1)).toBe(statSync(NRW).size);
    const out = join(scratch, 'cli');
    await convertCityGml({ inputs: [NRW], out, quiet: true, jobs: 1 });
    const cliFiles = listFiles(out).filter((p) => p !== 'report.json');
    const ours = byPath(plain);
    expect([...ours.keys()].filter((p) => p !== 'report.json').sort()).toEqual(cliFiles.sort());
    for (const path of cliFiles) {
      expect(Buffer.compare(Buffer.from(ours.get(path) ?? []), readFileSync(join(out, path))), path).toBe(0);
    }
  });

  it('reads the same file gzipped and inside a ZIP, with the same tiles', async () => {
    const bytes = readFileSync(NRW);
    const gz = await convertFile(new Blob([gzipSync(bytes)]), 'tile.gml.gz');
    const zip = await convertFile(
      new Blob([zipSync({ 'a/tile.gml': bytes, 'readme.txt': new Uint8Array(3) })]),
      'tiles.zip',
    );
    for (const result of [gz, zip]) {
      expect(result.problems).toEqual([]);
      expect(result.buildings).toBe(33);
      expect(byPath(result).get('tileset.json')).toEqual(byPath(plain).get('tileset.json'));
    }
  });

  it('exports a .3tz that imports back to the same files and building count', async () => {
    const blobs = plain.files.map((f) => ({ path: f.path, blob: new Blob([f.bytes]) }));
    const archive = await exportArchive(blobs);
    const back = await convertFile(new Blob([archive]), 'export.3tz');
    expect(back.source).toBe('tileset');
    expect(back.buildings).toBe(33);
    expect(byPath(back)).toEqual(byPath(plain));
  });

  it('sends preview tilesets of the buildings read so far while reading', async () => {
    const block = join(DATA, 'citygml/nrw-wesel-lod2/demo-block-2x2/LoD2_32_337_5728_1_NW.gml');
    const previews: ConvertPreview[] = [];
    const result = await convertFile(
      await openAsBlob(block),
      'block.gml',
      undefined,
      (p) => previews.push(p),
      20,
    );
    expect(result.buildings).toBeGreaterThan(80);
    // Previews after ≥ 20 and ≥ 4× that many buildings, each a complete tileset.
    expect(previews.map((p) => p.buildings)).toEqual([
      expect.any(Number) as number,
      expect.any(Number) as number,
    ]);
    expect(previews[0]!.buildings).toBeGreaterThanOrEqual(20);
    expect(previews[1]!.buildings).toBeGreaterThanOrEqual(4 * previews[0]!.buildings);
    for (const preview of previews) {
      const paths = preview.files.map((f) => f.path);
      expect(paths).toContain('tileset.json');
      expect(paths.some((p) => p.endsWith('.glb'))).toBe(true);
      expect(preview.buildings).toBeLessThan(result.buildings);
    }
  });

  it('gives a clear error with the line for an IndoorGML file', async () => {
    const result = await convertFile(await openAsBlob(INDOOR), 'FZK-Haus_full.gml');
    expect(result.files).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.line).toBeGreaterThan(0);
    expect(result.problems[0]?.message).toMatch(/IndoorFeatures.*not a CityGML CityModel/);
  });

  it('reports truncated XML with its line and keeps nothing from an empty result', async () => {
    const text = readFileSync(NRW, 'utf8');
    const cut = text.slice(0, Math.floor(text.length / 2));
    const result = await convertFile(new Blob([cut]), 'cut.gml');
    expect(result.problems[0]?.message).toBeTruthy();
    expect(result.problems[0]?.line).toBeGreaterThan(100);
    expect(result.buildings).toBeLessThan(33);
  });
});
