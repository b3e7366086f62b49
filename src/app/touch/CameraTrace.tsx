import { useEffect } from 'react';
import { Math as CesiumMath } from 'cesium';
import { useViewer } from '../viewer/use-viewer.ts';

/** Name of the performance mark set after every frame while `?cameraTrace=1` is in the link. */
export const CAMERA_FRAME_MARK = 'stadtmodell:camera-frame';

/** The camera after one drawn frame (the `detail` of a `stadtmodell:camera-frame` mark). */
export interface CameraFrame {
  /** Camera position, ECEF metres. */
  x: number;
  y: number;
  z: number;
  /** Ellipsoidal height, metres. */
  height: number;
  /** Degrees: heading clockwise from north (0..360), pitch (negative looks down). */
  heading: number;
  pitch: number;
  /** Unit view direction, ECEF: where the screen centre's ray goes. */
  dx: number;
  dy: number;
  dz: number;
}

/** Whether `search` asks for the per-frame camera trace (`?cameraTrace=1`). */
export function cameraTraceRequested(search: string): boolean {
  return new URLSearchParams(search).get('cameraTrace') === '1';
}

/**
 * With `?cameraTrace=1`, sets a performance mark with the camera's pose after every drawn frame, so tests and
 * benchmarks can measure the camera path of a gesture frame by frame (largest step, stray rotation) without
 * reaching into the page's objects. Does nothing otherwise.
 */
export function CameraTrace() {
  const viewer = useViewer();
  useEffect(() => {
    if (!cameraTraceRequested(globalThis.location?.search ?? '')) return;
    const camera = viewer.camera;
    return viewer.scene.postRender.addEventListener(() => {
      const p = camera.positionWC;
      const detail: CameraFrame = {
        x: p.x,
        y: p.y,
        z: p.z,
        height: camera.positionCartographic.height,
        heading: CesiumMath.toDegrees(CesiumMath.zeroToTwoPi(camera.heading)),
        pitch: CesiumMath.toDegrees(camera.pitch),
        dx: camera.directionWC.x,
        dy: camera.directionWC.y,
        dz: camera.directionWC.z,
      };
      performance.mark(CAMERA_FRAME_MARK, { detail });
    });
  }, [viewer]);
  return null;
}
