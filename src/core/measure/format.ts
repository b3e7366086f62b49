/**
 * Measured values as text: metres and square metres with a fixed, stated number of decimals, in the number
 * format of the language ("12,34 m" in German, "12.34 m" in English).
 */

/** Languages values are written in. */
export type MeasureLanguage = 'de' | 'en';

/** Options of the formatters. */
export interface MeasureFormatOptions {
  /** Decimals written (and the stated precision): 2 = centimetres for lengths, square decimetres for areas. */
  decimals?: number;
}

/** Centimetres and hundredths of a square metre: the precision snapped picks on LoD2 geometry support. */
export const MEASURE_FORMAT_DEFAULTS: Required<MeasureFormatOptions> = { decimals: 2 };

const LOCALES: Record<MeasureLanguage, string> = { de: 'de-DE', en: 'en-GB' };

function formatNumber(value: number, language: MeasureLanguage, options: MeasureFormatOptions): string {
  const decimals = options.decimals ?? MEASURE_FORMAT_DEFAULTS.decimals;
  // Round first so -0.001 is written "0.00", not "-0.00".
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor || 0;
  return new Intl.NumberFormat(LOCALES[language], {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(rounded);
}

/** A length in metres as text, e.g. "1.234,56 m" (de) or "1,234.56 m" (en). */
export function formatLength(
  metres: number,
  language: MeasureLanguage,
  options: MeasureFormatOptions = {},
): string {
  return `${formatNumber(metres, language, options)}\u00a0m`;
}

/** A signed height difference in metres, with an explicit sign: "+3,20 m", "−0,50 m". */
export function formatHeightDifference(
  metres: number,
  language: MeasureLanguage,
  options: MeasureFormatOptions = {},
): string {
  const text = formatLength(Math.abs(metres), language, options);
  const zero = formatLength(0, language, options);
  if (text === zero) return text;
  return `${metres < 0 ? '\u2212' : '+'}${text}`;
}

/** An area in square metres as text, e.g. "87,50 m²". */
export function formatArea(
  squareMetres: number,
  language: MeasureLanguage,
  options: MeasureFormatOptions = {},
): string {
  return `${formatNumber(squareMetres, language, options)}\u00a0m²`;
}
