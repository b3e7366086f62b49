import { describe, expect, it } from 'vitest';
import {
  initialRenderScale,
  RENDER_SCALE_DEFAULTS,
  renderScaleSettings,
  stepRenderScale,
} from './render-scale.ts';
import type { RenderScaleOptions, RenderScaleState } from './render-scale.ts';

const window = (ms: number) => Array.from({ length: RENDER_SCALE_DEFAULTS.framesPerWindow }, () => ms);

/** Runs `windows` windows of a renderer whose frame time follows the scale; returns the scales after each. */
function simulate(
  frameMs: (scale: number) => number,
  start: number,
  windows: number,
  options: RenderScaleOptions = {},
): number[] {
  let state: RenderScaleState = initialRenderScale(start, options);
  const scales: number[] = [];
  for (let i = 0; i < windows; i++) {
    state = stepRenderScale(state, window(frameMs(state.scale)), options);
    scales.push(state.scale);
  }
  return scales;
}

/** Indices where the scale went up. */
function stepsUp(scales: readonly number[], start: number): number[] {
  return scales.flatMap((scale, i) => (scale > (i === 0 ? start : scales[i - 1]!) ? [i] : []));
}

describe('stepRenderScale', () => {
  it('steps down one rung on a slow window and up after two fast windows, on the rungs 1/√2^k', () => {
    let state = initialRenderScale(1);
    state = stepRenderScale(state, window(60));
    expect(state.scale).toBeCloseTo(Math.SQRT1_2, 9);
    state = stepRenderScale(state, window(60));
    expect(state.scale).toBeCloseTo(0.5, 9);
    state = stepRenderScale(state, window(10));
    expect(state.scale).toBeCloseTo(0.5, 9); // one fast window is not enough
    state = stepRenderScale(state, window(10));
    expect(state.scale).toBeCloseTo(Math.SQRT1_2, 9);
    state = stepRenderScale(state, window(10));
    state = stepRenderScale(state, window(10));
    expect(state.scale).toBe(1); // back on the top rung exactly
  });

  it('keeps the scale while the median is between fast and slow, and a window in between resets the fast count', () => {
    let state = initialRenderScale(0.5);
    state = stepRenderScale(state, window(10));
    state = stepRenderScale(state, window(30));
    state = stepRenderScale(state, window(10));
    expect(state.scale).toBe(0.5);
    // The median decides: a few slow frames in a fast window change nothing.
    state = stepRenderScale(state, [...window(10).slice(3), 500, 500, 500]);
    expect(state.scale).toBeCloseTo(Math.SQRT1_2, 9);
  });

  it('stays within 0.25..1 and ignores an empty window', () => {
    expect(Math.min(...simulate(() => 1000, 1, 20))).toBe(0.25);
    expect(Math.max(...simulate(() => 1, 0.25, 20))).toBe(1);
    const state = initialRenderScale(0.5);
    expect(stepRenderScale(state, [])).toBe(state);
    expect(initialRenderScale(3).scale).toBe(1);
  });

  it('settles without oscillating when the frame time goes with the pixel count', () => {
    // 4K on a GPU of varying speed: milliseconds per frame at full resolution, plus a fixed 3 ms.
    for (const fullMs of [10, 25, 45, 70, 120, 200, 400, 1000]) {
      for (const start of [0.25, 0.5, 1]) {
        const scales = simulate((scale) => 3 + fullMs * scale * scale, start, 200);
        const settled = scales[scales.length - 1]!;
        // After the first moves it never changes again: at most one run of steps in one direction.
        const changes = scales.filter((scale, i) => scale !== (i === 0 ? start : scales[i - 1]));
        const ups = changes.filter((scale, i) => scale > (i === 0 ? start : changes[i - 1]!)).length;
        expect(ups === 0 || ups === changes.length, `${fullMs} ms from ${start}: ${changes.join(' ')}`).toBe(
          true,
        );
        expect(scales.slice(20).every((scale) => scale === settled)).toBe(true);
        // Settled where frames are not slow, unless even the smallest scale is.
        const settledMs = 3 + fullMs * settled * settled;
        if (settled > 0.25) expect(settledMs).toBeLessThanOrEqual(RENDER_SCALE_DEFAULTS.slowFrameMs);
      }
    }
  });

  it('tries a step up ever more rarely when the step proves slow (a cost growing faster than the pixels)', () => {
    // Fast at 0.5 (16 ms), slow at 0.71 (64 ms): every try fails.
    const scales = simulate((scale) => 64 * scale ** 4 * 4, 0.5, 400);
    const ups = stepsUp(scales, 0.5);
    expect(ups.length).toBeGreaterThan(2);
    expect(ups.length).toBeLessThan(20);
    const gaps = ups.slice(1).map((at, i) => at - ups[i]!);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThanOrEqual(gaps[i - 1]!);
    expect(scales.every((scale) => scale === 0.5 || Math.abs(scale - Math.SQRT1_2) < 1e-9)).toBe(true);
  });

  it('refuses settings under which a step up could land on a slow frame time', () => {
    expect(() => renderScaleSettings({ fastFrameMs: 25, slowFrameMs: 40 })).toThrow(RangeError);
    expect(() => renderScaleSettings({ minScale: 0.5, maxScale: 0.25 })).toThrow(RangeError);
    expect(() => renderScaleSettings({ stepFactor: 1 })).toThrow(RangeError);
    expect(renderScaleSettings({ slowFrameMs: undefined })).toEqual(RENDER_SCALE_DEFAULTS);
  });
});
