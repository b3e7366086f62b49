import { describe, expect, it } from 'vitest';
import { meshError, rtinErrors, rtinMesh, rtinMeshWithin } from './rtin.ts';

/** Rough terrain: a sum of waves plus a deterministic pseudo-random jitter, row 0 = south. */
function rough(size: number): Float64Array {
  const heights = new Float64Array(size * size);
  let seed = 12345;
  for (let i = 0; i < heights.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const column = i % size;
    const row = Math.floor(i / size);
    heights[i] = 100 + 20 * Math.sin(column / 17) + 12 * Math.cos(row / 7) + (seed / 2147483648) * 0.8;
  }
  return heights;
}

describe('RTIN simplification', () => {
  const size = 129;
  const heights = rough(size);
  const errors = rtinErrors(heights, size);

  it('keeps the true vertical error at every grid node within the maximum asked for', () => {
    let exceeded = 0;
    for (const maxError of [0.1, 0.25, 0.5, 1, 2, 5]) {
      // The RTIN error alone bounds the error along hypotenuses only, not everywhere …
      if (meshError(rtinMesh(errors, size, maxError), heights, size) > maxError) exceeded += 1;
      // … so the mesh is made again with a lower threshold until the measured error fits.
      const { mesh, error } = rtinMeshWithin(heights, size, maxError, errors);
      expect(error).toBeLessThanOrEqual(maxError);
      expect(meshError(mesh, heights, size)).toBe(error);
    }
    expect(exceeded).toBeGreaterThan(0);
  });

  it('uses fewer triangles for a larger error, and two for a plane', () => {
    const fine = rtinMesh(errors, size, 0.25).triangles.length;
    const coarse = rtinMesh(errors, size, 2).triangles.length;
    expect(coarse).toBeLessThan(fine);
    const plane = new Float64Array(size * size).map(
      (_, i) => 3 + 0.1 * (i % size) + 0.2 * Math.floor(i / size),
    );
    const mesh = rtinMesh(rtinErrors(plane, size), size, 0.001);
    expect(mesh.triangles.length / 3).toBe(2);
    expect(meshError(mesh, plane, size)).toBeLessThan(1e-9);
  });

  it('covers the whole square without overlaps (triangle areas sum to the square)', () => {
    const mesh = rtinMesh(errors, size, 0.5);
    let area = 0;
    for (let t = 0; t < mesh.triangles.length; t += 3) {
      const [a, b, c] = [0, 1, 2].map((k) => mesh.vertices[mesh.triangles[t + k]!]!);
      const p = [a!, b!, c!].map((n) => [n % size, Math.floor(n / size)] as const);
      const signed =
        (p[1]![0] - p[0]![0]) * (p[2]![1] - p[0]![1]) - (p[1]![1] - p[0]![1]) * (p[2]![0] - p[0]![0]);
      expect(signed).toBeGreaterThan(0);
      area += signed / 2;
    }
    expect(area).toBe((size - 1) * (size - 1));
  });

  it('refuses grids that are not 2^k + 1 nodes a side', () => {
    expect(() => rtinErrors(new Float64Array(100), 10)).toThrow(/2\^k \+ 1/);
  });
});
