/**
 * The edges a person sees on tile geometry, from its triangles alone: polygon outlines (edges only one triangle
 * has) and creases (edges between triangles of different planes) are visible; the diagonals a triangulation adds
 * inside a flat polygon (edges shared by two triangles of one plane) are hidden. Snapping to these edges and to
 * their corners makes a measured roof edge the edge itself, as the tile carries it, not a pixel near it.
 *
 * Positions are metres in any Cartesian frame (the callers use a local East-North-Up frame, so that float64 keeps
 * sub-millimetre precision in the cross products); nothing here knows about screens or cameras except
 * `snapToEdges`, which takes a projection from the caller.
 */

import { ecefToLocal, transformPoint } from '../tiles/ellipsoid.ts';
import type { LocalFrame } from '../tiles/ellipsoid.ts';
import type { EcefPoint } from './geometry.ts';
import { SNAP_DEFAULTS, snapPick } from './snap.ts';
import type { SnapOptions, SnapResult, SnapVertex } from './snap.ts';

/** Options of `visibleEdges`. */
export interface VisibleEdgeOptions {
  /**
   * Vertices closer than this, metres, are one corner: tiles store a polygon's corners once per polygon (with that
   * polygon's normal), so the walls meeting at a corner carry copies of it.
   */
  weldMetres?: number;
  /** Triangles whose normals differ by more than this, degrees, meet at a visible crease. */
  creaseDegrees?: number;
}

/** Defaults of `visibleEdges`: 0.1 mm welds only copies of one corner; 1° keeps roof pitches and wall kinks. */
export const VISIBLE_EDGE_DEFAULTS: Required<VisibleEdgeOptions> = { weldMetres: 1e-4, creaseDegrees: 1 };

/** Visible edges of a triangle set: corner positions and pairs of corner indices. */
export interface VisibleEdges {
  /** Corners (endpoints of visible edges), 3 numbers each, in the triangles' frame, metres. */
  vertices: Float64Array;
  /** Visible edges, 2 corner indices each. */
  edges: Uint32Array;
}

/**
 * The visible edges of `triangles` (9 numbers each: three corners, metres). An edge is hidden when its triangles
 * pair up within planes: for each normal direction (within `creaseDegrees`) exactly two triangles; so a diagonal
 * is hidden, also in a polygon stored twice back to back, while an outline (one triangle), a crease (two normals)
 * or a T-junction's long side stays visible. Degenerate triangles are ignored.
 */
export function visibleEdges(triangles: Float64Array, options: VisibleEdgeOptions = {}): VisibleEdges {
  const { weldMetres, creaseDegrees } = { ...VISIBLE_EDGE_DEFAULTS, ...definedOnly(options) };
  const cosCrease = Math.cos((creaseDegrees * Math.PI) / 180);
  const corners: number[] = [];
  const cornerOf = new Map<string, number>();
  const corner = (x: number, y: number, z: number): number => {
    const key = `${Math.round(x / weldMetres)},${Math.round(y / weldMetres)},${Math.round(z / weldMetres)}`;
    let index = cornerOf.get(key);
    if (index === undefined) {
      index = corners.length / 3;
      cornerOf.set(key, index);
      corners.push(x, y, z);
    }
    return index;
  };
  // Per edge (smaller corner index first): the unit normals of the triangles that have it.
  const normalsOf = new Map<number, number[]>();
  const order: [number, number][] = [];
  const count = Math.floor(triangles.length / 9);
  for (let t = 0; t < count; t++) {
    const o = t * 9;
    const a = corner(triangles[o]!, triangles[o + 1]!, triangles[o + 2]!);
    const b = corner(triangles[o + 3]!, triangles[o + 4]!, triangles[o + 5]!);
    const c = corner(triangles[o + 6]!, triangles[o + 7]!, triangles[o + 8]!);
    if (a === b || b === c || c === a) continue;
    const normal = unitNormal(triangles, o);
    if (!normal) continue;
    for (const [i, j] of [
      [a, b],
      [b, c],
      [c, a],
    ] as const) {
      const low = Math.min(i, j);
      const high = Math.max(i, j);
      const key = low * 0x100000000 + high;
      let list = normalsOf.get(key);
      if (!list) {
        list = [];
        normalsOf.set(key, list);
        order.push([low, high]);
      }
      list.push(normal[0], normal[1], normal[2]);
    }
  }
  const kept: number[] = [];
  const used = new Map<number, number>();
  const vertices: number[] = [];
  const keep = (index: number): number => {
    let out = used.get(index);
    if (out === undefined) {
      out = vertices.length / 3;
      used.set(index, out);
      vertices.push(corners[index * 3]!, corners[index * 3 + 1]!, corners[index * 3 + 2]!);
    }
    return out;
  };
  for (const [low, high] of order) {
    const normals = normalsOf.get(low * 0x100000000 + high)!;
    if (pairedWithinPlanes(normals, cosCrease)) continue;
    kept.push(keep(low), keep(high));
  }
  return { vertices: Float64Array.from(vertices), edges: Uint32Array.from(kept) };
}

