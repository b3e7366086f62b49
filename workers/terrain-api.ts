/**
 * The typed API of the terrain worker (`terrain.worker.ts`): a dropped DGM (GeoTIFF, XYZ or ASCII grid, its tiles, or a ZIP of them) read, made
 * ellipsoidal, sampled into Cesium's tiles and meshed with vertex normals there, so the page never decodes or samples a grid. Types
 * only: the app imports this module and starts the worker by URL.
 */
import type { DgmInfo } from '../src/core/terrain/dgm.ts';
import type { QuantizedMeshParts } from '../src/core/terrain/quantized-mesh.ts';

export type { DgmInfo } from '../src/core/terrain/dgm.ts';
export type { QuantizedMeshParts } from '../src/core/terrain/quantized-mesh.ts';

/** One file of a dropped DGM: the grid (or a ZIP of grids) and the `.prj` dropped with a text grid. */
export interface DgmTileFile {
  blob: Blob;
  name: string;
  prj?: { blob: Blob; name: string };
}

export interface TerrainWorkerApi {
  /**
   * Reads a DGM (`tiles`: its files, GeoTIFF, or XYZ or ESRI ASCII grid in the CRS of the `.prj` dropped with it,
   * else in EPSG:25832; or one ZIP of them), several tiles put together into one grid, and keeps it for
   * `meshTile` under `name`; its id and what it is. Rejects with a message naming the file (not a GeoTIFF, no CRS,
   * unknown CRS, all NoData, too large, tiles that do not fit together).
   */
  open(tiles: DgmTileFile[], name: string): Promise<{ id: number; info: DgmInfo }>;
  /**
   * The tile z/x/y of DGM `id` (Cesium's geographic tiling, y counted from the north as Cesium asks for it) as a
   * quantized mesh with oct-encoded vertex normals (ellipsoidal metres; 65 × 65 height nodes, RTIN-simplified to
   * the level's error): the fields of Cesium's `QuantizedMeshTerrainData`, arrays transferred.
   */
  meshTile(id: number, z: number, x: number, y: number): Promise<QuantizedMeshParts>;
  /** Forgets DGM `id` (its grid is freed). */
  close(id: number): void;
}
