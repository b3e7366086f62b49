/**
 * Where an object stands, for search and fly-to: the centre of its ECEF bounding box in WGS84 degrees and
 * the ellipsoidal height of its lowest vertex. Platform-free.
 */
import { boundingBox } from '../geometry/measures.ts';
import type { BoundingBox } from '../geometry/measures.ts';
import { ecefToGeodetic } from '../tiles/ellipsoid.ts';

/** Where an object stands: centre in WGS84 degrees, ground (lowest vertex) in ellipsoidal metres. */
export interface PlacePoint {
  longitude: number;
  latitude: number;
  height: number;
}

/**
 * Centre and ground of a mesh: the centre of its ECEF bounding box in degrees, and the ellipsoidal height of its
 * lowest vertex (the ground a camera looks at). Input: x,y,z per vertex in ECEF metres.
 */
export function placeOfPositions(positions: Float64Array): PlacePoint | undefined {
  return positions.length < 3 ? undefined : placeInBox(positions, boundingBox(positions));
}

/** `placeOfPositions` of non-empty positions whose bounding box (`boundingBox`, ECEF metres) is known. */
export function placeInBox(positions: Float64Array, box: BoundingBox): PlacePoint | undefined {
  const [minX, minY, minZ] = box.min;
  const [maxX, maxY, maxZ] = box.max;
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const cz = (minZ + maxZ) / 2;
  const centre = ecefToGeodetic(cx, cy, cz);
  const ground = lowestHeight(
    positions,
    centre,
    cx,
    cy,
    cz,
    Math.hypot(maxX - minX, maxY - minY, maxZ - minZ),
  );
  if (!Number.isFinite(centre.longitude) || !Number.isFinite(ground)) return undefined;
  return {
    longitude: (centre.longitude * 180) / Math.PI,
    latitude: (centre.latitude * 180) / Math.PI,
    height: ground,
  };
}

/** Smallest radius of curvature of the WGS84 ellipsoid (metres, meridian at the equator), a bound for `lowestHeight`. */
const MIN_CURVATURE_RADIUS = 6_335_439;

/**
 * The least ellipsoidal height (metres) of the vertices, equal to the minimum of `ecefToGeodetic` over all of them,
 * without that iteration per vertex: a vertex's height differs from its offset along the centre's up direction by
 * less than `diagonal² / (2 · smallest radius of curvature)` plus rounding, so only the vertices whose offset lies
 * within twice that bound of the lowest offset can be the lowest, and only those are converted exactly.
 */
function lowestHeight(
  positions: Float64Array,
  centre: { longitude: number; latitude: number },
  cx: number,
  cy: number,
  cz: number,
  diagonal: number,
): number {
  const cosLat = Math.cos(centre.latitude);
  const ux = cosLat * Math.cos(centre.longitude);
  const uy = cosLat * Math.sin(centre.longitude);
  const uz = Math.sin(centre.latitude);
  let lowest = Infinity;
  for (let i = 0; i + 2 < positions.length; i += 3) {
    const up = (positions[i]! - cx) * ux + (positions[i + 1]! - cy) * uy + (positions[i + 2]! - cz) * uz;
    if (up < lowest) lowest = up;
  }
  if (!Number.isFinite(lowest)) return NaN;
  const margin = 2 * ((diagonal * diagonal) / (2 * MIN_CURVATURE_RADIUS) + 1e-6 * (1 + diagonal));
  let ground = Infinity;
  for (let i = 0; i + 2 < positions.length; i += 3) {
    const x = positions[i]!;
    const y = positions[i + 1]!;
    const z = positions[i + 2]!;
    if ((x - cx) * ux + (y - cy) * uy + (z - cz) * uz > lowest + margin) continue;
    ground = Math.min(ground, ecefToGeodetic(x, y, z).height);
  }
  return ground;
}
