import { describe, expect, it } from 'vitest';
import {
  NO_DATA,
  classOfDistance,
  countClasses,
  createBuildingJoin,
  distanceClasses,
  joinPolygonFromRings,
} from './building-joins.ts';
import { haversineMetres } from './joins.ts';

/** A lon/lat square as rings (closed, as GeoJSON writes it). */
function square(west: number, south: number, size: number): [number, number][][] {
  return [
    [
      [west, south],
      [west + size, south],
      [west + size, south + size],
      [west, south + size],
      [west, south],
    ],
  ];
}

describe('joinPolygonFromRings', () => {
  it('drops the repeated closing vertex and skips degenerate rings', () => {
    const polygon = joinPolygonFromRings([
      ...square(7, 51, 1),
      [
        [7.2, 51.2],
        [7.3, 51.3],
      ],
    ]);
    expect(Array.from(polygon.coordinates)).toEqual([7, 51, 8, 51, 8, 52, 7, 52]);
    expect(Array.from(polygon.partStarts)).toEqual([0]);
  });
});

describe('distance classes', () => {
  it('labels open ends and gives near buildings the bright end of viridis', () => {
    const classes = distanceClasses([250, 500, 1000, 2000]);
    expect(classes.map((c) => c.label)).toEqual([
      '< 250 m',
      '250 – 500 m',
      '500 – 1000 m',
      '1000 – 2000 m',
      '≥ 2000 m',
    ]);
    expect(classes[0]?.colour).toBe('#fde725');
    expect(classes[4]?.colour).toBe('#440154');
    expect(classes[4]?.to).toBe(Infinity);
  });

  it('puts a value on a break into the class above it; NaN has no data', () => {
    const breaks = [250, 500];
    expect(classOfDistance(0, breaks)).toBe(0);
    expect(classOfDistance(249.9, breaks)).toBe(0);
    expect(classOfDistance(250, breaks)).toBe(1);
    expect(classOfDistance(10_000, breaks)).toBe(2);
    expect(classOfDistance(NaN, breaks)).toBe(NO_DATA);
  });
});

describe('createBuildingJoin', () => {
  it('classes buildings by the class of the polygon containing their centroid', () => {
    const join = createBuildingJoin({
      kind: 'polygon-class',
      polygons: [joinPolygonFromRings(square(7, 51, 0.01)), joinPolygonFromRings(square(7.01, 51, 0.01))],
      classOfPolygon: [2, NO_DATA],
      labels: ['< 30', '30–100', '≥ 1000'],
      colours: ['#d55e00', '#e69f00', '#0072b2'],
    });
    // inside the first square, inside the unclassed second one, outside both, no centroid
    const classes = join.classify({
      centroids: new Float64Array([7.005, 51.005, 7.015, 51.005, 7.5, 51.5, NaN, NaN]),
    });
    expect(Array.from(classes)).toEqual([2, NO_DATA, NO_DATA, NO_DATA]);
    expect(join.legend().map((c) => c.colour)).toEqual(['#d55e00', '#e69f00', '#0072b2']);
  });

  it('classes buildings by the haversine distance to the nearest school, batch after batch', () => {
    const school: [number, number] = [7.2, 51.29];
    const join = createBuildingJoin({ kind: 'distance', targets: new Float64Array([...school, 7.3, 51.29]) });
    // Points due north of the first school at about 100, 300, 700, 1500 and 3000 m.
    const metresPerDegree = haversineMetres(7.2, 51.29, 7.2, 52.29);
    const distances = [100, 300, 700, 1500, 3000];
    const centroids = new Float64Array(distances.flatMap((d) => [7.2, 51.29 + d / metresPerDegree]));
    expect(Array.from(join.classify({ centroids }))).toEqual([0, 1, 2, 3, 4]);
    // A later batch: next to the second school.
    expect(Array.from(join.classify({ centroids: new Float64Array([7.3001, 51.29]) }))).toEqual([0]);
    expect(join.legend()).toHaveLength(5);
  });

  it('has no data for every building when the layer has no points', () => {
    const join = createBuildingJoin({ kind: 'distance', targets: new Float64Array(0) });
    expect(Array.from(join.classify({ centroids: new Float64Array([7, 51]) }))).toEqual([NO_DATA]);
  });

  it('tells building areas from the plan boundary and the outside', () => {
    const join = createBuildingJoin({
      kind: 'inside',
      areas: [joinPolygonFromRings(square(7.001, 51.001, 0.002))],
      boundaries: [joinPolygonFromRings(square(7, 51, 0.01))],
      labels: ['area', 'boundary', 'outside'],
      colours: ['#d55e00', '#e69f00', '#56b4e9'],
    });
    const classes = join.classify({
      centroids: new Float64Array([7.002, 51.002, 7.008, 51.008, 7.02, 51.02, NaN, 51]),
    });
    expect(Array.from(classes)).toEqual([0, 1, 2, NO_DATA]);
  });

  it('keeps the quantile classes of the first batch for later batches, widening the open ends', () => {
    const join = createBuildingJoin({ kind: 'attribute', classify: 'quantile', classes: 4 });
    const first = join.classify({
      centroids: new Float64Array(16),
      numbers: new Float64Array([1, 2, 3, 4, 5, 6, 7, NaN]),
    });
    // the same classes as the core's `classify` (breaks 1, 2, 4, 6, 7)
    expect(Array.from(first)).toEqual([0, 1, 1, 2, 2, 3, 3, NO_DATA]);
    const breaks = join.legend().map((c) => c.from);
    const second = join.classify({ centroids: new Float64Array(6), numbers: new Float64Array([0, 4, 70]) });
    expect(Array.from(second)).toEqual([0, 2, 3]);
    const legend = join.legend();
    expect(legend.map((c) => c.from)).toEqual([0, ...breaks.slice(1)]);
    expect(legend[3]?.to).toBe(70);
    expect(legend[3]?.label).toBe('6 – 70');
  });

  it('keeps categories, appends new ones up to the limit and then puts the rest into "other"', () => {
    const join = createBuildingJoin({ kind: 'attribute', classify: 'categorical', classes: 3 });
    const first = join.classify({ centroids: new Float64Array(8), strings: ['a', 'b', 'a', undefined] });
    expect(Array.from(first)).toEqual([0, 1, 0, NO_DATA]);
    const second = join.classify({ centroids: new Float64Array(8), strings: ['c', 'd', 'b', 'e'] });
    expect(Array.from(second)).toEqual([2, 3, 1, 3]);
    const legend = join.legend();
    expect(legend.map((c) => c.category)).toEqual(['a', 'b', 'c', undefined]);
    expect(legend[3]?.colour).toBe('#999999');
  });

  it('refuses a polygon-class spec without one class per polygon', () => {
    expect(() =>
      createBuildingJoin({
        kind: 'polygon-class',
        polygons: [joinPolygonFromRings(square(7, 51, 1))],
        classOfPolygon: [],
        labels: ['x'],
        colours: ['#000000'],
      }),
    ).toThrow(/building-joins: polygon-class/);
  });
});

describe('countClasses', () => {
  it('counts classes and no data', () => {
    expect(countClasses(new Uint8Array([0, 2, 2, NO_DATA, 1]), 3)).toEqual({ counts: [1, 1, 2], noData: 1 });
  });
});
