/**
 * Sketches as GeoJSON with heights (RFC 7946 positions `[longitude, latitude, ellipsoidal height]`, degrees and
 * metres) for the minutes, and the way back with validation: every fault names the feature and what was expected;
 * a faulty feature (also one of a kind this version does not know) is left out, the others are kept.
 */
import type { GeodeticPoint } from '../measure/measurement.ts';
import {
  SKETCH_COLOURS,
  SKETCH_KINDS,
  SKETCH_MAX_POINTS,
  SKETCH_MAX_TEXT,
  SKETCH_MIN_POINTS,
  SKETCH_WIDTHS,
  isSketchColour,
  isSketchKind,
  isSketchWidth,
  isValidPoint,
} from './model.ts';
import type { SketchFeature, SketchKind } from './model.ts';

/** The foreign member that marks a FeatureCollection as a Stadtmodell sketch (value: format version 1). */
export const SKETCH_MARKER = 'stadtmodell:sketch';

type GeometryType = 'LineString' | 'Polygon' | 'Point';

/** The GeoJSON form of sketches. */
export interface SketchGeoJson {
  type: 'FeatureCollection';
  [SKETCH_MARKER]: 1;
  features: {
    type: 'Feature';
    geometry: { type: GeometryType; coordinates: number[] | number[][] | number[][][] };
    properties: { kind: SketchKind; colour: string; width: string; text?: string };
  }[];
}

/** What a field should have held; the app words it in German and English. */
export type SketchExpectation =
  /** Readable JSON text (`found` holds the parser's message). */
  | { kind: 'json' }
  /** A GeoJSON FeatureCollection with a `features` array. */
  | { kind: 'feature-collection' }
  | { kind: 'object' }
  | { kind: 'one-of'; values: readonly string[] }
  /** A non-empty text of at most `max` characters. */
  | { kind: 'text'; max: number }
  | { kind: 'geometry'; type: GeometryType }
  /** `[longitude, latitude, height]` (degrees, ellipsoidal metres; height may be left out: 0). */
  | { kind: 'position' }
  | { kind: 'points'; min: number; max: number };

/** One fault of a sketch file or value. */
export interface SketchProblem {
  /** 0-based index of the feature; undefined for a fault of the whole value. */
  feature?: number;
  /** Path inside the feature (or the whole value), e.g. `properties.colour`; '' for the whole. */
  field: string;
  expected: SketchExpectation;
  /** A short rendering of what was found; undefined when the field is missing. */
  found?: string;
}

/** The outcome of reading sketches. */
export interface SketchReading {
  features: SketchFeature[];
  problems: SketchProblem[];
}

const GEOMETRY: Readonly<Record<SketchKind, GeometryType>> = {
  freehand: 'LineString',
  line: 'LineString',
  arrow: 'LineString',
  polygon: 'Polygon',
  text: 'Point',
};

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;
const position = (p: GeodeticPoint) => [round(p.longitude, 9), round(p.latitude, 9), round(p.height, 3)];

