/**
 * Thematic-layer worker: reads XPlanGML plans (plain GML or XPlanArchiv ZIP) off the main thread and returns
 * drawable, structured-clone-safe plan data (`PlanLayerData`: lon/lat areas, PlanZV colours, envelopes), and
 * computes the classes of buildings coloured by an attribute or another layer (`startJoin`, then
 * `classifyBuildings` per batch of loaded buildings, `endJoin`).
 * The app starts it through `src/app/layers/layers-worker.ts` and sees only the types of `layers-api.ts`.
 */
import { expose, transfer } from 'comlink';
import { createBuildingJoin } from '../src/core/layers/building-joins.ts';
import type {
  BuildingBatch,
  BuildingJoin,
  BuildingJoinSpec,
  JoinLegendClass,
} from '../src/core/layers/building-joins.ts';
import { planLayerData } from '../src/core/layers/xplan/plan-data.ts';
import type { PlanLayerData } from '../src/core/layers/xplan/plan-data.ts';
import type { LayersWorkerApi } from './layers-api.ts';

const joins = new Map<number, BuildingJoin>();
let nextJoin = 1;

/** The worker's API (over comlink); its documentation lives on `LayersWorkerApi`. */
export const layersWorkerApi = {
  readPlan(bytes: ArrayBuffer, fileName: string): PlanLayerData {
    return planLayerData(new Uint8Array(bytes), fileName);
  },
  startJoin(spec: BuildingJoinSpec): number {
    const id = nextJoin++;
    joins.set(id, createBuildingJoin(spec));
    return id;
  },
  classifyBuildings(
    joinId: number,
    batch: BuildingBatch,
  ): { classes: Uint8Array; legend: JoinLegendClass[] } {
    const join = joins.get(joinId);
    if (!join) throw new Error(`layers.worker: join ${joinId} is not started (or already ended)`);
    const classes = join.classify(batch);
    return transfer({ classes, legend: join.legend() }, [classes.buffer]);
  },
  endJoin(joinId: number): void {
    joins.delete(joinId);
  },
} satisfies LayersWorkerApi;

expose(layersWorkerApi);
