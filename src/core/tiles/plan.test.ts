import { describe, expect, it } from 'vitest';
import { largestFirst } from './plan.ts';

/** A small deterministic generator (the test must not depend on Math.random's sequence). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('largestFirst', () => {
  it('gives the indices in the order of a full sort by size (largest first, ties by index), then -1', () => {
    const random = lcg(7);
    for (const count of [0, 1, 2, 3, 10, 257, 5000]) {
      // Few distinct sizes: many ties, which must come out in index order.
      const sizes = Float32Array.from({ length: count * 2 }, () => Math.floor(random() * 20) / 4);
      const candidates = Uint32Array.from({ length: count }, () => Math.floor(random() * count * 2));
      const unique = Uint32Array.from(new Set(candidates));
      const expected = Array.from(unique).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
      const next = largestFirst(unique.slice(), sizes);
      const got: number[] = [];
      for (let index = next(); index >= 0; index = next()) got.push(index);
      expect(got, `${count} candidates`).toEqual(expected);
      expect(next()).toBe(-1);
    }
  });

  it('gives the first few without ordering the rest', () => {
    const sizes = Float64Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    const next = largestFirst(
      Uint32Array.from({ length: 1000 }, (_, i) => i),
      sizes,
    );
    expect([next(), next(), next()].map((i) => sizes[i])).toEqual([999, 998, 997]);
  });
});
