import {
  Cartesian3,
  Cartographic,
  HeadingPitchRange,
  HeadingPitchRoll,
  Math as CesiumMath,
  Matrix4,
} from 'cesium';
import type { CesiumWidget } from 'cesium';
import type { CameraView } from '../../core/view/camera-view.ts';
import type { OrbitView } from '../config/types.ts';
import { motionSeconds } from '../a11y/motion.ts';

/**
 * Puts the camera on an orbit around `view.target` (degrees, ellipsoidal metres) so the target sits
 * at the screen centre; with `durationSeconds` > 0 the camera flies there smoothly (jumps under reduced motion).
 */
export function showOrbitView(viewer: CesiumWidget, view: OrbitView, flightSeconds = 0): void {
  const durationSeconds = motionSeconds(flightSeconds);
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

/** The camera's pose now: WGS84 degrees, ellipsoidal metres, degrees (heading 0..360, roll −180..180). */
export function cameraViewOf(viewer: CesiumWidget): CameraView {
  const camera = viewer.camera;
  const position = Cartographic.fromCartesian(camera.positionWC);
  const roll = CesiumMath.toDegrees(camera.roll);
  return {
    longitude: CesiumMath.toDegrees(position.longitude),
    latitude: CesiumMath.toDegrees(position.latitude),
    height: position.height,
    heading: CesiumMath.toDegrees(CesiumMath.zeroToTwoPi(camera.heading)),
    pitch: CesiumMath.toDegrees(camera.pitch),
    roll: roll > 180 ? roll - 360 : roll,
  };
}

/** Cesium's destination and orientation for a shared camera view. */
function destinationOf(view: CameraView): { destination: Cartesian3; orientation: HeadingPitchRoll } {
  return {
    destination: Cartesian3.fromDegrees(view.longitude, view.latitude, view.height),
    orientation: HeadingPitchRoll.fromDegrees(view.heading, view.pitch, view.roll),
  };
}

/** Puts the camera at `view` (degrees, ellipsoidal metres) at once. */
export function showCameraView(viewer: CesiumWidget, view: CameraView): void {
  viewer.camera.setView(destinationOf(view));
  viewer.scene.requestRender();
}

/**
 * Flies the camera to `view` in `flightSeconds` (0, or reduced motion, jumps). Resolves true when it arrived, false when the flight
 * was cancelled: by `signal`, by another flight, or by the viewer going away.
 */
export function flyToCameraView(
  viewer: CesiumWidget,
  view: CameraView,
  flightSeconds: number,
  signal?: AbortSignal,
): Promise<boolean> {
  const durationSeconds = motionSeconds(flightSeconds);
  if (signal?.aborted || viewer.isDestroyed()) return Promise.resolve(false);
  if (durationSeconds <= 0) {
    showCameraView(viewer, view);
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const onAbort = () => {
      if (!viewer.isDestroyed()) viewer.camera.cancelFlight();
      resolve(false);
    };
    const settle = (arrived: boolean) => {
      signal?.removeEventListener('abort', onAbort);
      resolve(arrived);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    viewer.camera.flyTo({
      ...destinationOf(view),
      duration: durationSeconds,
      complete: () => settle(true),
      cancel: () => settle(false),
    });
    viewer.scene.requestRender();
  });
}
