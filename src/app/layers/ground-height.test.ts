import { describe, expect, it } from 'vitest';
import { groundHeightAt } from './ground-height.ts';

const ground = { longitude: 7.2, latitude: 51.27, heightNhn: 160, radiusMetres: 5000, undulation: 47.5 };

describe('groundHeightAt', () => {
  it('stands a point within the radius on NHN + undulation (ellipsoidal metres)', () => {
    expect(groundHeightAt([7.2, 51.27], ground)).toBeCloseTo(207.5, 6);
    // 0.06° east at 51.27° N is about 4.2 km: still inside.
    expect(groundHeightAt([7.26, 51.27], ground)).toBeCloseTo(207.5, 6);
  });

  it('puts points outside the radius, or without a city ground, on the ellipsoid', () => {
    expect(groundHeightAt([7.3, 51.27], ground)).toBe(0); // about 7 km east
    expect(groundHeightAt([7.2, 51.27], undefined)).toBe(0);
    expect(groundHeightAt(undefined, { ...ground, longitude: 0, latitude: 0 })).toBe(207.5);
  });
});
