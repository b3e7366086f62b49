import { describe, expect, it } from 'vitest';
import { lookDownToClear } from './keep-visible.ts';

const FOVY = Math.PI / 3; // 60°
const H = 744; // an 844 px phone's map below a 100 px header

/** Where a point at `y` is drawn after the camera looked down by `angle` (pinhole camera, same FOVY). */
function after(y: number, angle: number): number {
  const focal = H / 2 / Math.tan(FOVY / 2);
  return H / 2 + focal * Math.tan(Math.atan((y - H / 2) / focal) - angle);
}

describe('keeping the selected building above the sheet', () => {
  it('leaves the camera alone when the building is clear of the sheet or nothing is covered', () => {
    expect(lookDownToClear(200, H, 335, FOVY)).toBe(0);
    expect(lookDownToClear(700, H, 0, FOVY)).toBe(0);
    expect(lookDownToClear(700, H, H, FOVY)).toBe(0);
  });

  it('turns the camera so a covered building lands in the middle of the free map', () => {
    const covered = 335; // a half sheet at 45 % of 744 px
    const angle = lookDownToClear(600, H, covered, FOVY);
    expect(angle).toBeGreaterThan(0);
    expect(after(600, angle)).toBeCloseTo((H - covered) / 2, 6);
  });

  it('counts a building at the sheet edge as covered, and one above the picture too', () => {
    const covered = 335;
    expect(lookDownToClear(H - covered - 10, H, covered, FOVY)).toBeGreaterThan(0);
    const up = lookDownToClear(-40, H, covered, FOVY);
    expect(up).toBeLessThan(0);
    expect(after(-40, up)).toBeCloseTo((H - covered) / 2, 6);
  });
});
