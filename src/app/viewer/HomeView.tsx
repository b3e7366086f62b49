import { useEffect } from 'react';
import type { CameraView } from '../../core/view/camera-view.ts';
import type { OrbitView } from '../config/types.ts';
import { showCameraView, showOrbitView } from './camera.ts';
import { useViewer } from './use-viewer.ts';

/**
 * Sets the camera to the city's home view when the city (or its view) changes, or to `startView` (a shared view
 * from the URL: degrees, ellipsoidal metres) when given, and registers the fly-home action for the Home button and
 * the Home key.
 */
export function HomeView({
  view,
  startView,
  registerFlyHome,
}: {
  view: OrbitView;
  startView?: CameraView;
  registerFlyHome: (flyHome: (() => void) | undefined) => void;
}) {
  const viewer = useViewer();
  useEffect(() => {
    if (startView) showCameraView(viewer, startView);
    else showOrbitView(viewer, view);
    registerFlyHome(() => showOrbitView(viewer, view, 1.5));
    return () => registerFlyHome(undefined);
  }, [viewer, view, startView, registerFlyHome]);
  return null;
}
