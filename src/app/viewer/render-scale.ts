/** How finely the 3D view is rendered: Cesium's `resolutionScale` for software renderers and by URL. */
import type { RenderScaleOptions } from '../../core/perf/render-scale.ts';
import { PERF_TIERS } from '../../core/perf/tier.ts';

/**
 * Resolution scale at rest on a software renderer (default 0.5, a quarter of the pixels); `?renderScale=` in
 * 0.25..1 overrides it on any renderer (1 = full resolution) and pins it (no adapting).
 */
export const SOFTWARE_RENDER_SCALE = 0.5;

/**
 * The resolution controller on a software renderer, while the view moves. Frames there are rasterised on the
 * CPU and their time goes with the pixel count (bench/large-screen.ts, 3840×2160: 2.4 s a frame at 0.5, 1.0 s
 * at 0.25): the display's rate is out of reach, "usable" is about two frames a second. Slow above 600 ms, fast
 * below 250 ms (twice the pixels would still be below 600 ms), so the usual 1280×800 window at 0.5
 * (0.3–0.5 s a frame) keeps its scale; never finer than the scale at rest. Four frames a window: a decision
 * within a few seconds of a gesture.
 */
export const SOFTWARE_RENDER_SCALE_OPTIONS: RenderScaleOptions = {
  minScale: 0.25,
  maxScale: SOFTWARE_RENDER_SCALE,
  slowFrameMs: 600,
  fastFrameMs: 250,
  framesPerWindow: 4,
};

/**
 * The resolution controller on a GPU, while the view moves: it continues below the lowest performance tier
 * (whose scale is its maximum) when that tier is still slow; the tiers step first (`PerfTierSettings`).
 */
export const GPU_RENDER_SCALE_OPTIONS: RenderScaleOptions = {
  minScale: 0.25,
  maxScale: PERF_TIERS[0]!.resolutionScale,
};

/** The `?renderScale=` value of a query string, when it is a number in 0.25..1. */
export function renderScaleFromSearch(search: string): number | undefined {
  const value = Number(new URLSearchParams(search).get('renderScale') ?? Number.NaN);
  return value >= 0.25 && value <= 1 ? value : undefined;
}
