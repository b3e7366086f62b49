import { describe, expect, it } from 'vitest';
import { medianFrameMs, PERF_TIERS, perfTierIndex, stepTier, TIER_STEP_DEFAULTS } from './tier.ts';

const frames = (ms: number) => Array.from({ length: TIER_STEP_DEFAULTS.framesPerWindow }, () => ms);
const HIGH = PERF_TIERS.length - 1;

describe('performance tiers', () => {
  it('are ordered from cheap to costly', () => {
    for (let i = 1; i < PERF_TIERS.length; i += 1) {
      const lower = PERF_TIERS[i - 1]!;
      const upper = PERF_TIERS[i]!;
      expect(upper.resolutionScale).toBeGreaterThan(lower.resolutionScale);
      expect(upper.maximumScreenSpaceError).toBeLessThan(lower.maximumScreenSpaceError);
      expect(upper.cacheBytes).toBeGreaterThan(lower.cacheBytes);
    }
  });

  it('reads tier names and refuses anything else', () => {
    expect(perfTierIndex('low')).toBe(0);
    expect(perfTierIndex('high')).toBe(HIGH);
    expect(perfTierIndex('ultra')).toBeUndefined();
    expect(perfTierIndex(null)).toBeUndefined();
  });

  it('takes the median, so one long frame (a shader compile) does not count', () => {
    expect(medianFrameMs([10, 500, 12])).toBe(12);
    expect(medianFrameMs([10, 20])).toBe(15);
    expect(medianFrameMs([])).toBeNaN();
  });
});

describe('stepTier', () => {
  it('steps down one tier on a slow window, not below the floor', () => {
    expect(stepTier({ index: HIGH, fastWindows: 2 }, frames(80))).toEqual({
      index: HIGH - 1,
      fastWindows: 0,
    });
    expect(stepTier({ index: 0, fastWindows: 0 }, frames(80))).toEqual({ index: 0, fastWindows: 0 });
    expect(stepTier({ index: 1, fastWindows: 0 }, frames(80), {}, 1).index).toBe(1);
  });

  it('steps up only after several fast windows in a row (hysteresis)', () => {
    let state = { index: 0, fastWindows: 0 };
    for (let i = 1; i < TIER_STEP_DEFAULTS.fastWindowsToStepUp; i += 1) {
      state = stepTier(state, frames(5));
      expect(state).toEqual({ index: 0, fastWindows: i });
    }
    state = stepTier(state, frames(5));
    expect(state).toEqual({ index: 1, fastWindows: 0 });
  });

  it('a window between the thresholds keeps the tier and resets the fast count', () => {
    const middle = (TIER_STEP_DEFAULTS.slowFrameMs + TIER_STEP_DEFAULTS.fastFrameMs) / 2;
    expect(stepTier({ index: 1, fastWindows: 2 }, frames(middle))).toEqual({ index: 1, fastWindows: 0 });
  });

  it('stays at the top tier however fast, and ignores an empty window', () => {
    expect(stepTier({ index: HIGH, fastWindows: 5 }, frames(1)).index).toBe(HIGH);
    expect(stepTier({ index: 1, fastWindows: 1 }, [])).toEqual({ index: 1, fastWindows: 1 });
  });

  it('takes its thresholds from the options', () => {
    expect(stepTier({ index: HIGH, fastWindows: 0 }, frames(30), { slowFrameMs: 25 }).index).toBe(HIGH - 1);
    expect(stepTier({ index: HIGH, fastWindows: 0 }, frames(30)).index).toBe(HIGH);
  });
});
