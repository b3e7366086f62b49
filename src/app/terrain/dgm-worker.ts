/**
 * The one place the app starts the terrain worker (`workers/terrain.worker.ts`), on the first dropped DGM, and
 * keeps it for the page: dropped terrains are read and sampled there, never on the main thread. The app sees only
 * the worker's API types.
 */
import { wrap, type Remote } from 'comlink';
import type { TerrainWorkerApi } from '../../../workers/terrain-api.ts';

let shared: Remote<TerrainWorkerApi> | undefined;

/** The page's terrain worker, started on first use. */
export function terrainWorker(): Remote<TerrainWorkerApi> {
  if (!shared) {
    // Vite finds this `new Worker(new URL(…))` and bundles the entry as a module worker; `type` must stay a literal.
    const worker = new Worker(new URL('../../../workers/terrain.worker.ts', import.meta.url), {
      name: 'dgm-terrain',
      type: 'module',
    });
    shared = wrap<TerrainWorkerApi>(worker);
  }
  return shared;
}
