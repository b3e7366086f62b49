/**
 * Remote and tabular vector sources of thematic layers, without Cesium or React: WFS GetFeature and OGC API
 * Features request URLs (lon/lat boxes in WGS84 degrees), paging through OGC API `next` links with a cap, and
 * CSV/TSV tables with longitude/latitude columns → layer features. The GeoJSON and tables themselves are read
 * by the core readers (`src/core/layers/vector.ts`).
 */
import { readPointTable } from '../../core/layers/vector.ts';
import { layerFeaturesFromVector } from './features.ts';
import { geoJsonLayerFeatures } from './geojson-features.ts';
import type { LayerFeature } from './features.ts';
import type { CityLayersConfig, LayerSource, LonLatBox } from './types.ts';

/** Features asked for at most per remote vector layer unless its source says otherwise. */
export const DEFAULT_MAX_FEATURES = 2000;
/** Pages of an OGC API Features collection followed at most. */
export const MAX_PAGES = 20;

type WfsSource = Extract<LayerSource, { type: 'wfs' }>;
type OgcSource = Extract<LayerSource, { type: 'ogc-features' }>;
type CsvSource = Extract<LayerSource, { type: 'csv' }>;

/** A lon/lat box (degrees) of `radiusMetres` around a point (degrees), on a sphere of the mean earth radius. */
export function boxAround(longitude: number, latitude: number, radiusMetres: number): LonLatBox {
  const dLat = (radiusMetres / 6_371_008.8) * (180 / Math.PI);
  const dLon = dLat / Math.max(0.01, Math.cos((latitude * Math.PI) / 180));
  return [longitude - dLon, latitude - dLat, longitude + dLon, latitude + dLat];
}

/** The box a remote vector source asks for: its own `bbox`, else the city's ground radius, else none. */
export function sourceBox(
  source: { bbox?: LonLatBox },
  ground: CityLayersConfig['ground'],
): LonLatBox | undefined {
  if (source.bbox) return source.bbox;
  return ground ? boxAround(ground.longitude, ground.latitude, ground.radiusMetres) : undefined;
}

const round = (value: number) => Number(value.toFixed(7));

/**
 * WFS 2.0.0 GetFeature URL for GeoJSON in EPSG:4326 (GeoJSON itself is lon/lat). The BBOX is given in
 * `urn:ogc:def:crs:EPSG::4326` and therefore in latitude/longitude order, as WFS 2.0 requires.
 */
export function wfsGetFeatureUrl(source: WfsSource, box: LonLatBox | undefined, base: string): string {
  const url = new URL(source.url, base);
  const params = url.searchParams;
  params.set('SERVICE', 'WFS');
  params.set('VERSION', '2.0.0');
  params.set('REQUEST', 'GetFeature');
  params.set('TYPENAMES', source.typeName);
  params.set('OUTPUTFORMAT', source.outputFormat ?? 'application/json');
  params.set('SRSNAME', 'EPSG:4326');
  params.set('COUNT', String(source.maxFeatures ?? DEFAULT_MAX_FEATURES));
  if (box) {
    const [west, south, east, north] = box.map(round) as LonLatBox;
    params.set('BBOX', `${south},${west},${north},${east},urn:ogc:def:crs:EPSG::4326`);
  }
  return url.href;
}

/** First page of an OGC API Features collection as GeoJSON (`bbox` in CRS84 lon/lat order). */
export function ogcItemsUrl(source: OgcSource, box: LonLatBox | undefined, base: string): string {
  const root = new URL(source.url, base);
  const path = root.pathname.replace(/\/+$/, '');
  root.pathname = `${path}/collections/${encodeURIComponent(source.collection)}/items`;
  root.searchParams.set('f', 'json');
  root.searchParams.set(
    'limit',
    String(source.pageSize ?? Math.min(500, source.maxFeatures ?? DEFAULT_MAX_FEATURES)),
  );
  if (box) root.searchParams.set('bbox', box.map(round).join(','));
  return root.href;
}

