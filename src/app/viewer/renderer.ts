import type { Cesium3DTileset, CesiumWidget } from 'cesium';
import { perfTierOf, tilesetTierOptions } from './perf-tier.ts';

/** Renderer names of software WebGL implementations (Chromium's SwiftShader, Mesa's llvmpipe/softpipe). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software/i;

const softwareByCanvas = new WeakMap<HTMLCanvasElement, boolean>();

/**
 * True when the viewer's WebGL runs on a software renderer (no GPU: headless browsers, many virtual
 * desktops), where every frame is rasterised on the CPU and each GPU read-back stalls the page.
 */
export function isSoftwareRenderer(viewer: CesiumWidget): boolean {
  const canvas = viewer.canvas;
  let software = softwareByCanvas.get(canvas);
  if (software === undefined) {
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    const renderer = gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : '';
    software = SOFTWARE_RENDERER.test(renderer);
    softwareByCanvas.set(canvas, software);
  }
  return software;
}

/**
 * Options for a tileset of buildings (the city's and imported ones): detail at 8 px screen-space error,
 * and on software renderers no dynamic environment map. That map is rendered and read back with a
 * synchronous `readPixels` per tileset, which blocked the main thread for 0.65–0.85 s each time a tileset
 * was added (profiled while importing 100 MB of CityGML under SwiftShader); the buildings are then lit by
 * the sun and Cesium's default ambient light.
 */
export function buildingTilesetOptions(viewer: CesiumWidget): Cesium3DTileset.ConstructorOptions {
  return {
    maximumScreenSpaceError: 8,
    // The performance tier's screen-space error and cache sizes (none on software renderers).
    ...tilesetTierOptions(perfTierOf(viewer)),
    ...(isSoftwareRenderer(viewer) ? { environmentMapOptions: { enabled: false } } : {}),
  };
}
