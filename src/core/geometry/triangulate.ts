/**
 * Triangulation of planar polygons with holes (CityGML surfaces): each polygon is projected into its own
 * plane (Newell normal) and triangulated with earcut; triangles keep the ring's orientation, so CityGML
 * rings (counter-clockwise seen from outside) give outward-facing triangles.
 */
import earcut from 'earcut';
import { hypot3 } from './hypot.ts';
import { earcutSmallConvex } from './small-rings.ts';

export interface TriangulatedPolygon {
  /** Triangle list into the polygon's vertices (all rings, in order), counter-clockwise around `normal`. */
  indices: Uint32Array;
  /** Unit Newell normal of the exterior ring, in the input frame. */
  normal: [number, number, number];
  /** Area (exterior minus holes, projected onto the plane) in input units². */
  area: number;
}

export type TriangulationResult =
  | { ok: true; polygon: TriangulatedPolygon; repaired?: string[] }
  | { ok: false; reason: string };

export interface TriangulateOptions {
  /** Distance below which consecutive vertices count as duplicates, input units (default 1e-6, i.e. 1 µm). */
  duplicateTolerance?: number;
  /** Largest distance of a vertex from the polygon's plane before a warning, input units (default 0.01). */
  planarityTolerance?: number;
  /**
   * Most vertices (all rings, closing vertices included) a polygon may have; larger polygons fail with a
   * reason instead of being triangulated (default {@link MAX_POLYGON_VERTICES}).
   */
  maxVertices?: number;
}

/**
 * Default vertex cap per polygon, which bounds the time one polygon can take. The checks here are O(n)
 * expected, but earcut slows down quadratically on large smooth or zigzag rings (it tests every ear of a
 * growing fan against all vertices in the fan's z-order range): measured on 2 cores under load, a plain
 * 20 000-vertex circle takes 2 s and a 50 000-vertex one 10 s, 100 000 vertices 36 s and 1 000 000
 * minutes. The largest ring in the shared real data (56 CityGML files) has 309 vertices; 50 000 leaves a
 * stadium roof or a digitised shoreline room, and a larger polygon is dropped with this reason (its
 * building keeps its other surfaces) instead of stalling the run.
 */
export const MAX_POLYGON_VERTICES = 50_000;

const TRIANGULATE_DEFAULTS: Required<TriangulateOptions> = {
  duplicateTolerance: 1e-6,
  planarityTolerance: 0.01,
  maxVertices: MAX_POLYGON_VERTICES,
};

/** `ringStarts` of a polygon given without any: one ring from vertex 0. */
const SINGLE_RING: readonly number[] = [0];

/**
 * Two work buffers of float64 values reused by every `triangulatePolygon` call (0: vertices relative to
 * the first, 1: plane coordinates for earcut); they grow to the largest polygon seen. JavaScript runs one
 * call at a time per thread, and no buffer is kept beyond a call.
 */
const scratchBuffers = [new Float64Array(256), new Float64Array(256)];

/**
 * Two reused work buffers of vertex indices (0: ring vertices end to end, 1: ring bounds), as `scratchBuffers`.
 * `scratchIds` repeats `scratch` for its element type: one generic function over both array types made
 * its property loads polymorphic and cost 0.3 % more instructions per conversion.
 */
const scratchIdBuffers = [new Int32Array(256), new Int32Array(16)];

/** Index work buffer `which` with room for at least `length` values (stale values beyond what the caller writes). */
function scratchIds(length: number, which: 0 | 1): Int32Array {
  let buffer = scratchIdBuffers[which]!;
  if (buffer.length < length) {
    buffer = new Int32Array(Math.max(length, buffer.length * 2));
    scratchIdBuffers[which] = buffer;
  }
  return buffer;
}

/** Work buffer `which` with room for at least `length` values (stale values beyond what the caller writes). */
function scratch(length: number, which: 0 | 1): Float64Array {
  let buffer = scratchBuffers[which]!;
  if (buffer.length < length) {
    buffer = new Float64Array(Math.max(length, buffer.length * 2));
    scratchBuffers[which] = buffer;
  }
  return buffer;
}

