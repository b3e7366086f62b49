/**
 * Layer state in the shareable URL: `?layers=schools:1:80,broadband-coverage:0` lists, per configured layer whose
 * state differs from its config, `id:visible(0|1)[:opacity in percent 0..100]`. Part of the shareable state
 * (`src/app/state/share-state.ts`), which reads and writes the URL.
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
 * The states of the configured layers (runtime layers such as imported plans are left out) that differ from their
 * config: visibility always, opacity only when it differs in whole percent.
 */
export function changedLayerStates(states: LayerStates, layers: readonly LayerConfig[]): LayerStatePatches {
  const changed: LayerStatePatches = {};
  for (const layer of layers) {
    // Runtime layers (imported plans and files) have their data in memory only: a link could not bring them.
    if ((layer.source.type === 'xplan' && layer.source.url === undefined) || layer.source.type === 'imported')
      continue;
    const state = states[layer.id];
    if (!state) continue;
    const opacityChanged = percent(state.opacity) !== percent(layer.opacity);
    if (state.visible === layer.visible && !opacityChanged) continue;
    changed[layer.id] = opacityChanged
      ? { visible: state.visible, opacity: state.opacity }
      : { visible: state.visible };
  }
  return changed;
}

/**
 * The `layers` value of patches: `id:visible(0|1)[:opacity in percent]` per patch that names a visibility (the
 * format has no entry for an opacity alone); '' when none.
 */
export function formatLayerStatePatches(patches: LayerStatePatches): string {
  const entries: string[] = [];
  for (const [id, patch] of Object.entries(patches)) {
    if (patch.visible === undefined) continue;
    const entry = `${encodeId(id)}:${patch.visible ? 1 : 0}`;
    entries.push(patch.opacity === undefined ? entry : `${entry}:${percent(patch.opacity)}`);
  }
  return entries.join(',');
}

/** The `layers` value for the states of the configured layers: those that differ from the config; '' when none. */
export function serializeLayerStates(states: LayerStates, layers: readonly LayerConfig[]): string {
  return formatLayerStatePatches(changedLayerStates(states, layers));
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