/** The `next` link of an OGC API Features page, if it stays on the same origin as `current`. */
export function nextPageUrl(page: unknown, current: string): string | undefined {
  const links = (page as { links?: unknown } | null)?.links;
  if (!Array.isArray(links)) return undefined;
  for (const link of links as { rel?: unknown; href?: unknown; type?: unknown }[]) {
    if (link?.rel !== 'next' || typeof link.href !== 'string') continue;
    if (typeof link.type === 'string' && !/json/i.test(link.type)) continue;
    const next = new URL(link.href, current);
    // Follow only links to the same server: a page must not send the browser elsewhere.
    return next.origin === new URL(current).origin ? next.href : undefined;
  }
  return undefined;
}

/**
 * Reads an OGC API Features collection page by page (`next` links on the same origin) until there is no next
 * page, `maxFeatures` features are read or `MAX_PAGES` pages are fetched. Returns the features as layer features.
 */
export async function readOgcFeatures(
  source: OgcSource,
  box: LonLatBox | undefined,
  layerId: string,
  fetchJson: (url: string) => Promise<unknown>,
  base: string,
): Promise<{ features: LayerFeature[]; pages: number; truncated: boolean }> {
  const max = source.maxFeatures ?? DEFAULT_MAX_FEATURES;
  const collected: unknown[] = [];
  let url: string | undefined = ogcItemsUrl(source, box, base);
  let pages = 0;
  while (url && pages < MAX_PAGES && collected.length < max) {
    const page = await fetchJson(url);
    pages += 1;
    const list = (page as { features?: unknown } | null)?.features;
    if (!Array.isArray(list)) {
      throw new Error(`remote.ts: ${url} is no GeoJSON FeatureCollection (no "features" array)`);
    }
    collected.push(...(list as unknown[]));
    url = nextPageUrl(page, url);
  }
  const truncated = url !== undefined || collected.length > max;
  const parsed =
    collected.length === 0
      ? { features: [] }
      : geoJsonLayerFeatures(
          { value: { type: 'FeatureCollection', features: collected.slice(0, max) } },
          layerId,
        );
  return { features: parsed.features, pages, truncated };
}

/** Reads a WFS GetFeature GeoJSON answer into layer features (WFS exceptions come back as XML: reported). */
export function readWfsGeoJson(body: string, layerId: string, url: string): LayerFeature[] {
  if (/^\s*</.test(body)) {
    const message = /<(?:ows:)?ExceptionText>([^<]*)</.exec(body)?.[1]?.trim();
    throw new Error(`remote.ts: WFS ${url} answered XML, not GeoJSON${message ? `: ${message}` : ''}`);
  }
  return geoJsonLayerFeatures(body, layerId, url).features;
}

/**
 * Reads a CSV/TSV table (delimiter detected) into point features with the core table reader: positions from the
 * source's named columns or from guessed lon/lat columns (lon/lng/longitude/laenge/x, lat/latitude/breite/y) in
 * WGS84 degrees with '.' or ',' as the decimal mark (easting/northing in EPSG:25832 when beyond degrees). The
 * position columns are not shown as properties. Rows without a valid position are skipped and reported with
 * their line; a table without position columns is an error.
 */
export function readCsvFeatures(
  text: string,
  layerId: string,
  source: Pick<CsvSource, 'longitudeColumn' | 'latitudeColumn' | 'url'>,
): { features: LayerFeature[]; problems: string[] } {
  const layer = readPointTable(text, {
    file: source.url,
    ...(source.longitudeColumn !== undefined ? { longitudeColumn: source.longitudeColumn } : {}),
    ...(source.latitudeColumn !== undefined ? { latitudeColumn: source.latitudeColumn } : {}),
  });
  const problems = layer.problems.map((p) => `${source.url}:${p.line}: ${p.message}`);
  if (!layer.positionColumns) throw new Error(problems[problems.length - 1] ?? `${source.url}: no positions`);
  return { features: layerFeaturesFromVector(layer, layerId, layer.positionColumns), problems };
}
