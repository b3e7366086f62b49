/**
 * The camera as a person shares it: the six numbers of the `view=` URL parameter and of a story scene's
 * `camera`. Platform-free (no Cesium): the app turns it into a Cesium camera pose and back.
 */

/** Camera position and orientation: WGS84/ETRS89 degrees, ellipsoidal metres, degrees. */
export interface CameraView {
  /** Longitude of the camera position, degrees east (−180..180). */
  longitude: number;
  /** Latitude of the camera position, degrees north (−90..90). */
  latitude: number;
  /** Height of the camera position above the WGS84 ellipsoid, metres. */
  height: number;
  /** Degrees clockwise from north (0..360). */
  heading: number;
  /** Degrees, negative looks down (−90..90). */
  pitch: number;
  /** Degrees (−180..180). */
  roll: number;
}

/** The fields of a `view=` value, in their order. */
export const CAMERA_VIEW_FIELDS = ['longitude', 'latitude', 'height', 'heading', 'pitch', 'roll'] as const;

/**
 * Accepted range of each field (inclusive): degrees, ellipsoidal metres. The height reaches from below the Dead
 * Sea shore to well beyond low orbit, so a typo (kilometres for metres) is refused rather than flown to.
 */
export const CAMERA_VIEW_RANGES: Readonly<Record<keyof CameraView, readonly [min: number, max: number]>> = {
  longitude: [-180, 180],
  latitude: [-90, 90],
  height: [-1000, 10_000_000],
  heading: [0, 360],
  pitch: [-90, 90],
  roll: [-180, 180],
};

/**
 * Decimals written per field: 7 for longitude/latitude (about 1 cm), 2 for the height (1 cm) and the angles
 * (0.01°), so a shared view is restored well within 1 m and 0.1°.
 */
const DECIMALS: Readonly<Record<keyof CameraView, number>> = {
  longitude: 7,
  latitude: 7,
  height: 2,
  heading: 2,
  pitch: 2,
  roll: 2,
};

/** Why a `view=` value was refused; the app words it in German and English. */
export type CameraViewProblem =
  /** Not six comma-separated values; `count` is how many there were. */
  | { kind: 'count'; count: number }
  /** `text` in `field` is not a decimal number. */
  | { kind: 'number'; field: keyof CameraView; text: string }
  /** `value` in `field` lies outside min..max. */
  | { kind: 'range'; field: keyof CameraView; value: number; min: number; max: number };

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses a `view=` value: six comma-separated decimal numbers `longitude°,latitude°,height m,heading°,pitch°,roll°`
 * (WGS84 degrees, ellipsoidal metres, degrees). A heading of 360 is read as 0. Returns the first fault found
 * instead of a view when the value is not usable as a whole.
 */
export function parseCameraView(value: string): { view: CameraView } | { problem: CameraViewProblem } {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.length !== CAMERA_VIEW_FIELDS.length) return { problem: { kind: 'count', count: parts.length } };
  const view = {} as CameraView;
  for (const [index, field] of CAMERA_VIEW_FIELDS.entries()) {
    const text = parts[index] ?? '';
    if (!DECIMAL.test(text)) return { problem: { kind: 'number', field, text } };
    const number = Number(text);
    const [min, max] = CAMERA_VIEW_RANGES[field];
    if (!Number.isFinite(number) || number < min || number > max) {
      return { problem: { kind: 'range', field, value: number, min, max } };
    }
    view[field] = number;
  }
  if (view.heading === 360) view.heading = 0;
  return { view };
}

/**
 * The `view=` value of `view`: six numbers, comma-separated, rounded to the decimals that restore the view within
 * 1 cm and 0.01° (trailing zeros dropped). The heading is written as 0..360, the roll as −180..180.
 */
export function formatCameraView(view: CameraView): string {
  const normalised: CameraView = {
    ...view,
    heading: wrap(view.heading, 0, 360),
    roll: wrap(view.roll, -180, 360),
  };
  return CAMERA_VIEW_FIELDS.map((field) => {
    const rounded = Number(normalised[field].toFixed(DECIMALS[field]));
    // 359.999 rounds to 360; write the same direction as 0.
    const value = field === 'heading' && rounded === 360 ? 0 : rounded;
    return String(value === 0 ? 0 : value); // no "-0"
  }).join(',');
}

/** `degrees` moved into [start, start + span) by whole turns. */
function wrap(degrees: number, start: number, span: number): number {
  return ((((degrees - start) % span) + span) % span) + start;
}
