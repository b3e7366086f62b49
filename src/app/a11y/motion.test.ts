import { afterEach, describe, expect, it, vi } from 'vitest';
import { motionSeconds, prefersReducedMotion } from './motion.ts';

describe('reduced motion', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('keeps flights without a preference and jumps with one', () => {
    expect(motionSeconds(1.5, false)).toBe(1.5);
    expect(motionSeconds(1.5, true)).toBe(0);
  });

  it('reads the system preference through matchMedia', () => {
    expect(prefersReducedMotion()).toBe(false); // Node: no matchMedia
    const queries: string[] = [];
    vi.stubGlobal('matchMedia', (query: string) => {
      queries.push(query);
      return { matches: true };
    });
    expect(prefersReducedMotion()).toBe(true);
    expect(motionSeconds(2)).toBe(0);
    expect(queries[0]).toBe('(prefers-reduced-motion: reduce)');
  });
});
