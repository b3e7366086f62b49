import { Cesium3DTileset } from 'cesium';
import type { CesiumWidget } from 'cesium';

/** Whether the globe, every 3D tileset and every data source had finished loading at the last frame drawn. */
export function sceneLoaded(viewer: CesiumWidget): boolean {
  const scene = viewer.scene;
  if (!scene.globe.tilesLoaded || !viewer.dataSourceDisplay.ready) return false;
  for (let i = 0; i < scene.primitives.length; i += 1) {
    const primitive: unknown = scene.primitives.get(i);
    if (primitive instanceof Cesium3DTileset && !primitive.tilesLoaded) return false;
  }
  return true;
}
