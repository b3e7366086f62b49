/**
 * The layers worker's GIS reading: Blobs to bytes, the core reader (`src/core/layers/gis/`, with loaders.gl,
 * loaded on the first GIS file so a worker that only joins never loads it) and sql.js for GeoPackages, its
 * wasm served from the app's own origin (Vite emits the file; never a CDN).
 */
import type { SqlModule } from '../src/core/layers/gis/geopackage.ts';
import type { ImportProblem, VectorResult } from './convert-api.ts';
import type { GisBlob } from './layers-api.ts';

let sqlModule: Promise<SqlModule> | undefined;

/** sql.js, initialised once per worker with the wasm file of the build. */
function sql(): Promise<SqlModule> {
  sqlModule ??= Promise.all([import('sql.js'), import('sql.js/dist/sql-wasm-browser.wasm?url')]).then(
    ([{ default: initSqlJs }, { default: wasmUrl }]) => initSqlJs({ locateFile: () => wasmUrl }),
  );
  // A failed start (wasm blocked or missing) is tried again with the next GeoPackage.
  sqlModule.catch(() => (sqlModule = undefined));
  return sqlModule;
}

/** Reads one GIS dataset from its files (see `LayersWorkerApi.readGis`). */
export async function readGisBlobs(files: GisBlob[], name: string): Promise<VectorResult> {
  const { readGisDataset } = await import('../src/core/layers/gis/read-gis.ts');
  const loaded = await Promise.all(
    files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.blob.arrayBuffer()) })),
  );
  const layer = await readGisDataset(loaded, { sql }, name);
  // No line numbers: these formats have none, and each message names its record.
  const problems: ImportProblem[] = layer.problems.map((p) => ({ file: p.file ?? name, message: p.message }));
  if (layer.features.length === 0 && problems.length === 0)
    problems.push({ file: name, message: 'nothing to show (no features)' });
  return { features: layer.features, coordinates: layer.coordinates, sourceCrs: layer.sourceCrs, problems };
}
