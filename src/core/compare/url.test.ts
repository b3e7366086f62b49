import { describe, expect, it } from 'vitest';
import { clampComparePercent, formatCompare, parseCompare } from './url.ts';
import type { CompareState } from './url.ts';

describe('compare= URL value', () => {
  it('reads today-vs-plan as a percentage and two tilesets as percentage:left,right', () => {
    expect(parseCompare('50')).toEqual({ compare: { mode: 'plan', percent: 50 } });
    expect(parseCompare('35.5:demo-2000,demo')).toEqual({
      compare: { mode: 'tilesets', percent: 35.5, left: 'demo-2000', right: 'demo' },
    });
    expect(parseCompare('0')).toEqual({ compare: { mode: 'plan', percent: 0 } });
    expect(parseCompare('100:a,b')).toEqual({
      compare: { mode: 'tilesets', percent: 100, left: 'a', right: 'b' },
    });
  });

  it('round-trips ids with separators and non-ASCII letters', () => {
    const states: CompareState[] = [
      { mode: 'plan', percent: 12.3 },
      { mode: 'tilesets', percent: 70, left: 'import:3', right: 'Bestand, 2015 Äußeres' },
    ];
    for (const state of states) expect(parseCompare(formatCompare(state))).toEqual({ compare: state });
    expect(formatCompare(states[1]!)).toBe('70:import%3A3,Bestand%2C%202015%20%C3%84u%C3%9Feres');
  });

  it('rounds the divider to a tenth of a percent and keeps it on the map', () => {
    expect(formatCompare({ mode: 'plan', percent: 33.333 })).toBe('33.3');
    expect(formatCompare({ mode: 'plan', percent: 140 })).toBe('100');
    expect(clampComparePercent(-3)).toBe(0);
    expect(clampComparePercent(Number.NaN)).toBe(50);
  });

  it('names what is wrong with a malformed value', () => {
    expect(parseCompare('half')).toEqual({ problem: 'percent' });
    expect(parseCompare('101')).toEqual({ problem: 'percent' });
    expect(parseCompare('-5')).toEqual({ problem: 'percent' });
    expect(parseCompare('50:demo')).toEqual({ problem: 'sides' });
    expect(parseCompare('50:a,b,c')).toEqual({ problem: 'sides' });
    expect(parseCompare('50:,demo')).toEqual({ problem: 'sides' });
    expect(parseCompare('50:%E0%A4%A,demo')).toEqual({ problem: 'sides' });
  });
});
