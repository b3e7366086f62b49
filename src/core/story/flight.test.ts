import { describe, expect, it } from 'vitest';
import { cameraDistance, FLIGHT_DEFAULTS, flightSeconds } from './flight.ts';

const at = (longitude: number, latitude: number, height: number) => ({
  longitude,
  latitude,
  height,
  heading: 0,
  pitch: -30,
  roll: 0,
});

describe('flightSeconds', () => {
  it('measures distances in metres', () => {
    // One thousandth of a degree of latitude is about 111 m; 300 m straight up is 300 m.
    expect(cameraDistance(at(7.2, 51.288, 500), at(7.2, 51.289, 500))).toBeCloseTo(111.2, 0);
    expect(cameraDistance(at(7.2, 51.288, 500), at(7.2, 51.288, 800))).toBeCloseTo(300, 6);
  });

  it('grows with the way and stays within its bounds', () => {
    const here = at(7.2, 51.288, 500);
    expect(flightSeconds(here, here, false)).toBe(FLIGHT_DEFAULTS.minSeconds);
    const near = flightSeconds(here, at(7.2, 51.2925, 500), false); // ~500 m
    const farther = flightSeconds(here, at(7.2, 51.297, 500), false); // ~1 km
    expect(near).toBeGreaterThan(FLIGHT_DEFAULTS.minSeconds);
    expect(farther).toBeGreaterThan(near);
    expect(flightSeconds(here, at(13.4, 52.5, 500), false)).toBe(FLIGHT_DEFAULTS.maxSeconds);
    expect(flightSeconds(undefined, here, false)).toBe(FLIGHT_DEFAULTS.maxSeconds);
  });

  it('is short under reduced motion and honours options', () => {
    expect(flightSeconds(at(0, 0, 0), at(13.4, 52.5, 500), true)).toBe(FLIGHT_DEFAULTS.reducedMotionSeconds);
    expect(flightSeconds(at(0, 0, 0), at(13.4, 52.5, 500), false, { maxSeconds: 2 })).toBe(2);
    expect(flightSeconds(at(0, 0, 0), at(0, 0, 0), false, { minSeconds: 0.5, maxSeconds: undefined })).toBe(
      0.5,
    );
  });
});
