/**
 * Earcut's own result for the commonest CityGML polygons, without building its linked list: a triangle or a
 * strictly convex quadrilateral, one ring, no holes (most LoD2 walls and roof faces). The triangles are
 * those earcut returns for the same input, in the same order, so the output of `triangulatePolygon` does
 * not depend on which path ran (the tests compare both on random rings). Platform-free.
 */

/** Reused results: read before the next call. */
const TRIANGLE: number[] = [0, 0, 0];
const QUAD: number[] = [0, 0, 0, 0, 0, 0];

/** Earcut's orientation test for the corner q between p and r (the same float operations). */
function corner(flat: ArrayLike<number>, p: number, q: number, r: number): number {
  const px = flat[p * 2]!;
  const py = flat[p * 2 + 1]!;
  const qx = flat[q * 2]!;
  const qy = flat[q * 2 + 1]!;
  const rx = flat[r * 2]!;
  const ry = flat[r * 2 + 1]!;
  return (qy - py) * (rx - qx) - (qx - px) * (ry - qy);
}

/**
 * `earcut(flat, null, 2)` for a ring of 3 or 4 vertices (`flat`: 2D plane coordinates, x,y per vertex,
 * at least `count` vertices) when every corner turns the same way by more than `minCorner` (the margin
 * keeps earcut's own point-in-triangle tests far from rounding); undefined otherwise (earcut decides).
 * The array returned is reused by the next call.
 */
export function earcutSmallConvex(
  flat: ArrayLike<number>,
  count: number,
  minCorner: number,
): number[] | undefined {
  if (count !== 3 && count !== 4) return undefined;
  // earcut walks the ring in the given order when its signed area is positive, otherwise reversed; an
  // ear is a corner whose orientation is negative in walking order
  let signedArea = 0;
  for (let i = 0, j = count - 1; i < count; j = i++) {
    signedArea += (flat[j * 2]! - flat[i * 2]!) * (flat[i * 2 + 1]! + flat[j * 2 + 1]!);
  }
  const forward = signedArea > 0;
  for (let q = 0; q < count; q++) {
    const before = (q + count - 1) % count;
    const after = (q + 1) % count;
    const turn = forward ? corner(flat, before, q, after) : corner(flat, after, q, before);
    if (!(turn < -minCorner)) return undefined;
  }
  if (count === 3) {
    TRIANGLE[0] = 1;
    TRIANGLE[1] = forward ? 2 : 0;
    TRIANGLE[2] = forward ? 0 : 2;
    return TRIANGLE;
  }
  // the cut diagonal's two triangles must be clear of rounding too
  if (forward) {
    if (!(corner(flat, 2, 0, 1) < -minCorner)) return undefined;
    QUAD[0] = 2;
    QUAD[1] = 3;
    QUAD[2] = 0;
    QUAD[3] = 2;
    QUAD[4] = 0;
    QUAD[5] = 1;
  } else {
    if (!(corner(flat, 1, 3, 2) < -minCorner)) return undefined;
    QUAD[0] = 1;
    QUAD[1] = 0;
    QUAD[2] = 3;
    QUAD[3] = 1;
    QUAD[4] = 3;
    QUAD[5] = 2;
  }
  return QUAD;
}
