import { describe, expect, it } from 'vitest';
import { CITIES, DEFAULT_CITY_ID } from './cities.ts';
import { selectCity } from './select-city.ts';

describe('selectCity', () => {
  it('picks the default city without a parameter', () => {
    expect(selectCity('').city.id).toBe(DEFAULT_CITY_ID);
  });

  it('picks a city by ?city= and reports unknown ids', () => {
    expect(selectCity('?city=Solingen').city.id).toBe('solingen');
    const unknown = selectCity('?city=atlantis');
    expect(unknown.city.id).toBe(DEFAULT_CITY_ID);
    expect(unknown.unknownCityId).toBe('atlantis');
  });

  it('keeps every default base map offline; online maps only on request', () => {
    for (const city of CITIES) expect(city.baseMap.kind).toBe('natural-earth');
    const online = selectCity('?basemap=basemapde').city.baseMap;
    expect(online.kind).toBe('wmts');
    if (online.kind === 'wmts') expect(online.attribution).toMatch(/basemap\.de/);
  });

  it('gives every city a home view, a tileset and unique ids', () => {
    expect(new Set(CITIES.map((c) => c.id)).size).toBe(CITIES.length);
    for (const city of CITIES) {
      expect(city.tilesets.length).toBeGreaterThan(0);
      expect(city.homeView.range).toBeGreaterThan(0);
      expect(Math.abs(city.homeView.target.latitude)).toBeLessThanOrEqual(90);
    }
  });
});
