/**
 * The embed viewer's URL parameters and the iframe snippet the main viewer hands out. Platform-free: the caller
 * passes the parameters (a `URLSearchParams` fits `ParamSource`) and resolved URLs; no DOM, no `URL`.
 *
 * Parameters (query and hash; the hash wins, as in the main viewer):
 * - `tileset=` (repeatable): tileset.json URLs, relative to the embed page or absolute (same origin or allowed);
 * - `view=`: the camera, the main viewer's shareable value (core/view/camera-view.ts);
 * - `select=` (also the main viewer's `selected=`): the gml:id of the building to highlight;
 * - `lang=de|en`, `city=<id>`;
 * - `time=`: the scene time (sun and shadows), an ISO 8601 instant with zone, as in the main viewer;
 * - `layers=`: layer states in the main viewer's form (`id:0|1[:percent]`, core/layers/layer-states-url.ts); the
 *   embed starts with every layer hidden and shows the point layers a link turns on.
 */
import { formatLayerStatePatches, parseLayerStates } from '../layers/layer-states-url.ts';
import type { LayerStatePatches } from '../layers/layer-states-url.ts';
import { isInstant } from '../story/instant.ts';
import { formatCameraView, parseCameraView } from '../view/camera-view.ts';
import type { CameraView, CameraViewProblem } from '../view/camera-view.ts';

/** Read access to URL parameters (what `URLSearchParams` offers). */
export interface ParamSource {
  get(name: string): string | null;
  getAll(name: string): string[];
}

/** Why a parameter was ignored; the embed words it in German and English. */
export type EmbedProblem =
  | { param: 'view'; value: string; problem: CameraViewProblem }
  | { param: 'lang'; value: string }
  /** Not an ISO 8601 instant with zone. */
  | { param: 'time'; value: string }
  /** Some entries are not `id:0|1[:0..100]` (the valid ones still apply). */
  | { param: 'layers'; value: string };

/** What an embed link asks for. */
export interface EmbedParams {
  /** City id (lower case), when given. */
  city?: string;
  language?: 'de' | 'en';
  /** Camera: WGS84 degrees, ellipsoidal metres, degrees. */
  view?: CameraView;
  /** gml:id of the building to highlight. */
  select?: string;
  /** Scene time: an ISO 8601 instant with zone (e.g. `2026-12-21T10:00:00+01:00`). */
  time?: string;
  /** Layer states the link names, by layer id (opacity 0..1). */
  layers?: LayerStatePatches;
  /** tileset.json URLs as written in the link (not yet resolved or checked), without empty ones. */
  tilesets: string[];
  problems: EmbedProblem[];
}

/** The link's parameter names, in the order `formatEmbedQuery` writes them. */
export const EMBED_PARAMS = ['city', 'lang', 'view', 'layers', 'select', 'time', 'tileset'] as const;

