/**
 * A measurement as a person keeps and shares it: its kind and picked points in WGS84 degrees and ellipsoidal
 * metres. Computes its values (via ECEF), writes it as GeoJSON with heights, and reads and writes the compact
 * `measure=` URL value.
 */

import { ecefToGeodetic, geodeticToEcef } from '../tiles/ellipsoid.ts';
import { measureArea, measurePolyline } from './geometry.ts';
import type { AreaMeasure, EcefPoint, PolylineMeasure } from './geometry.ts';
import { getOwn } from '../util/own.ts';

/** What is measured: a polyline's lengths, a height above the ground, a polygon's area. */
export type MeasureKind = 'distance' | 'height' | 'area';

/** A picked point: longitude and latitude in degrees (WGS84/ETRS89), height in ellipsoidal metres. */
export interface GeodeticPoint {
  longitude: number;
  latitude: number;
  height: number;
}

/** One measurement. For `height` the points are the picked top and the ground point below it. */
export interface Measurement {
  kind: MeasureKind;
  points: GeodeticPoint[];
}

/** Computed values of a measurement (metres, square metres). */
export interface MeasurementValues {
  kind: MeasureKind;
  /** Distance: per segment and total; height: the single top-to-ground segment. */
  polyline: PolylineMeasure;
  /** Area measurements only. */
  area?: AreaMeasure;
  /** Height measurements only: top minus ground, ellipsoidal metres. */
  height?: number;
  /** Whether the measurement has enough points to mean anything (2 for lines and heights, 3 for areas). */
  complete: boolean;
}

const RAD = Math.PI / 180;
const DEG = 180 / Math.PI;

/** ECEF metres of a geodetic point (degrees, ellipsoidal metres). */
export function pointToEcef(point: GeodeticPoint): EcefPoint {
  return geodeticToEcef(point.longitude * RAD, point.latitude * RAD, point.height);
}

/** Geodetic point (degrees, ellipsoidal metres) of an ECEF position (metres). */
export function ecefToPoint(position: EcefPoint): GeodeticPoint {
  const geodetic = ecefToGeodetic(position[0], position[1], position[2]);
  return { longitude: geodetic.longitude * DEG, latitude: geodetic.latitude * DEG, height: geodetic.height };
}

/** Fewest points that make a finished measurement of each kind. */
export const MIN_POINTS: Readonly<Record<MeasureKind, number>> = { distance: 2, height: 2, area: 3 };

/** Values of a measurement, computed in ECEF float64. */
export function measurementValues(measurement: Measurement): MeasurementValues {
  const ecef = measurement.points.map(pointToEcef);
  const polyline = measurePolyline(ecef);
  const complete = measurement.points.length >= MIN_POINTS[measurement.kind];
  if (measurement.kind === 'area') return { kind: 'area', polyline, area: measureArea(ecef), complete };
  if (measurement.kind === 'height') {
    const [top, ground] = measurement.points;
    const height = top && ground ? top.height - ground.height : 0;
    return { kind: 'height', polyline, height, complete };
  }
  return { kind: 'distance', polyline, complete };
}

/** A GeoJSON feature collection (RFC 7946: longitude, latitude, height above the WGS84 ellipsoid in metres). */
export interface MeasurementGeoJson {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    geometry: { type: 'LineString' | 'Polygon'; coordinates: number[][] | number[][][] };
    properties: Record<string, number | string | number[]>;
  }[];
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function coordinates(points: readonly GeodeticPoint[]): number[][] {
  return points.map((p) => [round(p.longitude, 9), round(p.latitude, 9), round(p.height, 3)]);
}

/**
 * The measurements as GeoJSON with heights: distances and heights as LineStrings, areas as closed Polygons, each
 * with its values in the properties (metres, square metres, millimetre precision).
 */
