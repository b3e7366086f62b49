/**
 * Inputs and outputs of the 3D Tiles writer. Platform-free: typed arrays and plain objects.
 */
import type { Address } from '../citygml/types.ts';

/** Scalar value of one per-building property in the EXT_structural_metadata table. */
export type PropertyValue = string | number | boolean | undefined;

/**
 * One building (with its parts merged) ready for tiling: triangles in ECEF metres (EPSG:4978), float64.
 * Produced by `src/core/convert` from a `CityObjectRecord`.
 */
export interface BuildingMesh {
  /** gml:id of the top-level building; becomes the feature's `gml_id` property. */
  id: string;
  /** Flattened properties for the metadata table (e.g. function, roofType, measuredHeight, address, generic attributes). */
  properties: Record<string, PropertyValue>;
  /** x,y,z per vertex, ECEF metres (EPSG:4978), float64. */
  positions: Float64Array;
  /** Unit normal per vertex, ECEF axes, facing outwards (flat per polygon). */
  normals: Float32Array;
  /** Triangle list, counter-clockwise seen from outside. */
  indices: Uint32Array;
  /** Per-vertex index into `SURFACE_PALETTE` (roof, wall, ground, …) for semantic colours. */
  surfaceClass: Uint8Array;
  /** Optional per-vertex RGBA (0..255) from X3DMaterial, overriding the semantic colour. */
  colors?: Uint8Array;
  /** Optional ParameterizedTexture images of the building (only when a conversion asks for textures). */
  texture?: MeshTexture;
  /** xAL addresses of the building and its parts, as published; they go to the address index, not the tiles. */
  addresses?: Address[];
}

/**
 * Texture images applied to a building's surfaces: which image each vertex samples and where. All
 * vertices of one polygon share an image; untextured vertices keep their semantic or material colour.
 */
export interface MeshTexture {
  /**
   * Image references, as the tile writer's image resolver expects them (the CityGML `imageURI`, made
   * absolute or file-relative by whoever produced the mesh).
   */
  uris: string[];
  /** Per vertex: 1 + index into `uris`, or 0 for an untextured vertex. */
  image: Uint16Array;
  /**
   * u,v per vertex as in CityGML (origin at the image's bottom-left, 1 = image width/height; values
   * outside 0..1 repeat the image). 0,0 for untextured vertices.
   */
  uv: Float32Array;
}

/** A file of the output tileset: path relative to the tileset root ('tileset.json', 'tiles/0/0/0.glb', …). */
export interface TilesetFile {
  path: string;
  bytes: Uint8Array;
}
