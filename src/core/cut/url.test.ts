import { describe, expect, it } from 'vitest';
import { signedDoubleArea } from './clip-area.ts';
import type { AnchoredSectionPlane } from './section-plane.ts';
import { formatClipArea, formatSectionPlane, parseClipArea, parseSectionPlane } from './url.ts';

const SECTION: AnchoredSectionPlane = {
  longitude: 7.2001234,
  latitude: 51.2887,
  height: 115.5,
  headingDegrees: 45,
  tiltDegrees: -30,
  offsetMetres: -5,
  flipped: true,
};

/** About 100 m × 100 m near the demo Rathaus, counter-clockwise. */
const RING: [number, number][] = [
  [7.2001234, 51.2887],
  [7.2015234, 51.2887],
  [7.2015234, 51.2896],
  [7.2001234, 51.2896],
];

describe('section= value', () => {
  it('writes the version, whole 1e-7 degrees and centimetres, and reads them back', () => {
    const value = formatSectionPlane(SECTION);
    expect(value).toBe('1:72001234,512887000,11550,45,-30,-500,1');
    expect(parseSectionPlane(value)).toEqual({ section: SECTION });
  });

  it('rounds to about a centimetre and 0.01°, and keeps the unflipped plane', () => {
    const section = {
      ...SECTION,
      longitude: 7.20012344999,
      height: 115.504,
      headingDegrees: 12.3456,
      offsetMetres: 0.123,
      flipped: false,
    };
    const parsed = parseSectionPlane(formatSectionPlane(section));
    if (!('section' in parsed)) throw new Error(`refused: ${parsed.problem}`);
    expect(parsed.section.longitude).toBeCloseTo(7.2001234, 9);
    expect(parsed.section.height).toBe(115.5);
    expect(parsed.section.headingDegrees).toBe(12.35);
    expect(parsed.section.offsetMetres).toBe(0.12);
    expect(parsed.section.flipped).toBe(false);
  });

  it('names what is wrong: another version, not the seven numbers, a value out of range', () => {
    expect(parseSectionPlane('2:72001234,512887000,11550,45,-30,-500,1')).toEqual({ problem: 'version' });
    expect(parseSectionPlane('72001234,512887000,11550,45,-30,-500,1')).toEqual({ problem: 'format' });
    expect(parseSectionPlane('1:72001234,512887000,11550,45,-30,-500')).toEqual({ problem: 'format' });
    expect(parseSectionPlane('1:72001234,512887000,115.5,45,-30,-500,1')).toEqual({ problem: 'format' });
    expect(parseSectionPlane('1:72001234,512887000,11550,north,-30,-500,1')).toEqual({ problem: 'format' });
    expect(parseSectionPlane('1:72001234,512887000,11550,45,-30,-500,2')).toEqual({ problem: 'format' });
    expect(parseSectionPlane('1:72001234,912887000,11550,45,-30,-500,1')).toEqual({ problem: 'range' });
    expect(parseSectionPlane('1:72001234,512887000,11550,45,-95,-500,1')).toEqual({ problem: 'range' });
    expect(parseSectionPlane('1:72001234,512887000,11550,400,0,0,0')).toEqual({ problem: 'range' });
  });
});

describe('clip= value', () => {
  it('writes the first point whole and the others as differences, with the name after ~', () => {
    const value = formatClipArea({ ring: RING, label: 'Plan: WA & MI' });
    expect(value).toBe('1:72001234,512887000,14000,0,0,9000,-14000,0~Plan%3A%20WA%20%26%20MI');
    expect(parseClipArea(value)).toEqual({ area: { ring: RING, label: 'Plan: WA & MI' } });
  });

  it('reads a drawn area without a name, and returns a clockwise ring counter-clockwise', () => {
    const clockwise = [...RING].reverse();
    const parsed = parseClipArea(formatClipArea({ ring: clockwise }));
    if (!('area' in parsed)) throw new Error(`refused: ${parsed.problem}`);
    expect(parsed.area.label).toBeUndefined();
    expect(parsed.area.ring).toHaveLength(4);
    expect(signedDoubleArea(parsed.area.ring.map(([x, y]) => [x - 7.2, y - 51.28]))).toBeGreaterThan(0);
  });

  it('names what is wrong: version, numbers, range, rings enclosing nothing, a broken name', () => {
    expect(parseClipArea('0:72001234,512887000,14000,0,0,9000')).toEqual({ problem: 'version' });
    expect(parseClipArea('1:72001234,512887000,14000,0,0')).toEqual({ problem: 'format' });
    expect(parseClipArea('1:72001234,512887000,1.5,0,0,9000')).toEqual({ problem: 'format' });
    expect(parseClipArea('1:72001234,912887000,14000,0,0,9000')).toEqual({ problem: 'range' });
    expect(parseClipArea('1:72001234,512887000,14000,0')).toEqual({ problem: 'tooFewPoints' });
    expect(parseClipArea('1:72001234,512887000,14000,0,14000,0')).toEqual({ problem: 'noArea' });
    expect(parseClipArea('1:72001234,512887000,14000,0,0,9000~%E0%A4%A')).toEqual({ problem: 'format' });
    const long = `1:72001234,512887000${',1,1'.repeat(2000)}`;
    expect(parseClipArea(long)).toEqual({ problem: 'tooManyPoints' });
  });
});
