/**
 * The terrain converter on the official NRW DGM1 tile, checked against GDAL: heights read back from the
 * written tiles (with the independent test decoder) agree with the source grid, interpolated bilinearly from
 * `gdallocationinfo` values at the points PROJ (`gdaltransform`) puts them, plus the built-in EGM96 undulation
 * the buildings get, within the stated mesh error. And an XYZ export of the same grid (`gdal_translate -of XYZ`)
 * gives the same tiles as the GeoTIFF.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinEgm96 } from '../src/core/crs/geoid.ts';
import { decodeQuantizedMesh, heightInTile } from '../src/core/terrain/testing/quantized-mesh-decoder.ts';
import { tileSizeDegrees } from '../src/core/terrain/tiling.ts';
import { convertTerrain, type TerrainReport } from '../tools/terrain/run.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dgmDir = path.join(repoRoot, '../shared/data/terrain/nrw-dgm1');
const dgm = path.join(dgmDir, 'dgm1_32_280_5652_1_nw_2022.tif');
const hasData = existsSync(dgm);
const hasGdal = spawnSync('gdallocationinfo', ['--version']).status === 0;
if (!hasData) console.warn(`terrain data test skipped: ${dgm} not found`);
else if (!hasGdal) console.warn('terrain data test skipped: gdal-bin (gdallocationinfo) not installed');

/**
 * Source heights (bilinear between the four pixel centres around each point, from one `gdallocationinfo` call)
 * at EPSG:25832 points of a north-up 1 m grid whose corner is (west, north); NaN where a pixel is no data.
 */
function gdalBilinear(
  file: string,
  west: number,
  north: number,
  noData: number,
  points: [number, number][],
): number[] {
  const corners: string[] = [];
  for (const [easting, northing] of points) {
    const c0 = Math.floor(easting - west - 0.5);
    const r0 = Math.floor(north - northing - 0.5);
    for (const [dc, dr] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ])
      corners.push(`${c0 + dc! + 0.5} ${r0 + dr! + 0.5}`);
  }
  const values = execFileSync('gdallocationinfo', ['-valonly', file], { input: corners.join('\n') })
    .toString()
    .trim()
    .split('\n')
    .map(Number);
  return points.map(([easting, northing], i) => {
    const fx = easting - west - 0.5 - Math.floor(easting - west - 0.5);
    const fy = north - northing - 0.5 - Math.floor(north - northing - 0.5);
    const [v00, v10, v01, v11] = values.slice(i * 4, i * 4 + 4) as [number, number, number, number];
    if ([v00, v10, v01, v11].some((v) => Number.isNaN(v) || v === noData)) return Number.NaN;
    return (v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy;
  });
}

/** EPSG:25832 → longitude, latitude by PROJ (`gdaltransform`). */
function toLonLat(points: [number, number][]): [number, number][] {
  return execFileSync('gdaltransform', ['-s_srs', 'EPSG:25832', '-t_srs', 'EPSG:4326'], {
    input: points.map(([e, n]) => `${e} ${n}`).join('\n'),
  })
    .toString()
    .trim()
    .split('\n')
    .map((line) => line.split(/\s+/).map(Number) as [number, number]);
}

/** Terrain height (ellipsoidal metres) at lon/lat from the finest level's tile of a written tileset. */
function terrainAt(dir: string, level: number, lon: number, lat: number): number {
  const size = tileSizeDegrees(level);
  const x = Math.floor((lon + 180) / size);
  const y = Math.floor((lat + 90) / size);
  const tile = decodeQuantizedMesh(readFileSync(path.join(dir, `${level}`, `${x}`, `${y}.terrain`)));
  return heightInTile(tile, (lon + 180) / size - x, (lat + 90) / size - y);
}

