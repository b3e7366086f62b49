/**
 * Bounding-volume arithmetic of the tileset writer: rigid frame inverses, geodetic regions around ECEF
 * points and the sample points that make a parent's volume contain its children's.
 */
import { ecefToGeodetic, geodeticToEcef, transformPoint } from './ellipsoid.ts';
import type { LocalFrame, RegionRadians } from './ellipsoid.ts';

/** Region pad: ~6 mm in angle and 1 cm in height, covering float32 rounding of content. */
const REGION_ANGLE_PAD = 1e-9;
const REGION_HEIGHT_PAD = 0.01;

/** Inverse of a rigid column-major 4×4 (rotation + translation), as ENU frames are. */
export function invertRigid(m: ArrayLike<number>): number[] {
  const t = [m[12]!, m[13]!, m[14]!];
  // prettier-ignore
  const r = [m[0]!, m[4]!, m[8]!, 0, m[1]!, m[5]!, m[9]!, 0, m[2]!, m[6]!, m[10]!, 0];
  const inverse = [...r, 0, 0, 0, 1];
  for (let row = 0; row < 3; row++) {
    inverse[12 + row] = -(r[row]! * t[0]! + r[4 + row]! * t[1]! + r[8 + row]! * t[2]!);
  }
  return inverse;
}

/** The geodetic region (radians, ellipsoidal metres) holding ECEF points, padded for rounding. */
export function regionOfSamples(samples: readonly number[][]): number[] {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  let minHeight = Infinity;
  let maxHeight = -Infinity;
  for (const [x, y, z] of samples) {
    const { longitude, latitude, height } = ecefToGeodetic(x!, y!, z!);
    west = Math.min(west, longitude);
    east = Math.max(east, longitude);
    south = Math.min(south, latitude);
    north = Math.max(north, latitude);
    minHeight = Math.min(minHeight, height);
    maxHeight = Math.max(maxHeight, height);
  }
  // Datasets crossing the antimeridian are not expected (German municipalities); clamp to valid ranges.
  return [
    Math.max(-Math.PI, west - REGION_ANGLE_PAD),
    Math.max(-Math.PI / 2, south - REGION_ANGLE_PAD),
    Math.min(Math.PI, east + REGION_ANGLE_PAD),
    Math.min(Math.PI / 2, north + REGION_ANGLE_PAD),
    minHeight - REGION_HEIGHT_PAD,
    maxHeight + REGION_HEIGHT_PAD,
  ];
}

/** ECEF points spanning a region: a 5×5 lon/lat grid at both heights (so a parent region contains it). */
export function regionSamples(region: readonly number[]): number[][] {
  const [west, south, east, north, minHeight, maxHeight] = region as RegionRadians;
  const samples: number[][] = [];
  for (let i = 0; i <= 4; i++) {
    for (let j = 0; j <= 4; j++) {
      const longitude = west + ((east - west) * i) / 4;
      const latitude = south + ((north - south) * j) / 4;
      for (const height of [minHeight, maxHeight]) samples.push(geodeticToEcef(longitude, latitude, height));
    }
  }
  return samples;
}

/** ECEF points on a 3×3×3 grid over a box given in `frame` (corners, edge and face centres). */
export function boxSamples(frame: LocalFrame, center: number[], half: number[]): number[][] {
  const samples: number[][] = [];
  for (const i of [-1, 0, 1]) {
    for (const j of [-1, 0, 1]) {
      for (const k of [-1, 0, 1]) {
        samples.push(
          transformPoint(
            frame.enuToEcef,
            center[0]! + i * half[0]!,
            center[1]! + j * half[1]!,
            center[2]! + k * half[2]!,
          ),
        );
      }
    }
  }
  return samples;
}
