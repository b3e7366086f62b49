/**
 * The UI scale for large screens: header, panels and status line drawn at 100, 150 or 200 % so text can be
 * read from 2–3 m on a 65–86" touch wall. The map is never scaled (Cesium sizes its canvas in CSS pixels; its
 * resolution adapts separately). Kept per browser in localStorage.
 */

/** The offered scales, percent. */
export const UI_SCALES = [100, 150, 200] as const;

/** One of the offered scales, percent. */
export type UiScale = (typeof UI_SCALES)[number];

/** The localStorage key of the chosen scale. */
export const UI_SCALE_KEY = 'stadtmodell:ui-scale';

/** The CSS custom property on the root element that the stylesheet multiplies by (1, 1.5 or 2). */
export const UI_SCALE_PROPERTY = '--ui-scale';

/** The scale a stored value names, or `fallback` for anything else (nothing stored, an old or broken value). */
export function parseUiScale(value: string | null | undefined, fallback: UiScale = 100): UiScale {
  const number = Number(value);
  return UI_SCALES.find((scale) => scale === number) ?? fallback;
}

/** The narrowest viewport, CSS pixels, that counts as a touch wall (a 4K panel at 100 % is 3 840 px wide). */
export const WALL_WIDTH = 2560;

/**
 * The scale before anyone chooses one: 150 % for a kiosk on a wall (read from 2 m, where 16 px type is too
 * small), else 100 %. A desktop keeps 100 %: its user sits close and chooses for themselves.
 */
export function defaultUiScale(kiosk: boolean, viewportWidth: number): UiScale {
  return kiosk && viewportWidth >= WALL_WIDTH ? 150 : 100;
}

/** The storage the setting is read from and written to (the browser's localStorage; a Map in tests). */
export interface ScaleStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The stored scale; `fallback` where nothing is stored or storage is blocked (private mode, a sandboxed frame). */
export function readUiScale(storage: ScaleStorage | undefined, fallback: UiScale = 100): UiScale {
  try {
    return parseUiScale(storage?.getItem(UI_SCALE_KEY), fallback);
  } catch {
    return fallback;
  }
}

/** Stores `scale`; returns false where storage is blocked or full (the scale still applies for this visit). */
export function writeUiScale(storage: ScaleStorage | undefined, scale: UiScale): boolean {
  try {
    storage?.setItem(UI_SCALE_KEY, String(scale));
    return storage !== undefined;
  } catch {
    return false;
  }
}

/** The custom property's value for `scale` (a plain factor: `zoom` and `calc()` take it as it is). */
export function uiScaleFactor(scale: UiScale): string {
  return String(scale / 100);
}
