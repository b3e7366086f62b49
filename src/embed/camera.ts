import { MathUtils, Matrix4, Vector3 } from 'three';
import type { PerspectiveCamera } from 'three';
import { CAMERA_FRAME, WGS84_ELLIPSOID } from '3d-tiles-renderer/three';
import type { CameraView } from '../core/view/camera-view.ts';
import type { OrbitView } from '../app/config/types.ts';
import type {} from './tiles-renderer-types.ts';

const { degToRad, radToDeg } = MathUtils;

/**
 * The camera pose of an orbit view (a city's home view): the camera stands `range` metres from the target,
 * looking at it along heading/pitch (degrees). Computed in the target's East-North-Up frame (ECEF metres).
 */
export function orbitToCameraView(orbit: OrbitView): CameraView {
  const { target, heading, pitch, range } = orbit;
  const h = degToRad(heading);
  const p = degToRad(pitch);
  const back = new Vector3(Math.cos(p) * Math.sin(h), Math.cos(p) * Math.cos(h), Math.sin(p)).multiplyScalar(
    -range,
  );
  const frame = WGS84_ELLIPSOID.getEastNorthUpFrame(
    degToRad(target.latitude),
    degToRad(target.longitude),
    target.height,
    new Matrix4(),
  );
  const position = back.applyMatrix4(frame);
  const geodetic = WGS84_ELLIPSOID.getPositionToCartographic(position, { lat: 0, lon: 0, height: 0 });
  return {
    longitude: radToDeg(geodetic.lon),
    latitude: radToDeg(geodetic.lat),
    height: geodetic.height,
    heading,
    pitch,
    roll: 0,
  };
}

/** Puts a three.js camera (in ECEF metres, the tiles' frame) at `view` (degrees, ellipsoidal metres). */
export function applyCameraView(camera: PerspectiveCamera, view: CameraView): void {
  WGS84_ELLIPSOID.getObjectFrame(
    degToRad(view.latitude),
    degToRad(view.longitude),
    view.height,
    degToRad(view.heading),
    degToRad(view.pitch),
    degToRad(view.roll),
    camera.matrix,
    CAMERA_FRAME,
  );
  camera.matrix.decompose(camera.position, camera.quaternion, camera.scale);
  camera.updateMatrixWorld(true);
}

/** The camera's pose as a shareable view (degrees, ellipsoidal metres). */
export function cameraViewOf(camera: PerspectiveCamera): CameraView {
  camera.updateMatrixWorld();
  const pose = WGS84_ELLIPSOID.getCartographicFromObjectFrame(
    camera.matrixWorld,
    { lat: 0, lon: 0, height: 0, azimuth: 0, elevation: 0, roll: 0 },
    CAMERA_FRAME,
  );
  const wrap = (degrees: number, start: number) => ((((degrees - start) % 360) + 360) % 360) + start;
  return {
    longitude: radToDeg(pose.lon),
    latitude: radToDeg(pose.lat),
    height: pose.height,
    heading: wrap(radToDeg(pose.azimuth), 0) % 360,
    pitch: MathUtils.clamp(radToDeg(pose.elevation), -90, 90),
    roll: wrap(radToDeg(pose.roll), -180),
  };
}
