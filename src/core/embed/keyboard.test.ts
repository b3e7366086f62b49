import { describe, expect, it } from 'vitest';
import type { CameraView } from '../view/camera-view.ts';
import { MIN_HEIGHT_ABOVE_GROUND, keyAction, stepView } from './keyboard.ts';

const VIEW: CameraView = { longitude: 7.2, latitude: 51.29, height: 700, heading: 90, pitch: -30, roll: 0 };

describe('keyboard steps', () => {
  it('maps arrow keys to pans, with Shift to turns and tilts', () => {
    expect(keyAction('ArrowUp', false)).toBe('pan-forward');
    expect(keyAction('ArrowLeft', true)).toBe('turn-left');
    expect(keyAction('+', false)).toBe('zoom-in');
    expect(keyAction('x', false)).toBeUndefined();
  });

  it('pans along the heading: facing east, forward moves east only', () => {
    const next = stepView(VIEW, 'pan-forward', 200);
    expect(next.longitude).toBeGreaterThan(VIEW.longitude);
    expect(next.latitude).toBeCloseTo(VIEW.latitude, 9);
    // 20 % of 500 m above the ground: 100 m east.
    const metres =
      (next.longitude - VIEW.longitude) *
      (Math.PI / 180) *
      6_371_008.8 *
      Math.cos(VIEW.latitude * (Math.PI / 180));
    expect(metres).toBeCloseTo(100, 3);
  });

  it('turns and tilts within their ranges', () => {
    expect(stepView({ ...VIEW, heading: 5 }, 'turn-left', 0).heading).toBe(355);
    expect(stepView({ ...VIEW, pitch: -5 }, 'tilt-up', 0).pitch).toBe(0);
    expect(stepView({ ...VIEW, pitch: -85 }, 'tilt-down', 0).pitch).toBe(-90);
  });

  it('zooms along the view direction and stops above the ground', () => {
    const closer = stepView(VIEW, 'zoom-in', 200);
    expect(closer.height).toBeLessThan(VIEW.height);
    expect(closer.longitude).toBeGreaterThan(VIEW.longitude);
    const farther = stepView(VIEW, 'zoom-out', 200);
    expect(farther.height).toBeGreaterThan(VIEW.height);
    const low = { ...VIEW, height: 200 + MIN_HEIGHT_ABOVE_GROUND + 1, pitch: -90 };
    expect(stepView(low, 'zoom-in', 200).height).toBeCloseTo(200 + MIN_HEIGHT_ABOVE_GROUND, 6);
  });
});
