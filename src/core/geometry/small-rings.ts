/**
 * Earcut's own result for the commonest CityGML polygons, without building its linked list: a triangle or a
 * strictly convex quadrilateral, one ring, no holes (most LoD2 walls and roof faces). The triangles are
 * those earcut returns for the same input, in the same order, so the output of `triangulatePolygon` does
 * not depend on which path ran (the tests compare both on random rings). Platform-free.
 */

/**
 * Earcut's triangles for each walking direction: its first ear is the ring's last vertex in walking order,
 * the second the corner after it.
 */
const TRIANGLE_FORWARD: readonly number[] = [1, 2, 0];
const TRIANGLE_REVERSED: readonly number[] = [1, 0, 2];
const QUAD_FORWARD: readonly number[] = [2, 3, 0, 2, 0, 1];
const QUAD_REVERSED: readonly number[] = [1, 0, 3, 1, 3, 2];

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
 * The array returned is shared: read it, do not change it.
 */
export function earcutSmallConvex(
  flat: ArrayLike<number>,
  count: number,
  minCorner: number,
): readonly number[] | undefined {
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
  if (count === 3) return forward ? TRIANGLE_FORWARD : TRIANGLE_REVERSED;
  const quad = forward ? QUAD_FORWARD : QUAD_REVERSED;
  // the second triangle (the corner left after the first ear) must be clear of rounding too
  return corner(flat, quad[3]!, quad[4]!, quad[5]!) < -minCorner ? quad : undefined;
}
