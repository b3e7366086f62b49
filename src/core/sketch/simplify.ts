/**
 * Shape maths of sketches in a local East-North-Up frame (metres, float64): Douglas–Peucker simplification of
 * freehand strokes and the two strokes of an arrow head.
 */
import { pointToEcef, ecefToPoint } from '../measure/measurement.ts';
import type { GeodeticPoint } from '../measure/measurement.ts';
import { eastNorthUpFrame, ecefToLocal, transformPoint } from '../tiles/ellipsoid.ts';

type Vec3 = [number, number, number];

/** ENU metres of the points in the frame at the first point, and the way back to degrees. */
function localFrame(points: readonly GeodeticPoint[]) {
  const frame = eastNorthUpFrame(pointToEcef(points[0]!));
  const local = points.map((p): Vec3 => {
    const [x, y, z] = pointToEcef(p);
    return ecefToLocal(frame, x, y, z);
  });
  const toPoint = (enu: readonly number[]): GeodeticPoint => {
    const [x, y, z] = transformPoint(frame.enuToEcef, enu[0]!, enu[1]!, enu[2]!);
    return ecefToPoint([x, y, z]);
  };
  return { local, toPoint };
}

/** Distance (metres) of `p` from the segment a–b, all in the same Cartesian frame. */
function distanceToSegment(p: Vec3, a: Vec3, b: Vec3): number {
  const ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const ap = [p[0] - a[0], p[1] - a[1], p[2] - a[2]];
  const length2 = ab[0]! ** 2 + ab[1]! ** 2 + ab[2]! ** 2;
  const t =
    length2 === 0
      ? 0
      : Math.max(0, Math.min(1, (ap[0]! * ab[0]! + ap[1]! * ab[1]! + ap[2]! * ab[2]!) / length2));
  return Math.hypot(ap[0]! - t * ab[0]!, ap[1]! - t * ab[1]!, ap[2]! - t * ab[2]!);
}

/**
 * The stroke with the points Douglas–Peucker keeps at `toleranceMetres`: no dropped point lies further than the
 * tolerance (3D, metres in the ENU frame at the first point) from the simplified line. First and last points
 * always stay; the kept points are the original objects, in order.
 */
export function simplifyStroke(points: readonly GeodeticPoint[], toleranceMetres: number): GeodeticPoint[] {
  if (points.length <= 2) return [...points];
  const { local } = localFrame(points);
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  // An explicit stack: a long stroke must not overflow the call stack.
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    let farthest = -1;
    let distance = toleranceMetres;
    for (let i = first + 1; i < last; i++) {
      const d = distanceToSegment(local[i]!, local[first]!, local[last]!);
      if (d > distance) {
        distance = d;
        farthest = i;
      }
    }
    if (farthest < 0) continue;
    keep[farthest] = 1;
    stack.push([first, farthest], [farthest, last]);
  }
  return points.filter((_, i) => keep[i] === 1);
}

/** Options of `arrowHead`. */
export interface ArrowHeadOptions {
  /** Length of each barb as a share of the arrow's horizontal length. */
  share?: number;
  /** Longest barb, metres. */
  maxMetres?: number;
  /** Angle between the shaft and each barb, degrees. */
  angleDegrees?: number;
}

export const ARROW_HEAD_DEFAULTS: Required<ArrowHeadOptions> = {
  share: 0.25,
  maxMetres: 40,
  angleDegrees: 28,
};

/**
 * The two barbs of an arrow from `from` to `to` (degrees, ellipsoidal metres): each a two-point line from a point
 * behind the tip to the tip, in the horizontal plane of the ENU frame at the tip's start, at the tip's height.
 * Empty when the two points coincide horizontally.
 */
export function arrowHead(
  from: GeodeticPoint,
  to: GeodeticPoint,
  options: ArrowHeadOptions = {},
): [GeodeticPoint, GeodeticPoint][] {
  const { share, maxMetres, angleDegrees } = { ...ARROW_HEAD_DEFAULTS, ...definedOnly(options) };
  const { local, toPoint } = localFrame([to, from]);
  const back = local[1]!;
  const length = Math.hypot(back[0], back[1]);
  if (length < 1e-6) return [];
  const barb = Math.min(length * share, maxMetres);
  const angle = (angleDegrees * Math.PI) / 180;
  const ux = back[0] / length;
  const uy = back[1] / length;
  return [angle, -angle].map((a) => {
    const x = (ux * Math.cos(a) - uy * Math.sin(a)) * barb;
    const y = (ux * Math.sin(a) + uy * Math.cos(a)) * barb;
    return [toPoint([x, y, 0]), to];
  });
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
