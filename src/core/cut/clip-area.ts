/**
 * Areas for polygon clipping (Cesium's `ClippingPolygonCollection`): a ring of lon/lat degrees cleaned up
 * (non-finite points, repeated points and the closing vertex dropped, counter-clockwise), and which buildings
 * (by their centroid) lie inside. Holes are dropped: the whole outer ring is cleared, buildings standing in a
 * hole of a plan area are hidden too (a plot to build on is cleared whole). Platform-free.
 */
import { ringsContain } from '../layers/point-in-polygon.ts';

/**
 * An area whose buildings are hidden, as the cut tool holds it and links and story scenes carry it: an open,
 * counter-clockwise ring of [lon, lat] degrees (as `prepareClipArea` returns it) and, for a plan area, its name.
 */
export interface ClipArea {
  ring: [number, number][];
  /** The plan area's name ("plan: kind"); absent for a drawn area. Plain text. */
  label?: string;
}

/** Why a ring cannot be used as a clipping area. */
export type ClipAreaProblem = 'tooFewPoints' | 'noArea';

/** A ring ready for clipping, or why not. Coordinates: [lon, lat] degrees, open (no closing vertex). */
export type ClipAreaResult = { ring: [number, number][] } | { problem: ClipAreaProblem };

/** Twice the signed area of an open ring in its own units (positive: counter-clockwise). */
export function signedDoubleArea(ring: readonly (readonly [number, number])[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as readonly [number, number];
    const [xj, yj] = ring[j] as readonly [number, number];
    sum += (xj - xi) * (yj + yi);
  }
  return sum;
}

/** Degrees² below which a ring counts as having no area (about 0.01 m² at 51° N). */
const MIN_DOUBLE_AREA = 2.6e-12;

/**
 * Cleans a ring (lon/lat degrees, closed or open) for clipping: drops non-finite points, consecutive repeats and
 * the closing vertex, refuses fewer than three distinct points or a ring without area, and returns it
 * counter-clockwise (east-north).
 */
export function prepareClipArea(ring: readonly (readonly number[])[]): ClipAreaResult {
  const points: [number, number][] = [];
  for (const point of ring) {
    const lon = point[0];
    const lat = point[1];
    if (lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    const last = points[points.length - 1];
    if (last && last[0] === lon && last[1] === lat) continue;
    points.push([lon, lat]);
  }
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) points.pop();
  if (points.length < 3) return { problem: 'tooFewPoints' };
  // Relative to the first point, so the rounding of large longitudes does not make up an area.
  const [lon0, lat0] = points[0] as [number, number];
  const area = signedDoubleArea(points.map(([lon, lat]) => [lon - lon0, lat - lat0]));
  if (Math.abs(area) < MIN_DOUBLE_AREA) return { problem: 'noArea' };
  return { ring: area < 0 ? points.reverse() : points };
}

/**
 * Indexes of the buildings whose centroid lies inside the ring. `centroids`: interleaved lon, lat degrees
 * (the tiles' `longitude`/`latitude` metadata); `ring`: an open ring of [lon, lat] degrees.
 */
export function buildingsInside(
  ring: readonly (readonly [number, number])[],
  centroids: ArrayLike<number>,
): number[] {
  const coordinates = new Float64Array(ring.length * 2);
  ring.forEach(([lon, lat], i) => {
    coordinates[i * 2] = lon;
    coordinates[i * 2 + 1] = lat;
  });
  const starts = [0];
  const inside: number[] = [];
  for (let i = 0; i * 2 + 1 < centroids.length; i++) {
    const lon = centroids[i * 2] as number;
    const lat = centroids[i * 2 + 1] as number;
    if (ringsContain(coordinates, starts, lon, lat)) inside.push(i);
  }
  return inside;
}
