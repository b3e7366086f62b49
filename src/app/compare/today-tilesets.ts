import type { Cesium3DTileset } from 'cesium';

/**
 * Tilesets the compare divider loads as "today" (left of the divider, never clipped): the cut tool leaves
 * them alone. A WeakSet, so a destroyed copy is forgotten with it.
 */
export const TODAY_TILESETS = new WeakSet<Cesium3DTileset>();
