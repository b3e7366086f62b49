/**
 * An optional external geocoder a city config may name (off by default: the search is offline). Only the request
 * URL and the reading of the answer live here; the app fetches, and only when a city configured one.
 */
import type { PlacePoint } from './place.ts';
import type { SearchResult } from './match.ts';

/** A geocoding service: Nominatim's `/search` (OpenStreetMap) or the BKG's geocoder (gdz_geokodierung, GeoJSON). */
export interface GeocoderConfig {
  kind: 'nominatim' | 'bkg';
  /** Endpoint URL: Nominatim's base (…/search is appended when missing), the BKG's full geocoding URL (with its key). */
  url: string;
}

/** Rank of external results: after everything found offline. */
const GEOCODER_RANK = 7;

/** `base` with `params` appended to its query (core code has no URL class: ES2022 without the DOM). */
function withParams(base: string, params: Record<string, string>): string {
  const hash = base.indexOf('#');
  const head = hash < 0 ? base : base.slice(0, hash);
  const query = Object.entries(params)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return `${head}${head.includes('?') ? (/[?&]$/.test(head) ? '' : '&') : '?'}${query}`;
}

/** The request for `query`, at most `limit` answers. */
export function geocoderRequestUrl(config: GeocoderConfig, query: string, limit: number): string {
  if (config.kind === 'nominatim') {
    const [path = '', search] = config.url.split('?');
    const base = path.endsWith('/search') ? path : `${path.replace(/\/$/, '')}/search`;
    return withParams(search === undefined ? base : `${base}?${search}`, {
      format: 'jsonv2',
      q: query,
      limit: String(limit),
      countrycodes: 'de',
    });
  }
  return withParams(config.url, { query, count: String(limit) });
}

const finite = (value: unknown): number | undefined => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/**
 * The answer as search results (kind `place`), each at ground height `groundHeight` (ellipsoidal metres: the
 * services give none). Entries without a name or a position are skipped; anything else than the expected shape
 * gives no results, never an exception.
 */
export function parseGeocoderAnswer(
  config: GeocoderConfig,
  answer: unknown,
  groundHeight: number,
): SearchResult[] {
  const results: SearchResult[] = [];
  const add = (name: unknown, lon: unknown, lat: unknown, index: number) => {
    const longitude = finite(lon);
    const latitude = finite(lat);
    if (typeof name !== 'string' || !name.trim() || longitude === undefined || latitude === undefined) return;
    if (Math.abs(longitude) > 180 || Math.abs(latitude) > 90) return;
    const place: PlacePoint = { longitude, latitude, height: groundHeight };
    const [label = name, ...rest] = name.split(',').map((part) => part.trim());
    results.push({
      kind: 'place',
      key: `geocoder:${index}`,
      label,
      detail: rest.slice(0, 3).join(', '),
      place,
      rank: GEOCODER_RANK,
    });
  };
  if (config.kind === 'nominatim') {
    if (!Array.isArray(answer)) return [];
    answer.forEach((entry: { display_name?: unknown; lon?: unknown; lat?: unknown } | null, i) =>
      add(entry?.display_name, entry?.lon, entry?.lat, i),
    );
  } else {
    const features = (answer as { features?: unknown } | null)?.features;
    if (!Array.isArray(features)) return [];
    features.forEach(
      (
        feature: {
          properties?: { text?: unknown };
          geometry?: { type?: unknown; coordinates?: unknown };
        } | null,
        i,
      ) => {
        const coordinates = feature?.geometry?.type === 'Point' ? feature.geometry.coordinates : undefined;
        const [lon, lat] = Array.isArray(coordinates) ? (coordinates as unknown[]) : [];
        add(feature?.properties?.text, lon, lat, i);
      },
    );
  }
  return results;
}