/** The last `ringNewellVector` result (not normalised; its length is twice the ring's area); reused, never kept. */
const newell = new Float64Array(3);

/** Newell vector of the ring `ids[from, to)` (vertex indices into local x,y,z triples), into `newell`. */
function ringNewellVector(local: Float64Array, ids: ArrayLike<number>, from: number, to: number): void {
  let nx = 0;
  let ny = 0;
  let nz = 0;
  for (let k = from; k < to; k++) {
    const a = ids[k]! * 3;
    const b = ids[k + 1 < to ? k + 1 : from]! * 3;
    const ax = local[a]!;
    const ay = local[a + 1]!;
    const az = local[a + 2]!;
    const bx = local[b]!;
    const by = local[b + 1]!;
    const bz = local[b + 2]!;
    nx += (ay - by) * (az + bz);
    ny += (az - bz) * (ax + bx);
    nz += (ax - bx) * (ay + by);
  }
  newell[0] = nx;
  newell[1] = ny;
  newell[2] = nz;
}

/**
 * Unit Newell normal of one ring of x,y,z triples (any Cartesian frame), computed relative to the first
 * vertex; [0, 0, 0] for a degenerate ring.
 */
export function newellNormal(positions: ArrayLike<number>): [number, number, number] {
  const count = Math.floor(positions.length / 3);
  const local = new Float64Array(count * 3);
  for (let i = 0; i < count * 3; i++) local[i] = positions[i]! - positions[i % 3]!;
  const ring = Array.from({ length: count }, (_, i) => i);
  ringNewellVector(local, ring, 0, count);
  const [nx, ny, nz] = newell as unknown as [number, number, number];
  const length = Math.hypot(nx, ny, nz);
  return length > 0 ? [nx / length, ny / length, nz / length] : [0, 0, 0];
}

function distanceSquared(local: Float64Array, a: number, b: number): number {
  const dx = local[a * 3]! - local[b * 3]!;
  const dy = local[a * 3 + 1]! - local[b * 3 + 1]!;
  const dz = local[a * 3 + 2]! - local[b * 3 + 2]!;
  return dx * dx + dy * dy + dz * dz;
}

/** Result of {@link countSelfTouchingPairs}. */
export interface SelfTouchingCount {
  /** Pairs of non-adjacent ring vertices within the duplicate tolerance (a lower bound when not `complete`). */
  pairs: number;
  /** False when counting stopped at the comparison budget (only for hostile rings with masses of near-coincident vertices). */
  complete: boolean;
}

/** Rings up to this many vertices are checked pairwise: cheaper than hashing and the same result. */
const PAIRWISE_RING_LIMIT = 64;

/**
 * Counts the pairs of vertices of a ring that lie within `tolerance` of each other without being
 * neighbours on the ring (the first and last vertex are neighbours). `local`: x,y,z triples in a metric
 * frame (input units, e.g. metres relative to the polygon's first vertex); `ring`: vertex indices into
 * `local`; `tolerance`: distance in the same units.
 *
 * Expected O(n): vertices go into a spatial hash of cubic cells of at least four times the tolerance,
 * so a touching partner lies in the same cell or, per axis, the neighbour on the nearer side (8 cells).
 * The work is O(n + pairs); since a ring whose vertices all coincide has n²/2 pairs, counting stops
 * after `maxComparisons` hash-bucket entries visited (default 64 per vertex plus 2^20) and reports the
 * pairs found so far as incomplete.
 */
export function countSelfTouchingPairs(
  local: Float64Array,
  ring: readonly number[],
  tolerance: number,
  maxComparisons = 64 * ring.length + 2 ** 20,
): SelfTouchingCount {
  const pairs = countTouching(local, ring, 0, ring.length, tolerance, maxComparisons);
  return { pairs, complete: lastCountComplete };
}

