/**
 * The state a person would share, as the URL carries it: city, language, camera view, layer states, building
 * colouring, selected building, scene time, measurements, sketches, the cut (section plane, hidden area) and the compare divider. Read from the query string and the hash fragment (the hash wins
 * when both name a parameter), written into the query, or into the hash when the query would grow too long.
 * Pure functions: no DOM, no Cesium; the app reads `window.location` and writes `history.replaceState`.
 */
import { formatCompare, parseCompare } from '../../core/compare/url.ts';
import type { CompareState, CompareUrlProblem } from '../../core/compare/url.ts';
import type { ClipArea } from '../../core/cut/clip-area.ts';
import type { AnchoredSectionPlane } from '../../core/cut/section-plane.ts';
import { formatClipArea, formatSectionPlane, parseClipArea, parseSectionPlane } from '../../core/cut/url.ts';
import type { CutUrlProblem } from '../../core/cut/url.ts';
import { formatMeasurements, parseMeasurements } from '../../core/measure/measurement.ts';
import type { Measurement } from '../../core/measure/measurement.ts';
import { formatSketches, parseSketches } from '../../core/sketch/url.ts';
import type { SketchFeature } from '../../core/sketch/model.ts';
import { isInstant } from '../../core/story/validate.ts';
import { formatCameraView, parseCameraView } from '../../core/view/camera-view.ts';
import type { CameraView, CameraViewProblem } from '../../core/view/camera-view.ts';
import type { Language } from '../i18n/index.ts';
import { isBuildingAttribute } from '../layers/building-style.ts';
import type { BuildingColourProperty } from '../layers/building-style.ts';
import { formatLayerStatePatches, parseLayerStates } from '../layers/url-state.ts';
import type { LayerStatePatches } from '../layers/url-state.ts';

/** The shareable state; every field is optional (absent: the city's default). */
export interface ShareState {
  /** City config id (`src/app/config/cities.ts`); an unknown id is reported by the city selection. */
  city?: string;
  lang?: Language;
  /** Camera: WGS84 degrees, ellipsoidal metres, degrees (`view=lon,lat,height,heading,pitch,roll`). */
  view?: CameraView;
  /** Layer states that differ from the city's config, by layer id (`layers=id:0|1[:percent]`). */
  layers?: LayerStatePatches;
  /** What the buildings are coloured by. */
  colour?: BuildingColourProperty;
  /** gml:id of the selected building. */
  selected?: string;
  /** Scene time (sun position): an ISO 8601 instant with zone, e.g. `2026-06-21T18:30:00+02:00`. */
  time?: string;
  /** Measurements kept as a layer (`measure=d|h|a:lon,lat,h,…;…`, degrees and ellipsoidal metres). */
  measure?: Measurement[];
  /** Sketches (`sketch=`, `src/core/sketch/url.ts`: kind, colour, width, points in 1e-7 degrees and cm). */
  sketch?: SketchFeature[];
  /** The cut tool's section plane (`section=`, `src/core/cut/url.ts`: anchor in 1e-7 degrees and cm, degrees). */
  section?: AnchoredSectionPlane;
  /** The area whose buildings the cut tool hides (`clip=`: ring in 1e-7 degrees, delta-coded; plan area name). */
  clip?: ClipArea;
  /** The compare divider, when on: its sides and position (`compare=50` or `compare=50:left,right`, percent). */
  compare?: CompareState;
}

/** The URL parameters of the shareable state, in the order they are written. */
export const SHARE_PARAMS = [
  'city',
  'lang',
  'view',
  'layers',
  'colour',
  'selected',
  'time',
  'measure',
  'sketch',
  'section',
  'clip',
  'compare',
] as const;
export type ShareParam = (typeof SHARE_PARAMS)[number];

