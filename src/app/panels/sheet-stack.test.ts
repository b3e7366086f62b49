import { describe, expect, it } from 'vitest';
import { dropSheet, isTopSheet, raiseSheet } from './sheet-stack.ts';

describe('sheet stack', () => {
  it('puts the newest sheet on top, a raised one back up, and the next one up when the top closes', () => {
    const layers = Symbol('layers');
    const sun = Symbol('sun');
    raiseSheet(sun);
    raiseSheet(layers);
    expect(isTopSheet(layers)).toBe(true);
    expect(isTopSheet(sun)).toBe(false);
    raiseSheet(sun);
    expect(isTopSheet(sun)).toBe(true);
    expect(isTopSheet(layers)).toBe(false);
    dropSheet(sun);
    expect(isTopSheet(layers)).toBe(true);
    dropSheet(layers);
    expect(isTopSheet(sun)).toBe(true); // closed sheets cover nothing
  });
});
