/**
 * Plain data of thematic layers, independent of Cesium and React: GeoJSON parsing into points, lines and
 * polygons (lon/lat degrees, optional ellipsoidal height in metres), legends generated from a layer's
 * style, and what the attribute panel shows for a picked feature (text; links only for http(s) URLs).
 */
import { isHttpUrl } from '../../core/layers/schools.ts';
import type { LayerConfig, LayerStyle, LocalText } from './types.ts';

type Language = 'de' | 'en';

/** One feature of a thematic layer. Coordinates are lon/lat degrees; `height` is ellipsoidal metres. */
export interface LayerFeature {
  layerId: string;
  /** Unique within its layer. */
  id: string;
  kind: 'point' | 'line' | 'polygon';
  /** Point: one position; line: the vertices; polygon: rings (outer first) as lon,lat pairs. */
  coordinates: [number, number][][];
  /** Point only: ellipsoidal height of the ground at the point, metres (3rd GeoJSON coordinate). */
  height?: number;
  /** All properties as text (never HTML). */
  properties: Record<string, string>;
  /** Document links (http(s) only) that come with the feature, e.g. a plan's documents. */
  links?: { label: string; href: string }[];
}

/** What the attribute panel shows (structurally the viewer's `PickedFeature`; kept here so Node tests need no JSX). */
export interface PanelFeature {
  properties: [name: string, value: string][];
  title?: string;
  links?: { label: string; href: string }[];
  note?: string;
}

/** One entry of a legend: a colour swatch and its meaning. */
export interface LegendItem {
  color: string;
  label: string;
  shape: LayerStyle['geometry'];
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '';
  return JSON.stringify(value);
}

function position(value: unknown): [number, number, number | undefined] | undefined {
  if (!Array.isArray(value) || value.length < 2) return undefined;
  const [lon, lat, height] = value as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    return undefined;
  }
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return undefined;
  return [lon, lat, typeof height === 'number' && Number.isFinite(height) ? height : undefined];
}

function ring(value: unknown): [number, number][] {
  if (!Array.isArray(value)) return [];
  const result: [number, number][] = [];
  for (const item of value) {
    const p = position(item);
    if (p) result.push([p[0], p[1]]);
  }
  return result;
}

/**
 * Reads a GeoJSON FeatureCollection (RFC 7946: WGS 84 lon/lat degrees) into layer features: Point,
 * MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon. Other geometries are skipped and counted.
 */
export function parseGeoJsonFeatures(
  textOrObject: string | unknown,
  layerId: string,
): { features: LayerFeature[]; skipped: number } {
  const root: unknown = typeof textOrObject === 'string' ? JSON.parse(textOrObject) : textOrObject;
  const list: unknown[] =
    root && typeof root === 'object' && Array.isArray((root as { features?: unknown }).features)
      ? (root as { features: unknown[] }).features
      : [];
  const features: LayerFeature[] = [];
  let skipped = 0;
  list.forEach((item, index) => {
    const feature = item as { geometry?: { type?: unknown; coordinates?: unknown }; properties?: unknown };
    const properties: Record<string, string> = {};
    if (feature.properties && typeof feature.properties === 'object') {
      for (const [key, value] of Object.entries(feature.properties)) properties[key] = text(value);
    }
    const geometry = feature.geometry;
    const coords = geometry?.coordinates;
    const base = { layerId, properties };
    const id = `${layerId}:${index}`;
    switch (geometry?.type) {
      case 'Point': {
        const p = position(coords);
        if (!p) break;
        features.push({ ...base, id, kind: 'point', coordinates: [[[p[0], p[1]]]], height: p[2] });
        return;
      }
      case 'MultiPoint':
        if (!Array.isArray(coords)) break;
        coords.forEach((c, part) => {
          const p = position(c);
          if (p)
            features.push({
              ...base,
              id: `${id}.${part}`,
              kind: 'point',
              coordinates: [[[p[0], p[1]]]],
              height: p[2],
            });
        });
        return;
      case 'LineString':
        features.push({ ...base, id, kind: 'line', coordinates: [ring(coords)] });
        return;
      case 'MultiLineString':
        if (!Array.isArray(coords)) break;
        coords.forEach((c, part) =>
          features.push({ ...base, id: `${id}.${part}`, kind: 'line', coordinates: [ring(c)] }),
        );
        return;
      case 'Polygon':
        if (!Array.isArray(coords)) break;
        features.push({ ...base, id, kind: 'polygon', coordinates: coords.map(ring) });
        return;
      case 'MultiPolygon':
        if (!Array.isArray(coords)) break;
        coords.forEach((polygon, part) => {
          if (Array.isArray(polygon)) {
            features.push({ ...base, id: `${id}.${part}`, kind: 'polygon', coordinates: polygon.map(ring) });
          }
        });
        return;
      default:
        break;
    }
    skipped += 1;
  });
  return { features, skipped };
}

/** Colour of a feature under a style: its class colour, else the style's colour. */
export function featureColor(style: LayerStyle, properties: Record<string, string>): string {
  if (style.property && style.classes) {
    const value = properties[style.property];
    const match = style.classes.find((c) => c.value === value);
    if (match) return match.color;
  }
  return style.color;
}

/** The legend of a style: one entry per class, or one for the single colour. */
export function legendFor(
  style: LayerStyle | undefined,
  language: Language,
  fallback: LocalText,
): LegendItem[] {
  if (!style) return [];
  if (style.classes && style.classes.length > 0) {
    return style.classes.map((c) => ({ color: c.color, label: c.label[language], shape: style.geometry }));
  }
  return [{ color: style.color, label: (style.colorLabel ?? fallback)[language], shape: style.geometry }];
}

/** Properties not shown in the attribute table (they appear as the title, a link or a note instead). */
const HIDDEN = new Set(['illustrative']);

/**
 * What the attribute panel shows for a picked layer feature: the layer's name as title, every property as
 * text, `website`/`url`/`link`-like properties as links only when they are http(s) URLs, and a note when the
 * data is illustrative.
 */
export function pickedFromLayerFeature(
  feature: LayerFeature,
  layer: Pick<LayerConfig, 'label' | 'illustrative'>,
  language: Language,
): PanelFeature {
  const properties: [string, string][] = [];
  const links: { label: string; href: string }[] = (feature.links ?? []).filter((link) =>
    isHttpUrl(link.href),
  );
  for (const [name, value] of Object.entries(feature.properties)) {
    if (HIDDEN.has(name) || value === '') continue;
    properties.push([name, value]);
    if (/^(website|url|link|homepage|webseite|internet|href)/i.test(name) && isHttpUrl(value)) {
      links.push({ label: value, href: value.trim() });
    }
  }
  const illustrative = layer.illustrative === true || feature.properties.illustrative === 'true';
  return {
    properties,
    title: layer.label[language],
    links,
    note: illustrative
      ? language === 'de'
        ? 'Illustrative Demodaten – keine amtlichen Angaben.'
        : 'Illustrative demo data – not official.'
      : undefined,
  };
}