/** The sketches as a GeoJSON FeatureCollection marked with `stadtmodell:sketch`. */
export function sketchesToGeoJson(features: readonly SketchFeature[]): SketchGeoJson {
  return {
    type: 'FeatureCollection',
    [SKETCH_MARKER]: 1,
    features: features.map((feature) => {
      const positions = feature.points.map(position);
      const coordinates =
        feature.kind === 'text'
          ? positions[0]!
          : feature.kind === 'polygon'
            ? [[...positions, positions[0]!]]
            : positions;
      return {
        type: 'Feature',
        geometry: { type: GEOMETRY[feature.kind], coordinates },
        properties: {
          kind: feature.kind,
          colour: feature.colour,
          width: feature.width,
          ...(feature.text !== undefined ? { text: feature.text } : {}),
        },
      };
    }),
  };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const FOUND_LENGTH = 40;

function describeFound(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let text: string;
  if (Array.isArray(value)) text = `[… ${value.length}]`;
  else if (isObject(value)) text = '{…}';
  else text = JSON.stringify(value) ?? String(value);
  text = text.replace(/\s+/g, ' ');
  return text.length > FOUND_LENGTH ? `${text.slice(0, FOUND_LENGTH - 1)}…` : text;
}

/** Whether the start of a file's text is a sketch (names the `stadtmodell:sketch` marker) rather than other GeoJSON. */
export function isSketchHead(head: string): boolean {
  return /^\s*\{/.test(head) && head.includes(`"${SKETCH_MARKER}"`);
}

function readPosition(value: unknown): GeodeticPoint | undefined {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) return undefined;
  if (!value.every((n) => typeof n === 'number')) return undefined;
  const point = {
    longitude: value[0] as number,
    latitude: value[1] as number,
    height: (value[2] as number) ?? 0,
  };
  return isValidPoint(point) ? point : undefined;
}

/** The feature at `index`, or its problems. */
function readFeature(value: unknown, index: number): SketchFeature | SketchProblem[] {
  const problem = (field: string, expected: SketchExpectation, found: unknown): SketchProblem[] => [
    { feature: index, field, expected, found: describeFound(found) },
  ];
  if (!isObject(value)) return problem('', { kind: 'object' }, value);
  const properties = value.properties;
  if (!isObject(properties)) return problem('properties', { kind: 'object' }, properties);
  const { kind, colour, width, text } = properties;
  if (!isSketchKind(kind)) return problem('properties.kind', { kind: 'one-of', values: SKETCH_KINDS }, kind);
  const problems: SketchProblem[] = [];
  if (!isSketchColour(colour)) {
    problems.push(
      ...problem('properties.colour', { kind: 'one-of', values: Object.keys(SKETCH_COLOURS) }, colour),
    );
  }
  if (!isSketchWidth(width)) {
    problems.push(
      ...problem('properties.width', { kind: 'one-of', values: Object.keys(SKETCH_WIDTHS) }, width),
    );
  }
  if (kind === 'text' && (typeof text !== 'string' || text.trim() === '' || text.length > SKETCH_MAX_TEXT)) {
    problems.push(...problem('properties.text', { kind: 'text', max: SKETCH_MAX_TEXT }, text));
  }
  const geometry = value.geometry;
  const type = GEOMETRY[kind];
  if (!isObject(geometry) || geometry.type !== type) {
    problems.push(
      ...problem('geometry', { kind: 'geometry', type }, isObject(geometry) ? geometry.type : geometry),
    );
    return problems;
  }
  const coordinates: unknown = geometry.coordinates;
  let raw: unknown[] | undefined;
  if (type === 'Point') raw = [coordinates];
  else if (type === 'LineString') raw = Array.isArray(coordinates) ? coordinates : undefined;
  else
    raw =
      Array.isArray(coordinates) && Array.isArray(coordinates[0]) ? (coordinates[0] as unknown[]) : undefined;
  const field = type === 'Polygon' ? 'geometry.coordinates[0]' : 'geometry.coordinates';
  if (!raw) return [...problems, ...problem(field, { kind: 'geometry', type }, coordinates)];
  const points: GeodeticPoint[] = [];
  for (const [i, entry] of raw.entries()) {
    const point = readPosition(entry);
    if (!point) {
      const at = type === 'Point' ? field : `${field}[${i}]`;
      return [...problems, ...problem(at, { kind: 'position' }, entry)];
    }
    points.push(point);
  }
  const last = points[points.length - 1];
  const first = points[0];
  if (type === 'Polygon' && first && last && points.length > 1) {
    if (first.longitude === last.longitude && first.latitude === last.latitude) points.pop();
  }
  const [min, max] = [SKETCH_MIN_POINTS[kind], SKETCH_MAX_POINTS[kind]];
  if (points.length < min || points.length > max) {
    problems.push(...problem(field, { kind: 'points', min, max }, raw));
  }
  if (problems.length > 0) return problems;
  return {
    kind,
    colour: colour as SketchFeature['colour'],
    width: width as SketchFeature['width'],
    points,
    ...(kind === 'text' ? { text: text as string } : {}),
  };
}

/** Reads a parsed GeoJSON value: its valid sketch features, and a problem for each feature left out. */
export function readSketchGeoJson(json: unknown): SketchReading {
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    return {
      features: [],
      problems: [{ field: '', expected: { kind: 'feature-collection' }, found: describeFound(json) }],
    };
  }
  const features: SketchFeature[] = [];
  const problems: SketchProblem[] = [];
  json.features.forEach((value: unknown, index) => {
    const read = readFeature(value, index);
    if (Array.isArray(read)) problems.push(...read);
    else features.push(read);
  });
  return { features, problems };
}

/** Parses GeoJSON text and reads its sketches; a syntax error is one problem with the parser's message. */
export function parseSketchGeoJson(text: string): SketchReading {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { features: [], problems: [{ field: '', expected: { kind: 'json' }, found: message }] };
  }
  return readSketchGeoJson(json);
}
