/**
 * The terrain converter's CRS side lives in the core (`src/core/terrain/terrain-crs.ts`), shared with the
 * viewer's terrain worker so a dropped DGM gets the very heights the CLI writes.
 */
export { terrainCrs, terrainSource, type TerrainCrs } from '../../src/core/terrain/terrain-crs.ts';
