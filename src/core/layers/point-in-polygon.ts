/**
 * The one point-in-polygon test of the layers (joins onto buildings, plan envelopes): the even-odd rule over
 * rings of interleaved x, y pairs, so holes and the polygons of a multipolygon count without knowing which
 * ring is which. Works in any planar coordinates (lon/lat degrees or projected metres). Platform-free.
 */

/**
 * Whether the edge between vertices `i` and `j` of `coordinates` (interleaved x, y pairs) crosses the ray
 * from x,y towards +x: one step of the even-odd rule. Exposed so indexes that pre-sort edges (by band)
 * count crossings exactly as `ringsContain` does.
 */
export function edgeCrossesRay(
  coordinates: Float64Array,
  i: number,
  j: number,
  x: number,
  y: number,
): boolean {
  const yi = coordinates[i * 2 + 1] as number;
  const yj = coordinates[j * 2 + 1] as number;
  if (yi > y === yj > y) return false;
  const xi = coordinates[i * 2] as number;
  const xj = coordinates[j * 2] as number;
  return x < ((xj - xi) * (y - yi)) / (yj - yi) + xi;
}

/**
 * Even-odd test of x,y against rings stored one after the other in `coordinates` (interleaved x, y pairs,
 * without the repeated closing vertex): ring r runs from vertex `ringStarts[r]` to the next start (or the
 * end). A point on a hole is outside; a point in two overlapping rings is outside too (even-odd).
 */
export function ringsContain(
  coordinates: Float64Array,
  ringStarts: ArrayLike<number>,
  x: number,
  y: number,
): boolean {
  const vertexCount = coordinates.length / 2;
  let inside = false;
  for (let r = 0; r < ringStarts.length; r++) {
    const start = ringStarts[r] as number;
    const end = r + 1 < ringStarts.length ? (ringStarts[r + 1] as number) : vertexCount;
    for (let i = start, j = end - 1; i < end; j = i++) {
      if (edgeCrossesRay(coordinates, i, j, x, y)) inside = !inside;
    }
  }
  return inside;
}
