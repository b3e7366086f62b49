import { describe, expect, it } from 'vitest';
import { atmosphericRefraction, julianDate, solarPosition, sunDirectionEnu } from './solar-position.ts';

/** Wuppertal-Elberfeld (the demo city's home view), degrees. */
const WUPPERTAL = { longitude: 7.200239, latitude: 51.288871 };
const RAD = Math.PI / 180;

/**
 * Independent reference: the Astronomical Almanac's low-precision sun (J. Michalsky, "The Astronomical Almanac's
 * algorithm for approximate solar position (1950–2050)", Solar Energy 40 (1988) 227–235; quoted as good to 0.01°):
 * mean longitude and anomaly, ecliptic longitude, right ascension, Greenwich mean sidereal time. A different route
 * from NOAA's (right ascension and sidereal time instead of the equation of time), written out here from the paper
 * rather than derived from the module under test. No values were copied from NOAA's online calculator (no network
 * here); the physical checks below pin the absolute values.
 */
function almanacSun(unixMs: number, longitude: number, latitude: number) {
  const n = unixMs / 86_400_000 + 2440587.5 - 2451545;
  const L = (((280.46 + 0.9856474 * n) % 360) + 360) % 360;
  const g = ((((357.528 + 0.9856003 * n) % 360) + 360) % 360) * RAD;
  const lambda = (L + 1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g)) * RAD;
  const epsilon = (23.439 - 0.0000004 * n) * RAD;
  const ra = Math.atan2(Math.cos(epsilon) * Math.sin(lambda), Math.cos(lambda));
  const dec = Math.asin(Math.sin(epsilon) * Math.sin(lambda));
  const hours = (((unixMs / 3_600_000) % 24) + 24) % 24;
  const gmst = 6.697375 + 0.0657098242 * (n - hours / 24) + 1.00273790935 * hours;
  const ha = (gmst + longitude / 15) * 15 * RAD - ra;
  const lat = latitude * RAD;
  const elevation = Math.asin(Math.sin(dec) * Math.sin(lat) + Math.cos(dec) * Math.cos(lat) * Math.cos(ha));
  const azimuth = Math.atan2(
    -Math.cos(dec) * Math.sin(ha),
    Math.sin(dec) * Math.cos(lat) - Math.cos(dec) * Math.cos(ha) * Math.sin(lat),
  );
  return {
    azimuth: (((azimuth / RAD) % 360) + 360) % 360,
    elevation: elevation / RAD,
    declination: dec / RAD,
  };
}

const angleBetween = (a: number, b: number) => Math.abs(((((a - b) % 360) + 540) % 360) - 180);

