import { describe, expect, it } from 'vitest';
import {
  buildPolygonIndex,
  classify,
  haversineMetres,
  joinPointsToPolygons,
  nearestPoints,
  pointInPolygon,
  polygonValuesAtPoints,
  VIRIDIS,
} from './joins.ts';
import type { XPlanGeometry } from './xplan/geometry.ts';

/** A square with a square hole (lon/lat degrees), as one polygon. */
function squareWithHole(west: number, south: number, size: number): XPlanGeometry {
  const hole = size / 4;
  const cx = west + size / 2;
  const cy = south + size / 2;
  return {
    type: 'Polygon',
    coordinates: new Float64Array([
      west, south, west + size, south, west + size, south + size, west, south + size,
      cx - hole, cy - hole, cx - hole, cy + hole, cx + hole, cy + hole, cx + hole, cy - hole,
    ]), // prettier-ignore
    partStarts: new Uint32Array([0, 4]),
    polygonStarts: new Uint32Array([0]),
  };
}

describe('point in polygon', () => {
  const polygon = squareWithHole(7, 51, 0.01);

  it('respects holes', () => {
    expect(pointInPolygon(polygon, 7.001, 51.001)).toBe(true);
    expect(pointInPolygon(polygon, 7.005, 51.005)).toBe(false); // in the hole
    expect(pointInPolygon(polygon, 7.02, 51.005)).toBe(false);
  });

  it('joins points to the first containing polygon through the grid index', () => {
    const polygons = [polygon, squareWithHole(7.02, 51, 0.01), squareWithHole(7.0, 51.0, 0.03)];
    const index = buildPolygonIndex(polygons);
    const centroids = new Float64Array([
      7.001, 51.001, 7.005, 51.005, 7.021, 51.001, 7.5, 51.5, 7.025, 51.025,
    ]);
    expect(Array.from(joinPointsToPolygons(centroids, index))).toEqual([0, 2, 1, -1, 2]);
    const classes = polygonValuesAtPoints(centroids, index, [30, 100, 1000]);
    expect(Array.from(classes)).toEqual([30, 1000, 100, NaN, 1000]);
  });

  it('agrees with a brute-force test on many random points', () => {
    const polygons: XPlanGeometry[] = [];
    for (let i = 0; i < 50; i++)
      polygons.push(squareWithHole(7 + (i % 10) * 0.01, 51 + Math.floor(i / 10) * 0.01, 0.008));
    const index = buildPolygonIndex(polygons);
    let seed = 1;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const centroids = new Float64Array(20_000);
    for (let i = 0; i < centroids.length; i += 2) {
      centroids[i] = 6.99 + random() * 0.12;
      centroids[i + 1] = 50.99 + random() * 0.07;
    }
    const joined = joinPointsToPolygons(centroids, index);
    for (let i = 0; i < joined.length; i++) {
      const lon = centroids[i * 2] as number;
      const lat = centroids[i * 2 + 1] as number;
      expect(joined[i]).toBe(polygons.findIndex((p) => pointInPolygon(p, lon, lat)));
    }
  });
});

describe('point in polygon on large rings (banded edges)', () => {
  it('agrees with the plain even-odd test for a 500-vertex ring with a 300-vertex hole', () => {
    const ring = (cx: number, cy: number, radius: number, n: number, wobble: number): number[] => {
      const out: number[] = [];
      for (let k = 0; k < n; k++) {
        const angle = (2 * Math.PI * k) / n;
        const r = radius * (1 + wobble * Math.sin(7 * angle));
        out.push(cx + r * Math.cos(angle), cy + r * Math.sin(angle));
      }
      return out;
    };
    const big: XPlanGeometry = {
      type: 'Polygon',
      coordinates: new Float64Array([...ring(7, 51, 0.05, 500, 0.3), ...ring(7.01, 51, 0.02, 300, 0.2)]),
      partStarts: new Uint32Array([0, 500]),
      polygonStarts: new Uint32Array([0]),
    };
    const index = buildPolygonIndex([big]);
    let seed = 11;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const centroids = new Float64Array(40_000);
    for (let i = 0; i < centroids.length; i += 2) {
      centroids[i] = 6.93 + random() * 0.14;
      centroids[i + 1] = 50.93 + random() * 0.14;
    }
    const joined = joinPointsToPolygons(centroids, index);
    let inside = 0;
    for (let i = 0; i < joined.length; i++) {
      const expected = pointInPolygon(big, centroids[i * 2]!, centroids[i * 2 + 1]!) ? 0 : -1;
      expect(joined[i]).toBe(expected);
      if (expected === 0) inside++;
    }
    expect(inside).toBeGreaterThan(1000);
  });
});

