/**
 * Planar geometry of XPlanGML features: a flat record of 2D rings, lines or points in the source CRS, the
 * interpolation of GML circular arcs into line segments, and polygon areas. Platform-free.
 */
import { ringsContain } from '../point-in-polygon.ts';

/** Geometry kinds a plan feature can have. */
export type XPlanGeometryType =
  | 'Polygon'
  | 'MultiPolygon'
  | 'LineString'
  | 'MultiLineString'
  | 'Point'
  | 'MultiPoint';

/**
 * One feature's geometry in its source CRS (e.g. EPSG:25832 or EPSG:31467 metres), 2D.
 * - `coordinates`: x,y pairs (easting, northing) of all parts one after the other.
 * - `partStarts`: first vertex index of each ring (polygons), line (lines) or point (points).
 * - `polygonStarts`: first part index of each polygon (polygon types only; the first ring of each polygon is
 *   its exterior, the others its holes). Empty for lines and points.
 * Rings are stored without the repeated closing vertex.
 */
export interface XPlanGeometry {
  type: XPlanGeometryType;
  coordinates: Float64Array;
  partStarts: Uint32Array;
  polygonStarts: Uint32Array;
}

/** Default chord tolerance of arc interpolation: largest distance between the arc and its chords, metres. */
export const DEFAULT_ARC_TOLERANCE = 0.01;

/**
 * Appends the points of the circular arc through `x0,y0`, `x1,y1` (a point on the arc) and `x2,y2` to `out`
 * (x,y pairs, source CRS units), so that no chord is further than `tolerance` from the arc. The first point
 * is appended only when `includeStart`. With `fullCircle` the arc runs from the first point all the way
 * round back to it (gml:Circle). Collinear points give the straight segment.
 */
export function interpolateArc(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  tolerance: number,
  out: number[],
  includeStart: boolean,
  fullCircle = false,
): void {
  if (includeStart) out.push(x0, y0);
  // circumcentre, relative to the first point for precision
  const bx = x1 - x0;
  const by = y1 - y0;
  const cx = x2 - x0;
  const cy = y2 - y0;
  const d = 2 * (bx * cy - by * cx);
  const scale = Math.max(Math.abs(bx), Math.abs(by), Math.abs(cx), Math.abs(cy));
  if (Math.abs(d) <= 1e-12 * scale * scale) {
    if (fullCircle) return;
    out.push(x2, y2);
    return;
  }
  const ux = (cy * (bx * bx + by * by) - by * (cx * cx + cy * cy)) / d;
  const uy = (bx * (cx * cx + cy * cy) - cx * (bx * bx + by * by)) / d;
  const radius = Math.hypot(ux, uy);
  const centreX = x0 + ux;
  const centreY = y0 + uy;
  const start = Math.atan2(y0 - centreY, x0 - centreX);
  const counterClockwise = d > 0;
  let sweep: number;
  if (fullCircle) {
    sweep = counterClockwise ? 2 * Math.PI : -2 * Math.PI;
  } else {
    const end = Math.atan2(y2 - centreY, x2 - centreX);
    sweep = end - start;
    if (counterClockwise && sweep <= 0) sweep += 2 * Math.PI;
    if (!counterClockwise && sweep >= 0) sweep -= 2 * Math.PI;
  }
  const maxStep = tolerance < radius ? 2 * Math.acos(1 - tolerance / radius) : Math.PI / 2;
  const steps = Math.max(1, Math.ceil(Math.abs(sweep) / Math.min(maxStep, Math.PI / 2)));
  for (let i = 1; i < steps; i++) {
    const angle = start + (sweep * i) / steps;
    out.push(centreX + radius * Math.cos(angle), centreY + radius * Math.sin(angle));
  }
  if (fullCircle) out.push(x0, y0);
  else out.push(x2, y2);
}

/** Signed shoelace area of one ring (x,y pairs, vertices `start` to `end` exclusive), squared source units; positive when counter-clockwise. */
export function signedRingArea(coordinates: Float64Array, start: number, end: number): number {
  if (end - start < 3) return 0;
  const originX = coordinates[start * 2] as number;
  const originY = coordinates[start * 2 + 1] as number;
  let twice = 0;
  for (let i = start; i < end; i++) {
    const j = i + 1 < end ? i + 1 : start;
    const ax = (coordinates[i * 2] as number) - originX;
    const ay = (coordinates[i * 2 + 1] as number) - originY;
    const bx = (coordinates[j * 2] as number) - originX;
    const by = (coordinates[j * 2 + 1] as number) - originY;
    twice += ax * by - bx * ay;
  }
  return twice / 2;
}

/** End vertex (exclusive) of part `part` of a geometry. */
export function partEnd(geometry: XPlanGeometry, part: number): number {
  return part + 1 < geometry.partStarts.length
    ? (geometry.partStarts[part + 1] as number)
    : geometry.coordinates.length / 2;
}

/** Area of a (multi)polygon geometry in squared source units (m² for projected CRSs): exteriors minus holes; 0 for lines and points. */
export function geometryArea(geometry: XPlanGeometry): number {
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return 0;
  let area = 0;
  const polygons = geometry.polygonStarts.length;
  for (let p = 0; p < polygons; p++) {
    const first = geometry.polygonStarts[p] as number;
    const last = p + 1 < polygons ? (geometry.polygonStarts[p + 1] as number) : geometry.partStarts.length;
    for (let r = first; r < last; r++) {
      const ringArea = Math.abs(
        signedRingArea(geometry.coordinates, geometry.partStarts[r] as number, partEnd(geometry, r)),
      );
      area += r === first ? ringArea : -ringArea;
    }
  }
  return area;
}

/** Area-weighted centroid of the exterior rings of a polygon geometry (holes ignored), or the mean vertex of lines and points; source CRS. */
export function geometryCentroid(geometry: XPlanGeometry): [number, number] {
  const c = geometry.coordinates;
  if (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') {
    let sumX = 0;
    let sumY = 0;
    let sumA = 0;
    for (let p = 0; p < geometry.polygonStarts.length; p++) {
      const ring = geometry.polygonStarts[p] as number;
      const start = geometry.partStarts[ring] as number;
      const end = partEnd(geometry, ring);
      const ox = c[start * 2] as number;
      const oy = c[start * 2 + 1] as number;
      for (let i = start; i < end; i++) {
        const j = i + 1 < end ? i + 1 : start;
        const ax = (c[i * 2] as number) - ox;
        const ay = (c[i * 2 + 1] as number) - oy;
        const bx = (c[j * 2] as number) - ox;
        const by = (c[j * 2 + 1] as number) - oy;
        const cross = ax * by - bx * ay;
        sumA += cross;
        sumX += (ax + bx + 3 * ox) * cross;
        sumY += (ay + by + 3 * oy) * cross;
      }
    }
    if (Math.abs(sumA) > 1e-12) return [sumX / (3 * sumA), sumY / (3 * sumA)];
  }
  let x = 0;
  let y = 0;
  const n = c.length / 2;
  for (let i = 0; i < n; i++) {
    x += c[i * 2] as number;
    y += c[i * 2 + 1] as number;
  }
  return n > 0 ? [x / n, y / n] : [NaN, NaN];
}

/** Whether point x,y (source CRS) lies inside a polygon geometry (even-odd rule over all rings, so holes count). */
export function geometryContains(geometry: XPlanGeometry, x: number, y: number): boolean {
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return false;
  return ringsContain(geometry.coordinates, geometry.partStarts, x, y);
}
