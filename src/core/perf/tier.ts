/**
 * Performance tiers of the 3D view and the rule that steps between them by measured frame times (not by
 * user agent): a slow median steps down at once, a fast median steps up only after several fast windows in
 * a row (hysteresis), so a tier does not flip back and forth at a threshold.
 */

/** Names of the tiers, lowest first. */
export const PERF_TIER_NAMES = ['low', 'medium', 'high'] as const;
export type PerfTierName = (typeof PERF_TIER_NAMES)[number];

/** What a tier sets in the renderer. */
export interface PerfTier {
  name: PerfTierName;
  /** Screen-space error in pixels up to which a building tileset refines (higher: coarser, fewer tiles). */
  maximumScreenSpaceError: number;
  /** Rendered pixels per CSS pixel and direction (0.5: a quarter of the pixels, smoothly upscaled). */
  resolutionScale: number;
  /** Multisampling samples (1: none). */
  msaaSamples: number;
  /** Fast approximate anti-aliasing as a post-process (cheap; used when there is no multisampling). */
  fxaa: boolean;
  /** Bytes of tile content a tileset keeps cached. */
  cacheBytes: number;
  /** Bytes a tileset may exceed `cacheBytes` by when the view needs more tiles. */
  maximumCacheOverflowBytes: number;
}

const MIB = 1024 * 1024;

/** The tiers, lowest first (index 0: low). High is Cesium's defaults with our building detail. */
export const PERF_TIERS: readonly PerfTier[] = [
  {
    name: 'low',
    maximumScreenSpaceError: 16,
    resolutionScale: 0.5,
    msaaSamples: 1,
    fxaa: true,
    cacheBytes: 128 * MIB,
    maximumCacheOverflowBytes: 64 * MIB,
  },
  {
    name: 'medium',
    maximumScreenSpaceError: 12,
    resolutionScale: 0.75,
    msaaSamples: 1,
    fxaa: true,
    cacheBytes: 256 * MIB,
    maximumCacheOverflowBytes: 128 * MIB,
  },
  {
    name: 'high',
    maximumScreenSpaceError: 8,
    resolutionScale: 1,
    msaaSamples: 4,
    fxaa: false,
    cacheBytes: 512 * MIB,
    maximumCacheOverflowBytes: 512 * MIB,
  },
];

/** The tier index of a name, or undefined for anything else (e.g. an unknown `?tier=` value). */
export function perfTierIndex(name: string | null | undefined): number | undefined {
  const index = PERF_TIER_NAMES.indexOf(name as PerfTierName);
  return index >= 0 ? index : undefined;
}

export interface TierStepOptions {
  /** A window whose median frame time (milliseconds) is above this steps one tier down. */
  slowFrameMs?: number;
  /** A window whose median frame time (milliseconds) is below this counts towards stepping up. */
  fastFrameMs?: number;
  /** Fast windows in a row needed to step one tier up. */
  fastWindowsToStepUp?: number;
  /** Frames per window: the decision is made on the median of this many frame times. */
  framesPerWindow?: number;
}

/** Slow: under 25 frames a second. Fast: at the display's rate (60 Hz: a frame every 16.7 ms). */
export const TIER_STEP_DEFAULTS: Required<TierStepOptions> = {
  slowFrameMs: 40,
  fastFrameMs: 20,
  fastWindowsToStepUp: 3,
  framesPerWindow: 20,
};

/** Where the stepping stands: the tier's index in `PERF_TIERS` and the fast windows seen in a row. */
export interface TierState {
  index: number;
  fastWindows: number;
}

/** Median of frame times in milliseconds (NaN for none). */
export function medianFrameMs(frameTimesMs: readonly number[]): number {
  if (frameTimesMs.length === 0) return Number.NaN;
  const sorted = [...frameTimesMs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The tier after one window of frame times (milliseconds per frame): down one tier when the median is
 * slow, up one after `fastWindowsToStepUp` fast windows in a row, else the same tier. A window in between
 * resets the count of fast ones. `floor` is the lowest index it may step to (default 0).
 */
export function stepTier(
  state: TierState,
  frameTimesMs: readonly number[],
  options: TierStepOptions = {},
  floor = 0,
): TierState {
  const settings = { ...TIER_STEP_DEFAULTS, ...definedOnly(options) };
  const median = medianFrameMs(frameTimesMs);
  if (!Number.isFinite(median)) return state;
  if (median > settings.slowFrameMs) {
    return { index: Math.max(floor, state.index - 1), fastWindows: 0 };
  }
  if (median < settings.fastFrameMs) {
    const fastWindows = state.fastWindows + 1;
    if (fastWindows >= settings.fastWindowsToStepUp && state.index < PERF_TIERS.length - 1) {
      return { index: state.index + 1, fastWindows: 0 };
    }
    return { index: state.index, fastWindows };
  }
  return { index: state.index, fastWindows: 0 };
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
