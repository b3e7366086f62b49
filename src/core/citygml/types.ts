/**
 * Records produced by the streaming CityGML reader (`readCityGml`). Platform-free: plain objects over
 * typed arrays, safe to transfer between threads (structured clone / comlink transfer).
 *
 * Coordinates stay in the source CRS named by `srsName` (as written in the file, axis order as in the
 * file); the CRS module turns them into ECEF metres.
 */

/** Thematic surface class of a polygon (from CityGML boundary surfaces, 1.0/2.0/3.0). */
export type SurfaceSemantic =
  | 'roof'
  | 'wall'
  | 'ground'
  | 'closure'
  | 'outerCeiling'
  | 'outerFloor'
  | 'window'
  | 'door'
  | 'installation'
  | 'terrain'
  | 'unknown';

/** An X3DMaterial colour applied to a polygon (linear 0..1 components as in the file). */
export interface MaterialColor {
  diffuse: [number, number, number];
  /** 0 = opaque (CityGML semantics). */
  transparency: number;
}

/** A ParameterizedTexture applied to a polygon: image URI relative to the CityGML file, UVs per vertex. */
export interface PolygonTexture {
  imageUri: string;
  /** u,v per vertex, in the same order and count as `RawPolygon.positions` / 3. */
  uv: Float32Array;
}

/** One planar polygon as read: rings concatenated, closing vertex removed. */
export interface RawPolygon {
  /** x,y,z triples of all rings, in the source CRS (`srsName` of the polygon or its city object), axis order as in the file. 2D input gets z = 0. */
  positions: Float64Array;
  /** Vertex index (not float index) at which each ring starts; ring 0 is the exterior, the rest are holes. */
  ringStarts: Uint32Array;
  semantic: SurfaceSemantic;
  /** LoD this polygon belongs to (0..4). */
  lod: number;
  gmlId?: string;
  /** Set only where the polygon's geometry names a srsName different from the city object's. */
  srsName?: string;
  material?: MaterialColor;
  texture?: PolygonTexture;
}

/** A postal address (xAL 2 in CityGML 1.0/2.0, xAL 3 in CityGML 3.0), flattened. */
export interface Address {
  street?: string;
  houseNumber?: string;
  postalCode?: string;
  locality?: string;
  country?: string;
}

/** An external reference (CityGML `externalReference`, e.g. NRW's ALKIS link). */
export interface ExternalReference {
  informationSystem?: string;
  name?: string;
  uri?: string;
}

/** Value of a generic attribute; attribute sets become nested records. */
export type GenericValue = string | number | GenericAttributes;
export interface GenericAttributes {
  [name: string]: GenericValue;
}

/** Thematic attributes of a city object, as published (codes not translated). */
export interface CityObjectAttributes {
  name?: string;
  description?: string;
  class?: string;
  function?: string;
  usage?: string;
  roofType?: string;
  /** metres (converted from the uom where it is a known length unit) */
  measuredHeight?: number;
  /** uom as written in the file, e.g. "m", "urn:adv:uom:m" */
  measuredHeightUom?: string;
  storeysAboveGround?: number;
  storeysBelowGround?: number;
  yearOfConstruction?: number;
  yearOfDemolition?: number;
  addresses: Address[];
  externalReferences: ExternalReference[];
  generic: GenericAttributes;
}

/** A top-level city object (Building, Bridge, …) with its parts, one at a time from the reader. */
export interface CityObjectRecord {
  /** gml:id, or a generated `<file-basename>#<type>-<n>` where the file has none (flagged by `generatedId`). */
  id: string;
  generatedId?: boolean;
  /** Local element name: 'Building', 'BuildingPart', 'BuildingInstallation', 'Bridge', 'Road', 'LandUse', … */
  type: string;
  /** CityGML version of the document: '1.0' | '2.0' | '3.0'. */
  version: '1.0' | '2.0' | '3.0';
  /** 1-based line of the object's start tag in the input. */
  line: number;
  /** The LoD whose geometry `polygons` holds; -1 when the object has no geometry. */
  lod: number;
  /** Effective srsName: the object's own, else its envelope's, else the document's; undefined if none. */
  srsName?: string;
  attributes: CityObjectAttributes;
  /** Geometry of this object itself (installations of a building merged in, semantic 'installation'). */
  polygons: RawPolygon[];
  /** BuildingParts (recursively), each with own attributes and geometry. */
  parts: CityObjectRecord[];
}

/** A problem found in the input that did not stop reading. */
export interface ReadWarning {
  file?: string;
  line: number;
  /** What was found and what was expected, e.g. "polygon with 2 distinct vertices dropped (expected ≥ 3)". */
  message: string;
  objectId?: string;
}

/** Counts returned after a complete read: nothing disappears silently. */
export interface ReadSummary {
  version?: '1.0' | '2.0' | '3.0';
  /** srsName of the document (root envelope), if any. */
  srsName?: string;
  /** Top-level city objects by type, e.g. { Building: 33, Road: 2 }. */
  objectsByType: Record<string, number>;
  /** BuildingParts found (at any depth). */
  buildingParts: number;
  polygons: number;
  droppedPolygons: number;
  warnings: ReadWarning[];
}
