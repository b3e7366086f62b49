import { describe, expect, it } from 'vitest';
import { SKETCH_COLOURS, contrastRatio } from './model.ts';

describe('sketch colours', () => {
  it.each(Object.entries(SKETCH_COLOURS))('%s stands out on white and on black (≥ 3:1)', (_, hex) => {
    expect(contrastRatio(hex, '#ffffff')).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(hex, '#000000')).toBeGreaterThanOrEqual(3);
  });

  it('computes the WCAG ratio', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
