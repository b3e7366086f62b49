import { BASEMAP_DE, CITIES, DEFAULT_CITY_ID, OPENSTREETMAP } from './cities.ts';
import type { CityConfig } from './types.ts';

/**
 * Picks the city config from the URL (`?city=solingen`), falling back to the default city; the
 * optional `?basemap=basemapde|osm` switches on an online base map (off by default: no request
 * leaves the deployment's own origin unless asked for).
 */
export function selectCity(
  search: string,
  cities: readonly CityConfig[] = CITIES,
): {
  city: CityConfig;
  unknownCityId?: string;
} {
  const params = new URLSearchParams(search);
  const wanted = params.get('city')?.toLowerCase();
  const found = cities.find((c) => c.id === wanted);
  const fallback = cities.find((c) => c.id === DEFAULT_CITY_ID) ?? cities[0];
  if (!fallback) throw new Error('City config: no cities configured');
  let city = found ?? fallback;
  const basemap = params.get('basemap');
  if (basemap === 'basemapde') city = { ...city, baseMap: BASEMAP_DE };
  else if (basemap === 'osm') city = { ...city, baseMap: OPENSTREETMAP };
  return wanted && !found ? { city, unknownCityId: wanted } : { city };
}