export function measurementsToGeoJson(measurements: readonly Measurement[]): MeasurementGeoJson {
  return {
    type: 'FeatureCollection',
    features: measurements.map((measurement) => {
      const values = measurementValues(measurement);
      const properties: Record<string, number | string | number[]> = {
        kind: measurement.kind,
        length_m: round(values.polyline.length, 3),
        horizontal_m: round(values.polyline.horizontal, 3),
        heightDifference_m: round(values.polyline.heightDifference, 3),
      };
      if (values.polyline.segments.length > 1) {
        properties['segments_m'] = values.polyline.segments.map((s) => round(s.length, 3));
      }
      if (values.height !== undefined) properties['height_m'] = round(values.height, 3);
      if (values.area) {
        properties['area_m2'] = round(values.area.area, 3);
        properties['horizontalArea_m2'] = round(values.area.horizontal, 3);
        properties['perimeter_m'] = round(values.area.perimeter, 3);
        const ring = coordinates(measurement.points);
        if (ring[0]) ring.push([...ring[0]]);
        return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties };
      }
      return {
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: coordinates(measurement.points) },
        properties,
      };
    }),
  };
}

const KIND_CODES: Record<MeasureKind, string> = { distance: 'd', height: 'h', area: 'a' };
const CODE_KINDS: Record<string, MeasureKind> = { d: 'distance', h: 'height', a: 'area' };

/** Most measurements and points per measurement a `measure=` value may carry (a URL is no data store). */
export const MEASURE_URL_LIMITS = { measurements: 20, points: 50 } as const;

/**
 * The `measure=` value: measurements separated by `;`, each `kind:lon,lat,h,lon,lat,h…` with kind `d`, `h` or
 * `a`, degrees to 7 decimals (about 1 cm) and ellipsoidal metres to 2.
 */
export function formatMeasurements(measurements: readonly Measurement[]): string {
  return measurements
    .map(
      (m) =>
        `${KIND_CODES[m.kind]}:` +
        m.points
          .map((p) => `${round(p.longitude, 7)},${round(p.latitude, 7)},${round(p.height, 2)}`)
          .join(','),
    )
    .join(';');
}

/** Result of `parseMeasurements`: the valid measurements and how many entries were ignored. */
export interface ParsedMeasurements {
  measurements: Measurement[];
  /** Entries that were not `d|h|a:` followed by whole lon,lat,h triples in range, or beyond the limits. */
  ignored: number;
}

/** Reads a `measure=` value; invalid entries are counted and dropped, the valid ones kept. */
export function parseMeasurements(value: string): ParsedMeasurements {
  const measurements: Measurement[] = [];
  let ignored = 0;
  for (const entry of value.split(';')) {
    if (entry.trim() === '') continue;
    const parsed = parseEntry(entry.trim());
    if (parsed && measurements.length < MEASURE_URL_LIMITS.measurements) measurements.push(parsed);
    else ignored++;
  }
  return { measurements, ignored };
}

function parseEntry(entry: string): Measurement | undefined {
  const colon = entry.indexOf(':');
  // own entries only: `constructor:` or `__proto__:` must not find Object.prototype's members
  const kind = colon < 0 ? undefined : getOwn(CODE_KINDS, entry.slice(0, colon));
  if (kind === undefined) return undefined;
  const numbers = entry
    .slice(colon + 1)
    .split(',')
    .map((text) => (/^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN));
  if (numbers.length % 3 !== 0 || numbers.some((n) => !Number.isFinite(n))) return undefined;
  const points: GeodeticPoint[] = [];
  for (let i = 0; i < numbers.length; i += 3) {
    const [longitude, latitude, height] = [numbers[i]!, numbers[i + 1]!, numbers[i + 2]!];
    if (Math.abs(longitude) > 180 || Math.abs(latitude) > 90 || Math.abs(height) > 100_000) return undefined;
    points.push({ longitude, latitude, height });
  }
  if (points.length < MIN_POINTS[kind] || points.length > MEASURE_URL_LIMITS.points) return undefined;
  if (kind === 'height' && points.length !== 2) return undefined;
  return { kind, points };
}
