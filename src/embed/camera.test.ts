import { PerspectiveCamera } from 'three';
import { describe, expect, it } from 'vitest';
import { applyCameraView, cameraViewOf, orbitToCameraView } from './camera.ts';

describe('embed camera', () => {
  it('puts a three.js camera at a shareable view and reads the same view back', () => {
    const view = {
      longitude: 7.2037732,
      latitude: 51.2949588,
      height: 663.47,
      heading: 200,
      pitch: -32,
      roll: 0,
    };
    const camera = new PerspectiveCamera();
    applyCameraView(camera, view);
    const back = cameraViewOf(camera);
    expect(back.longitude).toBeCloseTo(view.longitude, 7);
    expect(back.latitude).toBeCloseTo(view.latitude, 7);
    expect(back.height).toBeCloseTo(view.height, 3);
    expect(back.heading).toBeCloseTo(view.heading, 4);
    expect(back.pitch).toBeCloseTo(view.pitch, 4);
    expect(back.roll).toBeCloseTo(0, 4);
  });

  it('places an orbit view’s camera range metres from the target, looking at it', () => {
    const orbit = {
      target: { longitude: 7.200239, latitude: 51.288871, height: 213 },
      heading: 200,
      pitch: -32,
      range: 850,
    };
    const view = orbitToCameraView(orbit);
    // 850 m at −32°: 450 m higher, 721 m back along heading 200° (so north-north-east of the target).
    expect(view.height).toBeCloseTo(213 + 850 * Math.sin((32 * Math.PI) / 180), 0);
    expect(view.latitude).toBeGreaterThan(orbit.target.latitude);
    expect(view.longitude).toBeGreaterThan(orbit.target.longitude);
    const camera = new PerspectiveCamera();
    applyCameraView(camera, view);
    const forward = camera.getWorldDirection(camera.position.clone());
    const toTarget = camera.position.clone().negate();
    // The target in ECEF, from the orbit (degrees → the camera's own frame): the view direction points at it.
    const target = new PerspectiveCamera();
    applyCameraView(target, { ...orbit.target, heading: 0, pitch: 0, roll: 0 });
    toTarget.add(target.position).normalize();
    expect(forward.angleTo(toTarget)).toBeLessThan(0.002);
  });
});
