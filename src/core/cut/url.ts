/**
 * The compact `section=` and `clip=` URL values of the cut tool. Both start with their format version and `:`
 * (`1:` today), so a later format can be told apart and a link from a newer viewer is refused by name instead of
 * being misread. Positions are whole numbers like `sketch=`: 1e-7 degrees (about 1 cm) and centimetres.
 *
 * - `section=1:<lon>,<lat>,<height>,<heading>,<tilt>,<offset>,<flipped>`: the anchor (1e-7 degrees, ellipsoidal
 *   centimetres), heading and tilt in degrees (at most two decimals), the offset along the normal in centimetres,
 *   flipped `0` or `1`. Example: `1:72001234,512887000,11550,45,0,-500,0`.
 * - `clip=1:<lon>,<lat>,<Δlon>,<Δlat>,…[~<label>]`: the open ring, the first point in 1e-7 degrees and every
 *   further one as the difference to the one before; a plan area's name follows `~`, percent-encoded.
 *   Example: `1:72001234,512887000,14000,0,0,9000,-14000,0~Plan%3A%20WA`.
 */
import { prepareClipArea } from './clip-area.ts';
import type { ClipArea } from './clip-area.ts';
import type { AnchoredSectionPlane } from './section-plane.ts';

/** The format version `formatSectionPlane` and `formatClipArea` write, and the only one they read. */
export const CUT_URL_VERSION = 1;

/** Most ring points a `clip=` value carries, and the longest plan-area name (characters). */
export const CLIP_URL_LIMITS = { points: 2000, label: 200 } as const;

/** Largest offset of the section plane from its anchor, and largest anchor height above or below the ellipsoid. */
const MAX_METRES = 100_000;

const DEGREE_UNITS = 1e7;
const CENTIMETRES = 100;

/**
 * Why a `section=` or `clip=` value was refused: another format version, not the expected whole numbers, a value
 * out of range, or a ring that encloses nothing (fewer than three distinct points, no area) or is too long.
 */
export type CutUrlProblem = 'version' | 'format' | 'range' | 'tooFewPoints' | 'noArea' | 'tooManyPoints';

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The `section=` value of a placed section plane (rounded to 1e-7 degrees, centimetres and 0.01°). */
export function formatSectionPlane(section: AnchoredSectionPlane): string {
  const numbers = [
    Math.round(section.longitude * DEGREE_UNITS),
    Math.round(section.latitude * DEGREE_UNITS),
    Math.round(section.height * CENTIMETRES),
    round2(section.headingDegrees),
    round2(section.tiltDegrees),
    Math.round(section.offsetMetres * CENTIMETRES),
    section.flipped ? 1 : 0,
  ];
  return `${CUT_URL_VERSION}:${numbers.join(',')}`;
}

/** Reads a `section=` value: the placed plane, or why it was refused. */
export function parseSectionPlane(
  value: string,
): { section: AnchoredSectionPlane } | { problem: CutUrlProblem } {
  const match = /^(\d+):(.*)$/.exec(value.trim());
  if (!match) return { problem: 'format' };
  if (Number(match[1]) !== CUT_URL_VERSION) return { problem: 'version' };
  const parts = match[2]!.split(',');
  const whole = /^-?\d+$/;
  const decimal = /^-?\d+(\.\d{1,2})?$/;
  const shapes = [whole, whole, whole, decimal, decimal, whole, /^[01]$/];
  if (parts.length !== shapes.length || parts.some((part, i) => !shapes[i]!.test(part))) {
    return { problem: 'format' };
  }
  const [lon, lat, height, heading, tilt, offset, flipped] = parts.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const section: AnchoredSectionPlane = {
    longitude: lon / DEGREE_UNITS,
    latitude: lat / DEGREE_UNITS,
    height: height / CENTIMETRES,
    headingDegrees: heading,
    tiltDegrees: tilt,
    offsetMetres: offset / CENTIMETRES,
    flipped: flipped === 1,
  };
  return isSectionInRange(section) ? { section } : { problem: 'range' };
}

/**
 * Whether a placed plane's numbers are usable: longitude −180..180, latitude −90..90 (degrees), heading 0..360,
 * tilt −90..90 (degrees), height and offset within ±100 km (metres).
 */
export function isSectionInRange(section: AnchoredSectionPlane): boolean {
  const within = (value: number, min: number, max: number) =>
    Number.isFinite(value) && value >= min && value <= max;
  return (
    within(section.longitude, -180, 180) &&
    within(section.latitude, -90, 90) &&
    within(section.height, -MAX_METRES, MAX_METRES) &&
    within(section.headingDegrees, 0, 360) &&
    within(section.tiltDegrees, -90, 90) &&
    within(section.offsetMetres, -MAX_METRES, MAX_METRES)
  );
}

/** The `clip=` value of an area (coordinates rounded to 1e-7 degrees; the name percent-encoded after `~`). */
export function formatClipArea(area: ClipArea): string {
  const units = area.ring.map(([lon, lat]) => [
    Math.round(lon * DEGREE_UNITS),
    Math.round(lat * DEGREE_UNITS),
  ]);
  const numbers = units.flatMap((point, i) => {
    const before = units[i - 1];
    return before ? [point[0]! - before[0]!, point[1]! - before[1]!] : point;
  });
  const label = area.label !== undefined && area.label !== '' ? `~${encodeURIComponent(area.label)}` : '';
  return `${CUT_URL_VERSION}:${numbers.join(',')}${label}`;
}

/**
 * Reads a `clip=` value: the area (its ring cleaned up by `prepareClipArea`: open, counter-clockwise), or why it
 * was refused.
 */
export function parseClipArea(value: string): { area: ClipArea } | { problem: CutUrlProblem } {
  const match = /^(\d+):([-\d,]*)(?:~(.*))?$/.exec(value.trim());
  if (!match) return { problem: 'format' };
  if (Number(match[1]) !== CUT_URL_VERSION) return { problem: 'version' };
  const [, , coordinates, encodedLabel] = match;
  const numbers = coordinates!.split(',').map((text) => (/^-?\d+$/.test(text) ? Number(text) : NaN));
  if (numbers.length % 2 !== 0 || numbers.some((n) => !Number.isSafeInteger(n))) return { problem: 'format' };
  if (numbers.length / 2 > CLIP_URL_LIMITS.points) return { problem: 'tooManyPoints' };
  const ring: [number, number][] = [];
  let lon = 0;
  let lat = 0;
  for (let i = 0; i < numbers.length; i += 2) {
    lon = i === 0 ? numbers[0]! : lon + numbers[i]!;
    lat = i === 0 ? numbers[1]! : lat + numbers[i + 1]!;
    if (Math.abs(lon) > 180 * DEGREE_UNITS || Math.abs(lat) > 90 * DEGREE_UNITS) return { problem: 'range' };
    ring.push([lon / DEGREE_UNITS, lat / DEGREE_UNITS]);
  }
  let label: string | undefined;
  if (encodedLabel !== undefined) {
    try {
      label = decodeURIComponent(encodedLabel);
    } catch {
      return { problem: 'format' };
    }
    if (label.length > CLIP_URL_LIMITS.label) return { problem: 'format' };
    if (label.trim() === '') label = undefined;
  }
  const prepared = prepareClipArea(ring);
  if ('problem' in prepared) return { problem: prepared.problem };
  return { area: label === undefined ? { ring: prepared.ring } : { ring: prepared.ring, label } };
}
