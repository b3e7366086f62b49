/**
 * A terrain model (DGM) dropped as a ZIP, as state portals deliver them: the archive's grid entries (GeoTIFF,
 * XYZ or ESRI ASCII grid) read as dropped files of their kind, a text grid with the `.prj` entry beside it, and
 * several (the tiles of a portal's selection) put together into one grid. Inflated within the ZIP reader's
 * limits (sizes and ratios checked as it inflates). Platform-free.
 */
import { errorMessage } from '../errors.ts';
import { checkZipLimits, listZip, readZipEntry, ZipReadError, type ZipEntry } from '../zip/read-zip.ts';
import { DGM_EXTENSIONS, dgmTilesOf, isDgmTextName, isGzippedDgmName, isTxtName } from './dgm-names.ts';
import { looksLikeGridText } from './grid-text.ts';
import { PRJ_MAX_BYTES } from '../layers/gis/prj.ts';
import { DgmError, readDgmGeoTiff, readDgmText, readDgmTiles, type DgmGrid } from './dgm.ts';

/**
 * Reads the terrain model in the ZIP `bytes` (file name `name`): its one grid, or its grids put together
 * (`mergeDgmGrids`: one CRS, one lattice). Throws `DgmError` naming the archive (and the entry): a damaged or
 * crafted ZIP, no grid, grids that do not fit together or hold more than `DGM_MAX_CELLS` together, or an
 * entry's own faults.
 */
export async function readDgmZip(bytes: Uint8Array, name: string): Promise<DgmGrid> {
  /** The entry being read: its messages are given as "<archive>: <entry>: …". */
  let entry: string | undefined;
  try {
    const entries = listZip(bytes, name);
    // a grid gzipped inside the archive is not read (no portal delivers one; it would inflate twice)
    const tiles = dgmTilesOf(entries).filter(({ grid }) => !isGzippedDgmName(grid.name));
    if (tiles.length === 0)
      throw new DgmError(
        name,
        `expected a ZIP holding a terrain model (${DGM_EXTENSIONS.join(', ')}), found none among its ${entries.length} entries`,
      );
    // every entry's declared size is checked before any is inflated
    checkZipLimits(
      tiles.flatMap(({ grid, prj }) => (prj ? [grid, prj] : [grid])),
      name,
    );
    let grids = 0;
    try {
      return await readDgmTiles(
        tiles.map(({ grid, prj }) => ({
          name: grid.name,
          read: async () => {
            entry = grid.name;
            const read = await readGridEntry(bytes, name, grid, prj);
            if (read) grids++;
            return read;
          },
        })),
        name,
      );
    } catch (error) {
      // every entry skipped: .txt files that are no grids (a readme, a licence)
      if (grids === 0 && error instanceof DgmError && error.file === name)
        throw new DgmError(
          name,
          `expected a ZIP holding a terrain model (${DGM_EXTENSIONS.join(', ')}), found none among its ${entries.length} entries (its .txt files are not height grids)`,
        );
      throw error;
    }
  } catch (error) {
    if (error instanceof DgmError) {
      if (error.file === name) throw error;
      // an entry's reader names "<archive>: <entry>": the archive once, as every DgmError of this file does
      throw new DgmError(name, error.message.slice(name.length + 2));
    }
    const message = errorMessage(error);
    const detail =
      error instanceof ZipReadError && message.startsWith(`${name}: `)
        ? message.slice(name.length + 2)
        : message;
    throw new DgmError(name, entry && !detail.includes(entry) ? `${entry}: ${detail}` : detail);
  }
}

/** One grid entry of the ZIP `bytes` (named `name`) read as a dropped file of its kind, a text grid with its `.prj` entry. */
async function readGridEntry(
  bytes: Uint8Array,
  name: string,
  grid: ZipEntry,
  prjEntry: ZipEntry | undefined,
): Promise<DgmGrid | undefined> {
  const data = readZipEntry(bytes, grid, name);
  const entryName = `${name}: ${grid.name}`;
  if (!isDgmTextName(grid.name)) return await readDgmGeoTiff(data.slice().buffer, entryName);
  const text = new TextDecoder().decode(data);
  // a portal's ZIP of XYZ text named .txt may hold a readme.txt as well
  if (isTxtName(grid.name) && !looksLikeGridText(text.slice(0, 4096))) return undefined;
  const prj = prjEntry && {
    name: prjEntry.name,
    bytes: prjEntry.size,
    text: prjEntry.size <= PRJ_MAX_BYTES ? new TextDecoder().decode(readZipEntry(bytes, prjEntry, name)) : '',
  };
  return readDgmText(text, entryName, prj);
}
