import { describe, expect, it } from 'vitest';
import { pointerRole } from './pointer.ts';

describe('pointerRole', () => {
  it('lets a pen and a mouse draw and a finger navigate', () => {
    expect(pointerRole({ pointerType: 'pen', width: 1, height: 1 })).toBe('draw');
    expect(pointerRole({ pointerType: 'mouse', width: 1, height: 1 })).toBe('draw');
    expect(pointerRole({ pointerType: 'touch', width: 12, height: 14 })).toBe('navigate');
  });

  it('ignores a palm, even when fingers draw', () => {
    expect(pointerRole({ pointerType: 'touch', width: 45, height: 20 })).toBe('ignore');
    expect(pointerRole({ pointerType: 'touch', width: 20, height: 31 }, { fingerDraws: true })).toBe(
      'ignore',
    );
    expect(pointerRole({ pointerType: 'touch', width: 20, height: 30 }, { fingerDraws: true })).toBe('draw');
  });

  it('takes the palm size as an option; a pen is never a palm', () => {
    expect(pointerRole({ pointerType: 'touch', width: 25, height: 25 }, { palmPixels: 20 })).toBe('ignore');
    expect(pointerRole({ pointerType: 'pen', width: 60, height: 60 })).toBe('draw');
  });
});
