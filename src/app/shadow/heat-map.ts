/**
 * The heat map's pixels and legend: hours per cell through a colour ramp that stays readable with colour-vision
 * deficiencies (viridis: dark blue-violet through green to yellow, monotonic in lightness), losses through a
 * single-hue ramp (light to dark orange). Pure functions: the Cesium drawing is `ShadowHeatMap.tsx`.
 */

/** Viridis at 9 stops (matplotlib's, sRGB). */
const VIRIDIS: readonly [number, number, number][] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];
/** Light to dark orange (ColorBrewer "Oranges"), for hours lost. */
const ORANGES: readonly [number, number, number][] = [
  [254, 237, 222],
  [253, 208, 162],
  [253, 174, 107],
  [253, 141, 60],
  [230, 85, 13],
  [166, 54, 3],
];

export type HeatMapRamp = 'hours' | 'loss';

/** Colour (r, g, b, 0–255) of `t` in 0–1 on a ramp. */
export function rampColour(ramp: HeatMapRamp, t: number): [number, number, number] {
  const stops = ramp === 'hours' ? VIRIDIS : ORANGES;
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

/** A CSS linear-gradient of a ramp (left = 0), for the legend. */
export function rampGradient(ramp: HeatMapRamp): string {
  const stops = ramp === 'hours' ? VIRIDIS : ORANGES;
  const parts = stops.map(
    ([r, g, b], i) => `rgb(${r} ${g} ${b}) ${Math.round((i / (stops.length - 1)) * 100)}%`,
  );
  return `linear-gradient(to right, ${parts.join(', ')})`;
}

/**
 * RGBA pixels (row 0 = north, as an image) of `values` (row-major, row 0 = south) scaled by `max`; NaN cells are
 * transparent. For 'loss', `values` are changes (≤ 0) and the loss −value is coloured.
 */
export function heatMapPixels(
  values: Float32Array,
  columns: number,
  rows: number,
  max: number,
  ramp: HeatMapRamp,
  alpha = 200,
): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(columns * rows * 4);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const value = values[row * columns + column]!;
      if (Number.isNaN(value)) continue;
      const magnitude = ramp === 'loss' ? -value : value;
      const [r, g, b] = rampColour(ramp, max > 0 ? magnitude / max : 0);
      const at = ((rows - 1 - row) * columns + column) * 4;
      pixels[at] = r;
      pixels[at + 1] = g;
      pixels[at + 2] = b;
      pixels[at + 3] = alpha;
    }
  }
  return pixels;
}

/** Legend ticks (hours) for a scale from 0 to `max`: whole hours, about five of them. */
export function legendTicks(max: number): number[] {
  if (!(max > 0)) return [0];
  const step = max <= 5 ? 1 : max <= 10 ? 2 : 4;
  const ticks: number[] = [];
  for (let h = 0; h <= max + 1e-9; h += step) ticks.push(h);
  return ticks;
}

/** The scale of the heat map: hours 0…day length, or losses 0…largest loss. */
export function heatMapScale(session: {
  result: { dayHours: number; difference?: { maxLoss: number } } | undefined;
  view: 'today' | 'with-plan' | 'difference';
}): number {
  const { result, view } = session;
  if (!result) return 0;
  if (view === 'difference') return Math.max(1, Math.ceil(result.difference?.maxLoss ?? 0));
  return Math.max(1, Math.ceil(result.dayHours));
}
