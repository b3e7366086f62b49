/** Statistics the benchmarks share (not tests). */

/**
 * The median of the values that are numbers (NaN left out: a run that measured nothing): the middle one, or the
 * mean of the two middle ones for an even count. NaN when there is none.
 */
export function median(values: readonly number[]): number {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