describe('nearest school', () => {
  it('matches a hand computation', () => {
    // one degree of latitude on the sphere of radius 6 371 008.8 m: 2π·R/360 = 111 195.08 m
    expect(haversineMetres(7, 51, 7, 52)).toBeCloseTo(111_195.08, 1);
    // 0.01° of longitude at 51°: 111 195.08 · 0.01 · cos 51° = 699.77 m (small-distance approximation)
    expect(haversineMetres(7, 51, 7.01, 51)).toBeCloseTo(699.77, 1);
    const schools = new Float64Array([7, 51, 7.01, 51, 7.2, 51.3]);
    const buildings = new Float64Array([7.002, 51, 7.009, 51, 7.19, 51.29, 8, 52]);
    const { nearest, distances } = nearestPoints(buildings, schools);
    expect(Array.from(nearest)).toEqual([0, 1, 2, 2]);
    expect(distances[0]).toBeCloseTo(139.95, 1);
    expect(distances[1]).toBeCloseTo(69.98, 1);
    expect(distances[3]).toBeCloseTo(haversineMetres(8, 52, 7.2, 51.3), 6);
  });

  it('agrees with brute force and is fast for 100 000 buildings', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const schools = new Float64Array(2 * 1048);
    for (let i = 0; i < schools.length; i += 2) {
      schools[i] = 8 + random() * 3;
      schools[i + 1] = 53.4 + random() * 1.6;
    }
    const buildings = new Float64Array(2 * 100_000);
    for (let i = 0; i < buildings.length; i += 2) {
      buildings[i] = 8 + random() * 3;
      buildings[i + 1] = 53.4 + random() * 1.6;
    }
    const started = performance.now();
    const { distances } = nearestPoints(buildings, schools);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(2000);
    for (let b = 0; b < 500; b++) {
      let best = Infinity;
      for (let s = 0; s < schools.length; s += 2) {
        best = Math.min(
          best,
          haversineMetres(buildings[b * 2]!, buildings[b * 2 + 1]!, schools[s]!, schools[s + 1]!),
        );
      }
      expect(distances[b]).toBeCloseTo(best, 6);
    }
  });
});

describe('classify', () => {
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN];

  it('equal intervals', () => {
    const result = classify(values, { kind: 'equal', classes: 3 });
    expect(result.breaks).toEqual([1, 4, 7, 10]);
    expect(Array.from(result.classOf)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 2, -1]);
    expect(result.legend.map((entry) => entry.label)).toEqual(['1 – 4', '4 – 7', '7 – 10']);
    expect(result.colours).toEqual([VIRIDIS[0], VIRIDIS[4], VIRIDIS[8]]);
  });

  it('quantiles with about equal counts', () => {
    const result = classify(values, { kind: 'quantile', classes: 2 });
    expect(result.breaks).toEqual([1, 6, 10]);
    expect(result.legend.map((entry) => entry.count)).toEqual([5, 5]);
  });

  it('merges equal quantile breaks', () => {
    const result = classify([0, 0, 0, 0, 0, 0, 5], { kind: 'quantile', classes: 4 });
    expect(result.breaks).toEqual([0, 5]);
    expect(Array.from(result.classOf)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('categories, most frequent first, with "other"', () => {
    const result = classify(['WA', 'MI', 'WA', 'GE', '', null, 'SO'], { kind: 'categorical', classes: 2 });
    expect(result.legend.map((entry) => [entry.label, entry.count])).toEqual([
      ['WA', 2],
      ['GE', 1],
      ['other', 2],
    ]);
    expect(Array.from(result.classOf)).toEqual([0, 2, 0, 1, -1, -1, 2]);
  });
});
