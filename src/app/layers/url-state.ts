/**
 * Layer state in the shareable URL: `?layers=schools:1:80,broadband-coverage:0` lists, per configured layer whose
 * state differs from its config, `id:visible(0|1)[:opacity in percent 0..100]`. Read on load (invalid entries are
 * ignored with a console warning), written with `history.replaceState` on every change.
 */
import type { LayerConfig, LayerState, LayerStates } from './types.ts';

/** Name of the query parameter. */
export const LAYERS_PARAM = 'layers';

/** Layer state read from the URL: only what the URL names. */
export type LayerStatePatches = Record<string, Partial<LayerState>>;

/** Characters of an id written as they are; others percent-encoded (',' and ':' separate entries and fields). */
const encodeId = (id: string) => id.replace(/[^A-Za-z0-9._~-]/g, (c) => encodeURIComponent(c));

const percent = (opacity: number) => Math.round(Math.max(0, Math.min(1, opacity)) * 100);

/**
 * The `layers` value for the states of the configured layers (runtime layers, imported plans and files, are
 * left out): only layers whose visibility or opacity (in whole percent) differs from the config; '' when none.
 */
export function serializeLayerStates(states: LayerStates, layers: readonly LayerConfig[]): string {
  const entries: string[] = [];
  for (const layer of layers) {
    // Runtime layers (imported plans and files) have their data in memory only: a link could not bring them.
    if (layer.source.type === 'xplan' || layer.source.type === 'imported') continue;
    const state = states[layer.id];
    if (!state) continue;
    const opacityChanged = percent(state.opacity) !== percent(layer.opacity);
    if (state.visible === layer.visible && !opacityChanged) continue;
    const entry = `${encodeId(layer.id)}:${state.visible ? 1 : 0}`;
    entries.push(opacityChanged ? `${entry}:${percent(state.opacity)}` : entry);
  }
  return entries.join(',');
}

/**
 * Parses a `layers` value into per-layer patches. Entries that are not `id:0|1[:0..100]` are ignored field by
 * field, each with a warning (returned, not thrown): a bad visibility keeps a good opacity and vice versa.
 */
export function parseLayerStates(value: string): { states: LayerStatePatches; warnings: string[] } {
  const states: LayerStatePatches = {};
  const warnings: string[] = [];
  for (const entry of value.split(',')) {
    if (entry.trim() === '') continue;
    const [rawId = '', visible, opacity, ...rest] = entry.split(':');
    let id: string;
    try {
      id = decodeURIComponent(rawId).trim();
    } catch {
      id = '';
    }
    if (id === '' || rest.length > 0) {
      warnings.push(`layers parameter: "${entry}" is not id:0|1[:opacity 0..100]; ignored`);
      continue;
    }
    const patch: Partial<LayerState> = {};
    if (visible === '1' || visible === '0') patch.visible = visible === '1';
    else
      warnings.push(
        `layers parameter: visibility of "${id}" must be 0 or 1, not "${visible ?? ''}"; ignored`,
      );
    if (opacity !== undefined) {
      const value = /^\d{1,3}$/.test(opacity) ? Number(opacity) : NaN;
      if (value >= 0 && value <= 100) patch.opacity = value / 100;
      else warnings.push(`layers parameter: opacity of "${id}" must be 0..100, not "${opacity}"; ignored`);
    }
    if (Object.keys(patch).length > 0) states[id] = patch;
  }
  return { states, warnings };
}

/** Patches from `?layers=` of a location search string; warnings go to the console. */
export function readLayerStatesFromUrl(search: string): LayerStatePatches {
  const value = new URLSearchParams(search).get(LAYERS_PARAM);
  if (value === null) return {};
  const { states, warnings } = parseLayerStates(value);
  for (const warning of warnings) console.warn(warning);
  return states;
}

/** `href` with its `layers` parameter set to `value` (removed when ''), keeping ':' and ',' readable. */
export function withLayersParam(href: string, value: string): string {
  const url = new URL(href);
  url.searchParams.delete(LAYERS_PARAM);
  const rest = url.searchParams.toString();
  const own = value === '' ? '' : `${LAYERS_PARAM}=${value}`;
  url.search = [rest, own].filter((part) => part !== '').join('&');
  return url.href;
}
