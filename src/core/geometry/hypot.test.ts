import { describe, expect, it } from 'vitest';
import { hypot3 } from './hypot.ts';

describe('hypot3', () => {
  it('is Math.hypot bit for bit (V8) on random, scaled, integer and special arguments', () => {
    // A fixed generator: the same triples every run.
    let state = 12345;
    const random = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const value = (): number => {
      const kind = random();
      if (kind < 0.05) return 0;
      if (kind < 0.1) return -0;
      const mantissa = (random() - 0.5) * 2;
      if (kind < 0.3) return Math.round(mantissa * 127); // int8 normals
      if (kind < 0.6) return mantissa; // unit vectors
      return mantissa * 2 ** (Math.floor(random() * 200) - 100);
    };
    let mismatches = 0;
    for (let i = 0; i < 300_000; i++) {
      const [x, y, z] = [value(), value(), value()];
      if (!Object.is(hypot3(x, y, z), Math.hypot(x, y, z))) mismatches++;
    }
    expect(mismatches).toBe(0);
    const special: [number, number, number][] = [
      [Number.NaN, 1, 2],
      [Infinity, Number.NaN, 0],
      [Number.NaN, -Infinity, 0],
      [1e308, 1e308, 1e308],
      [5e-324, 5e-324, 0],
      [0, -0, 0],
      [3, 4, 12],
      [-127, 0, 0],
    ];
    for (const [x, y, z] of special) expect(Object.is(hypot3(x, y, z), Math.hypot(x, y, z))).toBe(true);
    expect(hypot3(3, 4, 12)).toBe(13);
  });
});
