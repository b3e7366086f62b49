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

/** The scale a stored value names, or 100 % for anything else (nothing stored, an old or broken value). */
export function parseUiScale(value: string | null | undefined): UiScale {
  const number = Number(value);
  return UI_SCALES.find((scale) => scale === number) ?? 100;
}

/** The storage the setting is read from and written to (the browser's localStorage; a Map in tests). */
export interface ScaleStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The stored scale; 100 % where storage is blocked (private mode, a sandboxed frame). */
export function readUiScale(storage: ScaleStorage | undefined): UiScale {
  try {
    return parseUiScale(storage?.getItem(UI_SCALE_KEY));
  } catch {
    return 100;
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
