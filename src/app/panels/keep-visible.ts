/**
 * Keeping the selected building in sight above a bottom sheet: how far to turn the camera down so a point
 * seen at one height of the picture is seen at another. Screen heights are CSS pixels from the top of the
 * map canvas, angles radians.
 */

/** Where the building should stand and how close to the sheet's edge it may come. */
export interface KeepVisibleOptions {
  /** Share of the free map (above the sheet) at which the building is put, from its top, 0..1. */
  targetShare?: number;
  /** A building nearer than this (CSS pixels) to the sheet's top edge counts as covered. */
  marginPixels?: number;
}

/** The building goes to the middle of the free map; within 24 px of the sheet it counts as covered. */
export const KEEP_VISIBLE_DEFAULTS: Required<KeepVisibleOptions> = { targetShare: 0.5, marginPixels: 24 };

/**
 * The angle (radians; positive: look further down) by which a perspective camera with vertical field of
 * view `fovy` (radians) over a canvas `canvasHeight` CSS pixels high must turn about its right axis so that
 * a point now drawn at `y` is drawn at the middle of the part above the sheet (`coveredPixels` high at the
 * canvas bottom); 0 when the point is already clear of the sheet, or when there is no free part.
 */
export function lookDownToClear(
  y: number,
  canvasHeight: number,
  coveredPixels: number,
  fovy: number,
  options: KeepVisibleOptions = {},
): number {
  const o = { ...KEEP_VISIBLE_DEFAULTS };
  if (options.targetShare !== undefined) o.targetShare = options.targetShare;
  if (options.marginPixels !== undefined) o.marginPixels = options.marginPixels;
  const free = canvasHeight - coveredPixels;
  if (coveredPixels <= 0 || free <= 0 || !Number.isFinite(y)) return 0;
  if (y >= 0 && y <= free - o.marginPixels) return 0;
  const focal = canvasHeight / 2 / Math.tan(fovy / 2);
  const angleBelowCentre = (screenY: number) => Math.atan((screenY - canvasHeight / 2) / focal);
  return angleBelowCentre(y) - angleBelowCentre(free * o.targetShare);
}
