import { useEffect } from 'react';
import type { OrbitView } from '../config/types.ts';
import { showOrbitView } from './camera.ts';
import { useViewer } from './use-viewer.ts';

/**
 * Sets the camera to the city's home view when the city (or its view) changes, and registers the
 * fly-home action for the Home button and the Home key.
 */
export function HomeView({
  view,
  registerFlyHome,
}: {
  view: OrbitView;
  registerFlyHome: (flyHome: (() => void) | undefined) => void;
}) {
  const viewer = useViewer();
  useEffect(() => {
    showOrbitView(viewer, view);
    registerFlyHome(() => showOrbitView(viewer, view, 1.5));
    return () => registerFlyHome(undefined);
  }, [viewer, view, registerFlyHome]);
  return null;
}
