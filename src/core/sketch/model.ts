/**
 * The sketch model (redlining): freehand lines, straight lines, arrows, polygons and text notes drawn onto the
 * city model, each with a colour and a width from small fixed sets. Positions are WGS84 degrees and ellipsoidal
 * metres (the surface point that was picked). Plain data: it goes into the URL (`sketch=`), stories and GeoJSON.
 */
import type { GeodeticPoint } from '../measure/measurement.ts';

export type { GeodeticPoint } from '../measure/measurement.ts';

/** What a sketch feature is. */
export const SKETCH_KINDS = ['freehand', 'line', 'arrow', 'polygon', 'text'] as const;
export type SketchKind = (typeof SKETCH_KINDS)[number];

/**
 * The sketch colours with their sRGB hex values. Each has a contrast ratio of at least 3:1 against both white and
 * black (relative luminance between 0.1 and 0.3), so a stroke stands out on bright roofs and dark asphalt alike.
 */
export const SKETCH_COLOURS = {
  red: '#e8112d',
  orange: '#d45500',
  magenta: '#c4169e',
  blue: '#1f6bff',
  green: '#008a3c',
} as const;
export type SketchColour = keyof typeof SKETCH_COLOURS;

/** Stroke widths in CSS pixels on screen. */
export const SKETCH_WIDTHS = { thin: 3, medium: 6, thick: 11 } as const;
export type SketchWidth = keyof typeof SKETCH_WIDTHS;

/** One sketch feature. */
export interface SketchFeature {
  kind: SketchKind;
  colour: SketchColour;
  width: SketchWidth;
  /** Degrees and ellipsoidal metres. A text note has one point; a polygon's ring is open (not repeated). */
  points: GeodeticPoint[];
  /** The note of a `text` feature: plain text, never HTML. */
  text?: string;
}

/** Fewest points each kind needs. */
export const SKETCH_MIN_POINTS: Readonly<Record<SketchKind, number>> = {
  freehand: 2,
  line: 2,
  arrow: 2,
  polygon: 3,
  text: 1,
};

/** Most points a kind may have (a line and an arrow are two points; a note is one). */
export const SKETCH_MAX_POINTS: Readonly<Record<SketchKind, number>> = {
  freehand: 2000,
  line: 2,
  arrow: 2,
  polygon: 500,
  text: 1,
};

/** Longest text note, characters. */
export const SKETCH_MAX_TEXT = 500;

export const isSketchKind = (value: unknown): value is SketchKind =>
  typeof value === 'string' && (SKETCH_KINDS as readonly string[]).includes(value);
export const isSketchColour = (value: unknown): value is SketchColour =>
  typeof value === 'string' && Object.hasOwn(SKETCH_COLOURS, value);
export const isSketchWidth = (value: unknown): value is SketchWidth =>
  typeof value === 'string' && Object.hasOwn(SKETCH_WIDTHS, value);

/** Whether a point is a finite position on the globe (degrees in range, height within ±100 km). */
export function isValidPoint(point: GeodeticPoint): boolean {
  const { longitude, latitude, height } = point;
  return (
    Number.isFinite(longitude) &&
    Number.isFinite(latitude) &&
    Number.isFinite(height) &&
    Math.abs(longitude) <= 180 &&
    Math.abs(latitude) <= 90 &&
    Math.abs(height) <= 100_000
  );
}