describe('solarPosition (NOAA)', () => {
  it('agrees with the Astronomical Almanac algorithm within 0.03° over a year of hours in Wuppertal', () => {
    let worst = 0;
    for (let day = 0; day < 365; day += 7) {
      for (let hour = 0; hour < 24; hour += 1) {
        const t = Date.UTC(2026, 0, 1 + day, hour, 17);
        const noaa = solarPosition(t, WUPPERTAL.longitude, WUPPERTAL.latitude);
        const almanac = almanacSun(t, WUPPERTAL.longitude, WUPPERTAL.latitude);
        worst = Math.max(worst, Math.abs(noaa.elevation - almanac.elevation));
        if (noaa.elevation > 1) worst = Math.max(worst, angleBetween(noaa.azimuth, almanac.azimuth));
      }
    }
    expect(worst).toBeLessThan(0.03);
  });

  it('has the declination of the solstices and the equinox', () => {
    // June solstice 2026-06-21 08:24 UTC; December solstice 2026-12-21 20:50 UTC; March equinox 2026-03-20 14:46 UTC
    // (times of the US Naval Observatory's published seasons table). Obliquity in 2026: 23.436°.
    expect(solarPosition(Date.UTC(2026, 5, 21, 8, 24), 0, 0).declination).toBeCloseTo(23.436, 2);
    expect(solarPosition(Date.UTC(2026, 11, 21, 20, 50), 0, 0).declination).toBeCloseTo(-23.436, 2);
    expect(Math.abs(solarPosition(Date.UTC(2026, 2, 20, 14, 46), 0, 0).declination)).toBeLessThan(0.005);
  });

  it('puts the sun due south at solar noon, 90° − latitude + declination high', () => {
    // Solar noon in Wuppertal on 21 June 2026: 12:00 UTC − 4 min/° × longitude − equation of time (−1.6 min).
    const guess = Date.UTC(2026, 5, 21, 12) - (4 * WUPPERTAL.longitude - 1.6) * 60_000;
    let best = solarPosition(guess, WUPPERTAL.longitude, WUPPERTAL.latitude);
    for (let s = -300; s <= 300; s += 1) {
      const p = solarPosition(guess + s * 1000, WUPPERTAL.longitude, WUPPERTAL.latitude);
      if (p.elevation > best.elevation) best = p;
    }
    expect(Math.abs(best.hourAngle)).toBeLessThan(0.01);
    expect(angleBetween(best.azimuth, 180)).toBeLessThan(0.05);
    expect(best.elevation).toBeCloseTo(90 - WUPPERTAL.latitude + best.declination, 3);
    expect(best.elevation).toBeCloseTo(62.15, 1);
  });

  it('has the equation of time of the published extremes (−14.2 min mid-February, +16.4 min early November)', () => {
    expect(solarPosition(Date.UTC(2026, 1, 11, 12), 0, 0).equationOfTime).toBeCloseTo(-14.2, 0);
    expect(solarPosition(Date.UTC(2026, 10, 3, 12), 0, 0).equationOfTime).toBeCloseTo(16.4, 0);
  });

  it('rises in the east in the morning and sets in the west in the evening; midnight is below the horizon', () => {
    const morning = solarPosition(Date.UTC(2026, 5, 21, 4), WUPPERTAL.longitude, WUPPERTAL.latitude);
    expect(morning.azimuth).toBeGreaterThan(45);
    expect(morning.azimuth).toBeLessThan(90);
    expect(morning.hourAngle).toBeLessThan(0);
    const evening = solarPosition(Date.UTC(2026, 5, 21, 18), WUPPERTAL.longitude, WUPPERTAL.latitude);
    expect(evening.azimuth).toBeGreaterThan(270);
    expect(evening.azimuth).toBeLessThan(315);
    expect(
      solarPosition(Date.UTC(2026, 11, 21, 23), WUPPERTAL.longitude, WUPPERTAL.latitude).elevation,
    ).toBeLessThan(-50);
  });

  it('adds about half a degree of refraction at the horizon and none overhead', () => {
    expect(atmosphericRefraction(0)).toBeCloseTo(0.48, 2);
    expect(atmosphericRefraction(45)).toBeCloseTo(0.0161, 3);
    expect(atmosphericRefraction(89)).toBe(0);
    const p = solarPosition(Date.UTC(2026, 11, 21, 8, 30), WUPPERTAL.longitude, WUPPERTAL.latitude);
    expect(p.apparentElevation - p.elevation).toBeCloseTo(atmosphericRefraction(p.elevation), 10);
  });

  it('counts Julian dates from the Unix epoch', () => {
    expect(julianDate(Date.UTC(2000, 0, 1, 12))).toBe(2451545);
  });

  it('turns azimuth and elevation into an East-North-Up unit vector', () => {
    const east = sunDirectionEnu({ azimuth: 90, elevation: 0 });
    expect(east.x).toBeCloseTo(1, 12);
    expect(east.y).toBeCloseTo(0, 12);
    const up = sunDirectionEnu({ azimuth: 123, elevation: 90 });
    expect(up.z).toBeCloseTo(1, 12);
    const south = sunDirectionEnu({ azimuth: 180, elevation: 30 });
    expect(south.y).toBeCloseTo(-Math.cos(30 * RAD), 12);
    expect(Math.hypot(south.x, south.y, south.z)).toBeCloseTo(1, 12);
  });
});
