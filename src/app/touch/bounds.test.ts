import { describe, expect, it } from 'vitest';
import { CITIES } from '../config/cities.ts';
import { cityBounds } from './bounds.ts';

const home = {
  target: { longitude: 7.2, latitude: 51.29, height: 213 },
  heading: 200,
  pitch: -32,
  range: 850,
};

describe('cityBounds', () => {
  it('takes usable configured bounds as they are', () => {
    const configured = { west: 7.1, south: 51.2, east: 7.3, north: 51.4 };
    expect(cityBounds(home, configured, false)).toBe(configured);
    expect(cityBounds(home, configured, true)).toBe(configured);
  });

  it('leaves the camera free when none are configured and the screen is attended (imports lie anywhere)', () => {
    expect(cityBounds(home, undefined, false)).toEqual({ west: -180, south: -90, east: 180, north: 90 });
  });

  it('derives bounds around the home view for a kiosk when none or broken ones are configured', () => {
    for (const configured of [undefined, { west: 7.3, south: 51.2, east: 7.1, north: 51.4 }]) {
      const b = cityBounds(home, configured, true);
      expect(b.west).toBeLessThan(7.2);
      expect(b.east).toBeGreaterThan(7.2);
      expect((b.north - 51.29) * 111_132).toBeCloseTo(5_000, 0);
    }
  });

  it('holds the home view target of every configured city', () => {
    for (const city of Object.values(CITIES)) {
      const b = cityBounds(city.homeView, city.bounds, true);
      const { longitude, latitude } = city.homeView.target;
      expect(longitude > b.west && longitude < b.east && latitude > b.south && latitude < b.north).toBe(true);
    }
  });
});
