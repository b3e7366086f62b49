/**
 * A terrain model (DGM) dropped as a ZIP, as state portals deliver them: the archive's one grid entry (GeoTIFF,
 * XYZ or ESRI ASCII grid) read as a dropped file of its kind, a text grid with the `.prj` entry beside it.
 * Inflated within the ZIP reader's limits (sizes and ratios checked as it inflates). Platform-free.
 */
import { errorMessage } from '../errors.ts';
import { checkZipLimits, listZip, readZipEntry, ZipReadError } from '../zip/read-zip.ts';
import { DGM_EXTENSIONS, isDgmName, isDgmTextName, isGzippedDgmName, prjNamesOf } from './dgm-names.ts';
import { PRJ_MAX_BYTES } from '../layers/gis/prj.ts';
import { DgmError, readDgmGeoTiff, readDgmText, type DgmGrid } from './dgm.ts';

/** Entry names the viewer lists when an archive holds several terrain models. */
const LISTED = 3;

/**
 * Reads the one terrain model in the ZIP `bytes` (file name `name`). Throws `DgmError` naming the archive (and
 * the entry): a damaged or crafted ZIP, none or several terrain models (the globe shows one; `npm run terrain`
 * stitches many), or the entry's own faults.
 */
export async function readDgmZip(bytes: Uint8Array, name: string): Promise<DgmGrid> {
  /** The entry being read: its messages are given as "<archive>: <entry>: …". */
  let entry: string | undefined;
  try {
    const entries = listZip(bytes, name);
    // a grid gzipped inside the archive is not read (no portal delivers one; it would inflate twice)
    const grids = entries.filter(
      (candidate) => isDgmName(candidate.name) && !isGzippedDgmName(candidate.name),
    );
    if (grids.length === 0)
      throw new DgmError(
        name,
        `expected a ZIP holding a terrain model (${DGM_EXTENSIONS.join(', ')}), found none among its ${entries.length} entries`,
      );
    if (grids.length > 1) {
      const listed = grids.slice(0, LISTED).map((grid) => grid.name);
      throw new DgmError(
        name,
        `holds ${grids.length} terrain models (${listed.join(', ')}${grids.length > LISTED ? ', …' : ''}); ` +
          'the globe shows one at a time: drop one of them, or make one terrain tileset of all with npm run terrain',
      );
    }
    const grid = grids[0]!;
    entry = grid.name;
    const text = isDgmTextName(grid.name);
    const prjNames = text ? prjNamesOf(grid.name).map((prj) => prj.toLowerCase()) : [];
    const prjEntry = entries.find((candidate) => prjNames.includes(candidate.name.toLowerCase()));
    checkZipLimits(prjEntry ? [grid, prjEntry] : [grid], name);
    const data = readZipEntry(bytes, grid, name);
    const entryName = `${name}: ${grid.name}`;
    if (!text) return await readDgmGeoTiff(data.slice().buffer, entryName);
    const prj = prjEntry && {
      name: prjEntry.name,
      bytes: prjEntry.size,
      text:
        prjEntry.size <= PRJ_MAX_BYTES ? new TextDecoder().decode(readZipEntry(bytes, prjEntry, name)) : '',
    };
    return readDgmText(new TextDecoder().decode(data), entryName, prj);
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
