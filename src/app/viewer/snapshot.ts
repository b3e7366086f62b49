import type { CesiumWidget } from 'cesium';

/** Width of a scene's picture for the presenter window, pixels (its height follows the map's shape). */
export const SNAPSHOT_WIDTH = 480;

/**
 * A small JPEG of the map as it is drawn now (a `data:` URL, `width` pixels wide), or undefined where the
 * graphics cannot be read. Renders one frame and copies it in the same task: the WebGL drawing buffer is
 * not preserved after the page is composited.
 */
export function viewSnapshot(viewer: CesiumWidget, width = SNAPSHOT_WIDTH): string | undefined {
  if (viewer.isDestroyed()) return undefined;
  const source = viewer.canvas;
  if (source.width === 0 || source.height === 0) return undefined;
  const picture = document.createElement('canvas');
  picture.width = width;
  picture.height = Math.max(1, Math.round((width * source.height) / source.width));
  const context = picture.getContext('2d');
  if (!context) return undefined;
  viewer.scene.requestRender();
  viewer.render();
  context.drawImage(source, 0, 0, picture.width, picture.height);
  try {
    return picture.toDataURL('image/jpeg', 0.8);
  } catch {
    return undefined; // a tainted canvas (a base map without CORS) cannot be read
  }
}
