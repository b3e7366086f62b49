/**
 * Summaries of a shadow study's sun hours. Every cell has the same area, so a share of points is a share of the
 * studied ground.
 *
 * What the norms ask, and what we compute: DIN EN 17037 ("Tageslicht in Gebäuden", 2019) judges *rooms*: a point
 * in the middle of a window's inner opening should see the sun for at least 1.5 h (minimum), 3 h (medium) or 4 h
 * (high) on one day between 1 February and 21 March, counting only sun above a minimum elevation that depends on
 * the latitude. This study judges *ground*: hours of direct sun per ground point on a chosen day, the sun counted
 * from the geometric horizon (elevation > 0°), buildings and plan envelopes as the only obstacles (no trees, no
 * terrain outside the tiles). The shares "≥ 2 h" and "≥ 4 h" follow the customary questions for open spaces (e.g.
 * the UK's BRE guide: at least half of an amenity area with 2 h of sun on 21 March) and DIN EN 17037's "high"
 * level; they are an aid for a Verschattungsstudie, not the norm's verification of a window.
 */

/** Hours of direct sun over the valid (non-NaN) points. */
export interface SunHoursStats {
  /** Points with a value (ground, not covered by a building). */
  points: number;
  /** Hours. */
  min: number;
  median: number;
  max: number;
  mean: number;
  /** Share (0–1) of the points with at least 2 h and at least 4 h of sun. */
  shareAtLeast2h: number;
  shareAtLeast4h: number;
}

/** Statistics of `hours` (NaN = no ground there, skipped). All zero when no point has a value. */
export function sunHoursStats(hours: Float32Array): SunHoursStats {
  const values = Float64Array.from(hours.filter((value) => !Number.isNaN(value))).sort();
  const n = values.length;
  if (n === 0) return { points: 0, min: 0, median: 0, max: 0, mean: 0, shareAtLeast2h: 0, shareAtLeast4h: 0 };
  let sum = 0;
  let twoHours = 0;
  let fourHours = 0;
  for (const value of values) {
    sum += value;
    // A hair below the threshold still counts: the hours are sums of float32 steps.
    if (value >= 2 - 1e-6) twoHours++;
    if (value >= 4 - 1e-6) fourHours++;
  }
  const median = n % 2 === 1 ? values[(n - 1) / 2]! : (values[n / 2 - 1]! + values[n / 2]!) / 2;
  return {
    points: n,
    min: values[0]!,
    median,
    max: values[n - 1]!,
    mean: sum / n,
    shareAtLeast2h: twoHours / n,
    shareAtLeast4h: fourHours / n,
  };
}

/** How a plan changes the sun hours, over the points valid in both. */
export interface SunHoursDifference {
  points: number;
  /** Share (0–1) of the points that lose sun with the plan. */
  shareLosing: number;
  /** Largest loss at one point, hours (≥ 0). */
  maxLoss: number;
  /** Mean change, hours (negative: less sun). */
  meanChange: number;
  /** Share (0–1) of the points with at least 2 h today that fall below 2 h with the plan. */
  shareFallingBelow2h: number;
}

/** Per point `withPlan − today` (NaN where either is NaN) and its summary. */
export function sunHoursDifference(
  today: Float32Array,
  withPlan: Float32Array,
): { change: Float32Array; summary: SunHoursDifference } {
  const change = new Float32Array(today.length);
  let points = 0;
  let losing = 0;
  let maxLoss = 0;
  let sum = 0;
  let below = 0;
  for (let i = 0; i < today.length; i++) {
    const a = today[i]!;
    const b = withPlan[i]!;
    if (Number.isNaN(a) || Number.isNaN(b)) {
      change[i] = Number.NaN;
      continue;
    }
    const delta = b - a;
    change[i] = delta;
    points++;
    sum += delta;
    if (delta < -1e-6) losing++;
    maxLoss = Math.max(maxLoss, -delta);
    if (a >= 2 - 1e-6 && b < 2 - 1e-6) below++;
  }
  return {
    change,
    summary: {
      points,
      shareLosing: points ? losing / points : 0,
      maxLoss,
      meanChange: points ? sum / points : 0,
      shareFallingBelow2h: points ? below / points : 0,
    },
  };
}
