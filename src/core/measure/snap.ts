/**
 * Snapping maths: the nearest vertex, else the nearest point on an edge, to a pick in screen space, among
 * candidates the caller has projected to the screen. Screen positions are CSS pixels (any 2D pixel frame works);
 * world positions ECEF metres.
 */

import type { EcefPoint } from './geometry.ts';

/** A snap candidate vertex: where it is on the screen and in the world. */
export interface SnapVertex {
  /** Screen position, pixels. */
  screen: readonly [x: number, y: number];
  /** World position, ECEF metres. */
  position: EcefPoint;
  /**
   * Distance from the camera along its view direction (metres, or clip-space w), for perspective-correct
   * interpolation along edges; without it an edge point is interpolated linearly in screen space.
   */
  depth?: number;
}

/** Options of `snapPick`. */
export interface SnapOptions {
  /** A vertex within this many pixels of the pick wins (vertices are preferred over edges). */
  vertexPixels?: number;
  /** Otherwise the nearest point of an edge within this many pixels. */
  edgePixels?: number;
}

/** Defaults of `snapPick`: corners a little more eagerly than edges, both within a fingertip's slop. */
export const SNAP_DEFAULTS: Required<SnapOptions> = { vertexPixels: 10, edgePixels: 8 };

/** Where a pick snapped to. */
export interface SnapResult {
  kind: 'vertex' | 'edge';
  /** Snapped world position, ECEF metres. */
  position: EcefPoint;
  /** Snapped screen position, pixels. */
  screen: [x: number, y: number];
  /** Distance from the pick to the snapped screen position, pixels. */
  pixels: number;
  /** Index of the vertex, or of the edge's first vertex in `edges`. */
  index: number;
}

/**
 * Snaps `pick` (pixels) to the nearest of `vertices` within `vertexPixels`; failing that, to the nearest point of
 * an edge (pairs of vertex indices) within `edgePixels`; `undefined` when nothing is near. Ties go to the first.
 */
export function snapPick(
  pick: readonly [x: number, y: number],
  vertices: readonly SnapVertex[],
  edges: readonly (readonly [number, number])[] = [],
  options: SnapOptions = {},
): SnapResult | undefined {
  const { vertexPixels, edgePixels } = { ...SNAP_DEFAULTS, ...definedOnly(options) };
  let best: SnapResult | undefined;
  vertices.forEach((vertex, index) => {
    const pixels = Math.hypot(vertex.screen[0] - pick[0], vertex.screen[1] - pick[1]);
    if (pixels <= vertexPixels && (!best || pixels < best.pixels)) {
      best = {
        kind: 'vertex',
        position: vertex.position,
        screen: [vertex.screen[0], vertex.screen[1]],
        pixels,
        index,
      };
    }
  });
  if (best) return best;
  edges.forEach(([i, j], index) => {
    const a = vertices[i];
    const b = vertices[j];
    if (!a || !b) return;
    const ex = b.screen[0] - a.screen[0];
    const ey = b.screen[1] - a.screen[1];
    const lengthSquared = ex * ex + ey * ey;
    const s =
      lengthSquared > 0
        ? Math.min(
            1,
            Math.max(0, ((pick[0] - a.screen[0]) * ex + (pick[1] - a.screen[1]) * ey) / lengthSquared),
          )
        : 0;
    const screen: [number, number] = [a.screen[0] + s * ex, a.screen[1] + s * ey];
    const pixels = Math.hypot(screen[0] - pick[0], screen[1] - pick[1]);
    if (pixels > edgePixels || (best && pixels >= best.pixels)) return;
    const t = worldParameter(s, a.depth, b.depth);
    const position: EcefPoint = [
      a.position[0] + t * (b.position[0] - a.position[0]),
      a.position[1] + t * (b.position[1] - a.position[1]),
      a.position[2] + t * (b.position[2] - a.position[2]),
    ];
    best = { kind: 'edge', position, screen, pixels, index };
  });
  return best;
}

/**
 * The world-space parameter of a point at screen parameter `s` along an edge: under a perspective projection the
 * screen is linear in 1/depth, not in world distance.
 */
export function worldParameter(s: number, depthA?: number, depthB?: number): number {
  if (depthA === undefined || depthB === undefined || !(depthA > 0) || !(depthB > 0)) return s;
  const b = s / depthB;
  return b / ((1 - s) / depthA + b);
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
