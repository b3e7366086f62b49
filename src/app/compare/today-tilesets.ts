import type { Cesium3DTileset } from 'cesium';

/**
 * Tilesets the compare divider loads as "today" (left of the divider, never clipped): the cut tool leaves
 * them alone. A WeakSet, so a destroyed copy is forgotten with it.
 */
export const TODAY_TILESETS = new WeakSet<Cesium3DTileset>();

/**
 * The tilesets the "today" side copies, as absolute URLs without repeats: the city's (`sources`, relative to
 * `baseUri`) and then the imported ones shown now (blob: URLs, `shownImportedTilesetUrls`).
 */
export function todayCopyUrls(
  sources: readonly { url: string }[],
  imported: readonly string[],
  baseUri: string,
): string[] {
  return [...new Set([...sources.map((source) => new URL(source.url, baseUri).href), ...imported])];
}
