/**
 * The one place the app starts the thematic-layer worker. The app depends on the worker's API types
 * (`workers/layers-api.ts`) and its entry URL only, so the worker's implementation (and the core code it
 * pulls in) stays out of the main bundle; it talks to the worker through `LayersClient` (ordered,
 * cancellable calls).
 */
import { wrap } from 'comlink';
import type { LayersWorkerApi } from '../../../workers/layers-api.ts';
import { LayersClient } from './layers-client.ts';
import type { LayersWorkerHandle } from './layers-client.ts';

/** Starts a layers worker; `name` labels it in the browser's developer tools. */
export function startLayersWorker(name?: string): LayersWorkerHandle {
  // Vite finds this `new Worker(new URL(…))` and bundles the entry as a module worker; `type` must stay a literal.
  const worker = new Worker(new URL('../../../workers/layers.worker.ts', import.meta.url), {
    name,
    type: 'module',
  });
  return { api: wrap<LayersWorkerApi>(worker), terminate: () => worker.terminate() };
}

let shared: LayersClient | undefined;
let gis: LayersClient | undefined;
/** The page's layers worker client (building joins), started on first use and kept for the page. */
export function layersClient(): LayersClient {
  return (shared ??= new LayersClient(() => startLayersWorker('building-joins')));
}

/**
 * The page's layers worker for GIS files (drop-ins and configured Shapefile, GeoPackage, KML, FlatGeobuf
 * sources): a second one, so that reading a large file never holds up the building colours.
 */
export function gisClient(): LayersClient {
  return (gis ??= new LayersClient(() => startLayersWorker('gis-formats')));
}
