/**
 * Reading fields of tables and GeoJSON properties whose names and number formats vary between sources: the
 * column named by any of a list of candidate names, decimals written with '.' or ',', and which texts may be
 * offered as links. Used by the school and vector readers and the attribute panel. Platform-free.
 */

/**
 * The first of `keys` whose trimmed, lower-cased name is in `candidates` (lower case), trying the candidates
 * in their order; undefined when none matches.
 */
export function findKey(keys: readonly string[], candidates: readonly string[]): string | undefined {
  const lower = new Map<string, string>();
  for (const key of keys) if (!lower.has(key.trim().toLowerCase())) lower.set(key.trim().toLowerCase(), key);
  for (const candidate of candidates) {
    const key = lower.get(candidate);
    if (key !== undefined) return key;
  }
  return undefined;
}

/** Parses a decimal number written with '.' or ',' as the decimal mark; NaN otherwise. */
export function parseDecimal(value: string): number {
  const trimmed = value.trim().replace(',', '.');
  return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(trimmed) ? Number(trimmed) : NaN;
}

/** Whether `value` is an absolute http: or https: URL without spaces, quotes or angle brackets (safe as a link target). */
export function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^\s"'<>\\]+$/i.test(value.trim());
}
