/**
 * The thematic layers an embed shows: the point layers of the city's layer config (school markers and the like,
 * GeoJSON from the page's origin or an allowed one) that a link's `layers=` turns on. The embed starts with every
 * layer hidden, so a plain embed fetches nothing beyond the tiles; `layers=schools:1[:opacity]` shows one, in the
 * main viewer's form (core/layers/layer-states-url.ts). Features are read by the main viewer's reader (the core's
 * GeoJSON reader, which reprojects from a legacy `crs` member through core/crs), loaded with the first layer.
 */
import type { LayerStatePatches } from '../core/layers/layer-states-url.ts';
import type { LayerFeature } from '../app/layers/features.ts';
import { groundHeightAt } from '../app/layers/ground-height.ts';
import type { CityConfig } from '../app/config/types.ts';

/** A city's layer settings. */
type CityLayersConfig = NonNullable<CityConfig['layers']>;

/** One configured layer of a city. */
export type EmbedLayerConfig = CityLayersConfig['layers'][number];

/** A layer the embed draws: its config, its opacity (0..1) and its source's absolute URL. */
export interface EmbedLayer {
  config: EmbedLayerConfig;
  opacity: number;
  url: string;
}

/** Why a layer named in `layers=` is not drawn. */
export type EmbedLayerRefusal = { id: string; reason: 'unknown' | 'kind' | 'origin' };

/**
 * The layers a link turns on that the embed can draw: point-styled GeoJSON layers whose URL (resolved against
 * `base`) passes `allowed`. Others named with `:1` are reported; layers named with `:0` are simply not drawn.
 */
export function embedLayers(
  config: CityLayersConfig | undefined,
  patches: LayerStatePatches | undefined,
  base: string,
  allowed: (url: string) => boolean,
): { layers: EmbedLayer[]; refused: EmbedLayerRefusal[] } {
  const layers: EmbedLayer[] = [];
  const refused: EmbedLayerRefusal[] = [];
  for (const [id, patch] of Object.entries(patches ?? {})) {
    if (patch.visible !== true) continue;
    const layer = config?.layers.find((candidate) => candidate.id === id);
    if (!layer) {
      refused.push({ id, reason: 'unknown' });
      continue;
    }
    if (layer.source.type !== 'geojson' || layer.style?.geometry !== 'points') {
      refused.push({ id, reason: 'kind' });
      continue;
    }
    const url = new URL(layer.source.url, base).href;
    if (!allowed(url)) {
      refused.push({ id, reason: 'origin' });
      continue;
    }
    layers.push({ config: layer, opacity: patch.opacity ?? layer.opacity, url });
  }
  return { layers, refused };
}

/** A point to draw: the feature, its position (WGS84 degrees) and the ground under it (ellipsoidal metres). */
export interface EmbedPoint {
  feature: LayerFeature;
  longitude: number;
  latitude: number;
  height: number;
}

/**
 * The points of a layer's features: each point's own height (the third GeoJSON coordinate, ellipsoidal metres),
 * else the city's ground there (NHN + undulation within its radius), as the main viewer places its markers.
 */
export function pointsOf(
  features: readonly LayerFeature[],
  ground: CityLayersConfig['ground'],
): EmbedPoint[] {
  const points: EmbedPoint[] = [];
  for (const feature of features) {
    const position = feature.kind === 'point' ? feature.coordinates[0]?.[0] : undefined;
    if (!position) continue;
    const [longitude, latitude] = position;
    points.push({
      feature,
      longitude,
      latitude,
      height: feature.height ?? groundHeightAt(position, ground),
    });
  }
  return points;
}

/** Fetches and reads a layer's GeoJSON (the reader loads with the first layer: it brings the CRS code). */
export async function loadLayerFeatures(layer: EmbedLayer): Promise<LayerFeature[]> {
  const response = await fetch(layer.url);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${layer.url}`);
  const text = await response.text();
  const { geoJsonLayerFeatures } = await import('../app/layers/geojson-features.ts');
  return geoJsonLayerFeatures(
    text,
    layer.config.id,
    layer.config.source.type === 'geojson' ? layer.url : undefined,
  ).features;
}