/** Whether the normals (3 numbers each) group by direction into groups of exactly two. */
function pairedWithinPlanes(normals: readonly number[], cosCrease: number): boolean {
  const count = normals.length / 3;
  if (count % 2 !== 0) return false;
  const grouped = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    if (grouped[i]) continue;
    let members = 1;
    for (let j = i + 1; j < count; j++) {
      if (grouped[j]) continue;
      const dot =
        normals[i * 3]! * normals[j * 3]! +
        normals[i * 3 + 1]! * normals[j * 3 + 1]! +
        normals[i * 3 + 2]! * normals[j * 3 + 2]!;
      if (dot >= cosCrease) {
        grouped[j] = 1;
        members++;
      }
    }
    if (members !== 2) return false;
  }
  return true;
}

function unitNormal(triangles: Float64Array, o: number): [number, number, number] | undefined {
  const ux = triangles[o + 3]! - triangles[o]!;
  const uy = triangles[o + 4]! - triangles[o + 1]!;
  const uz = triangles[o + 5]! - triangles[o + 2]!;
  const vx = triangles[o + 6]! - triangles[o]!;
  const vy = triangles[o + 7]! - triangles[o + 1]!;
  const vz = triangles[o + 8]! - triangles[o + 2]!;
  const nx = uy * vz - uz * vy;
  const ny = uz * vx - ux * vz;
  const nz = ux * vy - uy * vx;
  const length = Math.hypot(nx, ny, nz);
  return length > 0 ? [nx / length, ny / length, nz / length] : undefined;
}

/** A tile's visible edges and the frame they are in (`tileEdges` in tile-edges.ts reads them from a GLB). */
export interface TileEdges {
  /** Corners and edges in `frame`'s ENU metres (or ECEF metres when the tile has no transform to anchor one). */
  edges: VisibleEdges;
  frame: LocalFrame;
}

/** An ECEF point (metres) in the tile edges' frame. */
export function toTileFrame(tile: TileEdges, point: EcefPoint): EcefPoint {
  return ecefToLocal(tile.frame, point[0], point[1], point[2]);
}

/** A point of the tile edges' frame in ECEF metres. */
export function fromTileFrame(tile: TileEdges, point: EcefPoint): EcefPoint {
  return transformPoint(tile.frame.enuToEcef, point[0], point[1], point[2]);
}

/** Where the camera is and where a pick looks, in the frame of the edges. */
export interface PickRay {
  /** Camera position, metres. */
  origin: readonly [number, number, number];
  /** Unit direction through the picked pixel. */
  direction: readonly [number, number, number];
  /** Tangent of the angle one screen pixel spans (at the middle of the screen): metres per pixel per metre of depth. */
  pixelTangent: number;
}

