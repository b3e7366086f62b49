import { describe, expect, it } from 'vitest';
import { measureSegment } from '../measure/geometry.ts';
import { pointToEcef } from '../measure/measurement.ts';
import type { GeodeticPoint } from '../measure/measurement.ts';
import { arrowHead, simplifyStroke } from './simplify.ts';

// About 69.7 m per 0.001° of longitude and 111.2 m per 0.001° of latitude at 51.28° N.
const at = (east: number, north: number, height = 200): GeodeticPoint => ({
  longitude: 7.2 + east / 69_700,
  latitude: 51.28 + north / 111_250,
  height,
});
const distance = (a: GeodeticPoint, b: GeodeticPoint) =>
  measureSegment(pointToEcef(a), pointToEcef(b)).length;

describe('simplifyStroke (Douglas–Peucker in ENU metres)', () => {
  it('drops points within the tolerance of a straight stroke and keeps its ends', () => {
    const stroke = Array.from({ length: 50 }, (_, i) => at(i, i % 2 === 0 ? 0.05 : -0.05));
    const simple = simplifyStroke(stroke, 0.1);
    expect(simple).toEqual([stroke[0], stroke[49]]);
  });

  it('keeps the corner of an L and the bumps larger than the tolerance', () => {
    const stroke = [at(0, 0), at(5, 0.01), at(10, 0), at(10, 5), at(10, 10)];
    expect(simplifyStroke(stroke, 0.5)).toEqual([stroke[0], stroke[2], stroke[4]]);
    const bumpy = [at(0, 0), at(5, 1), at(10, 0)];
    expect(simplifyStroke(bumpy, 0.5)).toEqual(bumpy);
    expect(simplifyStroke(bumpy, 2)).toEqual([bumpy[0], bumpy[2]]);
  });

  it('measures in 3D: a height step counts', () => {
    const stroke = [at(0, 0, 200), at(5, 0, 206), at(10, 0, 200)];
    expect(simplifyStroke(stroke, 1)).toHaveLength(3);
  });

  it('handles long strokes without recursion limits', () => {
    const stroke = Array.from({ length: 5000 }, (_, i) => at(i / 25, Math.sin(i / 12) * 3));
    const simple = simplifyStroke(stroke, 0.05);
    expect(simple.length).toBeGreaterThan(10);
    expect(simple.length).toBeLessThan(1000);
  });
});

describe('arrowHead', () => {
  it('puts two barbs of a quarter of the arrow at the tip, symmetric about the shaft', () => {
    const from = at(0, 0);
    const to = at(40, 0);
    const barbs = arrowHead(from, to);
    expect(barbs).toHaveLength(2);
    for (const [start, tip] of barbs) {
      expect(tip).toBe(to);
      expect(distance(start, to)).toBeCloseTo(distance(from, to) / 4, 6);
      expect(distance(start, from)).toBeLessThan(40);
      expect(start.height).toBeCloseTo(200, 3);
    }
    const [left, right] = barbs.map(([start]) => start);
    expect(left!.longitude).toBeCloseTo(right!.longitude, 9);
    expect(left!.latitude - to.latitude).toBeCloseTo(to.latitude - right!.latitude, 9);
  });

  it('caps the barbs and draws none for an arrow without length', () => {
    const [[start]] = arrowHead(at(0, 0), at(1000, 0)) as [[GeodeticPoint, GeodeticPoint]];
    expect(distance(start, at(1000, 0))).toBeCloseTo(40, 2);
    expect(arrowHead(at(3, 3), at(3, 3, 250))).toEqual([]);
  });
});
