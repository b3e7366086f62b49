import { describe, expect, it } from 'vitest';
import { formatLayerStatePatches, opacityPercent, parseLayerStates } from './layer-states-url.ts';

describe('layers= value', () => {
  it('reads visibility and opacity per id and writes them back', () => {
    const { states, warnings } = parseLayerStates('schools:1:80,bplan%3Ademo:0');
    expect(states).toEqual({ schools: { visible: true, opacity: 0.8 }, 'bplan:demo': { visible: false } });
    expect(warnings).toEqual([]);
    expect(formatLayerStatePatches(states)).toBe('schools:1:80,bplan%3Ademo:0');
  });

  it('keeps the good field of a half-bad entry and warns about the rest', () => {
    const { states, warnings } = parseLayerStates('a:x:50,b:1:101,c:1:2:3,:1');
    expect(states).toEqual({ a: { opacity: 0.5 }, b: { visible: true } });
    expect(warnings).toHaveLength(4);
    // An opacity alone has no entry of its own.
    expect(formatLayerStatePatches(states)).toBe('b:1');
  });

  it('keeps an id named like an Object member as an entry of its own, the prototype untouched', () => {
    const { states } = parseLayerStates('__proto__:1:50,constructor:0');
    expect(Object.getPrototypeOf(states)).toBe(Object.prototype);
    expect(Object.keys(states)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(states, '__proto__')?.value).toEqual({
      visible: true,
      opacity: 0.5,
    });
    expect(formatLayerStatePatches(states)).toBe('__proto__:1:50,constructor:0');
  });

  it('reads an id with colons that a link wrote as they are, the valid reading of an entry first', () => {
    const { states, warnings } = parseLayerStates('bplan-demo:envelopes:1,plan:a:b:0:40,x:1:1');
    expect(states).toEqual({
      'bplan-demo:envelopes': { visible: true },
      'plan:a:b': { visible: false, opacity: 0.4 },
      x: { visible: true, opacity: 0.01 },
    });
    expect(warnings).toEqual([]);
    expect(formatLayerStatePatches(states)).toBe('bplan-demo%3Aenvelopes:1,plan%3Aa%3Ab:0:40,x:1:1');
  });

  it('rounds opacities to whole percent within 0..100', () => {
    expect([opacityPercent(-1), opacityPercent(0.555), opacityPercent(2)]).toEqual([0, 56, 100]);
  });
});
