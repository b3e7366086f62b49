/**
 * Bottom sheet geometry for phones: three resting heights (peek, half, full), the order a keyboard cycles
 * through them, and where a drag comes to rest. Heights are CSS pixels from the bottom of the layout viewport.
 */

/** A resting height of the sheet: only its header (peek), half the screen, or nearly all of it. */
export type SheetSnap = 'peek' | 'half' | 'full';

/** The snaps from low to high. */
export const SHEET_SNAPS: readonly SheetSnap[] = ['peek', 'half', 'full'];

/** Resting heights of a bottom sheet. */
export interface SheetOptions {
  /** Height of the peek state (handle and panel heading), CSS pixels. */
  peekPixels?: number;
  /** Height of the half state as a share of the viewport height, 0..1. */
  halfShare?: number;
  /** Height of the full state as a share of the viewport height, 0..1. */
  fullShare?: number;
  /** Release speed (CSS pixels per millisecond) from which a drag goes on to the next snap in its direction. */
  flingPixelsPerMs?: number;
}

/** The sheet's resting heights: full leaves the top tenth of the map (and the header) in sight. */
export const SHEET_DEFAULTS: Required<SheetOptions> = {
  peekPixels: 112,
  halfShare: 0.5,
  fullShare: 0.9,
  flingPixelsPerMs: 0.5,
};

/** Options with defaults where a value is missing or undefined. */
export function sheetOptions(options: SheetOptions = {}): Required<SheetOptions> {
  const merged = { ...SHEET_DEFAULTS };
  for (const [key, value] of Object.entries(options) as [keyof SheetOptions, number | undefined][]) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** Height in CSS pixels of `snap` in a viewport `viewportHeight` CSS pixels high (never below the peek). */
export function sheetHeight(snap: SheetSnap, viewportHeight: number, options: SheetOptions = {}): number {
  const o = sheetOptions(options);
  const peek = Math.min(o.peekPixels, viewportHeight);
  if (snap === 'peek') return peek;
  return Math.max(peek, Math.round(viewportHeight * (snap === 'half' ? o.halfShare : o.fullShare)));
}

/** The snap after `snap` when the handle is pressed: peek → half → full → peek. */
export function nextSnap(snap: SheetSnap): SheetSnap {
  const index = SHEET_SNAPS.indexOf(snap);
  return SHEET_SNAPS[(index + 1) % SHEET_SNAPS.length] as SheetSnap;
}

/**
 * Where a drag released at `height` CSS pixels comes to rest: the nearest snap, or, when it was moving at
 * least `flingPixelsPerMs` (`velocity` > 0 upwards), the next snap in that direction from the nearest one
 * below/above the release height.
 */
export function snapAfterDrag(
  height: number,
  viewportHeight: number,
  velocity = 0,
  options: SheetOptions = {},
): SheetSnap {
  const o = sheetOptions(options);
  const heights = SHEET_SNAPS.map((snap) => sheetHeight(snap, viewportHeight, o));
  if (Math.abs(velocity) >= o.flingPixelsPerMs) {
    const below = heights.filter((h) => h < height).length - 1;
    const index = velocity > 0 ? heights.findIndex((h) => h > height) : below;
    if (index >= 0) return SHEET_SNAPS[index] as SheetSnap;
    return velocity > 0 ? 'full' : 'peek';
  }
  let best = 0;
  heights.forEach((h, i) => {
    if (Math.abs(h - height) < Math.abs((heights[best] as number) - height)) best = i;
  });
  return SHEET_SNAPS[best] as SheetSnap;
}

/** Whether a viewport gets the phone layout: at most 600 CSS pixels wide, or at most 500 high (landscape). */
export const PHONE_MEDIA_QUERY = '(max-width: 600px), (max-height: 500px)';
