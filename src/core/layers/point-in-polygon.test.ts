import { describe, expect, it } from 'vitest';
import { edgeCrossesRay, ringsContain } from './point-in-polygon.ts';

// A 10 × 10 square with a 2 × 2 hole in its middle, then a separate unit square far away (a multipolygon).
const coordinates = new Float64Array([
  0,
  0,
  10,
  0,
  10,
  10,
  0,
  10, // outer
  4,
  4,
  6,
  4,
  6,
  6,
  4,
  6, // hole
  20,
  20,
  21,
  20,
  21,
  21,
  20,
  21, // second polygon
]);
const starts = [0, 4, 8];

describe('point in polygon (even-odd)', () => {
  it('finds points inside the outer ring and the second polygon, not in the hole or outside', () => {
    expect(ringsContain(coordinates, starts, 1, 1)).toBe(true);
    expect(ringsContain(coordinates, starts, 5, 5)).toBe(false);
    expect(ringsContain(coordinates, starts, 20.5, 20.5)).toBe(true);
    expect(ringsContain(coordinates, starts, 15, 5)).toBe(false);
    expect(ringsContain(coordinates, starts, -0.001, 5)).toBe(false);
  });

  it('handles concave rings and nothing at all', () => {
    // a U shape: the notch between its arms is outside
    const u = new Float64Array([0, 0, 3, 0, 3, 3, 2, 3, 2, 1, 1, 1, 1, 3, 0, 3]);
    expect(ringsContain(u, [0], 0.5, 2)).toBe(true);
    expect(ringsContain(u, [0], 1.5, 2)).toBe(false);
    expect(ringsContain(u, [0], 2.5, 2)).toBe(true);
    expect(ringsContain(new Float64Array(0), [], 0, 0)).toBe(false);
  });

  it('counts an edge crossing only to the right of the point', () => {
    expect(edgeCrossesRay(coordinates, 1, 2, 5, 5)).toBe(true); // x = 10 edge, right of x = 5
    expect(edgeCrossesRay(coordinates, 1, 2, 11, 5)).toBe(false);
    expect(edgeCrossesRay(coordinates, 0, 1, 5, 5)).toBe(false); // horizontal edge at y = 0
  });
});
