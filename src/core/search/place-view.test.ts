import { describe, expect, it } from 'vitest';
import { viewOfPlace } from './place-view.ts';

describe('viewOfPlace', () => {
  const place = { longitude: 7.2, latitude: 51.27, height: 200 };
  it('stands south of the place, above it, looking north and down', () => {
    const view = viewOfPlace(place);
    expect(view.longitude).toBeCloseTo(7.2, 9);
    expect(view.latitude).toBeLessThan(51.27);
    // 350 m at 35° down: 287 m south, 201 m up.
    expect((51.27 - view.latitude) * 111_320).toBeCloseTo(350 * Math.cos((35 * Math.PI) / 180), 3);
    expect(view.height).toBeCloseTo(200 + 350 * Math.sin((35 * Math.PI) / 180), 6);
    expect(view).toMatchObject({ heading: 0, pitch: -35, roll: 0 });
  });
  it('looking east it stands west of the place', () => {
    const view = viewOfPlace(place, { heading: 90, range: 100 });
    expect(view.latitude).toBeCloseTo(51.27, 9);
    expect(view.longitude).toBeLessThan(7.2);
  });
});
