/**
 * Platform-free maths and names of picture exports (a view of the map as a PNG): sizes, the scale bar from the
 * camera's distance and field of view, and file names. Distances are metres, angles radians, sizes pixels.
 */

/** A picture size in pixels. */
export interface PictureSize {
  width: number;
  height: number;
}

/** The fixed export sizes offered (Full HD and 4K UHD); the current window's size is offered besides. */
export const PICTURE_SIZES: readonly PictureSize[] = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
];

/**
 * Ground metres one pixel spans at the point the camera looks at, across the view: a perspective camera
 * `distanceMetres` away from the point, with vertical field of view `verticalFovRadians`, drawn on
 * `heightPixels` rows. Undefined when any input is not a positive finite number (nothing hit, no picture).
 */
export function metresPerPixel(
  distanceMetres: number,
  verticalFovRadians: number,
  heightPixels: number,
): number | undefined {
  if (!(distanceMetres > 0) || !(heightPixels > 0) || !Number.isFinite(distanceMetres)) return undefined;
  if (!(verticalFovRadians > 0 && verticalFovRadians < Math.PI)) return undefined;
  return (2 * distanceMetres * Math.tan(verticalFovRadians / 2)) / heightPixels;
}

/** A scale bar: its length on the ground (a round number of metres) and in pixels. */
export interface ScaleBar {
  metres: number;
  pixels: number;
}

/**
 * The longest scale bar of a round length (1, 2 or 5 × 10ⁿ metres) that fits in `maxPixels` at
 * `metresPerPixel`; undefined when not even 1 cm fits or the scale is not a positive finite number.
 */
export function scaleBar(metresPerPixel: number, maxPixels: number): ScaleBar | undefined {
  if (!(metresPerPixel > 0) || !Number.isFinite(metresPerPixel) || !(maxPixels > 0)) return undefined;
  const maxMetres = metresPerPixel * maxPixels;
  const power = 10 ** Math.floor(Math.log10(maxMetres));
  const metres = [5, 2, 1].map((step) => step * power).find((length) => length <= maxMetres) ?? power;
  if (metres < 0.01) return undefined;
  return { metres, pixels: metres / metresPerPixel };
}

/** A scale bar's length as text: metres below 1 km ("500 m"), else kilometres ("2 km", "1,5 km" in German). */
export function formatScaleLength(metres: number, language: 'de' | 'en'): string {
  const locale = language === 'de' ? 'de-DE' : 'en-GB';
  const format = (value: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  return metres >= 1000 ? `${format(metres / 1000)} km` : `${format(metres)} m`;
}

/** Most pixels of one picture (twice 4K UHD): bounds the memory of a capture (about 4 bytes per pixel per copy). */
export const MAX_PICTURE_PIXELS = 2 * 3840 * 2160;

/**
 * Whether a picture of `size` can be drawn where the graphics allow at most `maxSide` pixels per side (the
 * smallest of WebGL's texture, renderbuffer and viewport limits), within `MAX_PICTURE_PIXELS`.
 */
export function pictureFits(size: PictureSize, maxSide: number): boolean {
  const { width, height } = size;
  if (!(width >= 1 && height >= 1 && width <= maxSide && height <= maxSide)) return false;
  return width * height <= MAX_PICTURE_PIXELS;
}

/** File name of an exported picture: `<base>-<yyyy-mm-dd>-<w>x<h>.png` (date in UTC). */
export function pictureFileName(base: string, date: Date, size: PictureSize): string {
  const day = date.toISOString().slice(0, 10);
  const safe =
    base
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ß/g, 'ss')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'stadtmodell';
  return `${safe}-${day}-${size.width}x${size.height}.png`;
}

/**
 * Rotation (radians, clockwise) of a north arrow drawn on the picture of a camera with `headingRadians`
 * (Cesium: clockwise from north): north turns the other way, normalised to [0, 2π).
 */
export function northArrowRotation(headingRadians: number): number {
  const turn = 2 * Math.PI;
  return (((-headingRadians % turn) + turn) % turn) % turn;
}
