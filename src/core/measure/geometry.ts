/**
 * Measuring maths over ECEF positions (EPSG:4978 metres, float64): polyline lengths split into horizontal length
 * and ellipsoidal height difference, the height of a point above the ground below it, and the true and horizontal
 * area of a planar polygon. Every function works on differences relative to a reference point, so ECEF values of
 * millions of metres keep sub-millimetre precision.
 */

import { newellNormal } from '../geometry/triangulate.ts';
import {
  eastNorthUpFrame,
  ecefDirectionToLocal,
  ecefToGeodetic,
  geodeticToEcef,
} from '../tiles/ellipsoid.ts';

/** A position in ECEF metres (EPSG:4978). */
export type EcefPoint = readonly [x: number, y: number, z: number];

/** Lengths of one straight segment, metres. */
export interface SegmentMeasure {
  /** Straight 3D distance (chord) between the two points. */
  length: number;
  /**
   * Horizontal length: the difference vector projected onto the horizontal plane of the East-North-Up frame at
   * the segment's midpoint.
   */
  horizontal: number;
  /** Ellipsoidal height of the end minus that of the start (positive: the segment climbs). */
  heightDifference: number;
}

/** Per-segment and total lengths of a polyline, metres. */
export interface PolylineMeasure {
  segments: SegmentMeasure[];
  /** Sum of the segments' 3D lengths. */
  length: number;
  /** Sum of the segments' horizontal lengths. */
  horizontal: number;
  /** Ellipsoidal height of the last point minus that of the first. */
  heightDifference: number;
}

/**
 * Lengths of the segment a→b (ECEF metres in, metres out). The horizontal length is taken in the ENU frame at the
 * midpoint rather than along the geodesic: measured lines are metres to a few kilometres long, where the two
 * differ by far less than a millimetre, and the midpoint frame treats both ends alike, so a→b and b→a agree and
 * horizontal² + (vertical component)² = length² holds exactly in that frame.
 */
export function measureSegment(a: EcefPoint, b: EcefPoint): SegmentMeasure {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const dz = b[2] - a[2];
  const length = Math.hypot(dx, dy, dz);
  const mid = eastNorthUpFrame([a[0] + dx / 2, a[1] + dy / 2, a[2] + dz / 2]);
  const [east, north] = ecefDirectionToLocal(mid, dx, dy, dz);
  const heightDifference = ecefToGeodetic(b[0], b[1], b[2]).height - ecefToGeodetic(a[0], a[1], a[2]).height;
  return { length, horizontal: Math.hypot(east, north), heightDifference };
}

/** Segment and total lengths of a polyline through `points` (ECEF metres); fewer than two points give zeros. */
export function measurePolyline(points: readonly EcefPoint[]): PolylineMeasure {
  const segments: SegmentMeasure[] = [];
  for (let i = 1; i < points.length; i++) segments.push(measureSegment(points[i - 1]!, points[i]!));
  let length = 0;
  let horizontal = 0;
  for (const segment of segments) {
    length += segment.length;
    horizontal += segment.horizontal;
  }
  const first = points[0];
  const last = points[points.length - 1];
  const heightDifference =
    first && last && points.length > 1
      ? ecefToGeodetic(last[0], last[1], last[2]).height - ecefToGeodetic(first[0], first[1], first[2]).height
      : 0;
  return { segments, length, horizontal, heightDifference };
}

/** Height of a picked point above the ground below it. */
export interface HeightMeasure {
  /** Metres from the ground to the point along the ellipsoid normal (negative when the point lies below it). */
  height: number;
  /** The ground point straight below (same longitude and latitude), ECEF metres. */
  ground: EcefPoint;
}

/**
 * Height of `top` (ECEF metres) above the ground below it, given the ground's ellipsoidal height (metres) at the
 * same longitude and latitude, e.g. sampled from terrain or from the building's lowest point.
 */
export function measureHeight(top: EcefPoint, groundEllipsoidalHeight: number): HeightMeasure {
  const geodetic = ecefToGeodetic(top[0], top[1], top[2]);
  const ground = geodeticToEcef(geodetic.longitude, geodetic.latitude, groundEllipsoidalHeight);
  return { height: geodetic.height - groundEllipsoidalHeight, ground };
}

/** Areas of a polygon, square metres, and how planar it is. */
export interface AreaMeasure {
  /** True 3D area of the polygon in its own (Newell) plane. */
  area: number;
  /** Area of its projection onto the horizontal plane of the ENU frame at its centroid (the map area). */
  horizontal: number;
  /** Unit Newell normal, ECEF; [0, 0, 0] for a degenerate polygon. */
  normal: [number, number, number];
  /** Largest distance of a vertex from the Newell plane through the centroid, metres (0 for a planar polygon). */
  nonPlanarity: number;
  /** Perimeter including the closing edge, metres. */
  perimeter: number;
}

/**
 * Areas of the simple polygon through `points` (ECEF metres; open ring, the closing edge is implied). The 3D area
 * is half the length of the Newell vector, which is exact for a planar polygon in any orientation (roof, wall or
 * ground); the horizontal area is the Newell vector's up component in the centroid's ENU frame.
 */
export function measureArea(points: readonly EcefPoint[]): AreaMeasure {
  const count = points.length;
  const empty: AreaMeasure = { area: 0, horizontal: 0, normal: [0, 0, 0], nonPlanarity: 0, perimeter: 0 };
  if (count < 2) return empty;
  const origin = points[0]!;
  const local = new Float64Array(count * 3);
  let cx = 0;
  let cy = 0;
  let cz = 0;
  points.forEach((point, i) => {
    local[i * 3] = point[0] - origin[0];
    local[i * 3 + 1] = point[1] - origin[1];
    local[i * 3 + 2] = point[2] - origin[2];
    cx += local[i * 3]!;
    cy += local[i * 3 + 1]!;
    cz += local[i * 3 + 2]!;
  });
  cx /= count;
  cy /= count;
  cz /= count;
  // Newell vector (twice the vector area) from the local coordinates.
  let nx = 0;
  let ny = 0;
  let nz = 0;
  let perimeter = 0;
  for (let i = 0; i < count; i++) {
    const j = (i + 1) % count;
    const [x0, y0, z0] = [local[i * 3]!, local[i * 3 + 1]!, local[i * 3 + 2]!];
    const [x1, y1, z1] = [local[j * 3]!, local[j * 3 + 1]!, local[j * 3 + 2]!];
    nx += (y0 - y1) * (z0 + z1);
    ny += (z0 - z1) * (x0 + x1);
    nz += (x0 - x1) * (y0 + y1);
    perimeter += Math.hypot(x1 - x0, y1 - y0, z1 - z0);
  }
  const area = Math.hypot(nx, ny, nz) / 2;
  if (count < 3) return { ...empty, perimeter };
  const normal = newellNormal(local);
  let nonPlanarity = 0;
  for (let i = 0; i < count; i++) {
    const distance =
      (local[i * 3]! - cx) * normal[0] +
      (local[i * 3 + 1]! - cy) * normal[1] +
      (local[i * 3 + 2]! - cz) * normal[2];
    nonPlanarity = Math.max(nonPlanarity, Math.abs(distance));
  }
  const frame = eastNorthUpFrame([origin[0] + cx, origin[1] + cy, origin[2] + cz]);
  const up = ecefDirectionToLocal(frame, nx, ny, nz)[2];
  return { area, horizontal: Math.abs(up) / 2, normal, nonPlanarity, perimeter };
}
