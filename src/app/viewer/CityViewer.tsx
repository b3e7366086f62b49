import type { ReactNode } from 'react';
import { Viewer } from 'resium';

/**
 * The resium `<Viewer>` with every online default switched off: no ion imagery (`baseLayer={false}`;
 * `BaseMapLayer` adds ours), no geocoder, ellipsoid terrain, Cesium's own widgets replaced by ours
 * (large touch targets). Render on demand to spare phones' batteries.
 */
export function CityViewer({ children }: { children: ReactNode }) {
  return (
    <Viewer
      full
      baseLayer={false}
      baseLayerPicker={false}
      geocoder={false}
      homeButton={false}
      sceneModePicker={false}
      navigationHelpButton={false}
      animation={false}
      timeline={false}
      fullscreenButton={false}
      infoBox={false}
      selectionIndicator={false}
      requestRenderMode
      maximumRenderTimeChange={Infinity}
    >
      {children}
    </Viewer>
  );
}
