import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { Cesium3DTileset } from 'cesium';
import { Viewer } from 'resium';
import { FIRST_FRAME_MARK } from './CityTileset.tsx';
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
      <SoftwareRendererAntialiasing />
      <SceneSettledMark />
      {children}
    </Viewer>
  );
}

/** Renderer names of software WebGL implementations (Chromium's SwiftShader, Mesa's llvmpipe/softpipe). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software/i;

/**
 * Switches Cesium's 4× multisampling off when WebGL runs on a software renderer (no GPU: headless
 * browsers, many virtual desktops). There every frame is rasterized on the CPU and 4× MSAA makes each
 * one far slower (measured with bench/browser-import.ts: an imported tileset needs about five frames
 * to show); graphics hardware keeps Cesium's default.
 */
function SoftwareRendererAntialiasing() {
  const viewer = useViewer();
  useEffect(() => {
    const gl = viewer.canvas.getContext('webgl2') ?? viewer.canvas.getContext('webgl');
    if (!gl) return;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    if (!SOFTWARE_RENDERER.test(renderer)) return;
    viewer.scene.msaaSamples = 1;
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
