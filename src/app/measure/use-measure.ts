import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import type { Measurement } from '../../core/measure/measurement.ts';
import type { PickNotice } from './MeasurePicker.tsx';
import { MEASURE_STATE_DEFAULTS, measureReducer } from './session.ts';
import type { MeasureAction, MeasureState } from './session.ts';
import type { DrawnMeasurement } from './MeasureEntities.tsx';

/** The measure tools' state and callbacks, as the app's components use them. */
export interface MeasureSession {
  state: MeasureState;
  dispatch: (action: MeasureAction) => void;
  /** Whether the tool panel is open. */
  open: boolean;
  setOpen: (open: boolean) => void;
  /** The last pick's notice (nothing there, snapped), or a copy notice. */
  notice: PickNotice | 'copied' | 'copyFailed' | 'kept' | 'cancelled' | undefined;
  setNotice: (notice: MeasureSession['notice']) => void;
  /** What the 3D view draws: the kept layer, and the measurement in progress or just made. */
  drawn: DrawnMeasurement[];
}

/**
 * Holds the measure session. `initialKept`: measurements from a shared link (`measure=`), shown as the kept layer.
 * While a tool is active, Escape cancels the measurement in progress (a second Escape leaves the tool) and
 * Backspace removes the last point, wherever the focus is except in text fields.
 */
export function useMeasure(initialKept: readonly Measurement[] = []): MeasureSession {
  const [state, dispatch] = useReducer(measureReducer, { ...MEASURE_STATE_DEFAULTS, kept: [...initialKept] });
  const [open, setOpenState] = useState(false);
  const [notice, setNotice] = useState<MeasureSession['notice']>();

  const setOpen = useCallback((next: boolean) => {
    setOpenState(next);
    if (!next) dispatch({ type: 'tool', tool: undefined });
    setNotice(undefined);
  }, []);

  const { tool, current } = state;
  useEffect(() => {
    if (!tool) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input[type="text"], textarea, [contenteditable="true"]')) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        if (current) {
          dispatch({ type: 'cancel' });
          setNotice('cancelled');
        } else {
          dispatch({ type: 'tool', tool: undefined });
          setNotice(undefined);
        }
      } else if (event.key === 'Backspace' && current) {
        event.preventDefault();
        dispatch({ type: 'undo' });
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [tool, current]);

  const { kept, result } = state;
  const drawn = useMemo(() => {
    const list: DrawnMeasurement[] = kept.map((measurement) => ({ measurement, active: false }));
    const active = current ?? result;
    if (active) list.push({ measurement: active, active: true });
    return list;
  }, [kept, current, result]);

  return { state, dispatch, open, setOpen, notice, setNotice, drawn };
}
