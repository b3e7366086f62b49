import { useEffect } from 'react';
import type { CesiumWidget } from 'cesium';
import { useViewer } from '../viewer/use-viewer.ts';

/**
 * Hands the Cesium viewer to state that lives outside the `CityViewer` (the scene target used by story
 * panels), and takes it back when the viewer goes away.
 */
export function ViewerHandle({ register }: { register: (viewer: CesiumWidget | undefined) => void }) {
  const viewer = useViewer();
  useEffect(() => {
    register(viewer);
    return () => register(undefined);
  }, [viewer, register]);
  return null;
}
