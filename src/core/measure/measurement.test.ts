import { describe, expect, it } from 'vitest';
import { formatArea, formatHeightDifference, formatLength } from './format.ts';
import {
  ecefToPoint,
  formatMeasurements,
  measurementValues,
  measurementsToGeoJson,
  parseMeasurements,
  pointToEcef,
} from './measurement.ts';
import type { Measurement } from './measurement.ts';

describe('formatting', () => {
  it('writes metres with two decimals in the language’s number format', () => {
    expect(formatLength(12.344, 'de')).toBe('12,34\u00a0m');
    expect(formatLength(12.345678, 'en')).toBe('12.35\u00a0m');
    expect(formatLength(1234.5, 'de')).toBe('1.234,50\u00a0m');
    expect(formatLength(1234.5, 'en', { decimals: 3 })).toBe('1,234.500\u00a0m');
    expect(formatArea(87.5, 'de')).toBe('87,50\u00a0m²');
  });

  it('signs height differences and never writes a negative zero', () => {
    expect(formatHeightDifference(3.2, 'de')).toBe('+3,20\u00a0m');
    expect(formatHeightDifference(-0.5, 'en')).toBe('\u22120.50\u00a0m');
    expect(formatHeightDifference(-0.001, 'en')).toBe('0.00\u00a0m');
    expect(formatLength(-0.001, 'en')).toBe('0.00\u00a0m');
  });
});

const rathausTop = { longitude: 7.2, latitude: 51.27, height: 230.25 };
const rathausGround = { longitude: 7.2, latitude: 51.27, height: 198.5 };

describe('measurementValues', () => {
  it('computes a height measurement as top minus ground', () => {
    const values = measurementValues({ kind: 'height', points: [rathausTop, rathausGround] });
    expect(values.height).toBeCloseTo(31.75, 9);
    expect(values.polyline.length).toBeCloseTo(31.75, 6);
    expect(values.complete).toBe(true);
  });

  it('computes a distance along a meridian and marks one-point measurements incomplete', () => {
    // 0.001° of latitude at 51.27°N: M·Δφ with the meridian radius M = a(1−e²)/(1−e² sin²φ)^1.5.
    const e2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);
    const sin = Math.sin((51.2705 * Math.PI) / 180);
    const meridian = (6378137 * (1 - e2)) / (1 - e2 * sin * sin) ** 1.5;
    const values = measurementValues({
      kind: 'distance',
      points: [
        { longitude: 7.2, latitude: 51.27, height: 0 },
        { longitude: 7.2, latitude: 51.271, height: 0 },
      ],
    });
    expect(values.polyline.horizontal).toBeCloseTo((meridian * 0.001 * Math.PI) / 180, 3);
    expect(measurementValues({ kind: 'distance', points: [rathausTop] }).complete).toBe(false);
  });

  it('round-trips points through ECEF', () => {
    const back = ecefToPoint(pointToEcef(rathausTop));
    expect(back.longitude).toBeCloseTo(7.2, 11);
    expect(back.latitude).toBeCloseTo(51.27, 11);
    expect(back.height).toBeCloseTo(230.25, 6);
  });
});

const kept: Measurement[] = [
  { kind: 'height', points: [rathausTop, rathausGround] },
  {
    kind: 'area',
    points: [
      { longitude: 7.2, latitude: 51.27, height: 200 },
      { longitude: 7.2002, latitude: 51.27, height: 200 },
      { longitude: 7.2002, latitude: 51.2701, height: 200 },
    ],
  },
];

describe('GeoJSON export', () => {
  it('writes lines and closed polygons with heights and values', () => {
    const geojson = measurementsToGeoJson(kept);
    expect(geojson.type).toBe('FeatureCollection');
    const [height, area] = geojson.features;
    expect(height!.geometry).toEqual({
      type: 'LineString',
      coordinates: [
        [7.2, 51.27, 230.25],
        [7.2, 51.27, 198.5],
      ],
    });
    expect(height!.properties).toMatchObject({ kind: 'height', height_m: 31.75, heightDifference_m: -31.75 });
    expect(area!.geometry.type).toBe('Polygon');
    const ring = (area!.geometry.coordinates as number[][][])[0]!;
    expect(ring).toHaveLength(4);
    expect(ring[3]).toEqual(ring[0]);
    expect(area!.properties['area_m2']).toBeGreaterThan(0);
    expect(area!.properties['horizontalArea_m2']).toBeCloseTo(area!.properties['area_m2'] as number, 1);
  });
});

describe('measure= URL value', () => {
  it('round-trips measurements at 7 decimals of degrees and centimetres', () => {
    const text = formatMeasurements(kept);
    expect(text).toBe(
      'h:7.2,51.27,230.25,7.2,51.27,198.5;a:7.2,51.27,200,7.2002,51.27,200,7.2002,51.2701,200',
    );
    expect(parseMeasurements(text)).toEqual({ measurements: kept, ignored: 0 });
  });

  it('drops and counts entries with a bad kind, partial triples, out-of-range values or too few points', () => {
    const parsed = parseMeasurements(
      'x:1,2,3,4,5,6;d:7.2,51.27;d:7.2,95,0,7.2,51,0;a:7,51,0,7.1,51,0;h:7,51,1,7,51,0,7,51,2;d:7,51,0,7.1,51,1e3;' +
        'd:7.2,51.27,200,7.21,51.27,201',
    );
    expect(parsed.ignored).toBe(6);
    expect(parsed.measurements).toEqual([
      {
        kind: 'distance',
        points: [
          { longitude: 7.2, latitude: 51.27, height: 200 },
          { longitude: 7.21, latitude: 51.27, height: 201 },
        ],
      },
    ]);
    expect(parseMeasurements('')).toEqual({ measurements: [], ignored: 0 });
  });

  it('takes no name of Object.prototype for a kind', () => {
    const names = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'];
    const parsed = parseMeasurements(names.map((name) => `${name}:7,51,0,7.001,51,0`).join(';'));
    expect(parsed).toEqual({ measurements: [], ignored: names.length });
  });
});
