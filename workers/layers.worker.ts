/**
 * Thematic-layer worker: computes the classes of buildings coloured by an attribute or another layer
 * (`startJoin`, then `classifyBuildings` per batch of loaded buildings, `endJoin`). Plans are read on the
 * conversion pool (`convert.worker.ts`), with the imports.
 * The app talks to it through the client in `src/app/layers/layers-worker.ts` and sees only the types of
 * `layers-api.ts`.
 */
import { expose, transfer } from 'comlink';
import { createBuildingJoin } from '../src/core/layers/building-joins.ts';
import type {
  BuildingBatch,
  BuildingJoin,
  BuildingJoinSpec,
  JoinLegendClass,
} from '../src/core/layers/building-joins.ts';
import type { VectorResult } from './convert-api.ts';
import type { GisBlob, LayersWorkerApi } from './layers-api.ts';
import { readGisBlobs } from './read-gis.ts';

const joins = new Map<number, BuildingJoin>();
let nextJoin = 1;

/** The worker's API (over comlink); its documentation lives on `LayersWorkerApi`. */
export const layersWorkerApi = {
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
  async readGis(files: GisBlob[], name: string): Promise<VectorResult> {
    const result = await readGisBlobs(files, name);
    return transfer(result, [result.coordinates.buffer as ArrayBuffer]);
  },
} satisfies LayersWorkerApi;

expose(layersWorkerApi);
