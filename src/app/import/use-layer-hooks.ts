import { useMemo } from 'react';
import { importedVectorLayer } from '../layers/imported-layer.ts';
import { layerFeaturesFromVector } from '../layers/features.ts';
import { envelopeLayerId } from '../layers/model.ts';
import type { LayerModel } from '../layers/model.ts';
import { flyToPlan } from '../layers/PlanImport.tsx';
import type { ImportedLayerSource, ImportLayerHooks } from './import-session.ts';

/** Ids of the model's layers of an imported layer: a plan's areas (and envelopes), a vector file's one layer. */
function layerIds(layer: ImportedLayerSource): string[] {
  return layer.kind === 'plan' ? [layer.plan.planId, envelopeLayerId(layer.plan.planId)] : [layer.importId];
}

/**
 * Connects the imports that are layers to the layer model. A dropped plan takes the "open plan" button's
 * path (listed in the tree under its name, drawn by `PlanLayer`); a vector file becomes a layer of source
 * type 'imported' in the group "Importiert" whose features live in the model (drawn by `ImportedVectorLayer`).
 * Visibility is the model's layer state, so the import list and the tree toggle the same thing.
 */
export function useLayerHooks(model: LayerModel): ImportLayerHooks {
  const { addPlan, removePlan, addLayer, removeLayer, reportFeatures, setLayerState, states } = model;
  const { flyToRef, flyToAreaRef } = model;
  return useMemo(
    () => ({
      add: (layer) => {
        if (layer.kind === 'plan') return addPlan(layer.plan);
        const features = layerFeaturesFromVector(layer.vector, layer.importId);
        reportFeatures(layer.importId, features);
        addLayer(importedVectorLayer(layer.importId, layer.name, features));
      },
      isVisible: (layer) => states[layerIds(layer)[0] ?? '']?.visible,
      setVisible: (layer, visible) => {
        for (const id of layerIds(layer)) setLayerState(id, { visible });
      },
      zoom: (layer) => {
        if (layer.kind === 'plan') flyToPlan(flyToRef, layer.plan);
        else flyToAreaRef.current?.(layer.vector.coordinates);
      },
      remove: (layer) => {
        if (layer.kind === 'plan') removePlan(layer.plan.planId);
        else removeLayer(layer.importId);
      },
    }),
    [
      addPlan,
      removePlan,
      addLayer,
      removeLayer,
      reportFeatures,
      setLayerState,
      states,
      flyToRef,
      flyToAreaRef,
    ],
  );
}
