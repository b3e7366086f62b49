import { useEffect } from 'react';
import type { CameraView } from '../../core/view/camera-view.ts';
import type { OrbitView } from '../config/types.ts';
import { useOnReset } from '../state/reset.ts';
import { showCameraView, showOrbitView } from '../viewer/camera.ts';
import { useViewer } from '../viewer/use-viewer.ts';

/** Whether the person asked the system for reduced motion. */
function prefersReducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/**
 * The kiosk inside the viewer: on every app reset the camera jumps back to the page's start (`startView`, the
 * link's `view=` as opened: degrees, ellipsoidal metres; else the city's home view), cancelling any flight; while
 * `orbit` is on, the camera circles the home view's target at `degreesPerSecond` (not with reduced motion).
 */
export function KioskScene({
  homeView,
  startView,
  orbit,
  degreesPerSecond,
}: {
  homeView: OrbitView;
  startView: CameraView | undefined;
  orbit: boolean;
  degreesPerSecond: number;
}) {
  const viewer = useViewer();
  useOnReset(() => {
    if (viewer.isDestroyed()) return;
    viewer.camera.cancelFlight();
    if (startView) showCameraView(viewer, startView);
    else showOrbitView(viewer, homeView);
  });

  useEffect(() => {
    if (!orbit || prefersReducedMotion()) return;
    let frame = 0;
    let last: number | undefined;
    let heading = homeView.heading;
    const step = (now: number) => {
      if (viewer.isDestroyed()) return;
      heading = (heading + (degreesPerSecond * (now - (last ?? now))) / 1000) % 360;
      last = now;
      showOrbitView(viewer, { ...homeView, heading });
      frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [viewer, orbit, homeView, degreesPerSecond]);
  return null;
}
