/**
 * Plain data of thematic layers, independent of Cesium and React: the features the core vector readers
 * read, as points, lines and polygons to draw (lon/lat degrees, optional ellipsoidal height in metres),
 * legends generated from a layer's style, and what the attribute panel shows for a picked feature (text;
 * links only for http(s) URLs).
 */
import { isHttpUrl } from '../../core/layers/fields.ts';
import { getOwn, setOwn } from '../../core/util/own.ts';
import type { VectorLayer } from '../../core/layers/vector.ts';
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
  /** Readable names of some properties in the UI's language (a layer's `fields`), by property name. */
  labels?: Record<string, string>;
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

/**
 * Layer features of a layer read by the core vector readers (`readGeoJsonLayer`, `readGeoJsonValue`,
 * `readPointTable`): one feature per part, so a MultiPoint gives one marker per point and a MultiPolygon one
 * area per polygon. Ids are `<layerId>:<index in the file>`, with `.<part>` for features of several parts.
 * Points take their height from `layer.heights` when the reader kept them. Properties named in `omit` (e.g.
 * a table's position columns) are left out.
 */
export function layerFeaturesFromVector(
  layer: Pick<VectorLayer, 'features' | 'coordinates' | 'heights'>,
  layerId: string,
  omit: readonly string[] = [],
): LayerFeature[] {
  const c = layer.coordinates;
  const out: LayerFeature[] = [];
  for (const feature of layer.features) {
    let properties = feature.properties;
    if (omit.length > 0) {
      properties = { ...properties };
      for (const name of omit) delete properties[name];
    }
    const id = `${layerId}:${feature.index}`;
    const several = feature.parts.length > 1;
    let vertex = feature.start;
    feature.parts.forEach((rings, part) => {
      const coordinates = rings.map((count) => {
        const ring: [number, number][] = [];
        for (let i = 0; i < count; i++, vertex++)
          ring.push([c[2 * vertex] as number, c[2 * vertex + 1] as number]);
        return ring;
      });
      const base = {
        layerId,
        id: several ? `${id}.${part}` : id,
        kind: feature.kind,
        coordinates,
        properties,
      };
      const height = feature.kind === 'point' ? layer.heights?.[vertex - 1] : undefined;
      out.push(height !== undefined && Number.isFinite(height) ? { ...base, height } : base);
    });
  }
  return out;
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

/** Layer data's truth values (GeoJSON and Shapefile fields often hold them as text) as the UI says them. */
const YES_NO: Record<Language, Record<string, string>> = {
  de: { true: 'ja', false: 'nein' },
  en: { true: 'yes', false: 'no' },
};

/**
 * What the attribute panel shows for a picked layer feature: the layer's name as title, every property as
 * text, `website`/`url`/`link`-like properties as links only when they are http(s) URLs, and a note when the
 * data is illustrative.
 */
export function pickedFromLayerFeature(
  feature: LayerFeature,
  layer: Pick<LayerConfig, 'label' | 'illustrative' | 'style' | 'fields'>,
  language: Language,
): PanelFeature {
  const properties: [string, string][] = [];
  const links: { label: string; href: string }[] = (feature.links ?? []).filter((link) =>
    isHttpUrl(link.href),
  );
  const style = layer.style;
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(feature.properties)) {
    if (HIDDEN.has(name) || value === '') continue;
    // The property the layer is coloured by reads as its legend does ("≥ 1000 Mbit/s (Glasfaser)", not "gte1000").
    const styled =
      name === style?.property ? style.classes?.find((entry) => entry.value === value) : undefined;
    properties.push([name, styled ? styled.label[language] : (getOwn(YES_NO[language], value) ?? value)]);
    const field = layer.fields ? getOwn(layer.fields, name) : undefined;
    if (field) setOwn(labels, name, field[language]);
    if (/^(website|url|link|homepage|webseite|internet|href)/i.test(name) && isHttpUrl(value)) {
      links.push({ label: value, href: value.trim() });
    }
  }
  const illustrative = layer.illustrative === true || feature.properties.illustrative === 'true';
  return {
    properties,
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    title: layer.label[language],
    links,
    note: illustrative
      ? language === 'de'
        ? 'Illustrative Demodaten – keine amtlichen Angaben.'
        : 'Illustrative demo data – not official.'
      : undefined,
  };
}