/** A point projected by the caller: screen pixels and distance along the camera's view direction, metres. */
export interface Projected {
  screen: readonly [x: number, y: number];
  depth: number;
}

/** Options of `snapToEdges`, beside the vertex and edge radii of `snapPick`. */
export interface EdgeSnapOptions extends SnapOptions {
  /**
   * A candidate may lie this many pixels' worth of metres (at the surface's depth) behind the surface under the pick
   * and still count as visible: near a corner the pick hits a face that recedes from it, by up to the snap radius
   * times the tangent of the face's slant.
   */
  occlusionPixels?: number;
  /** ... or this many metres, whichever is more (the depth buffer's own error). */
  occlusionMetres?: number;
}

/** Defaults of `snapToEdges`: `SNAP_DEFAULTS`' radii; hidden beyond 20 pixels' worth or 5 cm behind the surface. */
export const EDGE_SNAP_DEFAULTS: Required<EdgeSnapOptions> = {
  ...SNAP_DEFAULTS,
  occlusionPixels: 20,
  occlusionMetres: 0.05,
};

/**
 * Snaps `pick` (screen pixels) to the nearest corner of `edges` within the vertex radius, else to the nearest
 * point of a visible edge within the edge radius (perspective-correct along the edge). Only corners and edges
 * near `ray` count (a cone a little wider than the radii), and only those not hidden behind the surface under the
 * pick: `surfaceDepth` is that surface's distance along the view direction, metres (undefined when the pick hit
 * nothing), and a candidate deeper than `surfaceDepth + max(occlusionMetres, occlusionPixels × pixelTangent ×
 * surfaceDepth)` lies behind it (the back of a building, a recess). `project` maps a point of the edges' frame to
 * the screen and its depth along the view direction (undefined behind the camera). The result's position is in
 * the edges' frame, metres; its `index` is the corner's (vertex) or the edge's (edge, counted in pairs of
 * `edges.edges`).
 */
