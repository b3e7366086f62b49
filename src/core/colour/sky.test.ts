import { describe, expect, it } from 'vitest';
import { skyColour } from './sky.ts';

const brightness = (elevation: number) => {
  const { red, green, blue } = skyColour(elevation);
  return red + green + blue;
};

describe('skyColour', () => {
  it('is a light blue by day and the same at any higher sun', () => {
    const day = skyColour(30);
    expect(day.blue).toBeGreaterThan(day.red);
    expect(day.blue).toBeGreaterThan(0.85);
    expect(skyColour(60)).toEqual(day);
    expect(skyColour(8)).toEqual(day);
  });

  it('is warm at sunset: more red than blue with the sun on the horizon', () => {
    const sunset = skyColour(0);
    expect(sunset.red).toBeGreaterThan(sunset.blue);
  });

  it('darkens steadily from sunset to night, and night is dark blue, not black', () => {
    for (let elevation = 0; elevation > -12; elevation -= 0.5) {
      expect(brightness(elevation - 0.5)).toBeLessThan(brightness(elevation));
    }
    const night = skyColour(-40);
    expect(night).toEqual(skyColour(-12));
    expect(night.blue).toBeGreaterThan(night.red);
    expect(Math.max(night.red, night.green, night.blue) * 255).toBeGreaterThan(12);
    expect(brightness(-40)).toBeLessThan(0.3);
  });

  it('blends linearly between stops', () => {
    const a = skyColour(-6);
    const b = skyColour(0);
    const mid = skyColour(-3);
    expect(mid.red).toBeCloseTo((a.red + b.red) / 2, 10);
    expect(mid.blue).toBeCloseTo((a.blue + b.blue) / 2, 10);
  });

  it('draws day for an unknown elevation', () => {
    expect(skyColour(Number.NaN)).toEqual(skyColour(90));
  });
});
