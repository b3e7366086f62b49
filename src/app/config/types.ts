/** Typed configuration of one municipality: what the viewer shows for `?city=<id>`. */
import type { GeoBounds } from '../../core/gesture/limits.ts';
import type { Attribution, CityLayersConfig } from '../layers/types.ts';
import type { GeocoderConfig } from '../../core/search/geocoder.ts';
import type { Language } from '../i18n/index.ts';

/** A camera orbit around a target: the target lies at the screen centre. */
export interface OrbitView {
  /** Target point: longitude/latitude in degrees (ETRS89 ≈ WGS84), height in ellipsoidal metres. */
  target: { longitude: number; latitude: number; height: number };
  /** Degrees clockwise from north. */
  heading: number;
  /** Degrees, negative looks down. */
  pitch: number;
  /** Distance from the camera to the target in metres. */
  range: number;
}

/** A 3D Tiles tileset of the city (buildings, terrain surfaces, …). */
export interface TilesetSource {
  id: string;
  /** URL of tileset.json, relative to the app (same origin by default). */
  url: string;
  label: { de: string; en: string };
  /** Shown in the credit line while the tileset is visible. */
  attribution?: Attribution;
  /** Message shown when the tileset is missing, e.g. how to generate it. */
  missingHint?: { de: string; en: string };
  /** Year of the state the tileset shows (e.g. 2000 for "Bestand 2000"); orders the compare divider's choices. */
  year?: number;
}

/**
 * A quantized-mesh-1.0 terrain (`layer.json` + `.terrain` tiles, e.g. from `npm run terrain`) that the globe is
 * drawn with instead of the bare WGS84 ellipsoid. Heights are ellipsoidal metres, as the buildings'.
 */
export interface TerrainSource {
  /** The tileset's `layer.json` or its folder, relative to the app (same origin; never Cesium ion). */
  url: string;
  label: { de: string; en: string };
  /** Shown in the credit line while the terrain is shown. */
  attribution?: Attribution;
  /** Message shown when the terrain is missing or broken, e.g. how to generate it. */
  missingHint?: { de: string; en: string };
  /** false: the city starts on the ellipsoid and the link `?terrain=<folder name>` switches this terrain on. */
  shownAtStart?: boolean;
  /**
   * Areas (rings of [longitude, latitude] in degrees) where a tileset draws its own ground: the terrain is cut out
   * there, so two surfaces at the same height do not fight over each pixel. Lay them a little inside that ground.
   */
  cutOut?: [number, number][][];
}

/** Base imagery on the globe. The default is offline; online maps must be switched on explicitly. */
export type BaseMapConfig =
  | { kind: 'natural-earth' }
  | {
      kind: 'wmts';
      url: string;
      layer: string;
      style: string;
      tileMatrixSetID: string;
      format: string;
      maximumLevel: number;
      attribution: string;
    }
  | { kind: 'xyz'; url: string; maximumLevel: number; attribution: string };

export interface CityConfig {
  id: string;
  name: string;
  /** Official municipality key (Amtlicher Gemeindeschlüssel), e.g. "05124000" for Wuppertal. */
  ags?: string;
  title: { de: string; en: string };
  tilesets: TilesetSource[];
  /**
   * Further building tilesets, e.g. other years of the city model: not shown in the map, only offered by the
   * compare divider as a side (`src/app/compare/`). Ids are unique among `tilesets` and these.
   */
  compareTilesets?: TilesetSource[];
  homeView: OrbitView;
  /**
   * Where the camera may go (WGS84 degrees). Without it the camera is free (imports and shared views may lie
   * anywhere), except in kiosk mode: a square of four home-view ranges (at least 5 km) each way around the home
   * view's target (`src/app/touch/`).
   */
  bounds?: GeoBounds;
  baseMap: BaseMapConfig;
  /** The ground the globe is drawn with; without it the bare ellipsoid (`src/app/terrain/`). */
  terrain?: TerrainSource;
  /** Data attributions always shown in the credit line. */
  attributions: Attribution[];
  /** Shown in the header when the data is illustrative rather than official. */
  notice?: { de: string; en: string };
  /** Thematic layers: groups, layers, statistics. */
  layers?: CityLayersConfig;
  /** Stories offered in the header's "Stories" menu (JSON, schema in docs/story-schema.md). */
  stories?: StoryLink[];
  /**
   * An external geocoder the search also asks (after its offline results), e.g. a Nominatim or the BKG's service.
   * Off by default: without it no search request leaves the deployment. Its origin is added to the
   * Content-Security-Policy's connect-src by `vite-csp.ts` (rebuild after adding it; docs in src/app/search/README.md).
   */
  geocoder?: GeocoderConfig;
  /**
   * Further origins (or URLs on them) whose tilesets the embed viewer may load from a link's `tileset=`; the page's
   * own origin and those of `tilesets` and `compareTilesets` are always allowed, every other one is refused. Added
   * to the Content-Security-Policy's connect-src by `vite-csp.ts`.
   */
  allowedTilesetOrigins?: string[];
  /** Present: the viewer runs as an unattended kiosk (foyer screen) unless the link says `?kiosk=0`. */
  kiosk?: KioskConfig;
}

/** A city's kiosk settings (`src/app/kiosk/`). */
export interface KioskConfig {
  /** Seconds without input before the kiosk resets and plays its attract loop (5..3600; default 120). */
  idleSeconds?: number;
  /** Id of the story (in `stories`) played while nobody uses the kiosk; default the first story. */
  attractStory?: string;
}

/** A story a city offers: its menu title and where its JSON lies (relative to the app, same origin). */
export interface StoryLink {
  id: string;
  title: { de: string; en: string };
  url: string;
  /** The language the story is written in; the kiosk's attract loop plays one in the page's language. */
  language?: Language;
}
