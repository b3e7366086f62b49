import { boundsAround, derivedBoundsRadius, isValidBounds } from '../../core/gesture/limits.ts';
import type { GeoBounds } from '../../core/gesture/limits.ts';
import type { OrbitView } from '../config/types.ts';

/**
 * The bounds the camera stays in (WGS84 degrees): the city's configured ones when usable, else a square of four
 * home-view ranges (at least 5 km) each way around the home view's target.
 */
export function cityBounds(homeView: OrbitView, bounds: GeoBounds | undefined): GeoBounds {
  if (bounds && isValidBounds(bounds)) return bounds;
  return boundsAround(homeView.target, derivedBoundsRadius(homeView.range));
}
