/**
 * Thematic-layer worker: reads XPlanGML plans (plain GML or XPlanArchiv ZIP) off the main thread and returns
 * drawable, structured-clone-safe plan data (`PlanLayerData`: lon/lat areas, PlanZV colours, envelopes).
 * Start it with `new Worker(new URL('./layers.worker.ts', import.meta.url), { type: 'module' })` and `wrap`.
 */
import { expose } from 'comlink';
import { planLayerData } from '../src/app/layers/plan-data.ts';
import type { PlanLayerData } from '../src/app/layers/plan-data.ts';

/** The worker's API (over comlink). */
export const layersWorkerApi = {
  /** Reads one plan file; `bytes` is transferred. Throws `XPlanGML …` errors for unreadable input. */
  readPlan(bytes: ArrayBuffer, fileName: string): PlanLayerData {
    return planLayerData(new Uint8Array(bytes), fileName);
  },
};

export type LayersWorkerApi = typeof layersWorkerApi;

expose(layersWorkerApi);
