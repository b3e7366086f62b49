import { createContext, useContext } from 'react';
import type { CesiumWidget } from 'cesium';

/**
 * The Cesium widget of the surrounding `CityViewer` (scene, camera, clock, entities, data sources, credits,
 * screen-space event handler), or undefined outside it.
 */
export const ViewerContext = createContext<CesiumWidget | undefined>(undefined);

/**
 * The Cesium widget of the surrounding `CityViewer`. Throws outside it, so a component that needs the
 * viewer cannot silently run without one.
 */
export function useViewer(): CesiumWidget {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer: must be used inside the CityViewer');
  return viewer;
}
