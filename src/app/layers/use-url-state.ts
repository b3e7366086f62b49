import { useEffect } from 'react';
import type { LayerModel } from './model.ts';
import { serializeLayerStates, withLayersParam } from './url-state.ts';

/** Keeps `?layers=` of the address bar in step with the model (history.replaceState: no new history entries). */
export function useLayerStatesInUrl(model: Pick<LayerModel, 'states' | 'layers'>): void {
  const { states, layers } = model;
  useEffect(() => {
    const next = withLayersParam(window.location.href, serializeLayerStates(states, layers));
    if (next !== window.location.href) window.history.replaceState(window.history.state, '', next);
  }, [states, layers]);
}