/** Reads the embed parameters; invalid values are left out and reported in `problems`. */
export function parseEmbedParams(params: ParamSource): EmbedParams {
  const read = (name: string): string | undefined => {
    const value = params.get(name)?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const result: EmbedParams = {
    tilesets: params
      .getAll('tileset')
      .map((value) => value.trim())
      .filter((value) => value !== ''),
    problems: [],
  };
  const city = read('city');
  if (city !== undefined) result.city = city.toLowerCase();
  const lang = read('lang');
  if (lang === 'de' || lang === 'en') result.language = lang;
  else if (lang !== undefined) result.problems.push({ param: 'lang', value: lang });
  const view = read('view');
  if (view !== undefined) {
    const parsed = parseCameraView(view);
    if ('view' in parsed) result.view = parsed.view;
    else result.problems.push({ param: 'view', value: view, problem: parsed.problem });
  }
  const select = read('select') ?? read('selected');
  if (select !== undefined) result.select = select;
  const time = read('time');
  if (time !== undefined && isInstant(time)) result.time = time;
  else if (time !== undefined) result.problems.push({ param: 'time', value: time });
  const layers = read('layers');
  if (layers !== undefined) {
    const parsed = parseLayerStates(layers);
    if (Object.keys(parsed.states).length > 0) result.layers = parsed.states;
    if (parsed.warnings.length > 0) result.problems.push({ param: 'layers', value: layers });
  }
  return result;
}

/** The state an embed link carries (see `EmbedParams`). */
export interface EmbedState {
  city?: string;
  language?: 'de' | 'en';
  view?: CameraView;
  select?: string;
  time?: string;
  layers?: LayerStatePatches;
  tilesets?: readonly string[];
}

/** `a=b&c=d` for `state`, parameters in `EMBED_PARAMS` order, values percent-encoded (commas kept readable). */
export function formatEmbedQuery(state: EmbedState): string {
  const pairs: [string, string][] = [];
  if (state.city) pairs.push(['city', state.city]);
  if (state.language) pairs.push(['lang', state.language]);
  if (state.view) pairs.push(['view', formatCameraView(state.view)]);
  const layers = state.layers ? formatLayerStatePatches(state.layers) : '';
  if (layers) pairs.push(['layers', layers]);
  if (state.select) pairs.push(['select', state.select]);
  if (state.time) pairs.push(['time', state.time]);
  for (const tileset of state.tilesets ?? []) pairs.push(['tileset', tileset]);
  return pairs.map(([name, value]) => `${name}=${encodeValue(value)}`).join('&');
}

/** The main viewer's shareable parameters for the same state (`selected=` there), for "open in the full viewer". */
export function formatFullViewerQuery(state: Omit<EmbedState, 'tilesets'>): string {
  const pairs: [string, string][] = [];
  if (state.city) pairs.push(['city', state.city]);
  if (state.language) pairs.push(['lang', state.language]);
  if (state.view) pairs.push(['view', formatCameraView(state.view)]);
  const layers = state.layers ? formatLayerStatePatches(state.layers) : '';
  if (layers) pairs.push(['layers', layers]);
  if (state.select) pairs.push(['selected', state.select]);
  if (state.time) pairs.push(['time', state.time]);
  return pairs.map(([name, value]) => `${name}=${encodeValue(value)}`).join('&');
}

function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

/**
 * The origin (`scheme://host[:port]`, lower case, default port left out) of an absolute http(s) URL; undefined
 * for anything else (relative paths, data:, blob:, javascript:). User info before '@' is not part of it.
 */
export function originOf(url: string): string | undefined {
  const match = /^(https?):\/\/([^/?#\\]*)/i.exec(url.trim());
  if (!match) return undefined;
  const scheme = (match[1] ?? '').toLowerCase();
  const authority = match[2] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
  if (host === '') return undefined;
  const defaultPort = scheme === 'https' ? ':443' : ':80';
  return `${scheme}://${host.endsWith(defaultPort) ? host.slice(0, -defaultPort.length) : host}`;
}

/**
 * Whether an absolute tileset URL may be loaded by an embed served from `pageOrigin`: same origin, or an origin in
 * `allowed` (origins or URLs, e.g. from the city config). Anything but http(s) is refused.
 */
export function isTilesetUrlAllowed(url: string, pageOrigin: string, allowed: readonly string[]): boolean {
  const origin = originOf(url);
  if (origin === undefined) return false;
  if (origin === originOf(pageOrigin)) return true;
  return allowed.some((entry) => originOf(entry) === origin);
}

/** Options of the iframe snippet. */
export interface IframeSnippetOptions {
  /** CSS pixels. */
  width?: number;
  /** CSS pixels. */
  height?: number;
  /** The frame's accessible name (screen readers announce it). */
  title?: string;
}

export const IFRAME_SNIPPET_DEFAULTS: Required<IframeSnippetOptions> = {
  width: 640,
  height: 400,
  title: '3D-Stadtmodell',
};

/** Smallest and largest width/height a snippet is written with, CSS pixels. */
export const IFRAME_SIZE_RANGE = [120, 4000] as const;

/**
 * The `<iframe>` element that embeds `src` (an absolute embed.html URL): width and height clamped to
 * `IFRAME_SIZE_RANGE` and rounded, the title and URL escaped for a double-quoted HTML attribute, lazy loading,
 * fullscreen allowed, no referrer.
 */
export function iframeSnippet(src: string, options: IframeSnippetOptions = {}): string {
  const merged = { ...IFRAME_SNIPPET_DEFAULTS, ...definedOnly(options) };
  const size = (value: number, fallback: number) => {
    const [min, max] = IFRAME_SIZE_RANGE;
    return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
  };
  const title = merged.title.trim() === '' ? IFRAME_SNIPPET_DEFAULTS.title : merged.title;
  return (
    `<iframe src="${escapeAttribute(src)}" width="${size(merged.width, IFRAME_SNIPPET_DEFAULTS.width)}" ` +
    `height="${size(merged.height, IFRAME_SNIPPET_DEFAULTS.height)}" title="${escapeAttribute(title)}" ` +
    `loading="lazy" allowfullscreen referrerpolicy="no-referrer" style="border:0"></iframe>`
  );
}

/** `text` for a double-quoted HTML attribute value. */
export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
