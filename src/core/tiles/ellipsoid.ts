/**
 * WGS84 ellipsoid helpers for the tiler: geodetic ↔ ECEF (EPSG:4979 ↔ EPSG:4978) and local
 * East-North-Up frames. Angles in radians, heights and coordinates in metres.
 */

import { geodeticToEcef as geodeticToEcefOn, WGS84 } from '../crs/transverse-mercator.ts';

const WGS84_A = 6378137;
const WGS84_F = 1 / 298.257223563;
const WGS84_E2 = WGS84_F * (2 - WGS84_F);
const WGS84_B = WGS84_A * (1 - WGS84_F);

/** Geodetic position: longitude and latitude in radians, ellipsoidal height in metres (EPSG:4979). */
export interface Geodetic {
  longitude: number;
  latitude: number;
  height: number;
}

/** A 3D Tiles bounding region: longitudes and latitudes in radians, ellipsoidal heights in metres. */
export type RegionRadians = [
  west: number,
  south: number,
  east: number,
  north: number,
  minHeight: number,
  maxHeight: number,
];

/** ECEF metres (EPSG:4978) of a geodetic position (radians, ellipsoidal metres); the CRS module's formula on WGS84. */
export function geodeticToEcef(
  longitude: number,
  latitude: number,
  height: number,
): [number, number, number] {
  const out = new Float64Array(3);
  geodeticToEcefOn(WGS84, longitude, latitude, height, out, 0);
  return [out[0] ?? 0, out[1] ?? 0, out[2] ?? 0];
}

/** Geodetic position (radians, ellipsoidal metres) of an ECEF point in metres; sub-millimetre accurate near the surface. */
export function ecefToGeodetic(x: number, y: number, z: number): Geodetic {
  const longitude = Math.atan2(y, x);
  const p = Math.hypot(x, y);
  if (p < 1e-9) {
    return { longitude: 0, latitude: z >= 0 ? Math.PI / 2 : -Math.PI / 2, height: Math.abs(z) - WGS84_B };
  }
  // Bowring's start value, then Newton-like fixed-point iterations on the latitude.
  let latitude = Math.atan2(z, p * (1 - WGS84_E2));
  let height = 0;
  for (let iteration = 0; iteration < 6; iteration++) {
    const sinLat = Math.sin(latitude);
    const primeVerticalRadius = WGS84_A / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
    height = p / Math.cos(latitude) - primeVerticalRadius;
    const next = Math.atan2(z, p * (1 - (WGS84_E2 * primeVerticalRadius) / (primeVerticalRadius + height)));
    if (Math.abs(next - latitude) < 1e-14) {
      latitude = next;
      break;
    }
    latitude = next;
  }
  const sinLat = Math.sin(latitude);
  const primeVerticalRadius = WGS84_A / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
  const cosLat = Math.cos(latitude);
  height =
    Math.abs(cosLat) > 1e-3
      ? p / cosLat - primeVerticalRadius
      : z / sinLat - primeVerticalRadius * (1 - WGS84_E2);
  return { longitude, latitude, height };
}

/**
 * A local East-North-Up frame: `origin` in ECEF metres, `enuToEcef` a column-major 4×4 matrix (as
 * 3D Tiles `tile.transform`) taking local ENU metres to ECEF metres.
 */
export interface LocalFrame {
  origin: [number, number, number];
  enuToEcef: Float64Array;
}

/** East-North-Up frame at an ECEF point (metres); the axes follow the ellipsoid normal at that point. */
export function eastNorthUpFrame(origin: readonly [number, number, number]): LocalFrame {
  const { longitude, latitude } = ecefToGeodetic(origin[0], origin[1], origin[2]);
  const sinLon = Math.sin(longitude);
  const cosLon = Math.cos(longitude);
  const sinLat = Math.sin(latitude);
  const cosLat = Math.cos(latitude);
  // prettier-ignore
  const enuToEcef = Float64Array.from([
    -sinLon, cosLon, 0, 0,
    -sinLat * cosLon, -sinLat * sinLon, cosLat, 0,
    cosLat * cosLon, cosLat * sinLon, sinLat, 0,
    origin[0], origin[1], origin[2], 1,
  ]);
  return { origin: [origin[0], origin[1], origin[2]], enuToEcef };
}

/** Local ENU metres of an ECEF point (metres) in `frame` (inverse of the frame's rigid transform). */
export function ecefToLocal(frame: LocalFrame, x: number, y: number, z: number): [number, number, number] {
  const m = frame.enuToEcef;
  const dx = x - m[12]!;
  const dy = y - m[13]!;
  const dz = z - m[14]!;
  return [
    m[0]! * dx + m[1]! * dy + m[2]! * dz,
    m[4]! * dx + m[5]! * dy + m[6]! * dz,
    m[8]! * dx + m[9]! * dy + m[10]! * dz,
  ];
}

/**
 * Grows `min`/`max` (metres along the frame's east, north, up axes) to contain `positions` (ECEF metres,
 * x, y, z triples).
 */
export function extendLocalBounds(
  frame: LocalFrame,
  positions: ArrayLike<number>,
  min: number[],
  max: number[],
): void {
  for (let i = 0; i + 2 < positions.length; i += 3) {
    const local = ecefToLocal(frame, positions[i]!, positions[i + 1]!, positions[i + 2]!);
    for (let axis = 0; axis < 3; axis++) {
      min[axis] = Math.min(min[axis]!, local[axis]!);
      max[axis] = Math.max(max[axis]!, local[axis]!);
    }
  }
}

/** Rotates an ECEF direction into the frame's ENU axes (no translation). */
export function ecefDirectionToLocal(
  frame: LocalFrame,
  x: number,
  y: number,
  z: number,
): [number, number, number] {
  const m = frame.enuToEcef;
  return [
    m[0]! * x + m[1]! * y + m[2]! * z,
    m[4]! * x + m[5]! * y + m[6]! * z,
    m[8]! * x + m[9]! * y + m[10]! * z,
  ];
}

/** Applies a column-major 4×4 affine matrix to a point. */
export function transformPoint(
  matrix: ArrayLike<number>,
  x: number,
  y: number,
  z: number,
): [number, number, number] {
  return [
    matrix[0]! * x + matrix[4]! * y + matrix[8]! * z + matrix[12]!,
    matrix[1]! * x + matrix[5]! * y + matrix[9]! * z + matrix[13]!,
    matrix[2]! * x + matrix[6]! * y + matrix[10]! * z + matrix[14]!,
  ];
}

/** Product a·b of two column-major 4×4 matrices. */
export function multiplyMatrices(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(16);
  for (let column = 0; column < 4; column++) {
    for (let row = 0; row < 4; row++) {
      let sum = 0;
      for (let k = 0; k < 4; k++) sum += a[k * 4 + row]! * b[column * 4 + k]!;
      out[column * 4 + row] = sum;
    }
  }
  return out;
}

/** Column-major 4×4 identity. */
export const IDENTITY_MATRIX: readonly number[] = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/**
 * 3D Tiles rotates glTF content from y-up to z-up: glTF (x, y, z) → tile frame (x, -z, y). Column-major.
 * Hence local ENU (e, n, u) is written to glTF as (e, u, -n).
 */
export const Y_UP_TO_Z_UP: readonly number[] = [1, 0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1];
