import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { Cesium3DTileset } from 'cesium';
import { Viewer } from 'resium';
import { FIRST_FRAME_MARK } from './CityTileset.tsx';
import { renderScaleFromSearch, SOFTWARE_RENDER_SCALE } from './render-scale.ts';
import { isSoftwareRenderer } from './renderer.ts';
import { useViewer } from './use-viewer.ts';

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
      <SoftwareRendererSettings />
      <SceneSettledMark />
      {children}
    </Viewer>
  );
}

/**
 * Settings for WebGL on a software renderer (no GPU: headless browsers, many virtual desktops), where
 * every frame is rasterised on the CPU: no 4× multisampling, and half the resolution in each direction,
 * smoothly upscaled.
 * Measured with bench/browser-import.ts (SwiftShader, 1280×800, 2 cores): a frame took 0.7–0.9 s at
 * full resolution and 0.3–0.5 s at half, and an imported tileset needs about five frames to show.
 * Graphics hardware keeps Cesium's defaults.
 */
function SoftwareRendererSettings() {
  const viewer = useViewer();
  useEffect(() => {
    const requested = renderScaleFromSearch(globalThis.location?.search ?? '');
    const software = isSoftwareRenderer(viewer);
    if (software) viewer.scene.msaaSamples = 1;
    const scale = requested ?? (software ? SOFTWARE_RENDER_SCALE : undefined);
    if (scale !== undefined) viewer.resolutionScale = scale;
    // Cesium upscales pixelated (crisp on high-DPI screens); a coarser buffer reads better smoothed.
    if (scale !== undefined && scale < 1) viewer.canvas.style.imageRendering = 'auto';
    viewer.scene.requestRender();
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
      const primitives = scene.primitives;
      for (let i = 0; i < primitives.length; i += 1) {
        const primitive: unknown = primitives.get(i);
        if (primitive instanceof Cesium3DTileset && !primitive.tilesLoaded) return;
      }
      const cityDrawn = performance.getEntriesByName(FIRST_FRAME_MARK).length > 0;
      if (!cityDrawn || !scene.globe.tilesLoaded || !viewer.dataSourceDisplay.ready) return;
      remove();
      performance.mark(SCENE_SETTLED_MARK);
    });
    return remove;
  }, [viewer]);
  return null;
}
