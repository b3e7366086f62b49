/**
 * Layer state in the shareable URL: `?layers=schools:1:80,broadband-coverage:0` lists, per configured layer whose
 * state differs from its config, `id:visible(0|1)[:opacity in percent 0..100]`. Part of the shareable state
 * (`src/app/state/share-state.ts`), which reads and writes the URL.
 */
import { formatLayerStatePatches, opacityPercent as percent } from '../../core/layers/layer-states-url.ts';
import type { LayerStatePatches } from '../../core/layers/layer-states-url.ts';
import type { LayerConfig, LayerStates } from './types.ts';

// The value's grammar lives in the core (the embed viewer reads it too).
export { formatLayerStatePatches, parseLayerStates } from '../../core/layers/layer-states-url.ts';
export type { LayerStatePatches } from '../../core/layers/layer-states-url.ts';

/** Name of the query parameter. */
export const LAYERS_PARAM = 'layers';

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

/** The `layers` value for the states of the configured layers: those that differ from the config; '' when none. */
export function serializeLayerStates(states: LayerStates, layers: readonly LayerConfig[]): string {
  return formatLayerStatePatches(changedLayerStates(states, layers));
}
