#!/usr/bin/env -S npx tsx
/**
 * Terrain converter throughput and memory (`npm run bench:terrain`; not a test): the NRW DGM1 tile (1 km², 1 m,
 * Float32 LZW), or a mosaic of copies of it side by side, converted by `npm run terrain` in a child process, next to
 * GDAL in the same run on the same files: `gdalbuildvrt` over them, then `gdal_translate` to a Deflate GeoTIFF and
 * `gdalwarp` to EPSG:4326 (bilinear, the resampling our tile grids do). Source cells per second, wall and CPU
 * seconds, peak RSS (`/usr/bin/time -v`, the largest process), output bytes per km² of data, load average.
 *
 *   --mosaic N|WxH      GeoTIFF copies (`gdal_translate -a_ullr`)
 *   --mosaic-km N|WxH   XYZ text tiles as NRW publishes them ("x y z" lines, cell centres, cm): 28 MB per km²,
 *                       so `--mosaic-km 7x6` is a 1.13 GB mosaic (the issue's "1 GB under 512 MB RSS")
 *   --jobs 1,2          run the converter once per value of `--jobs` (default: once, its default)
 *   --inputs <dir>      an existing mosaic instead (kept); --work <dir> where to write; --keep keeps everything
 *
 * The copies repeat the one real tile's heights, so the mosaic has steps at its 1 km seams.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { TerrainReport } from '../tools/terrain/run.ts';

const repoRoot = resolve(import.meta.dirname, '..');
const dgm = resolve(repoRoot, '../shared/data/terrain/nrw-dgm1/dgm1_32_280_5652_1_nw_2022.tif');
const { values } = parseArgs({
  options: {
    mosaic: { type: 'string' },
    'mosaic-km': { type: 'string' },
    inputs: { type: 'string' },
    jobs: { type: 'string' },
    work: { type: 'string' },
    keep: { type: 'boolean' },
  },
});

/** "N" or "WxH" → [columns, rows]. */
function mosaicSize(text: string): [number, number] {
  const match = /^(\d+)(?:x(\d+))?$/.exec(text);
  if (!match) {
    console.error(`bench:terrain: expected N or WxH, got "${text}"`);
    process.exit(2);
  }
  return [Number(match[1]), Number(match[2] ?? match[1])];
}
/** XYZ text mosaic (`--mosaic-km`) or GeoTIFF copies (`--mosaic`). */
const xyz = values['mosaic-km'] !== undefined;
const [columns, rows] = mosaicSize(values['mosaic-km'] ?? values.mosaic ?? '1');
const jobs = (values.jobs ?? '').split(',').filter(Boolean);

