/**
 * `?layersConfig=<url>`: extra thematic layers from a JSON file (a `CityLayersConfig`), added to the city's own.
 * Meant for tests and local development against a local server (e.g. MapServer on 127.0.0.1): it is honoured
 * ONLY when the viewer itself runs on a loopback host (localhost, 127.0.0.1, [::1]) AND the JSON's URL is an
 * http(s) URL on a loopback host. On any public deployment the parameter is ignored, so a crafted link can
 * neither add layers from elsewhere nor make a visitor's browser call another server.
 */
import type { CityLayersConfig, LayerConfig, LayerSource } from '../layers/types.ts';

/** Name of the query parameter. */
export const LAYERS_CONFIG_PARAM = 'layersConfig';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether `url` is an http(s) URL on a loopback host. */
export function isLoopbackUrl(url: URL): boolean {
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK.has(url.hostname);
}

/**
 * The extra layer config URL of a page, or undefined: absent, or refused (with the reason) unless both the page
 * (`pageHref`) and the named URL are on loopback hosts.
 */
export function layersConfigUrl(search: string, pageHref: string): { url?: string; refused?: string } {
  const value = new URLSearchParams(search).get(LAYERS_CONFIG_PARAM);
  if (value === null || value === '') return {};
  if (!isLoopbackUrl(new URL(pageHref))) {
    return { refused: `${LAYERS_CONFIG_PARAM} is only honoured on a viewer served from localhost` };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { refused: `${LAYERS_CONFIG_PARAM}: "${value}" is not an absolute URL` };
  }
  if (!isLoopbackUrl(url)) {
    return { refused: `${LAYERS_CONFIG_PARAM}: only http(s) URLs on localhost/127.0.0.1 are accepted` };
  }
  return { url: url.href };
}

const SOURCE_TYPES = new Set<LayerSource['type']>([
  'geojson',
  'csv',
  'gis',
  'wms',
  'wmts',
  'wfs',
  'ogc-features',
]);
const GIS_FORMATS = new Set(['shapefile', 'geopackage', 'kml', 'flatgeobuf']);
const REMOTE_TYPES = new Set<LayerSource['type']>(['wms', 'wmts', 'wfs', 'ogc-features']);

function isText(value: unknown): value is { de: string; en: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { de?: unknown }).de === 'string' &&
    typeof (value as { en?: unknown }).en === 'string'
  );
}

/**
 * Checks a parsed JSON layer config (groups and layers; other fields are ignored) and returns it typed.
 * Throws a message naming `origin` and the first bad layer. Layers start hidden unless they say `visible: true`.
 */
export function parseLayersConfig(json: unknown, origin: string): CityLayersConfig {
  const root = json as { groups?: unknown; layers?: unknown } | null;
  if (!root || typeof root !== 'object' || !Array.isArray(root.layers)) {
    throw new Error(`layers-override.ts: ${origin}: expected {"groups": [...], "layers": [...]}`);
  }
  const groups = Array.isArray(root.groups) ? root.groups : [];
  for (const [index, group] of groups.entries()) {
    const g = group as { id?: unknown; label?: unknown };
    if (typeof g.id !== 'string' || !isText(g.label)) {
      throw new Error(`layers-override.ts: ${origin}: group ${index} needs an id and a label {de, en}`);
    }
  }
  const layers = (root.layers as unknown[]).map((item, index): LayerConfig => {
    const layer = item as Partial<LayerConfig> & {
      source?: { type?: unknown; url?: unknown; remote?: unknown };
    };
    const where = `layers-override.ts: ${origin}: layer ${index}`;
    if (typeof layer.id !== 'string' || layer.id === '' || typeof layer.group !== 'string') {
      throw new Error(`${where} needs an id and a group`);
    }
    if (!isText(layer.label)) throw new Error(`${where} (${layer.id}) needs a label {de, en}`);
    const attribution: unknown = layer.attribution;
    if (attribution !== undefined && typeof attribution !== 'string' && !isText(attribution)) {
      throw new Error(`${where} (${layer.id}): attribution must be a text or {de, en}`);
    }
    const type = layer.source?.type as LayerSource['type'] | undefined;
    if (!type || !SOURCE_TYPES.has(type) || typeof layer.source?.url !== 'string') {
      throw new Error(
        `${where} (${layer.id}): source needs a type (${[...SOURCE_TYPES].join(', ')}) and a url`,
      );
    }
    if (type === 'gis' && !GIS_FORMATS.has(String((layer.source as { format?: unknown }).format))) {
      throw new Error(`${where} (${layer.id}): a gis source needs a format (${[...GIS_FORMATS].join(', ')})`);
    }
    if (REMOTE_TYPES.has(type) && layer.source.remote !== true) {
      throw new Error(`${where} (${layer.id}): a ${type} source must say "remote": true`);
    }
    return {
      ...(layer as LayerConfig),
      visible: layer.visible === true,
      opacity: typeof layer.opacity === 'number' ? Math.max(0, Math.min(1, layer.opacity)) : 1,
    };
  });
  return { groups: groups as CityLayersConfig['groups'], layers };
}

/** The city's layers followed by the extra ones (an extra layer or group with a known id replaces it). */
export function mergeLayersConfig(
  base: CityLayersConfig | undefined,
  extra: CityLayersConfig,
): CityLayersConfig {
  const own = base ?? { groups: [], layers: [] };
  const groupIds = new Set(extra.groups.map((g) => g.id));
  const layerIds = new Set(extra.layers.map((l) => l.id));
  return {
    ...own,
    groups: [...own.groups.filter((g) => !groupIds.has(g.id)), ...extra.groups],
    layers: [...own.layers.filter((l) => !layerIds.has(l.id)), ...extra.layers],
  };
}
