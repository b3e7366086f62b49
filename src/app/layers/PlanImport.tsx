import { useEffect, useId, useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import { WithEnglishPart } from '../i18n/EnglishPart.tsx';
import { leaseConversionPool } from '../import/shared-pool.ts';
import type { PoolLease } from '../import/shared-pool.ts';
import type { LayerModel } from './model.ts';
import type { PlanLayerData } from '../../core/layers/xplan/plan-data.ts';
import { LAYER_TEXTS, fill } from './texts.ts';
import { errorMessage } from '../../core/errors.ts';

type Language = 'de' | 'en';

/** Flies to a plan's centre and shows its own fields (also used for plans dropped on the viewer). */
export function flyToPlan(flyToRef: LayerModel['flyToRef'], plan: PlanLayerData): void {
  const [lon, lat] = plan.centre;
  flyToRef.current?.({
    layerId: plan.planId,
    id: plan.planId,
    kind: 'point',
    coordinates: [[[lon, lat]]],
    properties: { ...plan.planProperties, name: plan.name },
    links: plan.planLinks,
  });
}

/**
 * "Open plan": a file input for XPlanGML (.gml, .xml) or XPlanArchiv (.zip). The plan is read on the
 * shared conversion pool (the workers of the file import); its layers appear in the tree under the plan's
 * name and the camera flies there. Opening another plan, or unmounting, cancels a read still running.
 */
export function PlanImport({ model, language }: { model: LayerModel; language: Language }) {
  const texts = LAYER_TEXTS[language];
  const inputId = useId();
  const [status, setStatus] = useState<{ kind: 'idle' | 'busy' | 'error'; message?: string }>({
    kind: 'idle',
  });
  const leaseRef = useRef<PoolLease | undefined>(undefined);
  const readRef = useRef<AbortController | undefined>(undefined);
  useEffect(() => {
    const lease = leaseConversionPool();
    leaseRef.current = lease;
    return () => {
      readRef.current?.abort();
      lease.release();
      if (leaseRef.current === lease) leaseRef.current = undefined;
    };
  }, []);
  const { addPlan, flyToRef } = model;

  const onChange = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const pool = leaseRef.current?.pool;
    if (!pool) return;
    readRef.current?.abort();
    const read = new AbortController();
    readRef.current = read;
    setStatus({ kind: 'busy' });
    try {
      const plan = await pool.readPlan(file, file.name, read.signal);
      if (read.signal.aborted) return;
      addPlan(plan);
      setStatus({ kind: 'idle' });
      flyToPlan(flyToRef, plan);
    } catch (error) {
      if (read.signal.aborted) return; // replaced by another plan, or unmounted
      setStatus({ kind: 'error', message: errorMessage(error) });
    } finally {
      if (readRef.current === read) readRef.current = undefined;
    }
  };

  return (
    <div className="plan-import">
      <input
        id={inputId}
        className="visually-hidden plan-input"
        type="file"
        accept=".gml,.xml,.zip"
        onChange={(event) => void onChange(event)}
        data-testid="plan-input"
      />
      <label htmlFor={inputId} className="tool-button plan-import-button">
        {texts.openPlan}
      </label>
      {status.kind === 'busy' && <p role="status">{texts.planLoading}</p>}
      {status.kind === 'error' && (
        <p className="error" role="alert">
          <WithEnglishPart
            language={language}
            english={status.message ?? ''}
            sentence={(message) => fill(texts.planError, { message })}
          />
        </p>
      )}
    </div>
  );
}
