/**
 * The compact `sketch=` URL value. Features are separated by `;`; each is a kind, colour and width code, `:` and
 * integer coordinates: the first point in 1e-7 degrees (about 1 cm) and centimetres, every further point as the
 * difference to the one before; a text note ends with `~` and its text, percent-encoded. Example:
 * `fr2:72001234,512887000,22767,15,-3,0,22,-1,4` (a red medium freehand line of three points).
 */
import type { GeodeticPoint } from '../measure/measurement.ts';
import { SKETCH_MAX_POINTS, SKETCH_MAX_TEXT, SKETCH_MIN_POINTS, isValidPoint } from './model.ts';
import type { SketchColour, SketchFeature, SketchKind, SketchWidth } from './model.ts';

const KIND_CODES: Record<SketchKind, string> = {
  freehand: 'f',
  line: 'l',
  arrow: 'a',
  polygon: 'p',
  text: 't',
};
const COLOUR_CODES: Record<SketchColour, string> = {
  red: 'r',
  orange: 'o',
  magenta: 'm',
  blue: 'b',
  green: 'g',
};
const WIDTH_CODES: Record<SketchWidth, string> = { thin: '1', medium: '2', thick: '3' };

const invert = <K extends string>(codes: Record<K, string>) =>
  Object.fromEntries(Object.entries(codes).map(([name, code]) => [code, name])) as Record<string, K>;
const CODE_KINDS = invert(KIND_CODES);
const CODE_COLOURS = invert(COLOUR_CODES);
const CODE_WIDTHS = invert(WIDTH_CODES);

/** Most features a `sketch=` value carries (a URL is no data store; the hash takes long values). */
export const SKETCH_URL_LIMITS = { features: 100 } as const;

const DEGREE_UNITS = 1e7;
const HEIGHT_UNITS = 100;

/** The `sketch=` value of the features (coordinates rounded to 1e-7 degrees and centimetres). */
export function formatSketches(features: readonly SketchFeature[]): string {
  return features
    .map((feature) => {
      const units = feature.points.map((p) => [
        Math.round(p.longitude * DEGREE_UNITS),
        Math.round(p.latitude * DEGREE_UNITS),
        Math.round(p.height * HEIGHT_UNITS),
      ]);
      const numbers = units.flatMap((point, i) => {
        const before = units[i - 1];
        return before ? point.map((n, axis) => n - before[axis]!) : point;
      });
      const text =
        feature.kind === 'text' && feature.text !== undefined ? `~${encodeURIComponent(feature.text)}` : '';
      return `${KIND_CODES[feature.kind]}${COLOUR_CODES[feature.colour]}${WIDTH_CODES[feature.width]}:${numbers.join(',')}${text}`;
    })
    .join(';');
}

/** Result of `parseSketches`: the valid features and how many entries were left out. */
export interface ParsedSketches {
  features: SketchFeature[];
  /** Entries that were not a known code with whole coordinate triples in range, or beyond the limits. */
  ignored: number;
}

/** Reads a `sketch=` value; invalid entries are counted and left out, the valid ones kept. */
export function parseSketches(value: string): ParsedSketches {
  const features: SketchFeature[] = [];
  let ignored = 0;
  for (const entry of value.split(';')) {
    if (entry.trim() === '') continue;
    const feature = parseEntry(entry.trim());
    if (feature && features.length < SKETCH_URL_LIMITS.features) features.push(feature);
    else ignored++;
  }
  return { features, ignored };
}

function parseEntry(entry: string): SketchFeature | undefined {
  const match = /^([a-z])([a-z])([1-3]):([-\d,]*)(?:~(.*))?$/.exec(entry);
  if (!match) return undefined;
  const [, kindCode, colourCode, widthCode, coordinates, encodedText] = match;
  const kind = CODE_KINDS[kindCode!];
  const colour = CODE_COLOURS[colourCode!];
  const width = CODE_WIDTHS[widthCode!];
  if (!kind || !colour || !width) return undefined;
  const numbers = coordinates!.split(',').map((text) => (/^-?\d+$/.test(text) ? Number(text) : NaN));
  if (numbers.length % 3 !== 0 || numbers.some((n) => !Number.isSafeInteger(n))) return undefined;
  const points: GeodeticPoint[] = [];
  let units = [0, 0, 0];
  for (let i = 0; i < numbers.length; i += 3) {
    const triple = [numbers[i]!, numbers[i + 1]!, numbers[i + 2]!];
    units = i === 0 ? triple : units.map((n, axis) => n + triple[axis]!);
    const point = {
      longitude: units[0]! / DEGREE_UNITS,
      latitude: units[1]! / DEGREE_UNITS,
      height: units[2]! / HEIGHT_UNITS,
    };
    if (!isValidPoint(point)) return undefined;
    points.push(point);
  }
  if (points.length < SKETCH_MIN_POINTS[kind] || points.length > SKETCH_MAX_POINTS[kind]) return undefined;
  if (kind !== 'text') return encodedText === undefined ? { kind, colour, width, points } : undefined;
  let text: string;
  try {
    text = decodeURIComponent(encodedText ?? '');
  } catch {
    return undefined;
  }
  if (text.trim() === '' || text.length > SKETCH_MAX_TEXT) return undefined;
  return { kind, colour, width, points, text };
}
