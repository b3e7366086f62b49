import { ADDRESS_INDEX_FILE } from '../../core/search/address-index.ts';
import type { TilesetSource } from '../config/types.ts';
import type { ImportEntry } from '../import/import-session.ts';

/** Where one address index comes from: a configured tileset's folder, or an import's converted files. */
export interface AddressSource {
  /** Stable id (the tileset's or the import's), also the key of its results. */
  id: string;
  /** Name shown when its index cannot be loaded. */
  label: string;
  /** Reads the index text; undefined when the tileset has none (converted before the index existed). */
  read(signal: AbortSignal): Promise<string | undefined>;
}

/** The address index URL beside a configured tileset's tileset.json (same folder, relative to the page). */
export function addressIndexUrl(tilesetUrl: string, base: string): string {
  return new URL(ADDRESS_INDEX_FILE, new URL(tilesetUrl, base)).href;
}

/** A configured tileset's index, fetched from beside its tileset.json; a 404 means "no index", not an error. */
export function tilesetAddressSource(source: TilesetSource, label: string, base: string): AddressSource {
  const url = addressIndexUrl(source.url, base);
  return {
    id: `tileset:${source.id}`,
    label,
    async read(signal) {
      const response = await fetch(url, { signal });
      if (response.status === 404) return undefined;
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.text();
    },
  };
}

/** The index among an import's converted files, if it has one (tilesets from .3tz files may not). */
export function importAddressSource(entry: ImportEntry): AddressSource | undefined {
  const file = entry.tileset?.files.find((f) => f.path === ADDRESS_INDEX_FILE);
  if (!file) return undefined;
  return { id: `import:${entry.id}`, label: entry.name, read: () => file.blob.text() };
}
