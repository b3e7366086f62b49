import { useCesium } from 'resium';
import type { Viewer } from 'cesium';

/**
 * The Cesium viewer of the surrounding resium `<Viewer>`. Throws outside it, so a component that
 * needs the viewer cannot silently run without one.
 */
export function useViewer(): Viewer {
  const { viewer } = useCesium();
  if (!viewer) throw new Error('useViewer: must be used inside the CityViewer (resium <Viewer>)');
  return viewer;
}
