import { describe, expect, it } from 'vitest';
import { interpolateLattice, projectLattice } from './lattice.ts';

describe('projected lattice', () => {
  const rectangle = { west: 7, south: 51, east: 7.01, north: 51.01 };
  // An affine map is reproduced exactly by bilinear interpolation; a curved one only at the nodes.
  const affine = (lon: number, lat: number): [number, number] => [1000 * lon + 3 * lat, 2000 * lat - lon];
  const curved = (lon: number, lat: number): [number, number] => [lon * lon * 1e4, Math.sin(lat) * 1e6];

  it('is exact at the nodes, row-major from the south-west', () => {
    const lattice = projectLattice(curved, rectangle, 5);
    const out = new Float64Array(2);
    interpolateLattice(lattice, 4, 0, out);
    expect([...out]).toEqual(curved(7.01, 51));
    interpolateLattice(lattice, 0, 4, out);
    expect([...out]).toEqual(curved(7, 51.01));
    expect(lattice.x[lattice.size * lattice.size - 1]).toBe(curved(7.01, 51.01)[0]);
  });

  it('interpolates an affine map exactly between the nodes, also on the last row and column', () => {
    const lattice = projectLattice(affine, rectangle, 3);
    const out = new Float64Array(2);
    for (const [fx, fy] of [
      [0.5, 0.25],
      [1.75, 1.9],
      [2, 2],
      [2, 0.3],
    ] as const) {
      interpolateLattice(lattice, fx, fy, out);
      const [x, y] = affine(7 + (fx / 2) * 0.01, 51 + (fy / 2) * 0.01);
      expect(out[0]).toBeCloseTo(x, 8);
      expect(out[1]).toBeCloseTo(y, 8);
    }
  });
});