describe.skipIf(!hasData || !hasGdal)('terrain from the NRW DGM1 tile against GDAL', () => {
  let work: string;
  let report: TerrainReport;
  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'terrain-data-'));
    report = await convertTerrain({ inputs: [dgmDir], out: path.join(work, 'nrw'), quiet: true });
  }, 240_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('reports the input, the geoid correction and a measured error within --max-error', () => {
    expect(report.status).toBe('converted');
    expect(report.cells).toBe(1_000_000);
    expect(report.inputs[0]).toMatchObject({ sampleType: 'Float32', spacing: [1, 1] });
    expect(report.heightCorrection).toMatch(/^EGM96 .* added to /);
    expect(report.maxLevel).toBe(17);
    const deepest = report.levels.at(-1)!;
    expect(deepest.level).toBe(17);
    expect(deepest.measuredError).toBeLessThanOrEqual(report.maxError);
    const layer = JSON.parse(readFileSync(path.join(work, 'nrw', 'layer.json'), 'utf8')) as {
      available: unknown[][];
    };
    expect(layer.available).toHaveLength(18);
    expect(readdirSync(path.join(work, 'nrw', '17')).length).toBeGreaterThan(5);
  });

  it('agrees with gdallocationinfo + EGM96 at 40 random points within the stated error', () => {
    // Random points well inside the tile (bilinear needs four source nodes), seeded.
    let seed = 20260517;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const points: [number, number][] = [];
    for (let i = 0; i < 40; i++)
      points.push([5.8677 + random() * (5.8775 - 5.8677), 50.9788 + random() * (50.9858 - 50.9788)]);
    const projected = execFileSync('gdaltransform', ['-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:25832'], {
      input: points.map(([lon, lat]) => `${lon} ${lat}`).join('\n'),
    })
      .toString()
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/).map(Number));
    // The four source pixels around each point (pixel centres at x + 0.5 m), one gdallocationinfo call.
    const corners: string[] = [];
    const fractions: [number, number][] = [];
    for (const [easting = 0, northing = 0] of projected) {
      const column = easting - 280000 - 0.5;
      const row = 5653000 - northing - 0.5;
      const c0 = Math.floor(column);
      const r0 = Math.floor(row);
      fractions.push([column - c0, row - r0]);
      for (const [dc, dr] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ])
        corners.push(`${c0 + dc! + 0.5} ${r0 + dr! + 0.5}`);
    }
    const values = execFileSync('gdallocationinfo', ['-valonly', dgm], { input: corners.join('\n') })
      .toString()
      .trim()
      .split('\n')
      .map(Number);
    // The nearest-pixel value GDAL gives for the longitude/latitude itself lies among the four.
    const [lon0, lat0] = points[0]!;
    const nearest = Number(
      execFileSync('gdallocationinfo', ['-valonly', '-wgs84', dgm, `${lon0}`, `${lat0}`]).toString(),
    );
    expect(values.slice(0, 4)).toContain(nearest);
    const geoid = builtinEgm96();
    const size = tileSizeDegrees(17);
    let worst = 0;
    points.forEach(([lon, lat], i) => {
      const [fx, fy] = fractions[i]!;
      const [v00, v10, v01, v11] = values.slice(i * 4, i * 4 + 4) as [number, number, number, number];
      const source = (v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy;
      const expected = source + geoid.undulation(lon, lat);
      const x = Math.floor((lon + 180) / size);
      const y = Math.floor((lat + 90) / size);
      const tile = decodeQuantizedMesh(readFileSync(path.join(work, 'nrw', '17', `${x}`, `${y}.terrain`)));
      const height = heightInTile(tile, (lon + 180) / size - x, (lat + 90) / size - y);
      worst = Math.max(worst, Math.abs(height - expected));
    });
    console.info(
      `terrain vs GDAL + EGM96 at 40 points: largest difference ${worst.toFixed(3)} m (stated ${report.maxError} m)`,
    );
    // The stated error is against the resampled grid; between its nodes (0.6 × 0.38 m) the bilinear source may
    // bend a little more, and heights are quantized to 1/32767 of the tile's range.
    expect(worst).toBeLessThanOrEqual(report.maxError + 0.02);
  });

  it('writes the same tiles from an XYZ export (gzipped, with --crs) as from the GeoTIFF', async () => {
    const tif = path.join(work, 'crop.tif');
    const xyz = path.join(work, 'crop.xyz');
    execFileSync('gdal_translate', ['-q', '-srcwin', '300', '300', '120', '90', dgm, tif]);
    execFileSync('gdal_translate', ['-q', '-of', 'XYZ', tif, xyz]);
    writeFileSync(`${xyz}.gz`, gzipSync(readFileSync(xyz)));
    rmSync(xyz);
    const fromTif = await convertTerrain({ inputs: [tif], out: path.join(work, 'a'), quiet: true });
    const fromXyz = await convertTerrain({
      inputs: [`${xyz}.gz`],
      out: path.join(work, 'b'),
      crs: 'EPSG:25832',
      quiet: true,
    });
    expect(fromXyz.cells).toBe(120 * 90);
    expect(fromXyz.output.tiles).toBe(fromTif.output.tiles);
    for (const level of readdirSync(path.join(work, 'a')).filter((name) => /^\d+$/.test(name)))
      for (const x of readdirSync(path.join(work, 'a', level)))
        for (const file of readdirSync(path.join(work, 'a', level, x)))
          expect(
            readFileSync(path.join(work, 'b', level, x, file)).equals(
              readFileSync(path.join(work, 'a', level, x, file)),
            ),
          ).toBe(true);
  }, 120_000);
  it('reads an Int16 tiled Deflate GeoTIFF and a Float32 one with NaN and NoData cells', async () => {
    // A 200 × 200 m crop from (280400, 5652600): once as Int16 (whole metres), tiled, Deflate; once as Float32
    // with the low ground NaN and the high ground NoData (-9999).
    const crop = path.join(work, 'crop200.tif');
    execFileSync('gdal_translate', ['-q', '-srcwin', '400', '400', '200', '200', dgm, crop]);
    const int16 = path.join(work, 'int16.tif');
    execFileSync('gdal_translate', [
      '-q',
      '-ot',
      'Int16',
      '-co',
      'TILED=YES',
      '-co',
      'COMPRESS=DEFLATE',
      crop,
      int16,
    ]);
    const holes = path.join(work, 'holes.tif');
    const values = execFileSync('gdallocationinfo', ['-valonly', crop], {
      input: '10 10\n190 190\n100 100\n',
    })
      .toString()
      .trim()
      .split('\n')
      .map(Number)
      .sort((a, b) => a - b);
    const [low = 0, , high = 0] = values;
    execFileSync('gdal_calc.py', [
      '--quiet',
      '-A',
      crop,
      `--outfile=${holes}`,
      '--type=Float32',
      '--NoDataValue=-9999',
      `--calc=where(A<${low + 0.3},nan,where(A>${high - 0.3},-9999,A))`,
    ]);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const points: [number, number][] = [];
    for (let i = 0; i < 30; i++) points.push([280405 + random() * 190, 5652405 + random() * 190]);
    const lonLat = toLonLat(points);
    const geoid = builtinEgm96();
    for (const [file, type] of [
      [int16, 'Int16'],
      [holes, 'Float32'],
    ] as const) {
      const out = path.join(work, `${type}-out`);
      const result = await convertTerrain({ inputs: [file], out, quiet: true });
      expect(result.inputs[0]!.sampleType).toBe(type);
      const expected = gdalBilinear(file, 280400, 5652600, -9999, points);
      let compared = 0;
      let worst = 0;
      lonLat.forEach(([lon, lat], i) => {
        const height = terrainAt(out, result.maxLevel, lon, lat);
        expect(Number.isFinite(height)).toBe(true); // no-data areas are filled, never holes
        if (Number.isNaN(expected[i])) return;
        worst = Math.max(worst, Math.abs(height - expected[i]! - geoid.undulation(lon, lat)));
        compared += 1;
      });
      expect(compared).toBeGreaterThanOrEqual(type === 'Int16' ? 30 : 10);
      expect(compared < 30).toBe(type !== 'Int16');
      expect(worst).toBeLessThanOrEqual(result.maxError + 0.02);
    }
  }, 120_000);
});
