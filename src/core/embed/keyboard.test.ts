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

  /** The ground point (at `ground` metres) at the centre of `view`, and the distance to it, metres (flat). */
  function centreOf(view: CameraView, ground: number): { north: number; east: number; range: number } {
    const rad = Math.PI / 180;
    const metresPerDegree = 6_371_008.8 * rad;
    const range = (view.height - ground) / Math.sin(-view.pitch * rad);
    const ahead = range * Math.cos(view.pitch * rad);
    return {
      north: (view.latitude - VIEW.latitude) * metresPerDegree + ahead * Math.cos(view.heading * rad),
      east:
        (view.longitude - VIEW.longitude) * metresPerDegree * Math.cos(VIEW.latitude * rad) +
        ahead * Math.sin(view.heading * rad),
      range,
    };
  }

  it('turns around the ground point at the centre: it stays there, at the same distance and height', () => {
    const before = centreOf(VIEW, 200);
    let view = VIEW;
    for (let i = 0; i < 5; i++) {
      view = stepView(view, 'turn-left', 200);
      const after = centreOf(view, 200);
      expect(Math.hypot(after.north - before.north, after.east - before.east)).toBeLessThan(0.5);
      expect(after.range).toBeCloseTo(before.range, 6);
    }
    expect(view.heading).toBe(40);
    expect(view.pitch).toBe(VIEW.pitch);
    expect(view.height).toBeCloseTo(VIEW.height, 6);
    expect(stepView({ ...VIEW, heading: 5 }, 'turn-left', 0).heading).toBe(355);
  });

  it('tilts around the centre within −89°..−5°', () => {
    const before = centreOf(VIEW, 200);
    const flatter = stepView(VIEW, 'tilt-up', 200);
    expect(flatter.pitch).toBe(-20);
    const after = centreOf(flatter, 200);
    expect(Math.hypot(after.north - before.north, after.east - before.east)).toBeLessThan(0.5);
    expect(after.range).toBeCloseTo(before.range, 6);
    expect(flatter.height).toBeLessThan(VIEW.height);
    expect(stepView({ ...VIEW, pitch: -10 }, 'tilt-up', 0).pitch).toBe(-5);
    expect(stepView({ ...VIEW, pitch: -85 }, 'tilt-down', 0).pitch).toBe(-89);
  });

  it('turns and tilts in place where the view meets no ground: at the horizon, or below the ground', () => {
    const level = { ...VIEW, pitch: 0 };
    const down = stepView(level, 'tilt-down', 200);
    expect(down).toEqual({ ...level, pitch: -10 });
    expect(stepView({ ...VIEW, pitch: -0.5 }, 'tilt-up', 200).pitch).toBe(0);
    const underground = { ...VIEW, height: 100 };
    expect(stepView(underground, 'turn-right', 200)).toEqual({ ...underground, heading: 100 });
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
