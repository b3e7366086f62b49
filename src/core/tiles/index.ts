/**
 * 3D Tiles 1.1 writer: tileset.json + GLB contents from buildings in ECEF metres, with per-building
 * metadata, plus structural validation.
 */
export { buildTileset, TILESET_DEFAULTS } from './tileset.ts';
export type { BoundingVolumeJson, TileJson, TilesetJson, TilesetWriteOptions } from './tileset.ts';
export { packGlb, parseGlb, writeBuildingsGlb } from './glb.ts';
export type { GlbWriteOptions } from './glb.ts';
export { SURFACE_PALETTE, surfaceClassIndex } from './palette.ts';
export type { SurfaceSemanticName } from './palette.ts';
export { deriveBuildingMetadataLayout, readPropertyTable, toSchemaIdentifier } from './metadata.ts';
export type { BuildingMetadataLayout, MetadataSchema } from './metadata.ts';
export { validateTileset } from './validate.ts';
export { eastNorthUpFrame, ecefToGeodetic, geodeticToEcef } from './ellipsoid.ts';
export type { LocalFrame } from './ellipsoid.ts';
export type { BuildingMesh, PropertyValue, TilesetFile } from './types.ts';
