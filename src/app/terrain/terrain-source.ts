import type { TerrainSource } from '../config/types.ts';

/**
 * Which terrain the viewer streams: the city's configured one, or the one a link names with `?terrain=`
 * (a name under `terrain/`, a same-origin relative path, or `none` for the bare ellipsoid, which the layer
 * list's terrain switch writes when it is switched off). Anything that could leave the origin is refused, so a link can never make the viewer fetch
 * from elsewhere.
 */
export interface TerrainChoice {
  /** The terrain to stream; undefined: the bare ellipsoid (WGS84, height 0). */
  source?: TerrainSource;
  /** Set when `?terrain=` was ignored: the value as given (the viewer names it in a notice). */
  refused?: string;
  /**
   * The terrain the layer list's switch shows when it is switched on: `source`, or the city's configured terrain
   * while the link says `none` or the config does not show it at start. Undefined: no terrain to switch.
   */
  available?: TerrainSource;
}

/** A `?terrain=` value that names a folder under `terrain/`, e.g. `demo` or `maastricht`. */
const TERRAIN_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

/**
 * The folder URL Cesium's `CesiumTerrainProvider.fromUrl` needs for `url` (a tileset's `layer.json` or its folder,
 * relative to the app): the provider always appends `/` and asks for `layer.json` in that folder, so a named
 * `layer.json` is dropped and the folder ends in `/`.
 */
export function terrainBaseUrl(url: string): string {
  const [path = '', rest = ''] = url.split(/(?=[?#])/, 2);
  const folder = path.replace(/(^|\/)layer\.json$/i, '$1');
  if (folder === '') return `./${rest}`;
  if (folder.endsWith('/')) return `${folder}${rest}`;
  return `${folder}/${rest}`;
}

/** A stand-in for the app's folder: relative paths are resolved against it as the viewer resolves them. */
const APP_FOLDER = new URL('https://app.invalid/app/');

/** Whether `path` resolved against `folder` by the URL parser stays on its origin, inside that folder. */
function staysInside(path: string, folder: URL): boolean {
  try {
    const resolved = new URL(path, folder);
    return resolved.origin === folder.origin && resolved.pathname.startsWith(folder.pathname);
  } catch {
    return false;
  }
}

/**
 * Whether `value` is a path on this origin: relative (kept inside the app's folder) or root-relative (kept from
 * climbing above the root it names). The URL parser itself decides, as the viewer resolves the value with it:
 * string tests miss what it forgives or rewrites, such as a leading space before `//host` or `https:`,
 * backslashes read as slashes, and `.%2e` read as `..`. Spaces, control characters and backslashes are refused
 * outright.
 */
export function isSameOriginPath(value: string): boolean {
  if (value.length === 0 || value.length > 512) return false;
  if ([...value].some((c) => c.charCodeAt(0) <= 0x20 || c === '\u007f' || c === '\\')) return false;
  // no `..` segment at all, however written (`.%2e`, `%2E.`), and no encoded slash a server may decode into
  // one: a link has no reason to climb
  const path = value.split(/[?#]/, 1)[0] ?? '';
  if (/%2f|%5c/i.test(path) || path.split('/').some((segment) => /^(\.|%2e){2}$/i.test(segment)))
    return false;
  return value.startsWith('/') ? staysInside(value.slice(1), APP_FOLDER) : staysInside(value, APP_FOLDER);
}

/**
 * The terrain for a page opened with `search` (location.search) in a city configured with `configured`.
 * `?terrain=none` drops the configured terrain (the switch can bring it back: `available`); `?terrain=<name>` streams `terrain/<name>/layer.json`;
 * `?terrain=<relative path>` streams that tileset (`layer.json` or its folder); naming the configured terrain
 * shows it also where it is not shown at start (`shownAtStart: false`). Anything else is refused and the
 * configured terrain stays as configured.
 */
export function chooseTerrain(search: string, configured: TerrainSource | undefined): TerrainChoice {
  const value = new URLSearchParams(search).get('terrain');
  const atStart = configured?.shownAtStart === false ? undefined : configured;
  const shown = (source: TerrainSource | undefined, refused?: string): TerrainChoice => ({
    source,
    ...(refused !== undefined ? { refused } : {}),
    ...((source ?? configured) ? { available: source ?? configured } : {}),
  });
  if (value === null || value === '') return shown(atStart);
  if (value === 'none') return shown(undefined);
  const url = TERRAIN_NAME.test(value)
    ? `terrain/${value}/layer.json`
    : isSameOriginPath(value)
      ? value
      : undefined;
  if (url === undefined) return shown(atStart, value);
  if (configured && terrainBaseUrl(configured.url) === terrainBaseUrl(url)) return shown(configured);
  const label = { de: `Gelände ${value}`, en: `Terrain ${value}` };
  return shown({ url, label });
}

/**
 * `search` (location.search, with or without '?') with its `terrain` parameter set to `value` (null: removed);
 * every other segment stays verbatim (the share state's readable `:` and `,` are not re-encoded). '' when nothing
 * is left, else beginning with '?'.
 */
export function withTerrainParam(search: string, value: string | null): string {
  const segments = search
    .replace(/^\?/, '')
    .split('&')
    .filter((segment) => segment !== '' && segment.split('=')[0] !== 'terrain');
  if (value !== null) segments.push(`terrain=${encodeURIComponent(value)}`);
  return segments.length > 0 ? `?${segments.join('&')}` : '';
}

/** The point `?terrainProbe=lon,lat` (WGS84 degrees) names (`TerrainProbe.tsx`), or undefined. */
export function terrainProbePoint(search: string): [number, number] | undefined {
  const value = new URLSearchParams(search).get('terrainProbe');
  const parts = value?.split(',').map(Number);
  if (!parts || parts.length !== 2 || !parts.every(Number.isFinite)) return undefined;
  const [longitude = 0, latitude = 0] = parts;
  return Math.abs(longitude) <= 180 && Math.abs(latitude) <= 90 ? [longitude, latitude] : undefined;
}
