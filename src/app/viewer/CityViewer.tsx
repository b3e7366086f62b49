import { useCallback, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { CSSProperties, ReactNode } from 'react';
import { Ion } from 'cesium';
import { CesiumWidget as ResiumCesiumWidget, useCesium } from 'resium';
import { precomputedBrdfLut } from './brdf-lut.ts';
import { FIRST_FRAME_MARK } from './CityTileset.tsx';
import { ContextLossNotice, ContextLossWatch, RestoreCamera } from './ContextLoss.tsx';
import { DataCreditsAsText } from './DataCredits.tsx';
import type { SavedCamera } from './ContextLoss.tsx';
import { PerfTierSettings } from './PerfTierSettings.tsx';
import { SoftwareSky } from './SoftwareSky.tsx';
import { sceneLoaded } from './scene-loaded.ts';
import { SceneLoadedState } from './SceneLoadedState.tsx';
import { useViewer, ViewerContext } from './use-viewer.ts';

// No Cesium ion: every asset comes from this origin. Clear the token Cesium ships with.
Ion.defaultAccessToken = '';

/**
 * The 3D view: Cesium's `CesiumWidget` (scene, camera, clock, entities, data sources, credits) with every online
 * default switched off: no ion imagery (`baseLayer: false`; `BaseMapLayer` adds ours), ellipsoid terrain. No star sky
 * box (`skyBox: false`, which also leaves out Cesium's sun disc and moon): the city is lit at a fixed daytime instant
 * and seen from street to roof height, where stars never show; the atmosphere's blue sky stays. That spares fetching
 * and uploading six 1024² star images at start-up, which blocked the main thread about 0.2 s under SwiftShader. Not
 * Cesium's `Viewer`: its widgets (animation, timeline, geocoder, layer picker, help, full screen, info box) are
 * replaced by ours (large touch targets), and leaving them out keeps about 80 kB gzip of JavaScript (with
 * Knockout) out of the start-up bundle. Render on demand to spare phones' batteries. When the WebGL context is
 * lost, a notice says so, and the viewer is made anew (with its children, at the same camera) once the browser
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

/** Fills the map area. */
const FULL: CSSProperties = { position: 'absolute', top: 0, right: 0, bottom: 0, left: 0 };

/**
 * The `CesiumWidget` made by resium's `CesiumWidget` component (created in its effect, destroyed in its cleanup,
 * StrictMode-safe) inside the DOM Cesium's `Viewer` would make (`.cesium-viewer`, the widget's container, credits
 * in `.cesium-viewer-bottom`: its styles and our CSS apply unchanged). The credit container must exist when the
 * widget is made, so the widget waits for it. The children, which reach the widget through `useViewer`, render
 * into the map area beside `.cesium-viewer` (a portal), not inside Cesium's container.
 */
function CesiumViewer({ children }: { children: ReactNode }) {
  const [credits, setCredits] = useState<HTMLDivElement | null>(null);
  const [mapArea, setMapArea] = useState<HTMLDivElement | null>(null);
  return (
    <div ref={setMapArea} style={FULL}>
      <div className="cesium-viewer">
        {credits && mapArea && (
          <ResiumCesiumWidget
            className="cesium-viewer-cesiumWidgetContainer"
            containerProps={WIDGET_CONTAINER_PROPS}
            baseLayer={false}
            skyBox={false}
            creditContainer={credits}
            requestRenderMode
            maximumRenderTimeChange={Infinity}
            useDefaultRenderLoop={false}
          >
            <WidgetChildren target={mapArea}>{children}</WidgetChildren>
          </ResiumCesiumWidget>
        )}
        <div ref={setCredits} className="cesium-viewer-bottom" />
      </div>
    </div>
  );
}

/** Test hook of the widget's container (read by e2e/pixels.ts). */
const WIDGET_CONTAINER_PROPS = { 'data-testid': 'viewer-container' };

/** Hands resium's widget to our own context and renders the children into `target`. */
function WidgetChildren({ target, children }: { target: HTMLElement; children: ReactNode }) {
  const { cesiumWidget } = useCesium();
  if (!cesiumWidget) return null;
  return createPortal(
    <ViewerContext.Provider value={cesiumWidget}>
      <PrecomputedBrdfLut />
      <DataCreditsAsText />
      <PerfTierSettings />
      <SoftwareSky />
      <SceneSettledMark />
      <SceneLoadedState />
      {children}
      <StartRenderLoop />
    </ViewerContext.Provider>,
    target,
  );
}

/**
 * Fetches the precomputed BRDF table for the scene (`brdf-lut.ts`) as soon as the widget exists, alongside the city's
 * tileset.json; `CityTileset` waits for it.
 */
function PrecomputedBrdfLut() {
  const viewer = useViewer();
  useEffect(() => {
    void precomputedBrdfLut(viewer);
  }, [viewer]);
  return null;
}

/** Performance mark set when the widget's render loop starts (read by bench/viewer-startup.ts). */
const RENDER_LOOP_MARK = 'stadtmodell:render-loop-started';

/**
 * Starts the widget's render loop, which it is made without. As the last child, its effect runs after every
 * other child's (React runs sibling effects in order): the city's tileset has been asked for and the performance
 * tier has set the resolution and multisampling before Cesium draws its first frame. Made with its loop on, the
 * widget drew its first frames (the globe's and sky's shaders compiled, at full resolution with 4× MSAA under
 * SwiftShader) in the animation frames between its creation and React mounting the children, so the tileset was
 * asked for about 1.4 s later (bench:viewer).
 */
function StartRenderLoop() {
  const viewer = useViewer();
  useEffect(() => {
    if (viewer.useDefaultRenderLoop) return;
    viewer.useDefaultRenderLoop = true;
    performance.mark(RENDER_LOOP_MARK);
  }, [viewer]);
  return null;
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
