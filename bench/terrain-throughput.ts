#!/usr/bin/env -S npx tsx
/**
 * Terrain converter throughput (`npm run bench:terrain`; not a test): the NRW DGM1 tile (1 km², 1 m, Float32
 * LZW), or a mosaic of N × N copies of it placed side by side (`--mosaic N`, georeferencing shifted with
 * `gdal_translate -a_ullr`), converted by `npm run terrain` in a child process, next to GDAL in the same run on
 * the same grid: `gdalwarp` to EPSG:4326 (bilinear, the resampling our tile grids do) and `gdal_translate` to a
 * Deflate GeoTIFF. Source cells per second, peak RSS (`/usr/bin/time -v`), output bytes per km², load average.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { TerrainReport } from '../tools/terrain/run.ts';

const repoRoot = resolve(import.meta.dirname, '..');
const dgm = resolve(repoRoot, '../shared/data/terrain/nrw-dgm1/dgm1_32_280_5652_1_nw_2022.tif');
const { values } = parseArgs({ options: { mosaic: { type: 'string' }, keep: { type: 'boolean' } } });
const mosaic = Number(values.mosaic ?? 1);

/** Runs a command under `/usr/bin/time -v`: wall seconds, peak RSS (MiB), exit code. */
function measure(
  command: string,
  args: string[],
): { seconds: number; peakRssMiB: number; code: number | null } {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-v', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - started) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1];
  if (result.status !== 0) console.error(result.stderr.slice(-2000));
  return { seconds, peakRssMiB: Number(rss ?? Number.NaN) / 1024, code: result.status };
}

/** Bytes of all files under `path`. */
function bytesUnder(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  let sum = 0;
  for (const entry of spawnSync('find', [path, '-type', 'f'], { encoding: 'utf8' }).stdout.trim().split('\n'))
    if (entry) sum += statSync(entry).size;
  return sum;
}

if (!existsSync(dgm)) {
  console.error(`bench:terrain: ${dgm} not found`);
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'bench-terrain-'));
const inputs = join(work, 'dgm');
mkdirSync(inputs);
for (let i = 0; i < mosaic; i++)
  for (let j = 0; j < mosaic; j++) {
    const west = 280000 + i * 1000;
    const north = 5653000 + j * 1000;
    spawnSync('gdal_translate', [
      '-q',
      '-a_ullr',
      `${west}`,
      `${north}`,
      `${west + 1000}`,
      `${north - 1000}`,
      dgm,
      join(inputs, `dgm1_${i}_${j}.tif`),
    ]);
  }
const vrt = join(work, 'mosaic.vrt');
spawnSync('gdalbuildvrt', [
  '-q',
  vrt,
  ...spawnSync('sh', ['-c', `ls ${inputs}/*.tif`], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n'),
]);
const cells = mosaic * mosaic * 1_000_000;
const areaKm2 = mosaic * mosaic;
const load = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');

const ours = measure('npx', [
  'tsx',
  join(repoRoot, 'tools/terrain.ts'),
  inputs,
  '--out',
  join(work, 'terrain'),
  '--quiet',
]);
const report = JSON.parse(readFileSync(join(work, 'terrain', 'report.json'), 'utf8')) as TerrainReport;
const warp = measure('gdalwarp', [
  '-q',
  '-t_srs',
  'EPSG:4326',
  '-r',
  'bilinear',
  '-co',
  'COMPRESS=DEFLATE',
  vrt,
  join(work, 'warp.tif'),
]);
const translate = measure('gdal_translate', [
  '-q',
  '-co',
  'COMPRESS=DEFLATE',
  '-co',
  'PREDICTOR=3',
  vrt,
  join(work, 'translate.tif'),
]);

const row = (name: string, run: { seconds: number; peakRssMiB: number }, bytes: number, note = '') =>
  `${name.padEnd(34)} ${run.seconds.toFixed(2).padStart(7)} s ${Math.round(cells / run.seconds)
    .toLocaleString('en')
    .padStart(11)} cells/s ${run.peakRssMiB.toFixed(0).padStart(5)} MiB ${Math.round(bytes / areaKm2)
    .toLocaleString('en')
    .padStart(11)} B/km² ${note}`;
console.log(
  `terrain throughput: ${mosaic} × ${mosaic} DGM1 tiles (${cells.toLocaleString('en')} cells, ${areaKm2} km²), load average before: ${load}`,
);
console.log(
  row(
    'stadtmodell terrain (whole pyramid)',
    ours,
    report.output.bytes,
    `levels 0–${report.maxLevel}, ${report.output.tiles} tiles, max error ${report.maxError} m (measured ${report.levels.at(-1)?.measuredError} m), converter's own ${report.seconds} s`,
  ),
);
console.log(
  row('gdalwarp → EPSG:4326, bilinear', warp, bytesUnder(join(work, 'warp.tif')), 'one level, raster'),
);
console.log(
  row(
    'gdal_translate → Deflate GeoTIFF',
    translate,
    bytesUnder(join(work, 'translate.tif')),
    'one level, no reprojection',
  ),
);
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
if (!values.keep) rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);
