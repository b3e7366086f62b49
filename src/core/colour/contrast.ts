/**
 * WCAG 2.x colour contrast: relative luminance of sRGB colours and the contrast ratio between two of them
 * (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio). Text needs ≥ 4.5:1 (1.4.3), graphical objects that
 * carry meaning ≥ 3:1 against what is next to them (1.4.11).
 */

/** An sRGB colour, channels 0..255. */
export type Rgb = readonly [r: number, g: number, b: number];

/** Minimum contrast ratio for normal text (WCAG 2.1 AA, 1.4.3). */
export const TEXT_CONTRAST = 4.5;
/** Minimum contrast ratio for graphical objects and user interface components (WCAG 2.1 AA, 1.4.11). */
export const GRAPHICS_CONTRAST = 3;

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

/**
 * Parses a CSS hex colour (`#rgb` or `#rrggbb`, `#` optional) into sRGB 0..255 channels. Throws a `RangeError`
 * naming the text when it is not one: colours come from city configs, and a typo must be found, not drawn black.
 */
export function parseHexColour(text: string): Rgb {
  const match = HEX.exec(text.trim());
  if (!match?.[1]) throw new RangeError(`parseHexColour: "${text}" is not a #rgb or #rrggbb colour`);
  const digits = match[1].length === 3 ? [...match[1]].map((d) => d + d).join('') : match[1];
  return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)) as unknown as Rgb;
}

/** One sRGB channel (0..255) in linear light (0..1), by the WCAG formula. */
function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of an sRGB colour: 0 for black, 1 for white. */
export function relativeLuminance(colour: Rgb | string): number {
  const [r, g, b] = typeof colour === 'string' ? parseHexColour(colour) : colour;
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio of two colours, 1 (same luminance) to 21 (black on white); symmetric. */
export function contrastRatio(a: Rgb | string, b: Rgb | string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * The colour seen when `front` is drawn with opacity `alpha` (0..1) over `back` (blending in sRGB, as
 * browsers and Cesium's default blending do), rounded to whole channels.
 */
export function blendOver(front: Rgb | string, alpha: number, back: Rgb | string): Rgb {
  const f = typeof front === 'string' ? parseHexColour(front) : front;
  const k = typeof back === 'string' ? parseHexColour(back) : back;
  const a = Math.max(0, Math.min(1, alpha));
  return [0, 1, 2].map((i) =>
    Math.round((f[i] as number) * a + (k[i] as number) * (1 - a)),
  ) as unknown as Rgb;
}
