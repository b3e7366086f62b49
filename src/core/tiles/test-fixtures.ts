/**
 * Synthetic buildings for tests and benchmarks of the tiler: axis-aligned boxes in a local ENU frame at a
 * geodetic position, converted to ECEF metres with the WGS84 formulas written out here (independent of
 * `ellipsoid.ts`, so tests cross-check it).
 */
import { surfaceClassIndex } from './palette.ts';
import type { BuildingMesh, PropertyValue } from './types.ts';

const A = 6378137;
const E2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);

/** ECEF metres of longitude/latitude in degrees and ellipsoidal height in metres (WGS84). */
export function wgs84ToEcef(lonDeg: number, latDeg: number, height: number): [number, number, number] {
  const lon = (lonDeg * Math.PI) / 180;
  const lat = (latDeg * Math.PI) / 180;
  const n = A / Math.sqrt(1 - E2 * Math.sin(lat) ** 2);
  return [
    (n + height) * Math.cos(lat) * Math.cos(lon),
    (n + height) * Math.cos(lat) * Math.sin(lon),
    (n * (1 - E2) + height) * Math.sin(lat),
  ];
}

export interface SyntheticBoxOptions {
  id: string;
  lonDeg: number;
  latDeg: number;
  /** Ellipsoidal height of the ground, metres. */
  height: number;
  /** Size east × north × up, metres. */
  size: [number, number, number];
  properties?: Record<string, PropertyValue>;
}

/** A box building (6 quads, flat normals, outward counter-clockwise triangles) in ECEF metres. */
export function syntheticBoxBuilding(options: SyntheticBoxOptions): BuildingMesh {
  const lon = (options.lonDeg * Math.PI) / 180;
  const lat = (options.latDeg * Math.PI) / 180;
  const east = [-Math.sin(lon), Math.cos(lon), 0];
  const north = [-Math.sin(lat) * Math.cos(lon), -Math.sin(lat) * Math.sin(lon), Math.cos(lat)];
  const up = [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
  const origin = wgs84ToEcef(options.lonDeg, options.latDeg, options.height);
  const [sx, sy, sz] = options.size;
  const toEcef = (e: number, n: number, u: number) =>
    [0, 1, 2].map((k) => origin[k]! + e * east[k]! + n * north[k]! + u * up[k]!);
  const direction = (e: number, n: number, u: number) =>
    [0, 1, 2].map((k) => e * east[k]! + n * north[k]! + u * up[k]!);
  // Quads counter-clockwise seen from outside, with their outward ENU normal and semantic.
  const faces: { corners: number[][]; normal: number[]; semantic: 'roof' | 'wall' | 'ground' }[] = [
    {
      corners: [
        [0, 0, 0],
        [0, sy, 0],
        [sx, sy, 0],
        [sx, 0, 0],
      ],
      normal: [0, 0, -1],
      semantic: 'ground',
    },
    {
      corners: [
        [0, 0, sz],
        [sx, 0, sz],
        [sx, sy, sz],
        [0, sy, sz],
      ],
      normal: [0, 0, 1],
      semantic: 'roof',
    },
    {
      corners: [
        [0, 0, 0],
        [sx, 0, 0],
        [sx, 0, sz],
        [0, 0, sz],
      ],
      normal: [0, -1, 0],
      semantic: 'wall',
    },
    {
      corners: [
        [sx, sy, 0],
        [0, sy, 0],
        [0, sy, sz],
        [sx, sy, sz],
      ],
      normal: [0, 1, 0],
      semantic: 'wall',
    },
    {
      corners: [
        [0, sy, 0],
        [0, 0, 0],
        [0, 0, sz],
        [0, sy, sz],
      ],
      normal: [-1, 0, 0],
      semantic: 'wall',
    },
    {
      corners: [
        [sx, 0, 0],
        [sx, sy, 0],
        [sx, sy, sz],
        [sx, 0, sz],
      ],
      normal: [1, 0, 0],
      semantic: 'wall',
    },
  ];
  const positions: number[] = [];
  const normals: number[] = [];
  const surfaceClass: number[] = [];
  const indices: number[] = [];
  for (const face of faces) {
    const base = positions.length / 3;
    for (const [e, n, u] of face.corners) {
      positions.push(...toEcef(e! - sx / 2, n! - sy / 2, u!));
      normals.push(...direction(face.normal[0]!, face.normal[1]!, face.normal[2]!));
      surfaceClass.push(surfaceClassIndex(face.semantic));
    }
    indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
  }
  return {
    id: options.id,
    properties: options.properties ?? {},
    positions: Float64Array.from(positions),
    normals: Float32Array.from(normals),
    indices: Uint32Array.from(indices),
    surfaceClass: Uint8Array.from(surfaceClass),
  };
}
