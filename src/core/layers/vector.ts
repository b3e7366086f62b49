/**
 * General vector drop-ins: GeoJSON (points, lines, polygons and their multi forms; CRS from the legacy
 * `crs` member, else CRS84) and point tables (CSV/TSV with lon/lat or easting/northing columns), read into
 * one flat `Float64Array` of longitude/latitude degrees (ETRS89 ≈ WGS84) plus per-feature part layouts, so
 * a worker can transfer the coordinates instead of copying them. Every property value stays text.
 * Platform-free.
 */
import { parseDelimited } from './delimited.ts';
import type { Delimiter } from './delimited.ts';
import { findKey, parseDecimal } from './fields.ts';
import { geoJsonFeatureLines, jsonErrorLine } from './geojson-lines.ts';
import { pairBounds } from './joins.ts';
import type { LayerProblem } from './problems.ts';
import { createToLonLat } from './xplan/reproject.ts';
import type { ToLonLat } from './xplan/reproject.ts';
import { errorMessage } from '../errors.ts';
import { setOwn } from '../util/own.ts';

/** One feature: its geometry kind, where its vertices are, and its properties as text. */
export interface VectorFeature {
  kind: 'point' | 'line' | 'polygon';
  /** Index (in vertices, i.e. lon/lat pairs) of the feature's first vertex in `VectorLayer.coordinates`. */
  start: number;
  /**
   * Parts, each a list of ring vertex counts, in order from `start`: a point is [[1]], a MultiPoint
   * [[1], [1] …], a line [[n]], a polygon [[outer, hole …]], a MultiPolygon one entry per polygon.
   */
  parts: number[][];
  properties: Record<string, string>;
  /** 1-based line of the feature (GeoJSON) or record (table) in the file. */
  line: number;
  /** 0-based position of the feature in the file's feature list (GeoJSON) or of the record among the data rows (table). */
  index: number;
}

/** Features of one file, with the coordinates of all of them. */
export interface VectorLayer {
  features: VectorFeature[];
  /** Longitude, latitude pairs in degrees (ETRS89/WGS84), all features' vertices in order. */
  coordinates: Float64Array;
  /** The CRS the file's coordinates were read in (e.g. 'CRS84', 'EPSG:25832'). */
  sourceCrs: string;
  /**
   * Only when asked for (`VectorReadOptions.heights`): the third coordinate of each vertex (GeoJSON; metres
   * above the ellipsoid by RFC 7946), NaN where a position has none.
   */
  heights?: Float64Array;
  /** Tables only: the header names the positions were read from (x/longitude, y/latitude); absent when none. */
  positionColumns?: [x: string, y: string];
  /** Records that could not be read (file, line, reason); the others still load. */
  problems: LayerProblem[];
}

/** Options of the vector readers. */
export interface VectorReadOptions {
  /** File name used in messages. */
  file?: string;
  /**
   * CRS of easting/northing table columns, any srsName form (default 'EPSG:25832'); a `crs`/`epsg`/`srid`
   * column, when present and filled, wins for its row. GeoJSON ignores it unless the file names no CRS
   * and its coordinates are beyond degree ranges.
   */
  projectedCrs?: string;
  /** Delimiter of tables; detected from the header when left out. */
  delimiter?: Delimiter;
  /** Tables: the column holding longitude (or easting), instead of guessing it from the header. */
  longitudeColumn?: string;
  /** Tables: the column holding latitude (or northing), instead of guessing it from the header. */
  latitudeColumn?: string;
  /** GeoJSON: keep the third coordinate of positions in `VectorLayer.heights` (default: dropped). */
  heights?: boolean;
  /**
   * GeoJSON: leave a feature's `id` member out of its properties (default: it becomes `properties.id`
   * unless a property of that name exists). Configured layers show only the properties their publisher chose.
   */
  omitFeatureIds?: boolean;
}

/** Default CRS of easting/northing columns: ETRS89 / UTM zone 32N. */
export const DEFAULT_PROJECTED_CRS = 'EPSG:25832';

