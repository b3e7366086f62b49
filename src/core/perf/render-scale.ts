/**
 * The render resolution that follows measured frame times: a slow window of frames renders fewer pixels, fast
 * windows render more again. The scale is Cesium's `resolutionScale` (rendered pixels per CSS pixel and
 * direction); the pixel count goes with its square, and so, on a fill-bound renderer (a 4K wall, a software
 * rasterizer), does the frame time.
 *
 * Why it does not oscillate: one step multiplies the pixel count by `stepFactor²`, and a window counts as fast
 * only when its median, multiplied by that factor, is still below the slow threshold
 * (`fastFrameMs * stepFactor² < slowFrameMs`, checked by `renderScaleSettings`). So a step up lands, by the
 * pixel count, in the band between fast and slow, where nothing changes. Should a step up still turn out slow
 * (a cost that grows faster than the pixels), the step back down doubles the fast windows needed before the next
 * try (up to `maxFastWindowsToStepUp`), so repeated tries grow ever rarer.
 */

import { medianFrameMs } from './tier.ts';

export interface RenderScaleOptions {
  /** Smallest scale (0.25: a sixteenth of the pixels). */
  minScale?: number;
  /** Largest scale (1: one rendered pixel per CSS pixel). */
  maxScale?: number;
  /** A window whose median frame time (milliseconds) is above this steps down. */
  slowFrameMs?: number;
  /** A window whose median frame time (milliseconds) is below this counts towards a step up. */
  fastFrameMs?: number;
  /** One step multiplies or divides the scale by this (√2: the pixel count doubles or halves). */
  stepFactor?: number;
  /** Fast windows in a row needed for a step up. */
  fastWindowsToStepUp?: number;
  /** The most fast windows a step up may come to need after failed tries. */
  maxFastWindowsToStepUp?: number;
  /** Frames per window: each decision is made on the median of this many frame times. */
  framesPerWindow?: number;
}

/**
 * For a GPU: slow below 25 frames a second, fast when even twice the pixels would stay above that (18 ms).
 * Eight frames a window: a decision within a fraction of a second of dragging.
 */
export const RENDER_SCALE_DEFAULTS: Required<RenderScaleOptions> = {
  minScale: 0.25,
  maxScale: 1,
  slowFrameMs: 40,
  fastFrameMs: 18,
  stepFactor: Math.SQRT2,
  fastWindowsToStepUp: 2,
  maxFastWindowsToStepUp: 32,
  framesPerWindow: 8,
};

/** Where the controller stands. */
export interface RenderScaleState {
  /** The scale now, in `minScale..maxScale`. */
  scale: number;
  /** Fast windows seen in a row. */
  fastWindows: number;
  /** Fast windows needed for the next step up (grows after a step up that proved slow). */
  fastWindowsNeeded: number;
  /** Whether the last window stepped up (a slow window right after it is a failed try). */
  justSteppedUp: boolean;
}

/** The options with their defaults, checked: throws a RangeError for settings that would oscillate or are empty. */
export function renderScaleSettings(options: RenderScaleOptions = {}): Required<RenderScaleOptions> {
  const settings = { ...RENDER_SCALE_DEFAULTS, ...definedOnly(options) };
  const { minScale, maxScale, slowFrameMs, fastFrameMs, stepFactor } = settings;
  if (!(minScale > 0 && minScale <= maxScale)) {
    throw new RangeError(`renderScaleSettings: need 0 < minScale ≤ maxScale, got ${minScale}..${maxScale}`);
  }
  if (!(stepFactor > 1))
    throw new RangeError(`renderScaleSettings: stepFactor must be above 1, got ${stepFactor}`);
  if (!(fastFrameMs > 0 && fastFrameMs * stepFactor * stepFactor < slowFrameMs)) {
    throw new RangeError(
      `renderScaleSettings: fastFrameMs × stepFactor² must stay below slowFrameMs (${fastFrameMs} × ` +
        `${stepFactor.toFixed(3)}² vs ${slowFrameMs}), or a step up could land on a slow frame time`,
    );
  }
  if (!(settings.fastWindowsToStepUp >= 1 && settings.framesPerWindow >= 1)) {
    throw new RangeError('renderScaleSettings: fastWindowsToStepUp and framesPerWindow must be at least 1');
  }
  return settings;
}

/** The start state at `scale` (clamped into the options' range). */
export function initialRenderScale(scale: number, options: RenderScaleOptions = {}): RenderScaleState {
  const settings = renderScaleSettings(options);
  return {
    scale: clamp(scale, settings.minScale, settings.maxScale),
    fastWindows: 0,
    fastWindowsNeeded: settings.fastWindowsToStepUp,
    justSteppedUp: false,
  };
}

/**
 * The state after one window of frame times (milliseconds between frames drawn one after the other, so only
 * while something moves): one step down when the median is slow, one step up after enough fast windows in a row,
 * else the same scale. A window in between resets the count of fast ones. The scales are the rungs
 * `maxScale / stepFactor^k` (so a step down and up comes back to the same number), clamped to the range.
 * An empty window changes nothing.
 */
export function stepRenderScale(
  state: RenderScaleState,
  frameTimesMs: readonly number[],
  options: RenderScaleOptions = {},
): RenderScaleState {
  const settings = renderScaleSettings(options);
  const { minScale, maxScale, stepFactor } = settings;
  const median = medianFrameMs(frameTimesMs);
  if (!Number.isFinite(median)) return state;
  const scale = clamp(state.scale, minScale, maxScale);
  const level = Math.round(Math.log(maxScale / scale) / Math.log(stepFactor));
  // Rounded: √2² is not exactly 2 in floating point, and the rung two below 1 should be 0.5.
  const atLevel = (next: number) =>
    clamp(Math.round((maxScale / stepFactor ** next) * 1e9) / 1e9, minScale, maxScale);
  if (median > settings.slowFrameMs) {
    const fastWindowsNeeded = state.justSteppedUp
      ? Math.min(settings.maxFastWindowsToStepUp, state.fastWindowsNeeded * 2)
      : state.fastWindowsNeeded;
    return { scale: atLevel(level + 1), fastWindows: 0, fastWindowsNeeded, justSteppedUp: false };
  }
  // A step up that survived a window: the next try needs no more fast windows than usual.
  const fastWindowsNeeded = state.justSteppedUp ? settings.fastWindowsToStepUp : state.fastWindowsNeeded;
  if (median < settings.fastFrameMs && scale < maxScale) {
    const fastWindows = state.fastWindows + 1;
    if (fastWindows >= fastWindowsNeeded) {
      return { scale: atLevel(level - 1), fastWindows: 0, fastWindowsNeeded, justSteppedUp: true };
    }
    return { scale, fastWindows, fastWindowsNeeded, justSteppedUp: false };
  }
  return { scale, fastWindows: 0, fastWindowsNeeded, justSteppedUp: false };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
