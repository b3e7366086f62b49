/**
 * Where things stand when the globe has a terrain: pure rules, unit-tested in Node. Heights are ellipsoidal metres.
 */

/** Lowest and highest ground on Earth, ellipsoidal metres, with room for the geoid (Dead Sea, Everest). */
const PLAUSIBLE_GROUND = { lowest: -600, highest: 9000 } as const;

/**
 * The ground height under the camera: the terrain's (`globe.getHeight`) where a terrain is drawn and has a tile
 * there; otherwise the higher of the bare globe and the city's one configured ground height near it (which only
 * approximates the ground where the globe is the ellipsoid). A height no ground on Earth has is not taken: a
 * coarse tile of a few triangles over a whole hemisphere is a chord through the Earth (thousands of kilometres
 * below the surface), and keeping the camera above it would pull the camera into the Earth.
 */
export function groundUnderCamera(
  globeHeight: number | undefined,
  cityGround: number,
  terrain: boolean,
): number {
  const plausible =
    globeHeight !== undefined &&
    Number.isFinite(globeHeight) &&
    globeHeight >= PLAUSIBLE_GROUND.lowest &&
    globeHeight <= PLAUSIBLE_GROUND.highest;
  if (terrain && plausible) return globeHeight;
  return Math.max(plausible ? globeHeight : 0, cityGround);
}

/**
 * The ground of a permitted envelope on a terrain, from the terrain heights along the area's outline: the floor
 * is the lowest (so the volume meets the ground on every side of a slope), relative heights count from the mean
 * (the natural ground the plan's heights refer to, as far as the outline tells). Undefined without any height.
 */
export function envelopeGround(
  heights: readonly (number | undefined)[],
): { floor: number; reference: number } | undefined {
  const known = heights.filter((h): h is number => h !== undefined && Number.isFinite(h));
  if (known.length === 0) return undefined;
  const floor = Math.min(...known);
  const reference = known.reduce((sum, h) => sum + h, 0) / known.length;
  return { floor, reference };
}
