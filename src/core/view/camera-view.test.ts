import { describe, expect, it } from 'vitest';
import { formatCameraView, parseCameraView } from './camera-view.ts';
import type { CameraView } from './camera-view.ts';

const WUPPERTAL: CameraView = {
  longitude: 7.150_123_456_7,
  latitude: 51.256_789_012_3,
  height: 412.3456,
  heading: 33.333,
  pitch: -35.126,
  roll: 0.004,
};

/** Metres per degree of latitude (and of longitude at the equator), enough for a 1 m check. */
const METRES_PER_DEGREE = 111_320;

describe('view= value', () => {
  it('round-trips within 1 m and 0.1°', () => {
    const text = formatCameraView(WUPPERTAL);
    expect(text).toBe('7.1501235,51.256789,412.35,33.33,-35.13,0');
    const parsed = parseCameraView(text);
    if (!('view' in parsed)) throw new Error(`refused: ${JSON.stringify(parsed.problem)}`);
    const { view } = parsed;
    expect(Math.abs(view.longitude - WUPPERTAL.longitude) * METRES_PER_DEGREE).toBeLessThan(1);
    expect(Math.abs(view.latitude - WUPPERTAL.latitude) * METRES_PER_DEGREE).toBeLessThan(1);
    expect(Math.abs(view.height - WUPPERTAL.height)).toBeLessThan(1);
    for (const angle of ['heading', 'pitch', 'roll'] as const) {
      expect(Math.abs(view[angle] - WUPPERTAL[angle])).toBeLessThan(0.1);
    }
    expect(formatCameraView(view)).toBe(text);
  });

  it('writes the heading as 0..360 and the roll as −180..180, never "-0"', () => {
    const text = formatCameraView({ ...WUPPERTAL, heading: -90, roll: 270, pitch: -0.001 });
    expect(text.split(',').slice(3)).toEqual(['270', '0', '-90']);
    expect(formatCameraView({ ...WUPPERTAL, heading: 359.999 }).split(',')[3]).toBe('0');
  });

  it('reads spaces, exponents and a heading of 360', () => {
    expect(parseCameraView(' 7.15, 51.25 ,1e3,360,-90,180')).toEqual({
      view: { longitude: 7.15, latitude: 51.25, height: 1000, heading: 0, pitch: -90, roll: 180 },
    });
  });

  it('refuses a wrong number of values', () => {
    expect(parseCameraView('7.15,51.25,400')).toEqual({ problem: { kind: 'count', count: 3 } });
    expect(parseCameraView('7.15,51.25,400,0,-30,0,9')).toEqual({ problem: { kind: 'count', count: 7 } });
    expect(parseCameraView('')).toEqual({ problem: { kind: 'count', count: 1 } });
  });

  it('refuses text, NaN, Infinity and empty fields, naming the field', () => {
    expect(parseCameraView('7.15,abc,400,0,-30,0')).toEqual({
      problem: { kind: 'number', field: 'latitude', text: 'abc' },
    });
    expect(parseCameraView('NaN,51,400,0,-30,0')).toEqual({
      problem: { kind: 'number', field: 'longitude', text: 'NaN' },
    });
    expect(parseCameraView('7,51,Infinity,0,-30,0')).toEqual({
      problem: { kind: 'number', field: 'height', text: 'Infinity' },
    });
    expect(parseCameraView('7,51,400,,-30,0')).toEqual({
      problem: { kind: 'number', field: 'heading', text: '' },
    });
    expect(parseCameraView('0x10,51,400,0,-30,0')).toMatchObject({ problem: { kind: 'number' } });
  });

  it('refuses values out of range, naming field and range', () => {
    expect(parseCameraView('181,51,400,0,-30,0')).toEqual({
      problem: { kind: 'range', field: 'longitude', value: 181, min: -180, max: 180 },
    });
    expect(parseCameraView('7,51,400,0,-91,0')).toEqual({
      problem: { kind: 'range', field: 'pitch', value: -91, min: -90, max: 90 },
    });
    expect(parseCameraView('7,51,4e7,0,-30,0')).toMatchObject({
      problem: { kind: 'range', field: 'height' },
    });
    expect(parseCameraView('7,51,400,0,-30,1e400')).toMatchObject({
      problem: { kind: 'range', field: 'roll' },
    });
  });
});
