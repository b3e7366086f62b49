import { useEffect } from 'react';
import { errorMessage } from '../../core/errors.ts';
import { leaseConversionPool } from '../import/shared-pool.ts';
import { configuredPlanSource, loadConfiguredPlan } from './configured-plan.ts';
import type { LayerModel } from './model.ts';
import { envelopeLayerId } from './model.ts';
import type { LayerConfig } from './types.ts';

/**
 * Loads the configured plan of `layer` (its areas layer) once either of the plan's layers is shown: hidden plans
 * cost nothing at start (no fetch, no worker). Errors are reported on both layers (the tree shows them).
 */
export function useConfiguredPlan(layer: LayerConfig, model: LayerModel): void {
  const source = configuredPlanSource(layer);
  const planId = source?.planId;
  const url = source?.url;
  const wanted =
    planId !== undefined &&
    (model.states[planId]?.visible === true || model.states[envelopeLayerId(planId)]?.visible === true);
  const loaded = planId !== undefined && model.plans[planId] !== undefined;
  const failed = planId !== undefined && model.errors[planId] !== undefined;
  const { reportPlan, reportError } = model;
  useEffect(() => {
    if (!wanted || loaded || failed || planId === undefined || url === undefined) return;
    const lease = leaseConversionPool();
    const controller = new AbortController();
    const report = (message: string | undefined) => {
      reportError(planId, message);
      reportError(envelopeLayerId(planId), message);
    };
    loadConfiguredPlan({ type: 'xplan', planId, url }, lease.pool, {
      base: document.baseURI,
      signal: controller.signal,
    })
      .then((plan) => {
        if (controller.signal.aborted) return;
        reportPlan(plan);
        report(undefined);
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) report(errorMessage(error));
      })
      .finally(() => lease.release());
    return () => controller.abort();
  }, [wanted, loaded, failed, planId, url, reportPlan, reportError]);
}
