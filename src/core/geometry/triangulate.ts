/**
 * Triangulation of planar polygons with holes (CityGML surfaces): each polygon is projected into its own
 * plane (Newell normal) and triangulated with earcut; triangles keep the ring's orientation, so CityGML
 * rings (counter-clockwise seen from outside) give outward-facing triangles.
 */
import earcut from 'earcut';

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
}

const TRIANGULATE_DEFAULTS: Required<TriangulateOptions> = {
  duplicateTolerance: 1e-6,
  planarityTolerance: 0.01,
};

type Vec3 = [number, number, number];

/** Newell normal (not normalised; its length is twice the ring's area) of a ring given by vertex indices into local x,y,z triples. */
function ringNewellVector(local: Float64Array, ring: readonly number[]): Vec3 {
  let nx = 0;
  let ny = 0;
  let nz = 0;
  for (let k = 0; k < ring.length; k++) {
    const a = ring[k]! * 3;
    const b = ring[(k + 1) % ring.length]! * 3;
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
  return [nx, ny, nz];
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
  const [nx, ny, nz] = ringNewellVector(local, ring);
  const length = Math.hypot(nx, ny, nz);
  return length > 0 ? [nx / length, ny / length, nz / length] : [0, 0, 0];
}

function distanceSquared(local: Float64Array, a: number, b: number): number {
  const dx = local[a * 3]! - local[b * 3]!;
  const dy = local[a * 3 + 1]! - local[b * 3 + 1]!;
  const dz = local[a * 3 + 2]! - local[b * 3 + 2]!;
  return dx * dx + dy * dy + dz * dz;
}

/** Number of vertices of a ring that coincide with an earlier, non-adjacent vertex of the same ring. */
function countSelfTouchingVertices(
  local: Float64Array,
  ring: readonly number[],
  toleranceSquared: number,
): number {
  let touching = 0;
  for (let i = 0; i < ring.length; i++) {
    for (let j = i + 2; j < ring.length; j++) {
      if (i === 0 && j === ring.length - 1) continue;
      if (distanceSquared(local, ring[i]!, ring[j]!) <= toleranceSquared) touching++;
    }
  }
  return touching;
}

/**
 * Triangulates one planar polygon with holes. `positions`: x,y,z triples in any Cartesian metric frame
 * (local ENU metres or ECEF metres); `ringStarts`: vertex index where each ring starts (ring 0 exterior,
 * the rest holes; closing vertices may be present or absent). Duplicate consecutive vertices and
 * closing vertices are skipped, degenerate holes dropped, non-planar and self-touching rings triangulated
 * with a note in `repaired`; a degenerate exterior ring fails with a reason.
 */
export function triangulatePolygon(
  positions: Float64Array,
  ringStarts: Uint32Array,
  options: TriangulateOptions = {},
): TriangulationResult {
  const duplicateTolerance = options.duplicateTolerance ?? TRIANGULATE_DEFAULTS.duplicateTolerance;
  const planarityTolerance = options.planarityTolerance ?? TRIANGULATE_DEFAULTS.planarityTolerance;
  const vertexCount = Math.floor(positions.length / 3);
  if (vertexCount < 3)
    return { ok: false, reason: `triangulation: polygon has ${vertexCount} vertices (need ≥ 3)` };
  const starts = ringStarts.length > 0 ? Array.from(ringStarts) : [0];
  if (starts[0] !== 0)
    return { ok: false, reason: `triangulation: ringStarts[0] is ${starts[0]}, expected 0` };
  for (let r = 1; r < starts.length; r++) {
    if (starts[r]! <= starts[r - 1]! || starts[r]! > vertexCount) {
      return { ok: false, reason: `triangulation: ringStarts not ascending within ${vertexCount} vertices` };
    }
  }

  // Work relative to the first vertex: ECEF values of ~4e6 m keep sub-micrometre differences.
  const local = new Float64Array(vertexCount * 3);
  for (let i = 0; i < vertexCount * 3; i++) local[i] = positions[i]! - positions[i % 3]!;
  let extentSquared = 0;
  for (let i = 1; i < vertexCount; i++) extentSquared = Math.max(extentSquared, distanceSquared(local, 0, i));
  const toleranceSquared = duplicateTolerance * duplicateTolerance;
  const areaEpsilon = 1e-9 * Math.max(extentSquared, 1e-6);
  const repaired: string[] = [];

  // Distinct vertices per ring (original vertex indices), consecutive duplicates and closing vertex removed.
  const rings: number[][] = [];
  for (let r = 0; r < starts.length; r++) {
    const end = r + 1 < starts.length ? starts[r + 1]! : vertexCount;
    const ring: number[] = [];
    for (let v = starts[r]!; v < end; v++) {
      if (ring.length > 0 && distanceSquared(local, ring[ring.length - 1]!, v) <= toleranceSquared) continue;
      ring.push(v);
    }
    while (ring.length > 1 && distanceSquared(local, ring[0]!, ring[ring.length - 1]!) <= toleranceSquared)
      ring.pop();
    const removed = end - starts[r]! - ring.length;
    if (removed > 0) repaired.push(`ring ${r}: ${removed} duplicate consecutive vertices skipped`);
    rings.push(ring);
  }

  const exterior = rings[0]!;
  if (exterior.length < 3) {
    return {
      ok: false,
      reason: `triangulation: exterior ring has ${exterior.length} distinct vertices (need ≥ 3)`,
    };
  }
  const exteriorNewell = ringNewellVector(local, exterior);
  const exteriorNewellLength = Math.hypot(...exteriorNewell);
  if (exteriorNewellLength / 2 <= areaEpsilon) {
    return { ok: false, reason: 'triangulation: exterior ring has zero area (collinear vertices)' };
  }
  const normal: Vec3 = [
    exteriorNewell[0] / exteriorNewellLength,
    exteriorNewell[1] / exteriorNewellLength,
    exteriorNewell[2] / exteriorNewellLength,
  ];

  let area = exteriorNewellLength / 2;
  const keptRings: number[][] = [exterior];
  for (let r = 1; r < rings.length; r++) {
    const hole = rings[r]!;
    if (hole.length < 3) {
      repaired.push(`hole ${r} dropped: ${hole.length} distinct vertices (need ≥ 3)`);
      continue;
    }
    const holeNewell = ringNewellVector(local, hole);
    const holeArea =
      Math.abs(holeNewell[0] * normal[0] + holeNewell[1] * normal[1] + holeNewell[2] * normal[2]) / 2;
    if (holeArea <= areaEpsilon) {
      repaired.push(`hole ${r} dropped: zero area`);
      continue;
    }
    area -= holeArea;
    keptRings.push(hole);
  }

  // Planarity: distance of every kept vertex from the plane through the exterior ring's centroid.
  const centroid: Vec3 = [0, 0, 0];
  for (const v of exterior)
    for (let axis = 0; axis < 3; axis++) centroid[axis]! += local[v * 3 + axis]! / exterior.length;
  let maxDeviation = 0;
  for (const ring of keptRings) {
    for (const v of ring) {
      const d =
        (local[v * 3]! - centroid[0]) * normal[0] +
        (local[v * 3 + 1]! - centroid[1]) * normal[1] +
        (local[v * 3 + 2]! - centroid[2]) * normal[2];
      maxDeviation = Math.max(maxDeviation, Math.abs(d));
    }
  }
  if (maxDeviation > planarityTolerance) {
    repaired.push(
      `non-planar: a vertex lies ${maxDeviation.toPrecision(3)} from the plane (tolerance ${planarityTolerance}); triangulated in the mean plane`,
    );
  }

  for (let r = 0; r < keptRings.length; r++) {
    const touching = countSelfTouchingVertices(local, keptRings[r]!, toleranceSquared);
    if (touching > 0)
      repaired.push(`ring ${r}: self-touching at ${touching} vertex pair(s); triangulated as split`);
  }

  // Right-handed plane basis (u, v, normal): counter-clockwise around the normal is counter-clockwise in (u, v).
  const absX = Math.abs(normal[0]);
  const absY = Math.abs(normal[1]);
  const absZ = Math.abs(normal[2]);
  const helper: Vec3 = absX <= absY && absX <= absZ ? [1, 0, 0] : absY <= absZ ? [0, 1, 0] : [0, 0, 1];
  const uRaw = cross(helper, normal);
  const uLength = Math.hypot(...uRaw);
  const u: Vec3 = [uRaw[0] / uLength, uRaw[1] / uLength, uRaw[2] / uLength];
  const v = cross(normal, u);

  const flatVertexIds: number[] = [];
  const holeStarts: number[] = [];
  for (let r = 0; r < keptRings.length; r++) {
    if (r > 0) holeStarts.push(flatVertexIds.length);
    for (const vertex of keptRings[r]!) flatVertexIds.push(vertex);
  }
  const flat = new Float64Array(flatVertexIds.length * 2);
  for (let k = 0; k < flatVertexIds.length; k++) {
    const o = flatVertexIds[k]! * 3;
    const x = local[o]!;
    const y = local[o + 1]!;
    const z = local[o + 2]!;
    flat[k * 2] = x * u[0] + y * u[1] + z * u[2];
    flat[k * 2 + 1] = x * v[0] + y * v[1] + z * v[2];
  }

  const triangles = earcut(flat, holeStarts.length > 0 ? holeStarts : null, 2);
  const indices: number[] = [];
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
    indices.push(flatVertexIds[a]!, flatVertexIds[b]!, flatVertexIds[c]!);
  }
  if (flipped > 0 && flipped * 3 !== triangles.length) {
    repaired.push(`${flipped} triangles turned to the ring's orientation (inconsistent earcut output)`);
  }
  if (degenerate > 0) repaired.push(`${degenerate} zero-area triangles dropped`);
  if (indices.length === 0) {
    return { ok: false, reason: 'triangulation: no triangles (self-intersecting or degenerate polygon)' };
  }
  const deviation = Math.abs(triangulatedArea - area) / area;
  if (deviation > 1e-6) {
    repaired.push(
      `triangles cover ${((triangulatedArea / area) * 100).toFixed(2)} % of the ring area (self-intersecting ring?)`,
    );
  }

  const polygon: TriangulatedPolygon = { indices: Uint32Array.from(indices), normal, area };
  return repaired.length > 0 ? { ok: true, polygon, repaired } : { ok: true, polygon };
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
