import type { CityLayersConfig } from './types.ts';

/**
 * Ellipsoidal height (metres) for a point without a height at `lonLat` (WGS84 degrees): the city's ground
 * (NHN + geoid undulation) when the point lies within `ground.radiusMetres` of the city's ground point,
 * else 0 (the bare ellipsoid, which is where Cesium's default terrain lies).
 */
export function groundHeightAt(
  lonLat: readonly number[] | undefined,
  ground: CityLayersConfig['ground'],
): number {
  return ground && withinCityGround(lonLat, ground) ? ground.heightNhn + (ground.undulation ?? 0) : 0;
}

/** Whether `lonLat` (WGS84 degrees) lies within `ground.radiusMetres` of the city's ground point. */
export function withinCityGround(
  lonLat: readonly number[] | undefined,
  ground: CityLayersConfig['ground'],
): boolean {
  const [lon = 0, lat = 0] = lonLat ?? [];
  if (!ground) return false;
  const dx = (lon - ground.longitude) * 111_320 * Math.cos((lat * Math.PI) / 180);
  const dy = (lat - ground.latitude) * 110_574;
  return Math.hypot(dx, dy) <= ground.radiusMetres;
}
