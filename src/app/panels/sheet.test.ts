import { describe, expect, it } from 'vitest';
import { nextSnap, sheetHeight, sheetOptions, snapAfterDrag, SHEET_DEFAULTS } from './sheet.ts';

describe('bottom sheet geometry', () => {
  it('rests at the peek, half and nine tenths of an 844 px phone', () => {
    expect(sheetHeight('peek', 844)).toBe(112);
    expect(sheetHeight('half', 844)).toBe(422);
    expect(sheetHeight('full', 844)).toBe(760);
    // A landscape phone 390 px high: half is still above the peek.
    expect(sheetHeight('half', 390)).toBe(195);
    expect(sheetHeight('half', 180)).toBe(112);
    expect(sheetHeight('full', 844, { fullShare: 0.6 })).toBe(506);
  });

  it('cycles peek → half → full → peek from the handle', () => {
    expect(nextSnap('peek')).toBe('half');
    expect(nextSnap('half')).toBe('full');
    expect(nextSnap('full')).toBe('peek');
  });

  it('comes to rest at the nearest snap after a slow drag', () => {
    expect(snapAfterDrag(150, 844)).toBe('peek');
    expect(snapAfterDrag(300, 844)).toBe('half');
    expect(snapAfterDrag(560, 844)).toBe('half');
    expect(snapAfterDrag(620, 844)).toBe('full');
    expect(snapAfterDrag(2000, 844)).toBe('full');
  });

  it('goes on in the direction of a fast drag', () => {
    expect(snapAfterDrag(150, 844, 1)).toBe('half');
    expect(snapAfterDrag(430, 844, 1)).toBe('full');
    expect(snapAfterDrag(700, 844, -1)).toBe('half');
    expect(snapAfterDrag(400, 844, -1)).toBe('peek');
    expect(snapAfterDrag(800, 844, 2)).toBe('full');
    expect(snapAfterDrag(50, 844, -2)).toBe('peek');
    // Below the fling speed the nearest snap wins.
    expect(snapAfterDrag(150, 844, 0.2)).toBe('peek');
  });

  it('takes options over the defaults, ignoring undefined', () => {
    expect(sheetOptions({ peekPixels: undefined, halfShare: 0.4 })).toEqual({
      ...SHEET_DEFAULTS,
      halfShare: 0.4,
    });
  });
});