/** Whether the last `countTouching` counted every pair (false: it stopped at its comparison budget). */
let lastCountComplete = true;

/** `countSelfTouchingPairs` of the ring `ids[from, to)`; whether it is complete is left in `lastCountComplete`. */
function countTouching(
  local: Float64Array,
  ids: ArrayLike<number>,
  from: number,
  to: number,
  tolerance: number,
  maxComparisons: number,
): number {
  lastCountComplete = true;
  const toleranceSquared = tolerance * tolerance;
  const n = to - from;
  if (n <= PAIRWISE_RING_LIMIT) {
    let pairs = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 2; j < n; j++) {
        if (i === 0 && j === n - 1) continue;
        if (distanceSquared(local, ids[from + i]!, ids[from + j]!) <= toleranceSquared) pairs++;
      }
    }
    return pairs;
  }

  // Cell size ≥ 4 × tolerance: coordinates of touching vertices differ by at most a quarter cell, so a
  // partner of a vertex in the lower half of its cell lies in that cell or the one below, even after
  // rounding in the division. The floor of extent · 2^-40 keeps cell numbers below 2^40 (exact integers,
  // rounding error ≤ 2^-13 cell) for huge extents or tolerance 0.
  let maxAbs = 0;
  for (let k = from; k < to; k++)
    for (let axis = 0; axis < 3; axis++) maxAbs = Math.max(maxAbs, Math.abs(local[ids[k]! * 3 + axis]!));
  let cellSize = Math.max(4 * Math.abs(tolerance), maxAbs * 2 ** -40);
  if (!(cellSize > 0) || !Number.isFinite(cellSize)) cellSize = 1;

  let tableSize = 1;
  while (tableSize < 4 * n) tableSize *= 2; // load ≤ 1/4: few foreign entries per bucket
  const mask = tableSize - 1;
  const head = new Int32Array(tableSize).fill(-1); // newest ring position per hash bucket
  const next = new Int32Array(n); // older ring position in the same bucket, -1 at the end
  const cells = new Float64Array(n * 3);
  let pairs = 0;
  let comparisons = 0;
  for (let j = 0; j < n; j++) {
    const vertex = ids[from + j]!;
    const qx = local[vertex * 3]! / cellSize;
    const qy = local[vertex * 3 + 1]! / cellSize;
    const qz = local[vertex * 3 + 2]! / cellSize;
    const cx = Math.floor(qx);
    const cy = Math.floor(qy);
    const cz = Math.floor(qz);
    const sx = qx - cx < 0.5 ? -1 : 1;
    const sy = qy - cy < 0.5 ? -1 : 1;
    const sz = qz - cz < 0.5 ? -1 : 1;
    for (let ix = 0; ix < 2; ix++) {
      for (let iy = 0; iy < 2; iy++) {
        for (let iz = 0; iz < 2; iz++) {
          const x = cx + ix * sx;
          const y = cy + iy * sy;
          const z = cz + iz * sz;
          for (let i = head[cellHash(x, y, z) & mask]!; i >= 0; i = next[i]!) {
            if (++comparisons > maxComparisons) {
              lastCountComplete = false;
              return pairs;
            }
            // Buckets mix cells: only count vertices of this very cell, or a pair would count twice.
            if (cells[i * 3] !== x || cells[i * 3 + 1] !== y || cells[i * 3 + 2] !== z) continue;
            if (i === j - 1 || (i === 0 && j === n - 1)) continue;
            if (distanceSquared(local, ids[from + i]!, vertex) <= toleranceSquared) pairs++;
          }
        }
      }
    }
    cells[j * 3] = cx;
    cells[j * 3 + 1] = cy;
    cells[j * 3 + 2] = cz;
    const bucket = cellHash(cx, cy, cz) & mask;
    next[j] = head[bucket]!;
    head[bucket] = j;
  }
  return pairs;
}

