/**
 * 3D Tiles 1.1 tileset from buildings held in memory: a convenience wrapper over the streaming
 * `TilesetBuilder` (quadtree over building centroids, buildings kept whole, largest buildings in inner
 * tiles for far views, `refine: ADD`, one GLB per tile in its own East-North-Up frame).
 */
import { TilesetBuilder } from './builder.ts';
import type { TilesetWriteOptions } from './builder.ts';
import type { BuildingMesh, TilesetFile } from './types.ts';

export { TILESET_DEFAULTS, TilesetBuilder } from './builder.ts';
export type { BoundingVolumeJson, TileJson, TilesetJson, TilesetWriteOptions } from './builder.ts';

/**
 * Builds a 3D Tiles 1.1 tileset (tileset.json, external subtree tilesets when large, one GLB per tile)
 * from buildings in ECEF metres (EPSG:4978). Buildings without triangles are skipped (not counted in
 * `stats.buildings`). Compresses with EXT_meshopt_compression only when `initTileCompression()` has
 * resolved (or `compress: true`, which then requires it).
 */
export function buildTileset(
  buildings: BuildingMesh[],
  options: TilesetWriteOptions = {},
): {
  files: TilesetFile[];
  stats: { tiles: number; buildings: number; bytes: number; bytesPerBuilding: number };
} {
  const builder = new TilesetBuilder(options);
  for (const building of buildings) builder.add(building);
  const files = [...builder.finish()];
  // tileset.json first, as before the streaming builder.
  files.sort((a, b) => (a.path === 'tileset.json' ? -1 : b.path === 'tileset.json' ? 1 : 0));
  return { files, stats: { ...builder.stats } };
}
