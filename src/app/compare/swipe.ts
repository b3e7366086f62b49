import { clampComparePercent } from '../../core/compare/url.ts';

/** Keyboard step of the compare divider, percent of the map's width. */
export const SWIPE_STEP_PERCENT = 5;

/**
 * The divider's new position (percent of the map's width, 0..100) after a key, or undefined for keys it does not
 * handle: arrows move by `SWIPE_STEP_PERCENT`, Page keys by twice that, Home/End to the edges.
 */
export function swipeKey(percent: number, key: string): number | undefined {
  const steps: Record<string, number> = {
    ArrowLeft: -SWIPE_STEP_PERCENT,
    ArrowDown: -SWIPE_STEP_PERCENT,
    ArrowRight: SWIPE_STEP_PERCENT,
    ArrowUp: SWIPE_STEP_PERCENT,
    PageDown: -2 * SWIPE_STEP_PERCENT,
    PageUp: 2 * SWIPE_STEP_PERCENT,
    Home: -100,
    End: 100,
  };
  const step = steps[key];
  return step === undefined ? undefined : clampComparePercent(percent + step);
}

/** Percent (0..100) of a pointer's x within a box starting at `left` of `width` CSS pixels. */
export function pointerPercent(clientX: number, left: number, width: number): number {
  return width > 0 ? clampComparePercent(((clientX - left) / width) * 100) : 50;
}