/** Runs a command under `/usr/bin/time -v`: wall seconds, peak RSS (MiB), exit code. */
function measure(
  command: string,
  args: string[],
): { seconds: number; peakRssMiB: number; cpuSeconds: number; code: number | null } {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-v', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - started) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1];
  const user = Number(/User time \(seconds\): ([\d.]+)/.exec(result.stderr)?.[1] ?? Number.NaN);
  const system = Number(/System time \(seconds\): ([\d.]+)/.exec(result.stderr)?.[1] ?? Number.NaN);
  if (result.status !== 0) console.error(result.stderr.slice(-2000));
  return {
    seconds,
    peakRssMiB: Number(rss ?? Number.NaN) / 1024,
    cpuSeconds: user + system,
    code: result.status,
  };
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

/**
 * Writes the DGM tile as `columns` × `rows` XYZ text tiles side by side (NRW's `.xyz` layout: "x y z" per
 * line, cell centres, centimetres), each with its origin shifted by whole kilometres: one seamless lattice,
 * the heights of the one real tile repeated (so with steps at the 1 km seams).
 */
function writeXyzMosaic(into: string): void {
  const raw = join(work, 'base.bin');
  spawnSync('gdal_translate', ['-q', '-of', 'ENVI', '-ot', 'Float32', dgm, raw]);
  const heights = new Float32Array(readFileSync(raw).buffer.slice(0));
  const size = 1000;
  for (let i = 0; i < columns; i++)
    for (let j = 0; j < rows; j++) {
      const west = 280000 + i * 1000;
      const north = 5653000 + j * 1000;
      const fd = openSync(join(into, `dgm1_32_${west / 1000}_${north / 1000 - 1}_1_nw.xyz`), 'w');
      for (let row = 0; row < size; row++) {
        const y = (north - row - 0.5).toFixed(2);
        let chunk = '';
        for (let column = 0; column < size; column++) {
          const z = heights[row * size + column]!;
          chunk += `${(west + column + 0.5).toFixed(2)} ${y} ${z === -9999 ? '-9999' : z.toFixed(2)}\n`;
        }
        writeSync(fd, chunk);
      }
      closeSync(fd);
    }
  rmSync(raw, { force: true });
  rmSync(`${raw.replace(/\.bin$/, '')}.hdr`, { force: true });
}

if (!existsSync(dgm)) {
  console.error(`bench:terrain: ${dgm} not found`);
  process.exit(1);
}
const work = values.work ? resolve(values.work) : mkdtempSync(join(tmpdir(), 'bench-terrain-'));
mkdirSync(work, { recursive: true });
let inputs = values.inputs ? resolve(values.inputs) : join(work, 'dgm');
if (!values.inputs) {
  mkdirSync(inputs);
  if (xyz) writeXyzMosaic(inputs);
  else
    for (let i = 0; i < columns; i++)
      for (let j = 0; j < rows; j++) {
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
}
inputs = resolve(inputs);
const inputFiles = readdirSync(inputs)
  .filter((name) => /\.(tif|xyz)$/.test(name))
  .map((name) => join(inputs, name));
const inputBytes = inputFiles.reduce((sum, file) => sum + statSync(file).size, 0);
const vrt = join(work, 'mosaic.vrt');
const loadNow = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const load = loadNow();
console.log(
  `terrain throughput: ${inputFiles.length} DGM1 tiles as ${xyz ? 'XYZ text' : 'GeoTIFF'} (${(inputBytes / 1e9).toFixed(3)} GB), load average before: ${load}`,
);

const areaKm2 = columns * rows;
type Run = ReturnType<typeof measure>;
const row = (name: string, run: Run, cells: number, bytes: number, note = '') =>
  `${name.padEnd(36)} ${run.seconds.toFixed(2).padStart(7)} s ${Math.round(cells / run.seconds)
    .toLocaleString('en')
    .padStart(11)} cells/s ${run.peakRssMiB.toFixed(0).padStart(5)} MiB ${Math.round(bytes / areaKm2)
    .toLocaleString('en')
    .padStart(11)} B/km² CPU ${run.cpuSeconds.toFixed(1)} s; ${note}`;

const lines: string[] = [];
let cells = 0;
for (const job of jobs.length > 0 ? jobs : ['']) {
  const out = join(work, `terrain${job}`);
  const ours = measure('npx', [
    'tsx',
    join(repoRoot, 'tools/terrain.ts'),
    inputs,
    '--out',
    out,
    '--crs',
    'EPSG:25832',
    '--quiet',
    ...(job ? ['--jobs', job] : []),
  ]);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as TerrainReport;
  cells = report.cells;
  lines.push(
    row(
      `stadtmodell terrain${job ? ` --jobs ${job}` : ''}`,
      ours,
      cells,
      report.output.bytes,
      `levels 0–${report.maxLevel}, ${report.output.tiles} tiles, max error ${report.maxError} m (measured ${report.levels.at(-1)?.measuredError} m), load after ${loadNow()}`,
    ),
  );
  console.log(lines.at(-1));
  if (!values.keep) rmSync(out, { recursive: true, force: true });
}
// GDAL on the same files: a VRT over them (XYZ names no CRS), then one level each, same run.
const buildVrt = measure('gdalbuildvrt', ['-q', '-a_srs', 'EPSG:25832', vrt, ...inputFiles]);
const translate = measure('gdal_translate', [
  '-q',
  '-co',
  'COMPRESS=DEFLATE',
  '-co',
  'PREDICTOR=3',
  '-co',
  'TILED=YES',
  '-co',
  'BIGTIFF=IF_SAFER',
  vrt,
  join(work, 'translate.tif'),
]);
console.log(row('gdalbuildvrt', buildVrt, cells, 0, `load after ${loadNow()}`));
console.log(
  row(
    'gdal_translate → Deflate GeoTIFF',
    translate,
    cells,
    bytesUnder(join(work, 'translate.tif')),
    `one level, no reprojection, load after ${loadNow()}`,
  ),
);
rmSync(join(work, 'translate.tif'), { force: true });
const warp = measure('gdalwarp', [
  '-q',
  '-t_srs',
  'EPSG:4326',
  '-r',
  'bilinear',
  '-co',
  'COMPRESS=DEFLATE',
  '-co',
  'TILED=YES',
  '-co',
  'BIGTIFF=IF_SAFER',
  vrt,
  join(work, 'warp.tif'),
]);
console.log(
  row(
    'gdalwarp → EPSG:4326, bilinear',
    warp,
    cells,
    bytesUnder(join(work, 'warp.tif')),
    `one level, raster, load after ${loadNow()}`,
  ),
);
console.log(`(${cells.toLocaleString('en')} cells, ${areaKm2} km²; B/km² over the data area)`);
if (!values.keep && !values.inputs) rmSync(work, { recursive: true, force: true });
else if (!values.keep) {
  rmSync(join(work, 'warp.tif'), { force: true });
  rmSync(vrt, { force: true });
} else console.log(`kept ${work}`);
