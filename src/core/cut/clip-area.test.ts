import { describe, expect, it } from 'vitest';
import { buildingsInside, prepareClipArea, signedDoubleArea } from './clip-area.ts';

const SQUARE_CW: [number, number][] = [
  [7.2, 51.29],
  [7.201, 51.29],
  [7.201, 51.289],
  [7.2, 51.289],
];

describe('prepareClipArea', () => {
  it('drops the closing vertex and returns the ring counter-clockwise', () => {
    const result = prepareClipArea([...SQUARE_CW, SQUARE_CW[0] as [number, number]]);
    if (!('ring' in result)) throw new Error(`refused: ${result.problem}`);
    expect(result.ring).toHaveLength(4);
    expect(signedDoubleArea(result.ring)).toBeGreaterThan(0);
    expect(signedDoubleArea(SQUARE_CW)).toBeLessThan(0);
    expect(new Set(result.ring.map((p) => p.join()))).toEqual(new Set(SQUARE_CW.map((p) => p.join())));
  });

  it('drops repeated and non-finite points', () => {
    const result = prepareClipArea([
      [7.2, 51.289],
      [7.2, 51.289],
      [Number.NaN, 51.2],
      [7.201, 51.289],
      [7.201, 51.29],
      [7.2, 51.29],
    ]);
    expect('ring' in result && result.ring).toEqual([
      [7.2, 51.289],
      [7.201, 51.289],
      [7.201, 51.29],
      [7.2, 51.29],
    ]);
  });

  it('refuses fewer than three distinct points and rings without area', () => {
    expect(
      prepareClipArea([
        [7.2, 51.2],
        [7.3, 51.2],
        [7.2, 51.2],
      ]),
    ).toEqual({ problem: 'tooFewPoints' });
    expect(prepareClipArea([])).toEqual({ problem: 'tooFewPoints' });
    expect(
      prepareClipArea([
        [7.2, 51.2],
        [7.3, 51.2],
        [7.4, 51.2],
      ]),
    ).toEqual({ problem: 'noArea' });
  });
});

describe('buildingsInside', () => {
  it('finds the centroids inside the ring only', () => {
    const centroids = new Float64Array([7.2005, 51.2895, 7.202, 51.2895, 7.2001, 51.2899, 7.1999, 51.2895]);
    expect(buildingsInside(SQUARE_CW, centroids)).toEqual([0, 2]);
  });

  it('finds nothing in an empty list', () => {
    expect(buildingsInside(SQUARE_CW, [])).toEqual([]);
  });
});
