/**
 * 3D Tiles 1.1 writer: tileset.json + GLB contents from buildings in ECEF metres, with per-building
 * metadata, compact geometry (quantised, welded, meshopt-compressed), far-view levels, external
 * tilesets for large areas, plus structural validation.
 */
export { buildTileset, TILESET_DEFAULTS, TilesetBuilder } from './tileset.ts';
export type { BoundingVolumeJson, TileJson, TilesetJson, TilesetWriteOptions } from './tileset.ts';
export { decodeBuildingMesh, encodeBuildingMesh, InMemoryMeshStore } from './mesh-store.ts';
export type { MeshStore } from './mesh-store.ts';
export { initTileCompression, isTileCompressionReady } from './compression.ts';
export { packGlb, parseGlb, writeBuildingsGlb } from './glb.ts';
export type { GlbWriteOptions } from './glb.ts';
export { SURFACE_PALETTE, surfaceClassIndex } from './palette.ts';
export type { SurfaceSemanticName } from './palette.ts';
export {
  BuildingMetadataCensus,
  deriveBuildingMetadataLayout,
  readPropertyTable,
  toSchemaIdentifier,
} from './metadata.ts';
export type { BuildingMetadataLayout, MetadataSchema } from './metadata.ts';
export { validateTileset } from './validate.ts';
export { eastNorthUpFrame, ecefToGeodetic, geodeticToEcef } from './ellipsoid.ts';
export type { LocalFrame } from './ellipsoid.ts';
export type { BuildingMesh, PropertyValue, TilesetFile } from './types.ts';
