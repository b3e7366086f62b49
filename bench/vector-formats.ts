/**
 * Features per second of our GIS-format readers (`src/core/layers/gis/`: loaders.gl's Shapefile, KML and
 * FlatGeobuf parsers, sql.js + WKB for GeoPackage, reprojected to lon/lat by the CRS module) against GDAL's
 * `ogr2ogr -f GeoJSON -t_srs EPSG:4326` on the same files, in the same run. Our time is the best of three
 * reads in this process (file bytes already in memory, sql.js already started); GDAL's the best of three
 * runs of the command, its process start included (measured once with an empty input and reported).
 *
 *   npx tsx bench/vector-formats.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GisFile } from '../src/core/layers/gis/features.ts';
import type { SqlModule } from '../src/core/layers/gis/geopackage.ts';
import { readGisDataset } from '../src/core/layers/gis/read-gis.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.resolve(root, '../shared/data');
if (!existsSync(path.join(DATA, 'vector'))) {
  console.error(`bench/vector-formats: ${DATA}/vector is missing`);
  process.exit(1);
}
const require = createRequire(import.meta.url);
const initSqlJs = require('sql.js') as (config: { locateFile: () => string }) => Promise<SqlModule>;
const wasm = require.resolve('sql.js/dist/sql-wasm.wasm');
const sqlModule = await initSqlJs({ locateFile: () => wasm });
const sql = () => Promise.resolve(sqlModule);

const SHAPEFILE = path.join(DATA, 'schools/flensburg/shapefile-latin1/schulen_flensburg');
const CASES: { label: string; files: string[] }[] = [
  {
    label: 'Shapefile, 30 points',
    files: ['.shp', '.dbf', '.shx', '.prj', '.cpg'].map((e) => SHAPEFILE + e),
  },
  { label: 'GeoPackage, 12 polygons', files: [path.join(DATA, 'vector/geopackage/Berlin Bezirke.gpkg')] },
  {
    label: 'GeoPackage, 10 376 points',
    files: [path.join(DATA, 'vector/geopackage/Verbindungspunkte im RVN.gpkg')],
  },
  { label: 'KML, 9 polygons', files: [path.join(DATA, 'vector/kml/stadtbezirke.kml')] },
  { label: 'KML, 11 142 points', files: [path.join(DATA, 'vector/kml/strassenknoten.kml')] },
  {
    label: 'FlatGeobuf, 1 polygon',
    files: [path.join(DATA, 'vector/flatgeobuf/Bezirk Neukölln Grenze.fgb')],
  },
  {
    label: 'FlatGeobuf, 5 333 lines',
    files: [path.join(DATA, 'vector/flatgeobuf/Berlin Radvorrangsnetz.fgb')],
  },
];

function best(runs: number, run: () => void): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

async function bestAsync(runs: number, run: () => Promise<void>): Promise<number> {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

const ogr2ogr = (file: string) =>
  execFileSync('ogr2ogr', ['-f', 'GeoJSON', '-t_srs', 'EPSG:4326', '/vsistdout/', file], {
    maxBuffer: 512 * 1024 ** 2,
    stdio: ['ignore', 'pipe', 'ignore'],
  });

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (${process.version})`,
);
const startup = best(3, () => {
  execFileSync('ogr2ogr', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
});
console.log(`ogr2ogr process start (ogr2ogr --version): ${startup.toFixed(0)} ms\n`);
console.log(
  `${'file'.padEnd(28)} ${'features'.padStart(8)} ${'ours ms'.padStart(8)} ${'ours f/s'.padStart(10)} ${'ogr2ogr ms'.padStart(10)} ${'ogr f/s'.padStart(10)} ${'ours/ogr'.padStart(8)}`,
);
for (const { label, files } of CASES) {
  const loaded: GisFile[] = files.map((file) => ({
    name: path.basename(file),
    bytes: new Uint8Array(readFileSync(file)),
  }));
  let count = 0;
  await readGisDataset(loaded, { sql }); // warm-up
  const ours = await bestAsync(3, async () => {
    const layer = await readGisDataset(loaded, { sql });
    if (layer.problems.length > 0) throw new Error(`${label}: ${layer.problems[0]?.message}`);
    count = layer.features.length;
  });
  const gdal = best(3, () => ogr2ogr(files[0] as string));
  const ourRate = (count / ours) * 1000;
  const gdalRate = (count / gdal) * 1000;
  console.log(
    `${label.padEnd(28)} ${String(count).padStart(8)} ${ours.toFixed(1).padStart(8)} ${ourRate.toFixed(0).padStart(10)} ${gdal.toFixed(1).padStart(10)} ${gdalRate.toFixed(0).padStart(10)} ${(ourRate / gdalRate).toFixed(2).padStart(8)}`,
  );
}
