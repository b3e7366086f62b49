import { existsSync, openAsBlob, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { convertFile, exportArchive, exportFolderZip, readPlan, readVector } from './convert-file.ts';
import type { ConvertPreview, ConvertResult } from './convert-api.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = resolve(ROOT, '../shared/data');
const NRW = join(DATA, 'citygml/nrw-wesel-lod2/LoD2_32_329_5729_1_NW.gml');
const INDOOR = join(DATA, 'citygml/val3dity-tudelft/FZK-Haus_full.gml');
const hasData = existsSync(DATA);
if (!hasData) console.warn(`convert-file tests skipped: ${DATA} is missing`);

const byPath = (result: ConvertResult) =>
  new Map(result.files.map((f) => [f.path, new Uint8Array(f.bytes)] as const));

// Byte-for-byte parity of these results with the CLI is tested in `test/workers/import-cli-parity.test.ts`, above
// both layers: worker code must not import the Node CLI (tools/).
describe.skipIf(!hasData)('browser conversion (worker code run in Node on real files)', () => {
  let plain: ConvertResult;

  it('converts the NRW LoD2 tile: 33 buildings, progress up to the whole file', async () => {
    const progress: number[] = [];
    plain = await convertFile(await openAsBlob(NRW), 'LoD2_32_329_5729_1_NW.gml', (p) =>
      progress.push(p.bytesRead),
    );
    expect(plain.problems).toEqual([]);
    expect(plain.buildings).toBe(33);
    expect(progress.at(-1)).toBe(statSync(NRW).size);
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

  it('exports a ZIP of the tileset folder (tileset.json first, report.json too) that imports back', async () => {
    const blobs = plain.files.map((f) => ({ path: f.path, blob: new Blob([f.bytes]) }));
    const zip = new Uint8Array(await exportFolderZip(blobs, 'LoD2_32_329_5729_1_NW'));
    const entries = unzipSync(zip);
    const names = Object.keys(entries);
    expect(names[0]).toBe('LoD2_32_329_5729_1_NW/tileset.json');
    expect(names.map((n) => n.replace('LoD2_32_329_5729_1_NW/', '')).sort()).toEqual(
      plain.files.map((f) => f.path).sort(),
    );
    const ours = byPath(plain);
    for (const [path, bytes] of ours) {
      expect(entries[`LoD2_32_329_5729_1_NW/${path}`], path).toEqual(bytes);
    }
    // deterministic: the same tileset gives the same bytes
    expect(new Uint8Array(await exportFolderZip(blobs, 'LoD2_32_329_5729_1_NW'))).toEqual(zip);
    const back = await convertFile(new Blob([zip]), 'LoD2_32_329_5729_1_NW.zip');
    expect(back.source).toBe('tileset');
    expect(back.buildings).toBe(33);
    expect(byPath(back)).toEqual(byPath(plain));
  });

  it('reads the Flensburg schools GeoJSON and a Windows-1252 CSV into transferable lon/lat features', async () => {
    const path = join(DATA, 'schools/flensburg/schulen_flensburg.geojson');
    const geo = await readVector(await openAsBlob(path), 'schulen_flensburg.geojson');
    expect(geo.problems).toEqual([]);
    expect(geo.features).toHaveLength(30);
    expect(geo.coordinates).toBeInstanceOf(Float64Array);
    expect(geo.coordinates).toHaveLength(60);
    const latin1 = new Uint8Array([
      ...Buffer.from('Name;Rechtswert;Hochwert\nM'),
      0xfc,
      ...Buffer.from('hle;500000;5900000\n'),
    ]);
    const table = await readVector(new Blob([latin1]), 'punkte.csv');
    expect(table.features[0]?.properties.Name).toBe('Mühle');
    expect(table.sourceCrs).toBe('EPSG:25832');
    expect(table.coordinates[0]).toBeCloseTo(9, 8);
    const gk = await readVector(new Blob(['x;y\n3500000;5900000\n']), 'gk.csv', {
      projectedCrs: 'EPSG:31467',
    });
    expect(gk.sourceCrs).toBe('EPSG:31467');
    const gzipped = await readVector(
      new Blob([gzipSync(readFileSync(path))]),
      'schulen_flensburg.geojson.gz',
    );
    expect(gzipped.features).toEqual(geo.features);
    expect(gzipped.coordinates).toEqual(geo.coordinates);
    const none = await readVector(new Blob(['a,b\n1,2\n']), 'none.csv');
    expect(none.features).toEqual([]);
    expect(none.problems[0]).toMatchObject({ file: 'none.csv', line: 1 });
  });

  it('reads a dropped XPlanGML plan like the plan button (name, areas)', async () => {
    const plan = await readPlan(
      await openAsBlob(join(DATA, 'xplan/plain-gml/BPlan002_5-4.gml')),
      'BPlan002_5-4.gml',
    );
    expect(plan.name).toBe('BPlan002_5-4');
    expect(plan.areas.length).toBeGreaterThan(0);
    expect(plan.centre[0]).toBeGreaterThan(9);
    expect(plan.centre[1]).toBeGreaterThan(53);
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