/** Levels of GeometryCollections in GeometryCollections read; a deeper feature is reported and skipped. */
const MAX_COLLECTION_NESTING = 32;
const LAT_KEYS = ['lat', 'latitude', 'breite', 'breitengrad', 'y', 'wgs84_lat', 'geo_lat'];
const LON_KEYS = ['lon', 'lng', 'long', 'longitude', 'laenge', 'länge', 'laengengrad', 'x', 'wgs84_lon'];
const EASTING_KEYS = ['easting', 'rechtswert', 'ostwert', 'east', 'x_utm', 'utm_e'];
const NORTHING_KEYS = ['northing', 'hochwert', 'nordwert', 'north', 'y_utm', 'utm_n'];
const CRS_KEYS = ['crs', 'epsg', 'srid', 'srs', 'srsname'];

/** A growing Float64Array of lon/lat pairs, with the vertices' heights when `withHeights`. */
class CoordinateBuffer {
  private data = new Float64Array(1024);
  private heights: Float64Array | undefined;
  /** Vertices held. */
  size = 0;

  constructor(withHeights = false) {
    if (withHeights) this.heights = new Float64Array(512);
  }

  push(lon: number, lat: number, height = NaN): void {
    if (2 * this.size + 2 > this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[2 * this.size] = lon;
    this.data[2 * this.size + 1] = lat;
    if (this.heights) {
      if (this.size >= this.heights.length) {
        const bigger = new Float64Array(this.heights.length * 2);
        bigger.set(this.heights);
        this.heights = bigger;
      }
      this.heights[this.size] = height;
    }
    this.size += 1;
  }

  /** The heights of the vertices held (NaN: none), when kept. */
  heightsResult(): Float64Array | undefined {
    return this.heights?.slice(0, this.size);
  }

  /** Drops vertices back to `size` (a feature that turned out invalid). */
  truncate(size: number): void {
    this.size = size;
  }

  result(): Float64Array {
    return this.data.slice(0, 2 * this.size);
  }
}

function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A CRS column value ('25832', 'EPSG:25832', 'urn:ogc:def:crs:EPSG::25832') as an srsName. */
function crsFromCell(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return /^\d+$/.test(trimmed) ? `EPSG:${trimmed}` : trimmed;
}

/** True for names of lon/lat CRSs whose GeoJSON coordinates need no conversion. */
function isLonLatCrs(name: string): boolean {
  return /CRS:?84$|EPSG:+4326$|EPSG\/0\/4326$|EPSG:+4258$|EPSG:+4937$|EPSG:+4979$/i.test(name.trim());
}

type Geometry = { type?: unknown; coordinates?: unknown; geometries?: unknown };

/**
 * Reads a GeoJSON text: a FeatureCollection, a single Feature or a bare geometry. Coordinates are in CRS84
 * (lon, lat) unless the legacy `crs` member names another CRS (e.g. "urn:ogc:def:crs:EPSG::25832"), which
 * is converted to lon/lat degrees; heights are dropped (drawn on the ground). Point, MultiPoint,
 * LineString, MultiLineString, Polygon, MultiPolygon and GeometryCollections of them are read; a feature
 * without a usable geometry is reported with its line and skipped.
 */
export function readGeoJsonLayer(json: string, options: VectorReadOptions = {}): VectorLayer {
  const body = json.charCodeAt(0) === 0xfeff ? json.slice(1) : json;
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch (error) {
    const message = errorMessage(error);
    const file = options.file;
    return {
      features: [],
      coordinates: new Float64Array(0),
      sourceCrs: 'CRS84',
      problems: [
        {
          ...(file !== undefined ? { file } : {}),
          line: jsonErrorLine(body, message),
          message: `GeoJSON reader: not valid JSON (${message})`,
        },
      ],
    };
  }
  return readGeoJsonValue(root, options, body);
}

/**
 * Reads GeoJSON already parsed (e.g. pages of an OGC API Features collection put together), as
 * `readGeoJsonLayer` does. Problems name the line of a feature only when `text`, the JSON it came from, is
 * given; otherwise line 1.
 */
export function readGeoJsonValue(root: unknown, options: VectorReadOptions = {}, text?: string): VectorLayer {
  const file = options.file;
  const problems: LayerProblem[] = [];
  const problem = (line: number, message: string): void => {
    problems.push({ ...(file !== undefined ? { file } : {}), line, message });
  };
  const empty = (sourceCrs: string): VectorLayer => ({
    features: [],
    coordinates: new Float64Array(0),
    sourceCrs,
    problems,
  });
  if (typeof root !== 'object' || root === null) {
    problem(1, 'GeoJSON reader: expected a FeatureCollection, a Feature or a geometry object');
    return empty('CRS84');
  }
  const object = root as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  let items: unknown[];
  if (object.type === 'FeatureCollection' && Array.isArray(object.features)) items = object.features;
  else if (object.type === 'Feature') items = [object];
  else if (typeof object.type === 'string' && ('coordinates' in object || 'geometries' in object))
    items = [{ type: 'Feature', geometry: object, properties: {} }];
  else {
    problem(
      1,
      'GeoJSON reader: not GeoJSON; expected {"type": "FeatureCollection", "features": [...]}, a Feature or a geometry',
    );
    return empty('CRS84');
  }
  const crsName = typeof object.crs?.properties?.name === 'string' ? object.crs.properties.name : undefined;
  let sourceCrs = 'CRS84';
  let toLonLat: ToLonLat | undefined;
  if (crsName !== undefined && !isLonLatCrs(crsName)) {
    try {
      toLonLat = createToLonLat(crsName);
      sourceCrs = crsName;
    } catch (error) {
      const reason = errorMessage(error);
      problem(
        1,
        `GeoJSON reader: CRS "${crsName}" cannot be used (${reason}); expected CRS84 or an EPSG code`,
      );
      return empty(crsName);
    }
  }
  const lines = items.length > 1 && text !== undefined ? geoJsonFeatureLines(text) : [1];
  const coordinates = new CoordinateBuffer(options.heights === true);
  const features: VectorFeature[] = [];
  let projectedFallback = false;

  /** Adds one position; false (nothing added) when it is not two finite numbers inside degree ranges. */
  const addPosition = (value: unknown): boolean => {
    if (!Array.isArray(value) || typeof value[0] !== 'number' || typeof value[1] !== 'number') return false;
    let [lon, lat] = [value[0], value[1]];
    if (!toLonLat && crsName === undefined && (Math.abs(lon) > 180 || Math.abs(lat) > 90)) {
      // No CRS named but metre-sized values: read in the projected default (as many German exports are).
      toLonLat = createToLonLat(options.projectedCrs ?? DEFAULT_PROJECTED_CRS);
      sourceCrs = options.projectedCrs ?? DEFAULT_PROJECTED_CRS;
      projectedFallback = true;
    }
    if (toLonLat) [lon, lat] = toLonLat(lon, lat);
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90)
      return false;
    const height = value[2];
    coordinates.push(lon, lat, typeof height === 'number' && Number.isFinite(height) ? height : NaN);
    return true;
  };
  /** Adds a ring or line; its vertex count, or -1 when a position is unusable. */
  const addRing = (value: unknown, minimum: number): number => {
    if (!Array.isArray(value) || value.length < minimum) return -1;
    for (const position of value) if (!addPosition(position)) return -1;
    return value.length;
  };
  /** Adds one geometry's parts to `parts`; its kind, or an error text. */
  const addGeometry = (geometry: Geometry, parts: number[][], depth = 0): VectorFeature['kind'] | string => {
    const c = geometry.coordinates;
    const list = Array.isArray(c) ? (c as unknown[]) : [];
    switch (geometry.type) {
      case 'Point':
        if (!addPosition(c)) return 'a Point needs [lon, lat] (or [x, y] in the named CRS)';
        parts.push([1]);
        return 'point';
      case 'MultiPoint':
        for (const p of list) {
          if (!addPosition(p)) return 'a MultiPoint position is not [lon, lat]';
          parts.push([1]);
        }
        return 'point';
      case 'LineString':
      case 'MultiLineString': {
        const lineStrings = geometry.type === 'LineString' ? [c] : list;
        for (const l of lineStrings) {
          const n = addRing(l, 2);
          if (n < 0) return 'a line needs at least 2 positions [lon, lat]';
          parts.push([n]);
        }
        return 'line';
      }
      case 'Polygon':
      case 'MultiPolygon': {
        const polygons = geometry.type === 'Polygon' ? [c] : list;
        for (const polygon of polygons) {
          if (!Array.isArray(polygon) || polygon.length === 0) return 'a polygon needs at least one ring';
          const rings: number[] = [];
          for (const ring of polygon) {
            const n = addRing(ring, 4);
            if (n < 0) return 'a polygon ring needs at least 4 positions [lon, lat]';
            rings.push(n);
          }
          parts.push(rings);
        }
        return 'polygon';
      }
      case 'GeometryCollection': {
        // RFC 7946 (3.1.8) advises against nesting collections at all; a bound keeps the recursion far
        // from the call-stack limit
        if (depth >= MAX_COLLECTION_NESTING)
          return `GeometryCollections nested deeper than ${MAX_COLLECTION_NESTING} levels are not supported`;
        const members = Array.isArray(geometry.geometries) ? (geometry.geometries as Geometry[]) : [];
        let kind: VectorFeature['kind'] | undefined;
        for (const member of members) {
          const memberKind = addGeometry(member ?? {}, parts, depth + 1);
          if (memberKind !== 'point' && memberKind !== 'line' && memberKind !== 'polygon') return memberKind;
          if (kind !== undefined && kind !== memberKind)
            return 'a GeometryCollection mixing points, lines and polygons is not supported';
          kind = memberKind;
        }
        return kind ?? 'an empty GeometryCollection';
      }
      default:
        return `geometry type ${JSON.stringify(geometry.type ?? null)} is not supported`;
    }
  };

