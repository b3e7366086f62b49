import { useCallback, useMemo, useState } from 'react';
import { COMPARE_DEFAULT_PERCENT, clampComparePercent } from '../../core/compare/url.ts';
import type { CompareState } from '../../core/compare/url.ts';

/** What the divider compares: today vs with the plan, or two tilesets. */
export type CompareMode = CompareState['mode'];

/** The compare divider's state, as the toolbar, the panel, the divider and the share state use it. */
export interface CompareSession {
  on: boolean;
  toggle: () => void;
  mode: CompareMode;
  /** Today vs with the plan. */
  comparePlan: () => void;
  /** Two tilesets, by id (`CompareSide.id`). */
  compareTilesets: (sides: { left: string; right: string }) => void;
  /** Asked-for tileset ids per side (mode 'tilesets'; resolved against the choices by `resolveSides`). */
  asked: { left?: string; right?: string };
  /** Divider position, percent of the map's width from its left edge (0..100), following a drag live. */
  percent: number;
  /** Moves the divider; `settled` false while a drag goes on (the link is updated when it ends). */
  setPercent: (percent: number, settled?: boolean) => void;
  /** The state for the link while on (`compare=`); undefined while off. */
  shared: CompareState | undefined;
  /** Back to how the page opened (the kiosk's and the app's reset). */
  reset: () => void;
}

/** The compare state, opened as the link says (`compare=`): on/off, mode, sides and divider position. */
export function useCompare(opened: CompareState | undefined): CompareSession {
  const [on, setOn] = useState(opened !== undefined);
  const [mode, setMode] = useState<CompareMode>(opened?.mode ?? 'plan');
  const [asked, setAsked] = useState<{ left?: string; right?: string }>(
    opened?.mode === 'tilesets' ? { left: opened.left, right: opened.right } : {},
  );
  const [percent, setLivePercent] = useState(opened?.percent ?? COMPARE_DEFAULT_PERCENT);
  const [settledPercent, setSettledPercent] = useState(percent);
  const setPercent = useCallback((next: number, settled = true) => {
    const value = clampComparePercent(next);
    setLivePercent(value);
    if (settled) setSettledPercent(value);
  }, []);
  const comparePlan = useCallback(() => setMode('plan'), []);
  const compareTilesets = useCallback((sides: { left: string; right: string }) => {
    setMode('tilesets');
    setAsked(sides);
  }, []);
  const reset = useCallback(() => {
    setOn(opened !== undefined);
    setMode(opened?.mode ?? 'plan');
    setAsked(opened?.mode === 'tilesets' ? { left: opened.left, right: opened.right } : {});
    setLivePercent(opened?.percent ?? COMPARE_DEFAULT_PERCENT);
    setSettledPercent(opened?.percent ?? COMPARE_DEFAULT_PERCENT);
  }, [opened]);
  const { left, right } = asked;
  const shared = useMemo((): CompareState | undefined => {
    if (!on) return undefined;
    if (mode === 'tilesets' && left !== undefined && right !== undefined)
      return { mode, percent: settledPercent, left, right };
    return { mode: 'plan', percent: settledPercent };
  }, [on, mode, left, right, settledPercent]);
  return useMemo(
    () => ({
      on,
      toggle: () => setOn((value) => !value),
      mode,
      comparePlan,
      compareTilesets,
      asked,
      percent,
      setPercent,
      shared,
      reset,
    }),
    [on, mode, comparePlan, compareTilesets, asked, percent, setPercent, shared, reset],
  );
}
