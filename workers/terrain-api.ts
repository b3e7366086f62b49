/**
 * The typed API of the terrain worker (`terrain.worker.ts`): a dropped DGM (GeoTIFF or XYZ grid) read, made
 * ellipsoidal and sampled into Cesium's height tiles there, so the page never decodes or samples a grid. Types
 * only: the app imports this module and starts the worker by URL.
 */
import type { DgmInfo } from '../src/core/terrain/dgm.ts';

export type { DgmInfo } from '../src/core/terrain/dgm.ts';

export interface TerrainWorkerApi {
  /**
   * Reads a DGM file (GeoTIFF, or an XYZ grid in EPSG:25832) and keeps it for `heightTile`; its id and what it is.
   * Rejects with a message naming the file (not a GeoTIFF, no CRS, unknown CRS, all NoData, too large).
   */
  open(file: Blob, name: string): Promise<{ id: number; info: DgmInfo }>;
  /**
   * The height tile z/x/y of DGM `id` (Cesium's geographic tiling, y counted from the north as Cesium asks for
   * it): 65 × 65 ellipsoidal heights in metres, row 0 northernmost; transferred.
   */
  heightTile(id: number, z: number, x: number, y: number): Promise<Float32Array>;
  /** Forgets DGM `id` (its grid is freed). */
  close(id: number): void;
}
