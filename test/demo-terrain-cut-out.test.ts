import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { CITIES } from '../src/app/config/cities.ts';
import { DEMO_CITY_DEFAULTS, summarizeDemoCity } from '../tools/demo-city/generate.ts';
import { DistrictLayout, gridToMap } from '../tools/demo-city/layout.ts';

proj4.defs('EPSG:25832', '+proj=utm +zone=32 +ellps=GRS80 +units=m +no_defs');

describe('the demo terrain is cut out where the demo tileset draws its own ground', () => {
  it('the cut-out lies 2–4 m inside the generated ground square, at each corner', () => {
    const cutOut = CITIES.find((city) => city.id === 'wuppertal')?.terrain?.cutOut;
    expect(cutOut).toHaveLength(1);
    const ring = summarizeDemoCity(DEMO_CITY_DEFAULTS).outermostRing;
    const layout = new DistrictLayout(DEMO_CITY_DEFAULTS.seed);
    const ground = {
      u0: layout.columns.gap(-ring - 1).start,
      u1: layout.columns.gap(ring).end,
      v0: layout.rows.gap(-ring - 1).start,
      v1: layout.rows.gap(ring).end,
    };
    // Map metres (EPSG:25832) back to the grid frame: gridToMap is a rotation plus a shift.
    const [e0, n0] = gridToMap(0, 0);
    const [e1, n1] = gridToMap(1, 0);
    const [cos, sin] = [e1 - e0, n1 - n0];
    for (const [longitude, latitude] of cutOut![0]!) {
      const [easting, northing] = proj4('WGS84', 'EPSG:25832', [longitude, latitude]) as [number, number];
      const u = (easting - e0) * cos + (northing - n0) * sin;
      const v = -(easting - e0) * sin + (northing - n0) * cos;
      const inside = Math.min(u - ground.u0, ground.u1 - u, v - ground.v0, ground.v1 - v);
      expect(inside, `${longitude}, ${latitude}`).toBeGreaterThan(2);
      expect(inside, `${longitude}, ${latitude}`).toBeLessThan(4);
    }
  });
});
