import type { ImportEntry } from './import-session.ts';

/**
 * Root URLs (blob:, made by `createBlobTileset`) of the imported tilesets shown now, in import order: what the
 * shadow study counts as occluders and the compare divider copies as "today" besides the city's tilesets. A hidden
 * import is left out of both, as it is out of the picture.
 */
export function shownImportedTilesetUrls(entries: readonly ImportEntry[]): string[] {
  return entries.flatMap((entry) => (entry.tileset && entry.visible ? [entry.tileset.rootUrl] : []));
}
