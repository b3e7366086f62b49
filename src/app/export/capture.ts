import { Cartesian2, Cartesian3, PerspectiveFrustum } from 'cesium';
import type { CesiumWidget } from 'cesium';
import { metresPerPixel, pictureFits } from '../../core/picture/picture.ts';
import type { PictureSize } from '../../core/picture/picture.ts';
import { sceneLoaded } from '../viewer/scene-loaded.ts';

/** What a capture of the current view gives: the scene's pixels and what the overlays need. */
export interface CapturedView {
  /** The scene, `size` pixels, without any overlay. */
  image: HTMLCanvasElement;
  /** Camera heading, radians clockwise from north. */
  headingRadians: number;
  /** Ground metres per picture pixel at the centre of the view; undefined when the centre shows sky. */
  metresPerPixel: number | undefined;
  /** The texts of Cesium's credit line at the time of the capture (data attributions, base map). */
  attributions: string[];
}

/** How long a capture waits for tiles and data at the picture's size. */
export interface CaptureOptions {
  /** Longest wait for the globe, the tilesets and the data sources to finish loading, milliseconds. */
  maxWaitMs?: number;
  /** Longest wait for one frame, milliseconds (a frame that never comes does not stall the capture). */
  frameTimeoutMs?: number;
}

export const CAPTURE_DEFAULTS: Required<CaptureOptions> = { maxWaitMs: 20_000, frameTimeoutMs: 15_000 };

/** The graphics cannot draw a picture this large (`maxSide` pixels per side), or it exceeds the memory bound. */
export class PictureTooLargeError extends Error {
  constructor(readonly maxSide: number) {
    super(`capture: the graphics draw at most ${maxSide} pixels per side`);
    this.name = 'PictureTooLargeError';
  }
}

/**
 * The largest side (pixels) the viewer's WebGL can draw: the smallest of its texture, renderbuffer and
 * viewport limits (Cesium draws a frame through textures and renderbuffers of the canvas's size).
 */
export function maxPictureSide(viewer: CesiumWidget): number {
  const canvas = viewer.canvas;
  // The context exists already: getContext returns Cesium's own.
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return 0;
  const viewport = gl.getParameter(gl.MAX_VIEWPORT_DIMS) as Int32Array | null;
  return Math.min(
    Number(gl.getParameter(gl.MAX_TEXTURE_SIZE)),
    Number(gl.getParameter(gl.MAX_RENDERBUFFER_SIZE)),
    viewport?.[0] ?? 0,
    viewport?.[1] ?? 0,
  );
}

/** Asks for a frame and resolves after it was drawn (or after `timeoutMs`). */
function nextFrame(viewer: CesiumWidget, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    const remove = viewer.scene.postRender.addEventListener(done);
    function done() {
      clearTimeout(timer);
      remove();
      resolve();
    }
    viewer.scene.requestRender();
  });
}

/** The texts of the credit line now (Cesium's on-screen credits, delimiters left out). */
function creditTexts(viewer: CesiumWidget): string[] {
  const container = viewer.creditDisplay.container.querySelector('.cesium-credit-textContainer');
  if (!container) return [];
  return Array.from(container.children)
    .filter((element) => !element.classList.contains('cesium-credit-delimiter'))
    .map((element) => element.textContent?.trim() ?? '')
    .filter((text) => text !== '');
}

/** Ground metres per drawing-buffer pixel at the centre of the view (depth buffer, else the ellipsoid). */
function centreScale(viewer: CesiumWidget): number | undefined {
  const { scene, camera, canvas } = viewer;
  const centre = new Cartesian2(canvas.clientWidth / 2, canvas.clientHeight / 2);
  let point: Cartesian3 | undefined;
  try {
    if (scene.pickPositionSupported) point = scene.pickPosition(centre);
  } catch {
    point = undefined; // no depth here: fall back to the ellipsoid
  }
  point ??= camera.pickEllipsoid(centre);
  if (!point) return undefined;
  const frustum = camera.frustum;
  if (!(frustum instanceof PerspectiveFrustum)) return undefined;
  return metresPerPixel(
    Cartesian3.distance(camera.positionWC, point),
    frustum.fovy ?? Number.NaN,
    canvas.height,
  );
}

/**
 * Draws the current view at `size` pixels and copies it: the canvas is enlarged (scaled down on screen by a CSS
 * transform, so the page keeps its look) at resolution scale 1, frames are drawn until the tiles and data for
 * that size have loaded (at most `maxWaitMs`), then one frame is rendered and copied in the same task (the
 * drawing buffer is not preserved). Everything is restored afterwards, also on failure. Throws a
 * `PictureTooLargeError` when WebGL cannot draw that size or it exceeds `MAX_PICTURE_PIXELS`.
 */
export async function captureView(
  viewer: CesiumWidget,
  size: PictureSize,
  options: CaptureOptions = {},
): Promise<CapturedView> {
  const { maxWaitMs, frameTimeoutMs } = { ...CAPTURE_DEFAULTS, ...options };
  const maxSide = maxPictureSide(viewer);
  if (!pictureFits(size, maxSide)) throw new PictureTooLargeError(maxSide);
  const canvas = viewer.canvas;
  const style = canvas.style;
  const saved = {
    width: style.width,
    height: style.height,
    transform: style.transform,
    transformOrigin: style.transformOrigin,
    resolutionScale: viewer.resolutionScale,
  };
  const shownWidth = canvas.clientWidth;
  const shownHeight = canvas.clientHeight;
  // Cesium's drawing buffer is the CSS size × pixel ratio (1 at the browser's recommended resolution).
  const ratio = viewer.useBrowserRecommendedResolution ? 1 : (globalThis.devicePixelRatio ?? 1);
  const cssWidth = size.width / ratio;
  const cssHeight = size.height / ratio;
  try {
    viewer.resolutionScale = 1;
    style.width = `${cssWidth}px`;
    style.height = `${cssHeight}px`;
    style.transformOrigin = '0 0';
    style.transform = `scale(${Math.min(shownWidth / cssWidth, shownHeight / cssHeight)})`;
    viewer.resize();
    const deadline = performance.now() + maxWaitMs;
    do {
      await nextFrame(viewer, frameTimeoutMs);
    } while (!viewer.isDestroyed() && !sceneLoaded(viewer) && performance.now() < deadline);
    if (viewer.isDestroyed()) throw new Error('capture: the viewer was closed');

    const image = document.createElement('canvas');
    image.width = size.width;
    image.height = size.height;
    const context = image.getContext('2d');
    if (!context) throw new Error('capture: no 2D canvas');
    // Render and copy in one task: the WebGL drawing buffer is only valid until the page is composited.
    viewer.scene.requestRender();
    viewer.render();
    context.drawImage(canvas, 0, 0, size.width, size.height);
    const scale = centreScale(viewer);
    return {
      image,
      headingRadians: viewer.camera.heading,
      // The buffer may differ from the picture by rounding: scale to the picture's pixels.
      metresPerPixel: scale === undefined ? undefined : (scale * canvas.height) / size.height,
      attributions: creditTexts(viewer),
    };
  } finally {
    if (!viewer.isDestroyed()) {
      style.width = saved.width;
      style.height = saved.height;
      style.transform = saved.transform;
      style.transformOrigin = saved.transformOrigin;
      viewer.resolutionScale = saved.resolutionScale;
      viewer.resize();
      viewer.scene.requestRender();
    }
  }
}
