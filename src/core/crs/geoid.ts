/**
 * Geoid models: undulation N (metres) of a geoid or quasigeoid above the GRS80/WGS84 ellipsoid, so that
 * ellipsoidal height h = physical height H + N. Grids are interpolated bilinearly between nodes, as PROJ does.
 */
import { decodeBase64 } from './base64.ts';
import { CrsError } from './crs-error.ts';
import { EGM96_GERMANY_15MIN } from './data/egm96-germany.ts';
import { EGM96_GLOBAL_1DEG } from './data/egm96-global.ts';

/** A geoid model: undulation N in metres at a geographic position (ETRS89/WGS84 degrees). */
export interface GeoidModel {
  name: string;
  /** Geoid undulation N in metres at lon/lat degrees (ETRS89/WGS84), bilinear; NaN where the model has no value. */
  undulation(lonDeg: number, latDeg: number): number;
}

/** A regular geographic grid of undulations in metres, node-registered (values sit on the nodes). */
export interface GeoidGrid {
  name: string;
  /** Longitude of the westernmost node column, degrees. */
  westDeg: number;
  /** Latitude of the southernmost node row, degrees. */
  southDeg: number;
  /** Node spacing, degrees (positive). */
  stepLonDeg: number;
  stepLatDeg: number;
  columns: number;
  rows: number;
  /** Row-major undulations in metres, row 0 = southernmost; NaN = no data. */
  values: Float32Array | Float64Array;
  /** True when the grid covers all longitudes, so the last column wraps onto the first. */
  wrapsLongitude?: boolean;
}

/** A packed grid: Int16 values (value × scale + offset = metres), little-endian, base64, row 0 = southernmost. */
export interface PackedGeoidGrid {
  name: string;
  westDeg: number;
  southDeg: number;
  stepDeg: number;
  columns: number;
  rows: number;
  wrapsLongitude: boolean;
  scaleMetres: number;
  offsetMetres: number;
  /** Base64 of the Int16 values, split into lines. */
  int16Base64: readonly string[];
}

// In its own module so that the datum grid's decoding does not bring the geoid grids along (the embed viewer
// reads GeoJSON through the CRS code and has no use for them).
export { decodeBase64 } from './base64.ts';

/** Unpacks a packed Int16 grid into metres. */
export function unpackGeoidGrid(packed: PackedGeoidGrid): GeoidGrid {
  const bytes = decodeBase64(packed.int16Base64.join(''));
  const count = packed.columns * packed.rows;
  if (bytes.length !== count * 2) {
    throw new CrsError(`packed geoid grid "${packed.name}" has ${bytes.length} bytes, expected ${count * 2}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    values[index] = view.getInt16(index * 2, true) * packed.scaleMetres + packed.offsetMetres;
  }
  return {
    name: packed.name,
    westDeg: packed.westDeg,
    southDeg: packed.southDeg,
    stepLonDeg: packed.stepDeg,
    stepLatDeg: packed.stepDeg,
    columns: packed.columns,
    rows: packed.rows,
    values,
    wrapsLongitude: packed.wrapsLongitude,
  };
}

/** A geoid model over a node-registered grid, bilinear; NaN outside the grid or next to a no-data node. */
export function geoidFromGrid(grid: GeoidGrid): GeoidModel {
  const { westDeg, southDeg, stepLonDeg, stepLatDeg, columns, rows, values } = grid;
  const wraps = grid.wrapsLongitude === true;
  const lastRow = rows - 1;
  const lastColumn = columns - 1;
  return {
    name: grid.name,
    undulation(lonDeg: number, latDeg: number): number {
      const rowPosition = (latDeg - southDeg) / stepLatDeg;
      let columnPosition = (lonDeg - westDeg) / stepLonDeg;
      if (wraps) columnPosition = ((columnPosition % columns) + columns) % columns;
      if (!(rowPosition >= 0 && rowPosition <= lastRow)) return Number.NaN;
      if (!wraps && !(columnPosition >= 0 && columnPosition <= lastColumn)) return Number.NaN;
      const row0 = Math.min(Math.floor(rowPosition), Math.max(lastRow - 1, 0));
      const column0 = wraps
        ? Math.floor(columnPosition)
        : Math.min(Math.floor(columnPosition), Math.max(lastColumn - 1, 0));
      const row1 = Math.min(row0 + 1, lastRow);
      const column1 = wraps ? (column0 + 1) % columns : Math.min(column0 + 1, lastColumn);
      const fracRow = rowPosition - row0;
      const fracColumn = columnPosition - column0;
      const south0 = values[row0 * columns + column0] ?? Number.NaN;
      const south1 = values[row0 * columns + column1] ?? Number.NaN;
      const north0 = values[row1 * columns + column0] ?? Number.NaN;
      const north1 = values[row1 * columns + column1] ?? Number.NaN;
      const south = south0 + (south1 - south0) * fracColumn;
      const north = north0 + (north1 - north0) * fracColumn;
      return south + (north - south) * fracRow;
    },
  };
}

/** A model that asks `primary` first and `fallback` where `primary` has no value. */
export function geoidWithFallback(primary: GeoidModel, fallback: GeoidModel, name: string): GeoidModel {
  return {
    name,
    undulation(lonDeg: number, latDeg: number): number {
      const value = primary.undulation(lonDeg, latDeg);
      return Number.isNaN(value) ? fallback.undulation(lonDeg, latDeg) : value;
    },
  };
}

let builtin: GeoidModel | undefined;

/**
 * The built-in EGM96 geoid: the 15' grid of PROJ-data's `egm96_15.gtx` cropped to 2–18°E, 44–58°N (Germany and
 * neighbours, 1 mm steps), and outside it the same file subsampled to a 1° global grid (1 cm steps; bilinear
 * on 1° loses detail: a few metres in mountains). Undulations above WGS84, metres. Regenerate the packed data
 * with `npx tsx tools/derive-egm96-grid.ts`.
 */
export function builtinEgm96(): GeoidModel {
  // The global grid (65 000 nodes) is unpacked on its first use: German data never leaves the 15' grid,
  // and every converter thread and small conversion would pay for it at start-up.
  let global: GeoidModel | undefined;
  const lazyGlobal: GeoidModel = {
    name: EGM96_GLOBAL_1DEG.name,
    undulation: (lonDeg, latDeg) =>
      (global ??= geoidFromGrid(unpackGeoidGrid(EGM96_GLOBAL_1DEG))).undulation(lonDeg, latDeg),
  };
  builtin ??= geoidWithFallback(
    geoidFromGrid(unpackGeoidGrid(EGM96_GERMANY_15MIN)),
    lazyGlobal,
    "EGM96 (built-in: 15' grid over 2–18°E 44–58°N, 1° grid elsewhere)",
  );
  return builtin;
}
