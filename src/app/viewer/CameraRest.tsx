import { useEffect } from 'react';
import type { CameraView } from '../../core/view/camera-view.ts';
import { formatCameraView } from '../../core/view/camera-view.ts';
import { cameraViewOf } from './camera.ts';
import { useViewer } from './use-viewer.ts';

/**
 * Reports the camera's pose (degrees, ellipsoidal metres) each time it comes to rest (Cesium's `camera.moveEnd`),
 * and shows it on the viewer's container as `data-camera-view` (the `view=` value), where tests read it.
 */
export function CameraRest({ onRest }: { onRest: (view: CameraView) => void }) {
  const viewer = useViewer();
  useEffect(
    () =>
      viewer.camera.moveEnd.addEventListener(() => {
        const view = cameraViewOf(viewer);
        viewer.container.setAttribute('data-camera-view', formatCameraView(view));
        onRest(view);
      }),
    [viewer, onRest],
  );
  return null;
}
