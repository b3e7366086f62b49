import earcut from 'earcut';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../util/random.ts';
import { earcutSmallConvex } from './small-rings.ts';

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  const generator = new SeededRandom(seed);
  return () => generator.next();
}

/** `count` points on an ellipse at increasing angles (convex), in either direction, scaled and moved. */
function convexRing(next: () => number, count: number): number[] {
  const angles = Array.from({ length: count }, () => next() * 2 * Math.PI).sort((a, b) => a - b);
  const clockwise = next() < 0.5;
  const [rx, ry] = [0.1 + next() * 50, 0.1 + next() * 50];
  const [cx, cy] = [(next() - 0.5) * 100, (next() - 0.5) * 100];
  const ring = angles.flatMap((angle) => [cx + rx * Math.cos(angle), cy + ry * Math.sin(angle)]);
  if (!clockwise) return ring;
  const reversed: number[] = [];
  for (let i = count - 1; i >= 0; i--) reversed.push(ring[i * 2]!, ring[i * 2 + 1]!);
  return reversed;
}

describe('earcutSmallConvex', () => {
  it('returns earcut’s triangles, in earcut’s order, for convex triangles and quadrilaterals', () => {
    const next = random(7);
    let taken = 0;
    for (let n = 0; n < 20_000; n++) {
      const ring = convexRing(next, n % 2 === 0 ? 3 : 4);
      const fast = earcutSmallConvex(ring, ring.length / 2, 1e-9);
      if (fast === undefined) continue;
      taken++;
      expect([...fast]).toEqual(earcut(ring, null, 2));
    }
    // only nearly flat random corners fall back
    expect(taken).toBeGreaterThan(19_000);
  });

  it('agrees with earcut on quads with a nearly straight corner, or leaves them to earcut', () => {
    const next = random(11);
    let taken = 0;
    for (let n = 0; n < 20_000; n++) {
      // corner D sits beside the diagonal C–A by 10^-k of its length, outside (convex) or inside (reflex)
      const offset = 10 ** -(1 + Math.floor(next() * 16)) * (next() < 0.5 ? -1 : 1);
      const points = [0, 0, 10, 0, 10, 10, 5 - offset, 5 + offset];
      const first = Math.floor(next() * 4);
      const flat = [...points.slice(first * 2), ...points.slice(0, first * 2)];
      const fast = earcutSmallConvex(flat, 4, 1e-9 * 200);
      if (fast === undefined) continue;
      taken++;
      expect([...fast]).toEqual(earcut(flat, null, 2));
    }
    expect(taken).toBeGreaterThan(0);
  });

  it('leaves concave, self-crossing, degenerate and larger rings to earcut', () => {
    const concave = [0, 0, 10, 0, 2, 2, 0, 10];
    const bowtie = [0, 0, 10, 10, 10, 0, 0, 10];
    const collinear = [0, 0, 5, 0, 10, 0, 0, 10];
    const repeated = [0, 0, 10, 0, 10, 0, 0, 10];
    const pentagon = [0, 0, 10, 0, 12, 5, 5, 10, -2, 5];
    for (const flat of [concave, bowtie, collinear, repeated])
      expect(earcutSmallConvex(flat, 4, 0)).toBeUndefined();
    expect(earcutSmallConvex(pentagon, 5, 0)).toBeUndefined();
    expect(earcutSmallConvex([0, 0, 1, 0], 2, 0)).toBeUndefined();
    // a corner smaller than the margin
    expect(earcutSmallConvex([0, 0, 10, 0, 10, 1e-6, 0, 10], 4, 1e-3)).toBeUndefined();
    expect(earcutSmallConvex([0, 0, 10, 0, 10, 10, 0, 10], 4, 1e-3)).toBeDefined();
  });
});
