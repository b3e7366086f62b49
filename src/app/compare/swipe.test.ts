import { describe, expect, it } from 'vitest';
import { pointerPercent, swipeKey } from './swipe.ts';

describe('swipeKey', () => {
  it('moves by 5 % with the arrows and stops at the edges', () => {
    expect(swipeKey(50, 'ArrowRight')).toBe(55);
    expect(swipeKey(50, 'ArrowLeft')).toBe(45);
    expect(swipeKey(98, 'ArrowUp')).toBe(100);
    expect(swipeKey(2, 'ArrowDown')).toBe(0);
    expect(swipeKey(40, 'Home')).toBe(0);
    expect(swipeKey(40, 'End')).toBe(100);
  });

  it('leaves other keys alone', () => {
    expect(swipeKey(50, 'Enter')).toBeUndefined();
  });
});

describe('pointerPercent', () => {
  it('measures from the box left edge and clamps', () => {
    expect(pointerPercent(300, 100, 400)).toBe(50);
    expect(pointerPercent(50, 100, 400)).toBe(0);
    expect(pointerPercent(900, 100, 400)).toBe(100);
    expect(pointerPercent(10, 0, 0)).toBe(50);
  });
});
