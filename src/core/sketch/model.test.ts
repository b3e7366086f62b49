import { describe, expect, it } from 'vitest';
import { GRAPHICS_CONTRAST, contrastRatio } from '../colour/contrast.ts';
import { SKETCH_COLOURS } from './model.ts';

describe('sketch colours', () => {
  it.each(Object.entries(SKETCH_COLOURS))('%s stands out on white and on black (≥ 3:1)', (_, hex) => {
    expect(contrastRatio(hex, '#ffffff')).toBeGreaterThanOrEqual(GRAPHICS_CONTRAST);
    expect(contrastRatio(hex, '#000000')).toBeGreaterThanOrEqual(GRAPHICS_CONTRAST);
  });
});
