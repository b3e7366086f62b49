/**
 * Thematic layers of a city: plain, serialisable configuration (JSON-safe: no functions, no
 * Cesium objects) so a layer's state can later become part of the shareable URL.
 */

import type { GisFormat } from '../../core/layers/gis/features.ts';

/** A German and an English text. */
export interface LocalText {
  de: string;
  en: string;
}

/**
 * A credit line text: one string for every language (a name or a licence, e.g. "Geobasis NRW (dl-de/zero-2-0)"),
 * or a German and an English text where it says something (e.g. that the data is invented). Shown as text.
 */
export type Attribution = string | LocalText;

/** A lon/lat box in degrees (WGS84): west, south, east, north. */
export type LonLatBox = [west: number, south: number, east: number, north: number];

/**
 * Where a layer's data comes from. URLs are relative to the app (same origin) unless `remote` is set; remote
 * servers must answer with CORS headers. Remote vector sources ask for the features in `bbox`, by default a box
 * of `ground.radiusMetres` around the city's ground point (see `remote.ts`).
 */
export type LayerSource =
  | { type: '3dtiles'; url: string }
  | { type: 'geojson'; url: string }
  /** Comma-, semicolon- or tab-separated text with lon/lat columns (guessed when not named). */
  | { type: 'csv'; url: string; longitudeColumn?: string; latitudeColumn?: string }
  /**
   * A GIS file read in the layers worker: `url` of a `.shp` (its `.dbf`, `.prj`, `.shx`, `.cpg` are fetched
   * beside it) or of a ZIP of the parts, a `.gpkg`, `.kml`/`.kmz` or `.fgb`; reprojected from its own CRS.
   */
  | { type: 'gis'; format: GisFormat; url: string }
  /**
   * WMS 1.3.0 GetMap as an imagery layer on the globe (`layers`: comma-separated names; `format` image/png).
   * `maximumLevel`: the finest Web Mercator level asked for (coarser tiles are stretched when closer), so that a
   * slow map server answers fewer, larger requests; default: as fine as the view needs. Tiles are asked for
   * only within `bbox` (default: the city's ground radius, as for WFS).
   */
  | {
      type: 'wms';
      url: string;
      layers: string;
      format?: string;
      maximumLevel?: number;
      bbox?: LonLatBox;
      remote: true;
    }
  /** WMTS (KVP or a RESTful template URL) as an imagery layer on the globe, within `bbox` (as for WMS). */
  | {
      type: 'wmts';
      url: string;
      layer: string;
      tileMatrixSetID: string;
      style: string;
      format?: string;
      maximumLevel?: number;
      bbox?: LonLatBox;
      remote: true;
    }
  /** WFS 2.0 GetFeature as GeoJSON (`outputFormat` default 'application/json'), at most `maxFeatures`. */
  | {
      type: 'wfs';
      url: string;
      typeName: string;
      outputFormat?: string;
      maxFeatures?: number;
      bbox?: LonLatBox;
      remote: true;
    }
  /** OGC API Features: `{url}/collections/{collection}/items?f=json`, `next` links followed up to `maxFeatures`. */
  | {
      type: 'ogc-features';
      url: string;
      collection: string;
      maxFeatures?: number;
      /** Features per page (`limit`), default min(500, maxFeatures). */
      pageSize?: number;
      bbox?: LonLatBox;
      remote: true;
    }
  /**
   * An XPlanGML plan, drawn from `LayerModel.plans[planId]`: imported in the browser (memory only), or configured
   * with `url`, a same-origin XPlanGML file read in the conversion workers when one of its layers is first shown.
   * A configured plan lists its areas layer with id `planId` and its envelopes layer with id `${planId}:envelopes`.
   */
  | { type: 'xplan'; planId: string; url?: string }
  /** A GeoJSON/CSV file imported in the browser: its features (in `LayerModel.features`) live in memory only. */
  | { type: 'imported'; importId: string };

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
  /** Shown in Cesium's credit line while the layer is visible (as text). */
  attribution?: Attribution;
  description?: LocalText;
  /** Illustrative (invented) data rather than official data: the UI says so. */
  illustrative?: boolean;
  /** Features of the layer can be searched by this property (e.g. school names). */
  searchProperty?: string;
  /**
   * Readable names of the features' properties in the attribute panel (`speed_class` → "Verfügbare Bandbreite"),
   * as a GIS's field aliases; a property not named here is shown by its name in the data.
   */
  fields?: Record<string, LocalText>;
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
  ground?: {
    longitude: number;
    latitude: number;
    heightNhn: number;
    radiusMetres: number;
    /** EGM96 geoid undulation at the ground point, metres: points without a height stand on NHN + this. */
    undulation?: number;
  };
}
