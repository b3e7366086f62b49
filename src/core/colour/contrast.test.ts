import { describe, expect, it } from 'vitest';
import { blendOver, contrastRatio, parseHexColour, relativeLuminance } from './contrast.ts';

describe('WCAG contrast', () => {
  it('parses #rgb and #rrggbb and refuses anything else, naming it', () => {
    expect(parseHexColour('#004f9f')).toEqual([0, 79, 159]);
    expect(parseHexColour('fff')).toEqual([255, 255, 255]);
    expect(parseHexColour(' #A0b ')).toEqual([170, 0, 187]);
    expect(() => parseHexColour('red')).toThrow(/"red" is not a #rgb or #rrggbb colour/);
    expect(() => parseHexColour('#12345')).toThrow(RangeError);
  });

  it('gives black 0 and white 1 luminance, and the WCAG example values in between', () => {
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 12);
    // Mid grey #777777: 0.1845 (the channel lies above the 0.04045 knee, so the power law applies).
    expect(relativeLuminance('#777777')).toBeCloseTo(0.1845, 4);
    // A channel below the knee is linear: 10/255/12.92.
    expect(relativeLuminance([10, 10, 10])).toBeCloseTo(10 / 255 / 12.92, 10);
  });

  it('computes ratios from 1 to 21, the same both ways', () => {
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 10);
    expect(contrastRatio('#fff', '#000')).toBeCloseTo(21, 10);
    expect(contrastRatio('#336699', '#336699')).toBe(1);
    // Known pairs: #767676 on white is the lightest grey passing 4.5:1; #777777 just fails.
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
    // The app's accent on white.
    expect(contrastRatio('#004f9f', '#ffffff')).toBeCloseTo(8.02, 2);
  });

  it('blends a translucent colour over a background', () => {
    expect(blendOver('#000000', 0.5, '#ffffff')).toEqual([128, 128, 128]);
    expect(blendOver('#ff0000', 1, '#00ff00')).toEqual([255, 0, 0]);
    expect(blendOver('#ff0000', 0, [1, 2, 3])).toEqual([1, 2, 3]);
    expect(blendOver('#ff0000', 7, '#000')).toEqual([255, 0, 0]);
  });
});