/** Why a parameter's value was ignored; the app words it in German and English. */
export type ShareProblemReason =
  | { kind: 'view'; problem: CameraViewProblem }
  | { kind: 'lang' }
  /** Some `layers` entries are not `id:0|1[:0..100]` (the valid ones still apply). */
  | { kind: 'layers' }
  | { kind: 'colour' }
  | { kind: 'time' }
  /** Some `measure` entries are not `d|h|a:` and lon,lat,h triples (the valid ones still apply). */
  | { kind: 'measure' }
  /** Some `sketch` entries are not a known kind, colour and width with whole coordinates (the others apply). */
  | { kind: 'sketch' }
  /** The `section` value is not a usable section plane (another version, not its seven numbers, out of range). */
  | { kind: 'section'; problem: CutUrlProblem }
  /** The `clip` value is not a usable area (another version, not whole coordinates, out of range, no area). */
  | { kind: 'clip'; problem: CutUrlProblem }
  /** The `compare` value is not `percent` or `percent:left,right` (0..100, two tileset ids). */
  | { kind: 'compare'; problem: CompareUrlProblem };

/** One ignored (or partly ignored) parameter. */
export interface ShareProblem {
  param: ShareParam;
  /** The value as found, decoded. */
  value: string;
  reason: ShareProblemReason;
}

/** Options of `formatShareUrl`. */
export interface ShareUrlOptions {
  /**
   * Longest URL (characters) that keeps the shared state in the query string; a longer one carries it in the hash
   * fragment instead, which servers and proxies never see and no length limit applies to.
   */
  maxQueryUrlLength?: number;
}

export const SHARE_URL_DEFAULTS: Required<ShareUrlOptions> = { maxQueryUrlLength: 2000 };

const withoutPrefix = (text: string, prefix: string) => (text.startsWith(prefix) ? text.slice(1) : text);

/**
 * The parameters of the query string and the hash fragment together (`search` with or without '?', `hash` with or
 * without '#'); where both name a parameter, the hash's value wins.
 */
export function urlParams(search: string, hash: string): URLSearchParams {
  const merged = new URLSearchParams(withoutPrefix(search, '?'));
  const fromHash = new URLSearchParams(withoutPrefix(hash, '#'));
  for (const key of new Set(fromHash.keys())) merged.set(key, fromHash.get(key) ?? '');
  return merged;
}

/** Whether `value` names something the buildings can be coloured by (the layer's existence is checked later). */
export function isBuildingColourProperty(value: string): value is BuildingColourProperty {
  return isBuildingAttribute(value) || value === 'plans' || /^(class|distance):.+$/.test(value);
}

/**
 * Reads the shareable state from a location's `search` and `hash`. Invalid values are left out of `state` and
 * reported in `problems`, one per parameter; a parameter that is absent or empty is simply absent.
 */
export function parseShareState(
  search: string,
  hash: string,
): { state: ShareState; problems: ShareProblem[] } {
  const params = urlParams(search, hash);
  const state: ShareState = {};
  const problems: ShareProblem[] = [];
  const read = (param: ShareParam): string | undefined => {
    const value = params.get(param)?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const city = read('city');
  if (city !== undefined) state.city = city.toLowerCase();
  const lang = read('lang');
  if (lang === 'de' || lang === 'en') state.lang = lang;
  else if (lang !== undefined) problems.push({ param: 'lang', value: lang, reason: { kind: 'lang' } });
  const view = read('view');
  if (view !== undefined) {
    const parsed = parseCameraView(view);
    if ('view' in parsed) state.view = parsed.view;
    else problems.push({ param: 'view', value: view, reason: { kind: 'view', problem: parsed.problem } });
  }
  const layers = read('layers');
  if (layers !== undefined) {
    const parsed = parseLayerStates(layers);
    if (Object.keys(parsed.states).length > 0) state.layers = parsed.states;
    if (parsed.warnings.length > 0)
      problems.push({ param: 'layers', value: layers, reason: { kind: 'layers' } });
  }
  const colour = read('colour');
  if (colour !== undefined && isBuildingColourProperty(colour)) state.colour = colour;
  else if (colour !== undefined)
    problems.push({ param: 'colour', value: colour, reason: { kind: 'colour' } });
  const selected = read('selected');
  if (selected !== undefined) state.selected = selected;
  const time = read('time');
  if (time !== undefined && isInstant(time)) state.time = time;
  else if (time !== undefined) problems.push({ param: 'time', value: time, reason: { kind: 'time' } });
  const measure = read('measure');
  if (measure !== undefined) {
    const parsed = parseMeasurements(measure);
    if (parsed.measurements.length > 0) state.measure = parsed.measurements;
    if (parsed.ignored > 0) problems.push({ param: 'measure', value: measure, reason: { kind: 'measure' } });
  }
  const sketch = read('sketch');
  if (sketch !== undefined) {
    const parsed = parseSketches(sketch);
    if (parsed.features.length > 0) state.sketch = parsed.features;
    if (parsed.ignored > 0) problems.push({ param: 'sketch', value: sketch, reason: { kind: 'sketch' } });
  }
  const section = read('section');
  if (section !== undefined) {
    const parsed = parseSectionPlane(section);
    if ('section' in parsed) state.section = parsed.section;
    else
      problems.push({
        param: 'section',
        value: section,
        reason: { kind: 'section', problem: parsed.problem },
      });
  }
  const clip = read('clip');
  if (clip !== undefined) {
    const parsed = parseClipArea(clip);
    if ('area' in parsed) state.clip = parsed.area;
    else problems.push({ param: 'clip', value: clip, reason: { kind: 'clip', problem: parsed.problem } });
  }
  const compare = read('compare');
  if (compare !== undefined) {
    const parsed = parseCompare(compare);
    if ('compare' in parsed) state.compare = parsed.compare;
    else
      problems.push({
        param: 'compare',
        value: compare,
        reason: { kind: 'compare', problem: parsed.problem },
      });
  }
  return { state, problems };
}

/** A value percent-encoded for a URL, keeping ':' and ',' readable (neither separates parameters). */
const encodeValue = (value: string) => encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%2C/gi, ',');

