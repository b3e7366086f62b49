import { describe, expect, it } from 'vitest';
import { eastNorthUpFrame, ecefToGeodetic, geodeticToEcef, transformPoint } from '../tiles/ellipsoid.ts';
import { measureArea, measureHeight, measurePolyline, measureSegment } from './geometry.ts';
import type { EcefPoint } from './geometry.ts';

// A local East-North-Up frame at Rathaus Barmen, Wuppertal: hand-made geometry in metres is placed there.
const RAD = Math.PI / 180;
const origin = geodeticToEcef(7.2, 51.27, 200);
const frame = eastNorthUpFrame(origin);
const enu = (east: number, north: number, up: number): EcefPoint =>
  transformPoint(frame.enuToEcef, east, north, up);

describe('measureSegment', () => {
  it('splits a 3-4-12 segment into 13 m straight, 5 m horizontal and 12 m up', () => {
    const result = measureSegment(enu(0, 0, 0), enu(3, 4, 12));
    expect(result.length).toBeCloseTo(13, 9);
    expect(result.horizontal).toBeCloseTo(5, 5);
    expect(result.heightDifference).toBeCloseTo(12, 5);
  });

  it('is symmetric: b→a has the same lengths and the opposite height difference', () => {
    const a = enu(-20, 7, 3);
    const b = enu(35, -12, 18.5);
    const forward = measureSegment(a, b);
    const backward = measureSegment(b, a);
    expect(backward.length).toBe(forward.length);
    expect(backward.horizontal).toBeCloseTo(forward.horizontal, 9);
    expect(backward.heightDifference).toBeCloseTo(-forward.heightDifference, 9);
  });

  it('reports the ellipsoidal height difference: 1 km along a tangent line climbs d²/2R above the ellipsoid', () => {
    const result = measureSegment(enu(0, 0, 0), enu(1000, 0, 0));
    // Radius of curvature in the prime vertical at 51.27°N: N = a / sqrt(1 - e² sin²φ).
    const e2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);
    const primeVertical = 6378137 / Math.sqrt(1 - e2 * Math.sin(51.27 * RAD) ** 2);
    expect(result.heightDifference).toBeCloseTo(1000 ** 2 / (2 * (primeVertical + 200)), 4);
    expect(result.length).toBeCloseTo(1000, 9);
    expect(result.horizontal).toBeCloseTo(1000, 3);
  });
});

describe('measurePolyline', () => {
  it('sums the segments of an L-shaped line along two walls and a climb', () => {
    const result = measurePolyline([enu(0, 0, 0), enu(12, 0, 0), enu(12, 9, 0), enu(12, 9, 7.5)]);
    expect(result.segments.map((s) => s.length)).toEqual([
      expect.closeTo(12, 9),
      expect.closeTo(9, 9),
      expect.closeTo(7.5, 9),
    ]);
    // Vertical at the origin, not quite at 15 m from it: the verticals converge by 15 m / R ≈ 2.4 µrad.
    expect(result.segments[2]!.horizontal).toBeLessThan(1e-4);
    expect(result.length).toBeCloseTo(28.5, 9);
    expect(result.horizontal).toBeCloseTo(21, 4);
    expect(result.heightDifference).toBeCloseTo(7.5, 4);
  });

  it('gives zeros for one point or none', () => {
    expect(measurePolyline([enu(1, 2, 3)])).toEqual({
      segments: [],
      length: 0,
      horizontal: 0,
      heightDifference: 0,
    });
    expect(measurePolyline([]).length).toBe(0);
  });
});

describe('measureHeight', () => {
  it('measures a point 25 m above ground and returns the ground point straight below it', () => {
    const top = enu(4, -3, 25);
    const topHeight = ecefToGeodetic(top[0], top[1], top[2]).height;
    const result = measureHeight(top, topHeight - 25);
    expect(result.height).toBeCloseTo(25, 9);
    const ground = ecefToGeodetic(...result.ground);
    const topGeodetic = ecefToGeodetic(top[0], top[1], top[2]);
    expect(ground.longitude).toBeCloseTo(topGeodetic.longitude, 12);
    expect(ground.latitude).toBeCloseTo(topGeodetic.latitude, 12);
    expect(Math.hypot(ground.height - (topHeight - 25))).toBeLessThan(1e-6);
  });
});

describe('measureArea', () => {
  it('gives 80 m² on the map and 80 / cos 30° m² for a roof pitched at 30°', () => {
    const rise = 8 * Math.tan(30 * RAD);
    const roof = [enu(0, 0, 10), enu(10, 0, 10), enu(10, 8, 10 + rise), enu(0, 8, 10 + rise)];
    const result = measureArea(roof);
    expect(result.area).toBeCloseTo(80 / Math.cos(30 * RAD), 6);
    expect(result.horizontal).toBeCloseTo(80, 4);
    expect(result.nonPlanarity).toBeLessThan(1e-6);
    expect(result.perimeter).toBeCloseTo(20 + 2 * Math.hypot(8, rise), 6);
  });

  it('gives a wall its full area and no map area', () => {
    const wall = [enu(0, 0, 0), enu(6, 0, 0), enu(6, 0, 10), enu(0, 0, 10)];
    const result = measureArea(wall);
    expect(result.area).toBeCloseTo(60, 6);
    expect(result.horizontal).toBeCloseTo(0, 4);
  });

  it('measures an L-shaped (concave) ground polygon in either winding', () => {
    const ring = [enu(0, 0, 0), enu(10, 0, 0), enu(10, 4, 0), enu(4, 4, 0), enu(4, 10, 0), enu(0, 10, 0)];
    expect(measureArea(ring).area).toBeCloseTo(64, 6);
    expect(measureArea([...ring].reverse()).area).toBeCloseTo(64, 6);
    expect(measureArea(ring).horizontal).toBeCloseTo(64, 4);
  });

  it('reports how far a twisted quadrilateral is from planar', () => {
    const twisted = [enu(0, 0, 0), enu(10, 0, 0), enu(10, 10, 1), enu(0, 10, 0)];
    // Newell vector (−10, −10, 200); plane through the centroid (5, 5, 0.25); the lifted corner (10, 10, 1) lies
    // (5·−10 + 5·−10 + 0.75·200) / |(−10, −10, 200)| = 50 / √40200 m from it.
    expect(measureArea(twisted).nonPlanarity).toBeCloseTo(50 / Math.sqrt(40200), 6);
  });

  it('gives zero area for fewer than three points or collinear ones', () => {
    expect(measureArea([enu(0, 0, 0), enu(5, 0, 0)]).area).toBe(0);
    expect(measureArea([enu(0, 0, 0), enu(5, 0, 0), enu(10, 0, 0)]).area).toBeCloseTo(0, 6);
  });
});
