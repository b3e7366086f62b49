/**
 * Thematic layers of a city (issue #6): plain, serialisable configuration (JSON-safe: no functions, no
 * Cesium objects) so a layer's state can later become part of the shareable URL.
 */

/** A German and an English text. */
export interface LocalText {
  de: string;
  en: string;
}

/** Where a layer's data comes from. URLs are relative to the app (same origin) unless `remote` is set. */
export type LayerSource =
  | { type: '3dtiles'; url: string }
  | { type: 'geojson'; url: string }
  | { type: 'csv'; url: string; longitudeColumn?: string; latitudeColumn?: string }
  | { type: 'wms'; url: string; layers: string; remote: true }
  | { type: 'wmts'; url: string; layer: string; tileMatrixSetID: string; style: string; remote: true }
  | { type: 'wfs'; url: string; typeName: string; remote: true }
  | { type: 'ogc-features'; url: string; collection: string; remote: true }
  /** A plan imported in the browser: its features live in the app's memory, keyed by `planId`. */
  | { type: 'xplan'; planId: string };

/** One class of a style: features whose `property` equals `value` are drawn in `color`. */
export interface StyleClass {
  value: string;
  label: LocalText;
  /** CSS colour (#rrggbb). */
  color: string;
}

/**
 * How features are drawn. The legend is generated from the style, so the two never disagree.
 * - `points`: 3D markers with labels (`labelProperty`), coloured by `classes` of `property` (or `color`).
 * - `polygons`: draped translucent areas coloured by class.
 * - `lines`: lines draped on the ground.
 */
export interface LayerStyle {
  geometry: 'points' | 'polygons' | 'lines';
  /** Colour when no class matches, or the only colour. */
  color: string;
  /** Label of the single-colour legend entry. */
  colorLabel?: LocalText;
  property?: string;
  classes?: StyleClass[];
  labelProperty?: string;
  /** Lines: width in pixels. */
  width?: number;
}

/** One thematic layer of a city. */
export interface LayerConfig {
  id: string;
  /** `id` of a `LayerGroup` of the city. */
  group: string;
  label: LocalText;
  /** Initial visibility. */
  visible: boolean;
  /** Initial opacity, 0..1. */
  opacity: number;
  source: LayerSource;
  style?: LayerStyle;
  /** Shown in Cesium's credit line while the layer is visible (plain text). */
  attribution?: string;
  description?: LocalText;
  /** Illustrative (invented) data rather than official data: the UI says so. */
  illustrative?: boolean;
  /** Features of the layer can be searched by this property (e.g. school names). */
  searchProperty?: string;
}

/** A group in the layer tree. */
export interface LayerGroup {
  id: string;
  label: LocalText;
}

/** Runtime state of one layer: visibility and opacity (serialisable, e.g. into the URL). */
export interface LayerState {
  visible: boolean;
  opacity: number;
}

/** State of every layer of a city by layer id. */
export type LayerStates = Record<string, LayerState>;

/** The city's layer settings: groups, layers, and optional charts of municipality statistics. */
export interface CityLayersConfig {
  groups: LayerGroup[];
  layers: LayerConfig[];
  /** Same-origin JSON with Breitbandatlas coverage by AGS (see `tools/demo-layers.ts`). */
  broadbandStatisticsUrl?: string;
  /**
   * Typical ground of the city's model (lon/lat degrees, DHHN2016 metres above NHN): relative heights of plans
   * within `radiusMetres` stand on it; elsewhere they stand on the bare globe (ellipsoid, 0 m).
   */
  ground?: { longitude: number; latitude: number; heightNhn: number; radiusMetres: number };
}
