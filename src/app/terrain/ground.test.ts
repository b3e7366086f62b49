import { describe, expect, it } from 'vitest';
import { envelopeGround, groundUnderCamera } from './ground.ts';

describe('groundUnderCamera', () => {
  it('takes the terrain where one is drawn, also below the configured city ground (a valley)', () => {
    expect(groundUnderCamera(196.2, 204.6, true)).toBe(196.2);
    expect(groundUnderCamera(260, 204.6, true)).toBe(260);
  });
  it('falls back to the higher of globe and city ground without terrain or without a terrain tile', () => {
    expect(groundUnderCamera(0, 204.6, false)).toBe(204.6);
    expect(groundUnderCamera(undefined, 204.6, true)).toBe(204.6);
    expect(groundUnderCamera(undefined, 0, false)).toBe(0);
  });
  it('ignores heights no ground on Earth has (a coarse tile that is a chord through the Earth)', () => {
    expect(groundUnderCamera(-6_341_752, 204.6, true)).toBe(204.6);
    expect(groundUnderCamera(-6_341_752, 0, true)).toBe(0);
    expect(groundUnderCamera(Number.NaN, 0, false)).toBe(0);
  });
});

describe('envelopeGround', () => {
  it('floor at the lowest outline height, relative heights from the mean', () => {
    expect(envelopeGround([200, 204, 206, undefined, 202])).toEqual({ floor: 200, reference: 203 });
  });
  it('nothing without heights', () => {
    expect(envelopeGround([])).toBeUndefined();
    expect(envelopeGround([undefined, Number.NaN])).toBeUndefined();
  });
});
