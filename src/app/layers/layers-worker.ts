/**
 * The one place the app starts the thematic-layer worker. The app depends on the worker's API types
 * (`workers/layers-api.ts`) and its entry URL only, so the worker's implementation (and the core code it
 * pulls in) stays out of the main bundle and the app never imports worker internals.
 */
import { wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { LayersWorkerApi } from '../../../workers/layers-api.ts';

export interface LayersWorkerHandle {
  api: Remote<LayersWorkerApi>;
  worker: Worker;
}

/** Starts a layers worker; `name` labels it in the browser's developer tools. */
export function startLayersWorker(name?: string): LayersWorkerHandle {
  // Vite finds this `new Worker(new URL(…))` and bundles the entry as a module worker; `type` must stay a literal.
  const worker = new Worker(new URL('../../../workers/layers.worker.ts', import.meta.url), {
    name,
    type: 'module',
  });
  return { worker, api: wrap<LayersWorkerApi>(worker) };
}
