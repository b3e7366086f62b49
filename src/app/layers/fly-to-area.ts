import { BoundingSphere, Cartesian3, HeadingPitchRange, Math as CesiumMath } from 'cesium';
import type { CesiumWidget } from 'cesium';
import { motionSeconds } from '../a11y/motion.ts';

/** Most vertices used for the bounding sphere (an even sample of larger layers). */
const SAMPLE = 5000;

/**
 * Flies to the points `coordinates` (lon/lat pairs, WGS84 degrees, interleaved): looks at their bounding sphere
 * (on the ellipsoid) from the south at 60° down, at least 400 m away, then frees the camera. Nothing when empty.
 */
export function flyToArea(viewer: CesiumWidget, coordinates: Float64Array): void {
  const vertices = coordinates.length / 2;
  if (vertices === 0 || viewer.isDestroyed()) return;
  const step = Math.max(1, Math.ceil(vertices / SAMPLE));
  const points: Cartesian3[] = [];
  for (let v = 0; v < vertices; v += step) {
    points.push(Cartesian3.fromDegrees(coordinates[2 * v] as number, coordinates[2 * v + 1] as number));
  }
  const sphere = BoundingSphere.fromPoints(points);
  const range = Math.max(400, sphere.radius * 2.6);
  viewer.camera.flyToBoundingSphere(sphere, {
    offset: new HeadingPitchRange(0, CesiumMath.toRadians(-60), range),
    duration: motionSeconds(1),
  });
  viewer.scene.requestRender();
}
