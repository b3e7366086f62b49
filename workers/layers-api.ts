/**
 * The typed API of the thematic-layer worker (`layers.worker.ts`), shared by the worker (`expose`) and the
 * main thread (`wrap<LayersWorkerApi>`). Types only: the app imports this module, never the worker entry,
 * so the worker's own imports stay out of the app's module graph. Everything here is structured-cloneable.
 */
import type { BuildingBatch, BuildingJoinSpec, JoinLegendClass } from '../src/core/layers/building-joins.ts';

export interface LayersWorkerApi {
  /** Prepares a join (polygon index, target grid) and returns its id for `classifyBuildings`. */
  startJoin(spec: BuildingJoinSpec): number;
  /**
   * Class index per building of one batch (255: no data; transferred back) and the join's legend so far.
   * Send the batch's typed arrays as transferables.
   */
  classifyBuildings(joinId: number, batch: BuildingBatch): { classes: Uint8Array; legend: JoinLegendClass[] };
  /** Forgets a join. */
  endJoin(joinId: number): void;
}
