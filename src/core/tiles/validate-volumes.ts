/**
 * Bounding-volume helpers of `validateTileset` (validate.ts) and its GLB content check (validate-glb.ts):
 * shape checks of box/region/sphere, volumes resolved into ECEF metres, their sample points and the
 * distance by which a point lies outside one.
 */
import { ecefToGeodetic, geodeticToEcef, transformPoint } from './ellipsoid.ts';
import type { RegionRadians } from './ellipsoid.ts';

/** Containment tolerance for bounding volumes and content, metres. */
export const TOLERANCE_METRES = 0.01;

/** A parsed JSON object. */
export type Json = Record<string, unknown>;
/** A point or direction, ECEF metres unless said otherwise. */
export type Vec3 = [number, number, number];

/** A bounding volume resolved into ECEF metres (boxes and spheres transformed; regions are geodetic already). */
export type WorldVolume =
  | { kind: 'box'; center: Vec3; axes: [Vec3, Vec3, Vec3] }
  | { kind: 'region'; region: number[] }
  | { kind: 'sphere'; center: Vec3; radius: number };

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for an array of exactly `length` finite numbers. */
export function isFiniteNumberArray(value: unknown, length: number): value is number[] {
  return (
    Array.isArray(value) &&
    value.length === length &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}

function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function linearPart(matrix: ArrayLike<number>, x: number, y: number, z: number): Vec3 {
  return [
    matrix[0]! * x + matrix[4]! * y + matrix[8]! * z,
    matrix[1]! * x + matrix[5]! * y + matrix[9]! * z,
    matrix[2]! * x + matrix[6]! * y + matrix[10]! * z,
  ];
}

/** Checks a bounding volume's shape; returns messages (empty when well-formed). */
export function checkBoundingVolumeShape(volume: unknown, where: string): string[] {
  if (!isObject(volume)) return [`${where}: boundingVolume must be an object`];
  const errors: string[] = [];
  const kinds = ['box', 'region', 'sphere'].filter((kind) => volume[kind] !== undefined);
  if (kinds.length === 0) errors.push(`${where}: boundingVolume needs one of box, region, sphere`);
  if (volume.box !== undefined && !isFiniteNumberArray(volume.box, 12)) {
    errors.push(`${where}: boundingVolume.box must be 12 finite numbers`);
  }
  if (volume.sphere !== undefined) {
    if (!isFiniteNumberArray(volume.sphere, 4))
      errors.push(`${where}: boundingVolume.sphere must be 4 finite numbers`);
    else if (volume.sphere[3]! < 0) errors.push(`${where}: boundingVolume.sphere radius is negative`);
  }
  if (volume.region !== undefined) {
    if (!isFiniteNumberArray(volume.region, 6))
      errors.push(`${where}: boundingVolume.region must be 6 finite numbers`);
    else {
      const [west, south, east, north, minHeight, maxHeight] = volume.region as RegionRadians;
      if (west < -Math.PI || west > Math.PI || east < -Math.PI || east > Math.PI) {
        errors.push(`${where}: region west/east must be in [-π, π] radians`);
      }
      if (south < -Math.PI / 2 || south > Math.PI / 2 || north < -Math.PI / 2 || north > Math.PI / 2) {
        errors.push(`${where}: region south/north must be in [-π/2, π/2] radians`);
      }
      if (south > north) errors.push(`${where}: region south ${south} > north ${north}`);
      if (minHeight > maxHeight)
        errors.push(`${where}: region minimum height ${minHeight} > maximum height ${maxHeight}`);
    }
  }
  return errors;
}

/** The volume in ECEF, preferring box over region over sphere (3D Tiles allows several; all must hold). */
export function toWorldVolume(volume: Json, transform: ArrayLike<number>): WorldVolume | undefined {
  if (isFiniteNumberArray(volume.box, 12)) {
    const b = volume.box;
    return {
      kind: 'box',
      center: transformPoint(transform, b[0]!, b[1]!, b[2]!),
      axes: [
        linearPart(transform, b[3]!, b[4]!, b[5]!),
        linearPart(transform, b[6]!, b[7]!, b[8]!),
        linearPart(transform, b[9]!, b[10]!, b[11]!),
      ],
    };
  }
  if (isFiniteNumberArray(volume.region, 6)) return { kind: 'region', region: volume.region };
  if (isFiniteNumberArray(volume.sphere, 4)) {
    const s = volume.sphere;
    const scale = Math.max(
      Math.hypot(transform[0]!, transform[1]!, transform[2]!),
      Math.hypot(transform[4]!, transform[5]!, transform[6]!),
      Math.hypot(transform[8]!, transform[9]!, transform[10]!),
    );
    return { kind: 'sphere', center: transformPoint(transform, s[0]!, s[1]!, s[2]!), radius: s[3]! * scale };
  }
  return undefined;
}

/** Sample points (ECEF) whose containment stands for the volume's. */
export function volumeSamples(volume: WorldVolume): Vec3[] {
  const samples: Vec3[] = [];
  if (volume.kind === 'box') {
    const [u, v, w] = volume.axes;
    for (const i of [-1, 0, 1]) {
      for (const j of [-1, 0, 1]) {
        for (const k of [-1, 0, 1]) {
          samples.push([0, 1, 2].map((a) => volume.center[a]! + i * u[a]! + j * v[a]! + k * w[a]!) as Vec3);
        }
      }
    }
  } else if (volume.kind === 'region') {
    const [west, south, east, north, minHeight, maxHeight] = volume.region as RegionRadians;
    const span = east >= west ? east - west : east + 2 * Math.PI - west;
    for (let i = 0; i <= 4; i++) {
      for (let j = 0; j <= 4; j++) {
        for (const height of [minHeight, maxHeight]) {
          samples.push(geodeticToEcef(west + (span * i) / 4, south + ((north - south) * j) / 4, height));
        }
      }
    }
  } else {
    const { center, radius } = volume;
    samples.push(center);
    for (let axis = 0; axis < 3; axis++) {
      for (const sign of [-1, 1]) {
        const point: Vec3 = [...center];
        point[axis] = point[axis]! + sign * radius;
        samples.push(point);
      }
    }
  }
  return samples;
}

/** Largest distance (metres, or radians-equivalent metres for regions) by which a point lies outside the volume; ≤ 0 inside. */
export function outsideDistance(volume: WorldVolume, point: Vec3): number {
  if (volume.kind === 'sphere') return Math.hypot(...sub(point, volume.center)) - volume.radius;
  if (volume.kind === 'region') {
    const [west, south, east, north, minHeight, maxHeight] = volume.region as RegionRadians;
    const { longitude, latitude, height } = ecefToGeodetic(point[0], point[1], point[2]);
    const radius = 6_371_000;
    let lonOutside: number;
    if (west <= east) lonOutside = Math.max(west - longitude, longitude - east);
    else
      lonOutside = longitude >= west || longitude <= east ? -1 : Math.min(longitude - east, west - longitude);
    return Math.max(
      lonOutside * radius * Math.cos(latitude),
      (south - latitude) * radius,
      (latitude - north) * radius,
      minHeight - height,
      height - maxHeight,
    );
  }
  const d = sub(point, volume.center);
  const [u, v, w] = volume.axes;
  const determinant = dot(u, cross(v, w));
  const lengths = [Math.hypot(...u), Math.hypot(...v), Math.hypot(...w)];
  let worst = -Infinity;
  if (Math.abs(determinant) > 1e-12 * lengths[0]! * lengths[1]! * lengths[2]! && determinant !== 0) {
    // Coordinates of d in the (u, v, w) basis via Cramer's rule; |coordinate| ≤ 1 inside.
    const coordinates = [
      dot(d, cross(v, w)) / determinant,
      dot(u, cross(d, w)) / determinant,
      dot(u, cross(v, d)) / determinant,
    ];
    coordinates.forEach((c, axis) => {
      worst = Math.max(worst, (Math.abs(c) - 1) * lengths[axis]!);
    });
    return worst;
  }
  // Flat box: project onto the non-zero axes and measure the residual off their span.
  let residual: Vec3 = [...d];
  [u, v, w].forEach((axis, index) => {
    const length = lengths[index]!;
    if (length === 0) return;
    const c = dot(d, axis) / (length * length);
    worst = Math.max(worst, (Math.abs(c) - 1) * length);
    residual = sub(residual, [axis[0] * c, axis[1] * c, axis[2] * c]);
  });
  return Math.max(worst, Math.hypot(...residual));
}

/** A tile or node `matrix`/`transform`: 16 finite numbers (column-major 4×4), else undefined. */
export function readMatrix(value: unknown): number[] | undefined {
  return isFiniteNumberArray(value, 16) ? value : undefined;
}
