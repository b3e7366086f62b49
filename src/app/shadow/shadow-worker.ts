/**
 * The one place the app starts the shadow-study worker. The app depends on the worker's API types
 * (`workers/shadow-api.ts`) and its entry URL only, so the ray casting and the tile decoding stay out of the main
 * bundle. One worker per study, terminated when the study ends or is cancelled.
 */
import { wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { ShadowWorkerApi } from '../../../workers/shadow-api.ts';

/** A started worker: its API and the way to end it. */
export interface ShadowWorkerHandle {
  api: Remote<ShadowWorkerApi>;
  terminate: () => void;
}

/** Starts a shadow-study worker. */
export function startShadowWorker(): ShadowWorkerHandle {
  // Vite finds this `new Worker(new URL(…))` and bundles the entry as a module worker; `type` must stay a literal.
  const worker = new Worker(new URL('../../../workers/shadow.worker.ts', import.meta.url), {
    name: 'shadow-study',
    type: 'module',
  });
  return { api: wrap<ShadowWorkerApi>(worker), terminate: () => worker.terminate() };
}
