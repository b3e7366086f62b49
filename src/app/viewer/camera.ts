import { Cartesian3, HeadingPitchRange, Math as CesiumMath, Matrix4 } from 'cesium';
import type { Viewer } from 'cesium';
import type { OrbitView } from '../config/types.ts';

/**
 * Puts the camera on an orbit around `view.target` (degrees, ellipsoidal metres) so the target sits
 * at the screen centre; with `durationSeconds` > 0 the camera flies there smoothly.
 */
export function showOrbitView(viewer: Viewer, view: OrbitView, durationSeconds = 0): void {
  const target = Cartesian3.fromDegrees(view.target.longitude, view.target.latitude, view.target.height);
  const offset = new HeadingPitchRange(
    CesiumMath.toRadians(view.heading),
    CesiumMath.toRadians(view.pitch),
    view.range,
  );
  const camera = viewer.camera;
  if (durationSeconds <= 0) {
    camera.lookAt(target, offset);
    camera.lookAtTransform(Matrix4.IDENTITY);
    viewer.scene.requestRender();
    return;
  }
  // Fly to the same pose lookAt would give: compute it, then fly.
  const saved = {
    position: camera.position.clone(),
    heading: camera.heading,
    pitch: camera.pitch,
    roll: camera.roll,
  };
  camera.lookAt(target, offset);
  camera.lookAtTransform(Matrix4.IDENTITY);
  const destination = camera.position.clone();
  const orientation = { heading: camera.heading, pitch: camera.pitch, roll: camera.roll };
  camera.setView({ destination: saved.position, orientation: saved });
  camera.flyTo({ destination, orientation, duration: durationSeconds });
}
