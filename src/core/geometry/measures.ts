/**
 * Measures of triangle meshes: areas, signed volume, bounding boxes. Positions are x,y,z triples in any
 * Cartesian metric frame (local ENU metres or ECEF metres); every function subtracts a reference vertex
 * first so large ECEF values keep their precision.
 */

/** Axis-aligned bounding box in the positions' frame (same units). */
export interface BoundingBox {
  min: [number, number, number];
  max: [number, number, number];
}

/** Area of triangle (i0, i1, i2) in input units², positions as x,y,z triples. */
export function triangleArea(positions: ArrayLike<number>, i0: number, i1: number, i2: number): number {
  const ax = positions[i0 * 3]!;
  const ay = positions[i0 * 3 + 1]!;
  const az = positions[i0 * 3 + 2]!;
  const ux = positions[i1 * 3]! - ax;
  const uy = positions[i1 * 3 + 1]! - ay;
  const uz = positions[i1 * 3 + 2]! - az;
  const vx = positions[i2 * 3]! - ax;
  const vy = positions[i2 * 3 + 1]! - ay;
  const vz = positions[i2 * 3 + 2]! - az;
  const cx = uy * vz - uz * vy;
  const cy = uz * vx - ux * vz;
  const cz = ux * vy - uy * vx;
  return 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
}

/** Area of every triangle of a triangle list, input units². */
export function triangleAreas(positions: ArrayLike<number>, indices: ArrayLike<number>): Float64Array {
  const areas = new Float64Array(Math.floor(indices.length / 3));
  for (let t = 0; t < areas.length; t++) {
    areas[t] = triangleArea(positions, indices[t * 3]!, indices[t * 3 + 1]!, indices[t * 3 + 2]!);
  }
  return areas;
}

/** Total surface area of a triangle list, input units². */
export function meshArea(positions: ArrayLike<number>, indices: ArrayLike<number>): number {
  let sum = 0;
  for (const area of triangleAreas(positions, indices)) sum += area;
  return sum;
}

/**
 * Signed volume enclosed by a closed triangle mesh, input units³: positive when the triangles are
 * counter-clockwise seen from outside (normals facing outwards), negative when inverted. Computed
 * relative to the first vertex, so ECEF input keeps full precision.
 */
export function signedVolume(positions: ArrayLike<number>, indices: ArrayLike<number>): number {
  if (positions.length < 3) return 0;
  const ox = positions[0]!;
  const oy = positions[1]!;
  const oz = positions[2]!;
  let sixTimesVolume = 0;
  for (let t = 0; t + 2 < indices.length; t += 3) {
    const a = indices[t]! * 3;
    const b = indices[t + 1]! * 3;
    const c = indices[t + 2]! * 3;
    const ax = positions[a]! - ox;
    const ay = positions[a + 1]! - oy;
    const az = positions[a + 2]! - oz;
    const bx = positions[b]! - ox;
    const by = positions[b + 1]! - oy;
    const bz = positions[b + 2]! - oz;
    const cx = positions[c]! - ox;
    const cy = positions[c + 1]! - oy;
    const cz = positions[c + 2]! - oz;
    sixTimesVolume += ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
  }
  return sixTimesVolume / 6;
}

/** Axis-aligned bounding box of x,y,z triples (same frame and units as the input); empty input gives ±Infinity. */
export function boundingBox(positions: ArrayLike<number>): BoundingBox {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i + 2 < positions.length; i += 3) {
    for (let axis = 0; axis < 3; axis++) {
      const value = positions[i + axis]!;
      if (value < min[axis]!) min[axis] = value;
      if (value > max[axis]!) max[axis] = value;
    }
  }
  return { min, max };
}

/** Grows `target` in place to contain `other`; returns `target`. */
export function unionBoundingBox(target: BoundingBox, other: BoundingBox): BoundingBox {
  for (let axis = 0; axis < 3; axis++) {
    target.min[axis] = Math.min(target.min[axis]!, other.min[axis]!);
    target.max[axis] = Math.max(target.max[axis]!, other.max[axis]!);
  }
  return target;
}