/** 32-bit hash of an integer cell number triple (each below 2^53 in magnitude). */
function cellHash(x: number, y: number, z: number): number {
  // `| 0` keeps the low 32 bits; the high bits matter only for cell numbers beyond ±2^31.
  let h = Math.imul(x | 0, 0x9e3779b1) ^ Math.imul(y | 0, 0x85ebca6b) ^ Math.imul(z | 0, 0xc2b2ae35);
  const high =
    ((x / 4294967296) | 0) ^ Math.imul((y / 4294967296) | 0, 31) ^ Math.imul((z / 4294967296) | 0, 961);
  h ^= Math.imul(high, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 13);
}

/**
 * Triangulates one planar polygon with holes. `positions`: x,y,z triples in any Cartesian metric frame
 * (local ENU metres or ECEF metres); `ringStarts`: vertex index where each ring starts (ring 0 exterior,
 * the rest holes; closing vertices may be present or absent). Duplicate consecutive vertices and
 * closing vertices are skipped, degenerate holes dropped, non-planar and self-touching rings triangulated
 * with a note in `repaired`; a degenerate exterior ring, a non-finite coordinate or more than
 * `options.maxVertices` vertices fail with a reason. Expected time O(n log n) in the vertex count n.
 */
export function triangulatePolygon(
  positions: Float64Array,
  ringStarts: Uint32Array,
  options: TriangulateOptions = {},
): TriangulationResult {
  const duplicateTolerance = options.duplicateTolerance ?? TRIANGULATE_DEFAULTS.duplicateTolerance;
  const planarityTolerance = options.planarityTolerance ?? TRIANGULATE_DEFAULTS.planarityTolerance;
  const maxVertices = options.maxVertices ?? TRIANGULATE_DEFAULTS.maxVertices;
  const vertexCount = Math.floor(positions.length / 3);
  if (vertexCount < 3)
    return { ok: false, reason: `triangulation: polygon has ${vertexCount} vertices (need ≥ 3)` };
  if (vertexCount > maxVertices) {
    return {
      ok: false,
      reason: `triangulation: polygon has ${vertexCount} vertices, more than the limit of ${maxVertices} per polygon`,
    };
  }
  for (let i = 0; i < vertexCount * 3; i++) {
    if (!Number.isFinite(positions[i])) {
      return { ok: false, reason: `triangulation: vertex ${Math.floor(i / 3)} has a non-finite coordinate` };
    }
  }
  const starts: ArrayLike<number> = ringStarts.length > 0 ? ringStarts : SINGLE_RING;
  if (starts[0] !== 0)
    return { ok: false, reason: `triangulation: ringStarts[0] is ${starts[0]}, expected 0` };
  for (let r = 1; r < starts.length; r++) {
    if (starts[r]! <= starts[r - 1]! || starts[r]! > vertexCount) {
      return { ok: false, reason: `triangulation: ringStarts not ascending within ${vertexCount} vertices` };
    }
  }

  // Work relative to the first vertex: ECEF values of ~4e6 m keep sub-micrometre differences. The
  // buffer is reused from call to call (a new typed array per polygon cost a quarter of this function).
  const local = scratch(vertexCount * 3, 0);
  for (let i = 0; i < vertexCount * 3; i++) local[i] = positions[i]! - positions[i % 3]!;
  let extentSquared = 0;
  for (let i = 1; i < vertexCount; i++) extentSquared = Math.max(extentSquared, distanceSquared(local, 0, i));
  const toleranceSquared = duplicateTolerance * duplicateTolerance;
  const areaEpsilon = 1e-9 * Math.max(extentSquared, 1e-6);

  // Distinct vertices per ring (original vertex indices, all rings end to end in `ids`), consecutive
  // duplicates and closing vertex removed; ring r is ids[bounds[r], bounds[r + 1]).
  const ringCount = starts.length;
  const ids = scratchIds(vertexCount, 0);
  const bounds = scratchIds(ringCount + 1, 1);
  let repaired: string[] | undefined;
  let count = 0;
  for (let r = 0; r < ringCount; r++) {
    const end = r + 1 < ringCount ? starts[r + 1]! : vertexCount;
    const from = count;
    bounds[r] = from;
    for (let v = starts[r]!; v < end; v++) {
      if (count > from && distanceSquared(local, ids[count - 1]!, v) <= toleranceSquared) continue;
      ids[count++] = v;
    }
    while (count - from > 1 && distanceSquared(local, ids[from]!, ids[count - 1]!) <= toleranceSquared)
      count--;
    const removed = end - starts[r]! - (count - from);
    if (removed > 0) (repaired ??= []).push(`ring ${r}: ${removed} duplicate consecutive vertices skipped`);
  }
  bounds[ringCount] = count;

  const exteriorLength = bounds[1]! - bounds[0]!;
  if (exteriorLength < 3) {
    return {
      ok: false,
      reason: `triangulation: exterior ring has ${exteriorLength} distinct vertices (need ≥ 3)`,
    };
  }
  ringNewellVector(local, ids, 0, exteriorLength);
  const exteriorNewellLength = hypot3(newell[0]!, newell[1]!, newell[2]!);
  if (exteriorNewellLength / 2 <= areaEpsilon) {
    return { ok: false, reason: 'triangulation: exterior ring has zero area (collinear vertices)' };
  }
  const nx = newell[0]! / exteriorNewellLength;
  const ny = newell[1]! / exteriorNewellLength;
  const nz = newell[2]! / exteriorNewellLength;

  // Holes kept are moved down in `ids` over the dropped ones; kept ring k is ids[bounds[k], bounds[k + 1]).
  let area = exteriorNewellLength / 2;
  let kept = 1;
  for (let r = 1; r < ringCount; r++) {
    const from = bounds[r]!;
    const to = bounds[r + 1]!;
    if (to - from < 3) {
      (repaired ??= []).push(`hole ${r} dropped: ${to - from} distinct vertices (need ≥ 3)`);
      continue;
    }
    ringNewellVector(local, ids, from, to);
    const holeArea = Math.abs(newell[0]! * nx + newell[1]! * ny + newell[2]! * nz) / 2;
    if (holeArea <= areaEpsilon) {
      (repaired ??= []).push(`hole ${r} dropped: zero area`);
      continue;
    }
    area -= holeArea;
    const at = bounds[kept]!;
    if (at !== from) ids.copyWithin(at, from, to);
    bounds[++kept] = at + (to - from);
  }
  const keptVertices = bounds[kept]!;

  // Planarity: distance of every kept vertex from the plane through the exterior ring's centroid.
  let cx = 0;
  let cy = 0;
  let cz = 0;
  for (let k = 0; k < exteriorLength; k++) {
    const o = ids[k]! * 3;
    cx += local[o]! / exteriorLength;
    cy += local[o + 1]! / exteriorLength;
    cz += local[o + 2]! / exteriorLength;
  }
  let maxDeviation = 0;
  for (let k = 0; k < keptVertices; k++) {
    const o = ids[k]! * 3;
    const d = (local[o]! - cx) * nx + (local[o + 1]! - cy) * ny + (local[o + 2]! - cz) * nz;
    maxDeviation = Math.max(maxDeviation, Math.abs(d));
  }
  if (maxDeviation > planarityTolerance) {
    (repaired ??= []).push(
      `non-planar: a vertex lies ${maxDeviation.toPrecision(3)} from the plane (tolerance ${planarityTolerance}); triangulated in the mean plane`,
    );
  }

  for (let r = 0; r < kept; r++) {
    const from = bounds[r]!;
    const to = bounds[r + 1]!;
    const pairs = countTouching(local, ids, from, to, duplicateTolerance, 64 * (to - from) + 2 ** 20);
    if (!lastCountComplete) {
      (repaired ??= []).push(
        `ring ${r}: self-touching at ≥ ${pairs} vertex pair(s) (count stopped: too many near-coincident vertices); triangulated as split`,
      );
    } else if (pairs > 0) {
      (repaired ??= []).push(`ring ${r}: self-touching at ${pairs} vertex pair(s); triangulated as split`);
    }
  }

  // Right-handed plane basis (u, v, normal): counter-clockwise around the normal is counter-clockwise in (u, v).
  const absX = Math.abs(nx);
  const absY = Math.abs(ny);
  const absZ = Math.abs(nz);
  // u = helper × normal, helper the axis least aligned with the normal
  let ux: number;
  let uy: number;
  let uz: number;
  if (absX <= absY && absX <= absZ) {
    ux = 0;
    uy = -nz;
    uz = ny;
  } else if (absY <= absZ) {
    ux = nz;
    uy = 0;
    uz = -nx;
  } else {
    ux = -ny;
    uy = nx;
    uz = 0;
  }
  const uLength = hypot3(ux, uy, uz);
  ux /= uLength;
  uy /= uLength;
  uz /= uLength;
  // v = normal × u
  const vx = ny * uz - nz * uy;
  const vy = nz * ux - nx * uz;
  const vz = nx * uy - ny * ux;

  const flat = scratch(keptVertices * 2, 1).subarray(0, keptVertices * 2);
  for (let k = 0; k < keptVertices; k++) {
    const o = ids[k]! * 3;
    const x = local[o]!;
    const y = local[o + 1]!;
    const z = local[o + 2]!;
    flat[k * 2] = x * ux + y * uy + z * uz;
    flat[k * 2 + 1] = x * vx + y * vy + z * vz;
  }
  let holeStarts: number[] | null = null;
  if (kept > 1) {
    holeStarts = [];
    for (let r = 1; r < kept; r++) holeStarts.push(bounds[r]!);
  }

  const triangles =
    (kept === 1 ? earcutSmallConvex(flat, keptVertices, areaEpsilon) : undefined) ??
    earcut(flat, holeStarts, 2);
  let indices = new Uint32Array(triangles.length);
  let written = 0;
  let degenerate = 0;
  let flipped = 0;
  let triangulatedArea = 0;
  for (let t = 0; t + 2 < triangles.length; t += 3) {
    let a = triangles[t]!;
    let b = triangles[t + 1]!;
    const c = triangles[t + 2]!;
    const doubleArea =
      (flat[b * 2]! - flat[a * 2]!) * (flat[c * 2 + 1]! - flat[a * 2 + 1]!) -
      (flat[b * 2 + 1]! - flat[a * 2 + 1]!) * (flat[c * 2]! - flat[a * 2]!);
    if (Math.abs(doubleArea) / 2 <= areaEpsilon * 1e-3) {
      degenerate++;
      continue;
    }
    if (doubleArea < 0) {
      [a, b] = [b, a];
      flipped++;
    }
    triangulatedArea += Math.abs(doubleArea) / 2;
    indices[written++] = ids[a]!;
    indices[written++] = ids[b]!;
    indices[written++] = ids[c]!;
  }
  if (flipped > 0 && flipped * 3 !== triangles.length) {
    (repaired ??= []).push(
      `${flipped} triangles turned to the ring's orientation (inconsistent earcut output)`,
    );
  }
  if (degenerate > 0) (repaired ??= []).push(`${degenerate} zero-area triangles dropped`);
  if (written === 0) {
    return { ok: false, reason: 'triangulation: no triangles (self-intersecting or degenerate polygon)' };
  }
  const deviation = Math.abs(triangulatedArea - area) / area;
  if (deviation > 1e-6) {
    (repaired ??= []).push(
      `triangles cover ${((triangulatedArea / area) * 100).toFixed(2)} % of the ring area (self-intersecting ring?)`,
    );
  }

  if (written < indices.length) indices = indices.slice(0, written);
  const polygon: TriangulatedPolygon = { indices, normal: [nx, ny, nz], area };
  return repaired ? { ok: true, polygon, repaired } : { ok: true, polygon };
}
