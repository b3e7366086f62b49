import { useMemo } from 'react';
import { envelopeLayerId } from '../layers/model.ts';
import type { LayerModel } from '../layers/model.ts';
import { flyToPlan } from '../layers/PlanImport.tsx';
import type { ImportPlanHooks } from './use-imports.ts';

/**
 * Connects dropped XPlanGML plans to the layer model, the same path as the "open plan" button: the plan is
 * added (listed in the layer tree under its name, drawn by the thematic layers), shown or hidden with its
 * envelopes layer, flown to, and removed.
 */
export function usePlanHooks(model: LayerModel): ImportPlanHooks {
  const { addPlan, removePlan, setLayerState, flyToRef } = model;
  return useMemo(
    () => ({
      add: addPlan,
      remove: removePlan,
      setVisible: (planId: string, visible: boolean) => {
        setLayerState(planId, { visible });
        setLayerState(envelopeLayerId(planId), { visible });
      },
      zoom: (plan) => flyToPlan(flyToRef, plan),
    }),
    [addPlan, removePlan, setLayerState, flyToRef],
  );
}
