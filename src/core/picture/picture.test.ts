import { describe, expect, it } from 'vitest';
import {
  pictureFits,
  formatScaleLength,
  metresPerPixel,
  northArrowRotation,
  pictureFileName,
  scaleBar,
} from './picture.ts';

describe('picture maths', () => {
  it('metres per pixel: the view height on the ground over the picture rows', () => {
    // 90° vertical field of view 500 m away: the view spans 1000 m over 1000 rows.
    expect(metresPerPixel(500, Math.PI / 2, 1000)).toBeCloseTo(1, 12);
    // Cesium's default 60° (as the vertical angle) at 1 km on 1080 rows: 2·1000·tan 30° / 1080.
    expect(metresPerPixel(1000, Math.PI / 3, 1080)).toBeCloseTo(1.069167, 5);
    // Twice the rows, half the metres per pixel: a 4K picture of the same view.
    expect(metresPerPixel(1000, Math.PI / 3, 2160)).toBeCloseTo(1.069167 / 2, 5);
  });

  it('has no scale when nothing was hit or the inputs make no sense', () => {
    expect(metresPerPixel(Number.NaN, 1, 100)).toBeUndefined();
    expect(metresPerPixel(Number.POSITIVE_INFINITY, 1, 100)).toBeUndefined();
    expect(metresPerPixel(0, 1, 100)).toBeUndefined();
    expect(metresPerPixel(100, 0, 100)).toBeUndefined();
    expect(metresPerPixel(100, Math.PI, 100)).toBeUndefined();
    expect(metresPerPixel(100, 1, 0)).toBeUndefined();
  });

  it('scale bar: the longest round length (1, 2, 5 × 10ⁿ m) that fits', () => {
    expect(scaleBar(1, 300)).toEqual({ metres: 200, pixels: 200 });
    expect(scaleBar(1, 199)).toEqual({ metres: 100, pixels: 100 });
    expect(scaleBar(2, 300)).toEqual({ metres: 500, pixels: 250 });
    expect(scaleBar(10, 250)).toEqual({ metres: 2000, pixels: 200 });
    expect(scaleBar(0.01, 300)).toEqual({ metres: 2, pixels: 200 });
    for (const mpp of [0.003, 0.7, 3.3, 42, 1234]) {
      const bar = scaleBar(mpp, 240)!;
      expect(bar.pixels).toBeLessThanOrEqual(240);
      expect(bar.pixels).toBeGreaterThan(240 / 5 - 1e-9); // never less than a fifth of the room
      expect(String(bar.metres)).toMatch(/^[125]0*$|^0\.0*[125]$/);
    }
    expect(scaleBar(0, 240)).toBeUndefined();
    expect(scaleBar(Number.NaN, 240)).toBeUndefined();
    expect(scaleBar(0.00001, 240)).toBeUndefined();
  });

  it('writes lengths in metres or kilometres, in the language', () => {
    expect(formatScaleLength(500, 'de')).toBe('500 m');
    expect(formatScaleLength(2000, 'en')).toBe('2 km');
    expect(formatScaleLength(0.5, 'de')).toBe('0,5 m');
    expect(formatScaleLength(0.5, 'en')).toBe('0.5 m');
  });

  it('checks a size against the graphics limit and the memory bound', () => {
    expect(pictureFits({ width: 3840, height: 2160 }, 4096)).toBe(true);
    expect(pictureFits({ width: 3840, height: 2160 }, 2048)).toBe(false);
    expect(pictureFits({ width: 0, height: 2160 }, 4096)).toBe(false);
    // Within WebGL's limit but more than twice 4K: refused to bound the memory.
    expect(pictureFits({ width: 7680, height: 4320 }, 16384)).toBe(false);
    expect(pictureFits({ width: 5120, height: 2880 }, 16384)).toBe(true);
  });

  it('names the file after the city, the day and the size', () => {
    const date = new Date('2026-12-03T10:00:00Z');
    expect(pictureFileName('Wuppertal-Barmen (Demo)', date, { width: 1920, height: 1080 })).toBe(
      'wuppertal-barmen-demo-2026-12-03-1920x1080.png',
    );
    expect(pictureFileName('Düsseldorf Straße', date, { width: 1, height: 2 })).toBe(
      'dusseldorf-strasse-2026-12-03-1x2.png',
    );
    expect(pictureFileName('<>', date, { width: 1, height: 2 })).toBe('stadtmodell-2026-12-03-1x2.png');
  });

  it('turns the north arrow against the heading', () => {
    expect(northArrowRotation(0)).toBe(0);
    expect(northArrowRotation(Math.PI / 2)).toBeCloseTo((3 * Math.PI) / 2, 12);
    expect(northArrowRotation(-Math.PI / 2)).toBeCloseTo(Math.PI / 2, 12);
    expect(northArrowRotation(5 * Math.PI)).toBeCloseTo(Math.PI, 12);
  });
});
