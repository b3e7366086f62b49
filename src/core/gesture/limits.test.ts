import { describe, expect, it } from 'vitest';
import {
  boundsAround,
  CAMERA_LIMITS_DEFAULTS,
  cameraLimits,
  derivedBoundsRadius,
  isJump,
  isValidBounds,
  limitCameraPose,
} from './limits.ts';
import type { CameraPose } from './limits.ts';

const WUPPERTAL = { longitude: 7.200239, latitude: 51.288871 };
const BOUNDS = boundsAround(WUPPERTAL, 5_000);
const LIMITS = cameraLimits();
const inside: CameraPose = { ...WUPPERTAL, height: 700, heading: 200, pitch: -32 };

describe('boundsAround', () => {
  it('spans the radius in metres each way, wider in longitude at 51° N', () => {
    expect((BOUNDS.north - WUPPERTAL.latitude) * 111_132).toBeCloseTo(5_000, 0);
    const dLon = BOUNDS.east - WUPPERTAL.longitude;
    expect(dLon * 111_320 * Math.cos((WUPPERTAL.latitude * Math.PI) / 180)).toBeCloseTo(5_000, 0);
    expect(BOUNDS.west).toBeCloseTo(WUPPERTAL.longitude - dLon, 12);
    expect(isValidBounds(BOUNDS)).toBe(true);
  });

  it('derives at least 5 km, else four home-view ranges', () => {
    expect(derivedBoundsRadius(850)).toBe(5_000);
    expect(derivedBoundsRadius(2_500)).toBe(10_000);
  });

  it('tells broken configured bounds', () => {
    expect(isValidBounds({ west: 8, south: 51, east: 7, north: 52 })).toBe(false);
    expect(isValidBounds({ west: 7, south: 51, east: 8, north: Number.NaN })).toBe(false);
    expect(isValidBounds({ west: -200, south: 51, east: 8, north: 52 })).toBe(false);
  });
});

describe('limitCameraPose', () => {
  it('leaves a pose inside every limit alone', () => {
    expect(limitCameraPose(inside, 200, BOUNDS, LIMITS)).toBeUndefined();
  });

  it('never goes below the ground plus the least height', () => {
    const below = limitCameraPose({ ...inside, height: 150 }, 200, BOUNDS, LIMITS);
    expect(below?.height).toBe(200 + CAMERA_LIMITS_DEFAULTS.minHeightAboveGround);
    expect(below?.longitude).toBe(inside.longitude);
    expect(below?.heading).toBe(200);
  });

  it('keeps the greatest height above the ground', () => {
    const high = limitCameraPose(
      { ...inside, height: 40_000 },
      200,
      BOUNDS,
      cameraLimits({ maxHeightAboveGround: 8_000 }),
    );
    expect(high?.height).toBe(8_200);
  });

  it('stops at the bounds, moving only the coordinate that left them', () => {
    const east = limitCameraPose({ ...inside, longitude: 9 }, 200, BOUNDS, LIMITS);
    expect(east?.longitude).toBe(BOUNDS.east);
    expect(east?.latitude).toBe(inside.latitude);
    const south = limitCameraPose({ ...inside, latitude: 40 }, 200, BOUNDS, LIMITS);
    expect(south?.latitude).toBe(BOUNDS.south);
  });

  it('keeps the pitch between the limits', () => {
    expect(limitCameraPose({ ...inside, pitch: 10 }, 200, BOUNDS, LIMITS)?.pitch).toBe(0);
    expect(
      limitCameraPose({ ...inside, pitch: -60 }, 0, BOUNDS, cameraLimits({ minPitch: -45 }))?.pitch,
    ).toBe(-45);
  });

  it('treats an unknown ground height as the ellipsoid', () => {
    expect(limitCameraPose({ ...inside, height: 5 }, Number.NaN, BOUNDS, LIMITS)?.height).toBe(20);
  });

  it('merges options over the defaults, ignoring undefined', () => {
    expect(cameraLimits({ minPitch: undefined, maxPitch: -5 })).toEqual({
      ...CAMERA_LIMITS_DEFAULTS,
      maxPitch: -5,
    });
  });
});

describe('isJump', () => {
  it('allows steps up to half the height above the ground, at least 10 m', () => {
    expect(isJump(240, 500)).toBe(false);
    expect(isJump(260, 500)).toBe(true);
    expect(isJump(9, 2)).toBe(false);
    expect(isJump(11, 2)).toBe(true);
  });

  it('calls a step of unknown size a jump', () => {
    expect(isJump(Number.NaN, 500)).toBe(true);
  });
});
