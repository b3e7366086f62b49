/**
 * The typed API of the thematic-layer worker (`layers.worker.ts`), shared by the worker (`expose`) and the
 * main thread (`wrap<LayersWorkerApi>`). Types only: the app imports this module, never the worker entry,
 * so the worker's own imports stay out of the app's module graph. Everything here is structured-cloneable.
 */
import type { BuildingBatch, BuildingJoinSpec, JoinLegendClass } from '../src/core/layers/building-joins.ts';
import type { VectorResult } from './convert-api.ts';

/** One file of a GIS dataset sent to the worker (a Blob is cheap to pass). */
export interface GisBlob {
  name: string;
  blob: Blob;
}

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
  /**
   * Reads one GIS dataset (a Shapefile's parts, a GeoPackage, KML/KMZ, FlatGeobuf, or a ZIP of them; see
   * `src/core/layers/gis/`) into lon/lat features; coordinates transferred. `name` names it in problems.
   * Never rejects for bad input: no features and problems means it could not be read.
   */
  readGis(files: GisBlob[], name: string): Promise<VectorResult>;
}
