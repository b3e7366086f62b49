import { useEffect, useState } from 'react';
import { geocoderRequestUrl, parseGeocoderAnswer } from '../../core/search/geocoder.ts';
import type { GeocoderConfig } from '../../core/search/geocoder.ts';
import type { SearchResult } from '../../core/search/match.ts';
import { SEARCH_DEFAULTS } from '../../core/search/match.ts';

/** Shortest query sent to an external geocoder: fewer letters find half a country. */
const MIN_EXTERNAL_QUERY = 3;

/**
 * Results of the configured external geocoder for `query` (already debounced), or none: without a geocoder
 * nothing is ever requested. A failed or cancelled request gives no results; the offline search stands alone.
 */
export function useExternalGeocoder(
  geocoder: GeocoderConfig | undefined,
  query: string,
  groundHeight: number,
): SearchResult[] {
  const [answer, setAnswer] = useState<{ query: string; results: SearchResult[] }>({
    query: '',
    results: [],
  });
  const wanted = query.trim();
  useEffect(() => {
    if (!geocoder || wanted.length < MIN_EXTERNAL_QUERY) return;
    const controller = new AbortController();
    fetch(geocoderRequestUrl(geocoder, wanted, SEARCH_DEFAULTS.limit), {
      signal: controller.signal,
      headers: { Accept: 'application/json' },
    })
      .then((response) => (response.ok ? response.json() : undefined))
      .then((json: unknown) =>
        setAnswer({ query: wanted, results: parseGeocoderAnswer(geocoder, json, groundHeight) }),
      )
      .catch(() => undefined);
    return () => controller.abort();
  }, [geocoder, wanted, groundHeight]);
  return geocoder && answer.query === wanted ? answer.results : [];
}
