/**
 * The compare divider's shareable state and its URL value (`compare=`): what lies either side of the divider and
 * where the divider stands. Platform-free: the app keeps the state, `src/app/state/share-state.ts` reads and writes
 * the parameter.
 *
 *   compare=50                     today left, with the plan right; divider at 50 % of the map's width
 *   compare=35:demo-2000,demo      tileset "demo-2000" left, "demo" right; divider at 35 %
 *
 * Tileset ids are percent-encoded inside the value, so any id (also one with ':' or ',') survives the round trip.
 */

/** What the divider compares, and where it stands. */
export type CompareState =
  /** Today's city (whole) left of the divider, the city with the plan (cut and hidden area) right of it. */
  | { mode: 'plan'; percent: number }
  /** Two tilesets by id (city config or imported), one each side. */
  | { mode: 'tilesets'; percent: number; left: string; right: string };

/** Why a `compare=` value was ignored. */
export type CompareUrlProblem = 'percent' | 'sides';

/** Divider position (percent of the map's width from its left edge) when nothing says otherwise. */
export const COMPARE_DEFAULT_PERCENT = 50;

/** A divider position clamped to 0..100 and rounded to a tenth of a percent. */
export function clampComparePercent(percent: number): number {
  if (!Number.isFinite(percent)) return COMPARE_DEFAULT_PERCENT;
  return Math.max(0, Math.min(100, Math.round(percent * 10) / 10));
}

/** The `compare=` value of a state (see the module comment). */
export function formatCompare(state: CompareState): string {
  const percent = String(clampComparePercent(state.percent));
  return state.mode === 'plan'
    ? percent
    : `${percent}:${encodeURIComponent(state.left)},${encodeURIComponent(state.right)}`;
}

/** Reads a `compare=` value; a malformed one gives the problem instead (the parameter is then ignored whole). */
export function parseCompare(text: string): { compare: CompareState } | { problem: CompareUrlProblem } {
  const colon = text.indexOf(':');
  const percentText = (colon < 0 ? text : text.slice(0, colon)).trim();
  if (!/^\d{1,3}(\.\d+)?$/.test(percentText) || Number(percentText) > 100) return { problem: 'percent' };
  const percent = clampComparePercent(Number(percentText));
  if (colon < 0) return { compare: { mode: 'plan', percent } };
  const parts = text.slice(colon + 1).split(',');
  if (parts.length !== 2) return { problem: 'sides' };
  const ids: string[] = [];
  for (const part of parts) {
    let id: string;
    try {
      id = decodeURIComponent(part).trim();
    } catch {
      return { problem: 'sides' };
    }
    if (id === '') return { problem: 'sides' };
    ids.push(id);
  }
  return { compare: { mode: 'tilesets', percent, left: ids[0]!, right: ids[1]! } };
}
