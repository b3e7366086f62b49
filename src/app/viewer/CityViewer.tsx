import { useCallback, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { Ion } from 'cesium';
import { Viewer } from 'resium';
import { FIRST_FRAME_MARK } from './CityTileset.tsx';
import { ContextLossNotice, ContextLossWatch, RestoreCamera } from './ContextLoss.tsx';
import type { SavedCamera } from './ContextLoss.tsx';
import { PerfTierSettings } from './PerfTierSettings.tsx';
import { sceneLoaded } from './scene-loaded.ts';
import { SceneLoadedState } from './SceneLoadedState.tsx';
import { useViewer } from './use-viewer.ts';

// No Cesium ion: every asset comes from this origin. Clear the token Cesium ships with.
Ion.defaultAccessToken = '';

/**
 * The resium `<Viewer>` with every online default switched off: no ion imagery (`baseLayer={false}`;
 * `BaseMapLayer` adds ours), no geocoder, ellipsoid terrain, Cesium's own widgets replaced by ours
 * (large touch targets). Render on demand to spare phones' batteries. When the WebGL context is lost, a
 * notice says so, and the viewer is made anew (with its children, at the same camera) once the browser
 * restores the context or the user asks.
 */
export function CityViewer({ children }: { children: ReactNode }) {
  const [generation, setGeneration] = useState(0);
  const [lost, setLost] = useState(false);
  const [camera, setCamera] = useState<SavedCamera | undefined>();
  const onLost = useCallback((saved: SavedCamera) => {
    setCamera(saved);
    setLost(true);
  }, []);
  const recover = useCallback(() => {
    setLost(false);
    setGeneration((previous) => previous + 1);
  }, []);
  return (
    <>
      <CesiumViewer key={generation}>
        <ContextLossWatch onLost={onLost} onRestored={recover} />
        {children}
        <RestoreCamera camera={camera} />
      </CesiumViewer>
      {lost && <ContextLossNotice onRecover={recover} />}
    </>
  );
}

function CesiumViewer({ children }: { children: ReactNode }) {
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
      <PerfTierSettings />
      <SceneSettledMark />
      <SceneLoadedState />
      {children}
    </Viewer>
  );
}

/** Performance mark set after the first frame drawn with everything loaded (read by bench/browser-import.ts). */
const SCENE_SETTLED_MARK = 'stadtmodell:scene-settled';

/**
 * Sets the performance mark `stadtmodell:scene-settled` after the first frame, once the city's buildings
 * were drawn, in which the globe, every 3D tileset and every data source had finished loading, so a benchmark can start from a quiet scene
 * (start-up work such as the globe's first shaders must not be counted against what it measures).
 */
function SceneSettledMark() {
  const viewer = useViewer();
  useEffect(() => {
    const scene = viewer.scene;
    const remove = scene.postRender.addEventListener(() => {
      const cityDrawn = performance.getEntriesByName(FIRST_FRAME_MARK).length > 0;
      if (!cityDrawn || !sceneLoaded(viewer)) return;
      remove();
      performance.mark(SCENE_SETTLED_MARK);
    });
    return remove;
  }, [viewer]);
  return null;
}