  items.forEach((item, index) => {
    const line = lines[index] ?? 1;
    const feature = (item ?? {}) as { geometry?: Geometry | null; properties?: unknown; id?: unknown };
    if (!feature.geometry) {
      problem(line, `GeoJSON reader: feature ${index} has no geometry`);
      return;
    }
    const start = coordinates.size;
    const parts: number[][] = [];
    let kind: VectorFeature['kind'] | string;
    try {
      kind = addGeometry(feature.geometry, parts);
    } catch (error) {
      kind = errorMessage(error);
    }
    if ((kind !== 'point' && kind !== 'line' && kind !== 'polygon') || parts.length === 0) {
      coordinates.truncate(start);
      problem(
        line,
        `GeoJSON reader: feature ${index}: ${parts.length === 0 && kind === 'point' ? 'no positions' : kind}`,
      );
      return;
    }
    const properties: Record<string, string> = {};
    if (feature.id !== undefined && feature.id !== null && options.omitFeatureIds !== true)
      properties.id = textOf(feature.id);
    if (feature.properties && typeof feature.properties === 'object') {
      for (const [key, value] of Object.entries(feature.properties)) setOwn(properties, key, textOf(value));
    }
    features.push({ kind, start, parts, properties, line, index });
  });
  if (projectedFallback) {
    problem(1, `GeoJSON reader: no CRS named and coordinates are not degrees; read as ${sourceCrs}`);
  }
  const heights = coordinates.heightsResult();
  return {
    features,
    coordinates: coordinates.result(),
    ...(heights ? { heights } : {}),
    sourceCrs,
    problems,
  };
}