/** `name=value` segments of the state, in `SHARE_PARAMS` order; empty values left out. */
function stateSegments(state: ShareState): string[] {
  const values: Record<ShareParam, string | undefined> = {
    city: state.city && encodeValue(state.city),
    lang: state.lang,
    view: state.view && formatCameraView(state.view),
    // The formats encode their ids; encoded once more here, so the URL's own decoding leaves them encoded.
    layers: state.layers && encodeValue(formatLayerStatePatches(state.layers)),
    colour: state.colour && encodeValue(state.colour),
    selected: state.selected && encodeValue(state.selected),
    time: state.time && encodeValue(state.time),
    measure:
      state.measure && state.measure.length > 0 ? encodeValue(formatMeasurements(state.measure)) : undefined,
    sketch: state.sketch && state.sketch.length > 0 ? encodeValue(formatSketches(state.sketch)) : undefined,
    section: state.section && encodeValue(formatSectionPlane(state.section)),
    clip: state.clip && encodeValue(formatClipArea(state.clip)),
    compare: state.compare && encodeValue(formatCompare(state.compare)),
  };
  return SHARE_PARAMS.flatMap((param) => (values[param] ? [`${param}=${values[param]}`] : []));
}

/** The raw `&`-separated segments of a query or hash whose name is not a shareable parameter, kept verbatim. */
function otherSegments(text: string): string[] {
  return text.split('&').filter((segment) => {
    if (segment === '') return false;
    const name = segment.split('=')[0] ?? '';
    let decoded: string;
    try {
      decoded = decodeURIComponent(name.replace(/\+/g, ' '));
    } catch {
      return true;
    }
    return !(SHARE_PARAMS as readonly string[]).includes(decoded);
  });
}

/**
 * `href` carrying `state`: the shareable parameters replace any earlier ones in the query and the hash; other
 * parameters (`renderScale`, `layersConfig`, `basemap`, `story`, a plain `#map` …) stay where and as they were. The
 * state goes into the query string, or into the hash fragment when the URL would otherwise be longer than
 * `maxQueryUrlLength`; there is no limit to its length.
 */
export function formatShareUrl(href: string, state: ShareState, options: ShareUrlOptions = {}): string {
  const { maxQueryUrlLength } = { ...SHARE_URL_DEFAULTS, ...definedOnly(options) };
  const url = new URL(href);
  const base = `${url.origin}${url.pathname}`;
  const query = otherSegments(withoutPrefix(url.search, '?'));
  const hash = otherSegments(withoutPrefix(url.hash, '#'));
  const own = stateSegments(state);
  const build = (q: string[], h: string[]) =>
    `${base}${q.length > 0 ? `?${q.join('&')}` : ''}${h.length > 0 ? `#${h.join('&')}` : ''}`;
  const inQuery = build([...query, ...own], hash);
  return inQuery.length <= maxQueryUrlLength ? inQuery : build(query, [...hash, ...own]);
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
