import { describe, expect, it } from 'vitest';
import {
  keptBySectionPlane,
  moveSectionPlane,
  normaliseSectionPlane,
  sectionPlane,
  tiltSectionPlane,
  turnSectionPlane,
} from './section-plane.ts';

describe('sectionPlane', () => {
  it('faces north by default: the part north of the anchor stays', () => {
    const plane = sectionPlane();
    expect(plane.normal).toEqual([0, 1, 0]);
    expect(plane.distance).toBeCloseTo(0, 12);
    expect(keptBySectionPlane(plane, [0, 5, 0])).toBe(true);
    expect(keptBySectionPlane(plane, [0, -5, 0])).toBe(false);
  });

  it('turns clockwise from north: heading 90° keeps the east side', () => {
    const plane = sectionPlane({ headingDegrees: 90 });
    expect(plane.normal[0]).toBeCloseTo(1, 12);
    expect(plane.normal[1]).toBe(0);
    expect(keptBySectionPlane(plane, [3, 100, 0])).toBe(true);
    expect(keptBySectionPlane(plane, [-3, 100, 0])).toBe(false);
  });

  it('moves along the normal: 10 m north cuts away what is 5 m north', () => {
    const plane = sectionPlane({ offsetMetres: 10 });
    expect(plane.distance).toBe(-10);
    expect(keptBySectionPlane(plane, [0, 5, 0])).toBe(false);
    expect(keptBySectionPlane(plane, [0, 15, 0])).toBe(true);
  });

  it('a horizontal plane tilted −90° keeps what is below a height (floor heights)', () => {
    const plane = sectionPlane({ tiltDegrees: -90, offsetMetres: -12 });
    expect(plane.normal).toEqual([0, 0, -1]);
    expect(keptBySectionPlane(plane, [40, -20, 11])).toBe(true);
    expect(keptBySectionPlane(plane, [40, -20, 13])).toBe(false);
  });

  it('flipping keeps the plane where it is and swaps the kept side', () => {
    const options = { headingDegrees: 30, offsetMetres: 7 };
    const plain = sectionPlane(options);
    const flipped = sectionPlane({ ...options, flipped: true });
    expect(flipped.normal.map((v) => -v)).toEqual(plain.normal);
    expect(flipped.distance).toBe(-plain.distance);
    const onPlane: [number, number, number] = [plain.normal[0] * 7, plain.normal[1] * 7, 0];
    const beyond: [number, number, number] = [plain.normal[0] * 9, plain.normal[1] * 9, 0];
    expect(keptBySectionPlane(plain, beyond)).toBe(true);
    expect(keptBySectionPlane(flipped, beyond)).toBe(false);
    expect(keptBySectionPlane(plain, onPlane)).toBe(true);
  });

  it('keeps the normal a unit vector for any heading and tilt', () => {
    for (const headingDegrees of [0, 17, 123, 271]) {
      for (const tiltDegrees of [-90, -45, 0, 33, 90]) {
        const [e, n, u] = sectionPlane({ headingDegrees, tiltDegrees }).normal;
        expect(Math.hypot(e, n, u)).toBeCloseTo(1, 12);
      }
    }
  });
});

describe('moving and turning', () => {
  it('turns past north and back (heading stays in 0..360)', () => {
    expect(turnSectionPlane({ headingDegrees: 350 }, 15).headingDegrees).toBe(5);
    expect(turnSectionPlane({ headingDegrees: 5 }, -15).headingDegrees).toBe(350);
  });

  it('adds metres to the offset and keeps the rest', () => {
    const moved = moveSectionPlane({ headingDegrees: 45, offsetMetres: 2 }, -5);
    expect(moved).toEqual({ headingDegrees: 45, tiltDegrees: 0, offsetMetres: -3, flipped: false });
  });

  it('clamps the tilt to −90..90', () => {
    expect(tiltSectionPlane({ tiltDegrees: 80 }, 15).tiltDegrees).toBe(90);
    expect(tiltSectionPlane({ tiltDegrees: -80 }, -15).tiltDegrees).toBe(-90);
  });

  it('replaces non-finite values by the defaults', () => {
    expect(normaliseSectionPlane({ headingDegrees: Number.NaN, offsetMetres: Infinity })).toEqual({
      headingDegrees: 0,
      tiltDegrees: 0,
      offsetMetres: 0,
      flipped: false,
    });
  });
});