/**
 * Reads points from a CSV/TSV table (delimiter detected: tab, semicolon, comma). Positions come from
 * lon/lat columns in degrees (lon/lng/longitude/laenge/x, lat/latitude/breite/y) or from easting/northing
 * columns (easting/rechtswert/ostwert, northing/hochwert/nordwert, or x/y holding values beyond degree
 * ranges) in `options.projectedCrs` (default EPSG:25832), overridden per row by a filled `crs`, `epsg` or
 * `srid` column ('25832', 'EPSG:31467', an OGC URN). Decimal commas are accepted. Rows without a valid
 * position are reported with their line and skipped.
 */
export function readPointTable(source: string, options: VectorReadOptions = {}): VectorLayer {
  const file = options.file;
  const table = parseDelimited(source, {
    ...(file !== undefined ? { file } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
  });
  const problems: LayerProblem[] = table.problems.map((p) => ({ ...p, message: `CSV reader: ${p.message}` }));
  const problem = (line: number, message: string): void => {
    problems.push({ ...(file !== undefined ? { file } : {}), line, message: `CSV reader: ${message}` });
  };
  const defaultCrs = options.projectedCrs ?? DEFAULT_PROJECTED_CRS;
  const header = table.header;
  // Named columns hold degrees unless their values are beyond degree ranges (then easting/northing).
  const named = options.longitudeColumn !== undefined || options.latitudeColumn !== undefined;
  const column = (name: string | undefined): string | undefined =>
    findKey(header, [(name ?? '').trim().toLowerCase()]);
  const latKey = named ? column(options.latitudeColumn) : findKey(header, LAT_KEYS);
  const lonKey = named ? column(options.longitudeColumn) : findKey(header, LON_KEYS);
  const eastKey = named ? undefined : findKey(header, EASTING_KEYS);
  const northKey = named ? undefined : findKey(header, NORTHING_KEYS);
  const crsKey = findKey(header, CRS_KEYS);
  const coordinates = new CoordinateBuffer();
  const features: VectorFeature[] = [];
  const degrees = latKey !== undefined && lonKey !== undefined;
  if (!degrees && (eastKey === undefined || northKey === undefined)) {
    problem(
      1,
      named
        ? `no position columns "${options.longitudeColumn ?? ''}"/"${options.latitudeColumn ?? ''}" in the header (found ${header.join(', ')})`
        : 'no position columns in the header; expected lon/lat (longitude/latitude, laenge/breite, x/y) or easting/northing (rechtswert/hochwert)',
    );
    return { features, coordinates: coordinates.result(), sourceCrs: defaultCrs, problems };
  }
  const converters = new Map<string, ToLonLat | string>();
  const converter = (crs: string): ToLonLat | string => {
    let found = converters.get(crs);
    if (found === undefined) {
      try {
        found = createToLonLat(crs);
      } catch (error) {
        found = `CRS "${crs}" cannot be used (${errorMessage(error)})`;
      }
      converters.set(crs, found);
    }
    return found;
  };
  const usedCrs = new Set<string>();
  const xKey = degrees ? lonKey : eastKey;
  const yKey = degrees ? latKey : northKey;
  for (const [index, row] of table.rows.entries()) {
    if (row.fields.length !== header.length) continue; // reported by the table reader
    const properties: Record<string, string> = {};
    header.forEach((key, i) => {
      setOwn(properties, key, row.fields[i] ?? '');
    });
    const x = parseDecimal(properties[xKey as string] ?? '');
    const y = parseDecimal(properties[yKey as string] ?? '');
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      problem(row.line, `no valid position; expected numbers in columns "${xKey}" and "${yKey}"`);
      continue;
    }
    const rowCrs = crsKey !== undefined ? crsFromCell(properties[crsKey] ?? '') : undefined;
    let lon = x;
    let lat = y;
    const projected =
      !degrees || Math.abs(x) > 180 || Math.abs(y) > 90 || (rowCrs !== undefined && !isLonLatCrs(rowCrs));
    if (projected) {
      const crs = rowCrs ?? defaultCrs;
      const toLonLat = converter(crs);
      if (typeof toLonLat === 'string') {
        problem(row.line, toLonLat);
        continue;
      }
      [lon, lat] = toLonLat(x, y);
      usedCrs.add(crs);
    } else usedCrs.add('CRS84');
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      problem(row.line, `position ${x}, ${y} is outside the globe`);
      continue;
    }
    features.push({
      kind: 'point',
      start: coordinates.size,
      parts: [[1]],
      properties,
      line: row.line,
      index,
    });
    coordinates.push(lon, lat);
  }
  return {
    features,
    coordinates: coordinates.result(),
    sourceCrs: [...usedCrs].join(', ') || (degrees ? 'CRS84' : defaultCrs),
    positionColumns: [xKey as string, yKey as string],
    problems,
  };
}

/** Reads a vector file by its content: GeoJSON when it starts with '{', else a point table. */
export function readVectorLayer(source: string, options: VectorReadOptions = {}): VectorLayer {
  return /^\uFEFF?\s*\{/.test(source) ? readGeoJsonLayer(source, options) : readPointTable(source, options);
}

/** Bounding box of a layer's coordinates: [west, south, east, north] degrees; undefined when empty. */
export function vectorBounds(coordinates: Float64Array): [number, number, number, number] | undefined {
  return coordinates.length < 2 ? undefined : pairBounds(coordinates);
}
