import { boundsAround, derivedBoundsRadius, isValidBounds } from '../../core/gesture/limits.ts';
import type { GeoBounds } from '../../core/gesture/limits.ts';
import type { OrbitView } from '../config/types.ts';

/** No limit: the whole globe (WGS84 degrees). */
export const WORLD_BOUNDS: GeoBounds = { west: -180, south: -90, east: 180, north: 90 };

/**
 * The bounds the camera stays in (WGS84 degrees): the city's configured ones when usable. Without them, an
 * unattended screen (`derive`, the kiosk) gets a square of four home-view ranges (at least 5 km) each way around
 * the home view's target; anyone else may go anywhere, since an imported file or a shared view can lie far away.
 */
export function cityBounds(homeView: OrbitView, bounds: GeoBounds | undefined, derive: boolean): GeoBounds {
  if (bounds && isValidBounds(bounds)) return bounds;
  return derive ? boundsAround(homeView.target, derivedBoundsRadius(homeView.range)) : WORLD_BOUNDS;
}