export function snapToEdges(
  pick: readonly [x: number, y: number],
  ray: PickRay,
  edges: VisibleEdges,
  project: (point: EcefPoint) => Projected | undefined,
  surfaceDepth: number | undefined,
  options: EdgeSnapOptions = {},
): SnapResult | undefined {
  const settings = { ...EDGE_SNAP_DEFAULTS, ...definedOnly(options) };
  const { vertices } = edges;
  const limit =
    surfaceDepth === undefined
      ? Infinity
      : surfaceDepth +
        Math.max(settings.occlusionMetres, settings.occlusionPixels * ray.pixelTangent * surfaceDepth);
  // Corners off the ray by more than the larger radius (and a margin) cannot be within it on the screen.
  const coneTangent = (Math.max(settings.vertexPixels, settings.edgePixels) + 2) * ray.pixelTangent;
  const nearRay = (i: number): boolean => {
    const dx = vertices[i * 3]! - ray.origin[0];
    const dy = vertices[i * 3 + 1]! - ray.origin[1];
    const dz = vertices[i * 3 + 2]! - ray.origin[2];
    const along = dx * ray.direction[0] + dy * ray.direction[1] + dz * ray.direction[2];
    if (along <= 0) return false;
    const across = Math.sqrt(Math.max(0, dx * dx + dy * dy + dz * dz - along * along));
    return across <= along * coneTangent;
  };
  // Projected candidates (corner index → candidate index; -1 where the projection failed).
  const candidates: (SnapVertex & { corner: number; depth: number })[] = [];
  const candidateOf = new Map<number, number>();
  const candidate = (i: number): number | undefined => {
    const known = candidateOf.get(i);
    if (known !== undefined) return known < 0 ? undefined : known;
    const position: EcefPoint = [vertices[i * 3]!, vertices[i * 3 + 1]!, vertices[i * 3 + 2]!];
    const projected = project(position);
    if (!projected || !(projected.depth > 0)) {
      candidateOf.set(i, -1);
      return undefined;
    }
    candidateOf.set(i, candidates.length);
    candidates.push({ screen: projected.screen, position, depth: projected.depth, corner: i });
    return candidates.length - 1;
  };
  const cornerCount = vertices.length / 3;
  for (let i = 0; i < cornerCount; i++) if (nearRay(i)) candidate(i);
  const radii = { vertexPixels: settings.vertexPixels, edgePixels: settings.edgePixels };
  // Corners first (in front of the surface only) ...
  const shown = candidates.filter((c) => c.depth <= limit);
  const vertex = snapPick(pick, shown, [], radii);
  if (vertex) return { ...vertex, index: shown[vertex.index]!.corner };
  // ... then edges passing near the ray, where the snapped point itself is in front of the surface.
  const pairs: [number, number][] = [];
  const edgeIndex: number[] = [];
  for (let e = 0; e + 1 < edges.edges.length; e += 2) {
    const i = edges.edges[e]!;
    const j = edges.edges[e + 1]!;
    if (!edgeNearRay(vertices, i, j, ray, coneTangent)) continue;
    const a = candidate(i);
    const b = candidate(j);
    if (a === undefined || b === undefined) continue;
    pairs.push([a, b]);
    edgeIndex.push(e / 2);
  }
  // The nearest edge point may lie behind the surface (an edge seen through the pick's face): then the next one.
  while (pairs.length > 0) {
    const edge = snapPick(pick, candidates, pairs, { ...radii, vertexPixels: -1 });
    if (!edge) return undefined;
    const [a, b] = pairs[edge.index]!.map((k) => candidates[k]!);
    const full = Math.hypot(...difference(b!.position, a!.position));
    const t = full > 0 ? Math.hypot(...difference(edge.position, a!.position)) / full : 0;
    if ((1 - t) * a!.depth + t * b!.depth <= limit) return { ...edge, index: edgeIndex[edge.index]! };
    pairs.splice(edge.index, 1);
    edgeIndex.splice(edge.index, 1);
  }
  return undefined;
}

function difference(p: EcefPoint, q: EcefPoint): [number, number, number] {
  return [p[0] - q[0], p[1] - q[1], p[2] - q[2]];
}

/** Whether the segment i–j comes within the cone around `ray` at its closest approach to the ray's line. */
function edgeNearRay(vertices: Float64Array, i: number, j: number, ray: PickRay, tangent: number): boolean {
  const ax = vertices[i * 3]! - ray.origin[0];
  const ay = vertices[i * 3 + 1]! - ray.origin[1];
  const az = vertices[i * 3 + 2]! - ray.origin[2];
  const ex = vertices[j * 3]! - vertices[i * 3]!;
  const ey = vertices[j * 3 + 1]! - vertices[i * 3 + 1]!;
  const ez = vertices[j * 3 + 2]! - vertices[i * 3 + 2]!;
  const [dx, dy, dz] = ray.direction;
  // Component of a point off the ray line: p − (p·d) d; minimise |a + s e|⊥ over s in [0, 1].
  const aAlong = ax * dx + ay * dy + az * dz;
  const eAlong = ex * dx + ey * dy + ez * dz;
  const apx = ax - aAlong * dx;
  const apy = ay - aAlong * dy;
  const apz = az - aAlong * dz;
  const epx = ex - eAlong * dx;
  const epy = ey - eAlong * dy;
  const epz = ez - eAlong * dz;
  const epSquared = epx * epx + epy * epy + epz * epz;
  const s = epSquared > 0 ? Math.min(1, Math.max(0, -(apx * epx + apy * epy + apz * epz) / epSquared)) : 0;
  const along = aAlong + s * eAlong;
  if (along <= 0) return false;
  const across = Math.hypot(apx + s * epx, apy + s * epy, apz + s * epz);
  return across <= along * tangent;
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
