/**
 * Thematic-layer worker: reads XPlanGML plans (plain GML or XPlanArchiv ZIP) off the main thread and returns
 * drawable, structured-clone-safe plan data (`PlanLayerData`: lon/lat areas, PlanZV colours, envelopes), and
 * computes the classes of buildings coloured by an attribute or another layer (`startJoin`, then
 * `classifyBuildings` per batch of loaded buildings, `endJoin`).
 * Start it with `new Worker(new URL('./layers.worker.ts', import.meta.url), { type: 'module' })` and `wrap`.
 */
import { expose, transfer } from 'comlink';
import { createBuildingJoin } from '../src/core/layers/building-joins.ts';
import type {
  BuildingBatch,
  BuildingJoin,
  BuildingJoinSpec,
  JoinLegendClass,
} from '../src/core/layers/building-joins.ts';
import { planLayerData } from '../src/app/layers/plan-data.ts';
import type { PlanLayerData } from '../src/app/layers/plan-data.ts';

const joins = new Map<number, BuildingJoin>();
let nextJoin = 1;

/** The worker's API (over comlink). */
export const layersWorkerApi = {
  /** Reads one plan file; `bytes` is transferred. Throws `XPlanGML …` errors for unreadable input. */
  readPlan(bytes: ArrayBuffer, fileName: string): PlanLayerData {
    return planLayerData(new Uint8Array(bytes), fileName);
  },
  /** Prepares a join (polygon index, target grid) and returns its id for `classifyBuildings`. */
  startJoin(spec: BuildingJoinSpec): number {
    const id = nextJoin++;
    joins.set(id, createBuildingJoin(spec));
    return id;
  },
  /**
   * Class index per building of one batch (255: no data; transferred back) and the join's legend so far.
   * Send the batch's typed arrays as transferables.
   */
  classifyBuildings(
    joinId: number,
    batch: BuildingBatch,
  ): { classes: Uint8Array; legend: JoinLegendClass[] } {
    const join = joins.get(joinId);
    if (!join) throw new Error(`layers.worker: join ${joinId} is not started (or already ended)`);
    const classes = join.classify(batch);
    return transfer({ classes, legend: join.legend() }, [classes.buffer]);
  },
  /** Forgets a join. */
  endJoin(joinId: number): void {
    joins.delete(joinId);
  },
};

export type LayersWorkerApi = typeof layersWorkerApi;

expose(layersWorkerApi);
