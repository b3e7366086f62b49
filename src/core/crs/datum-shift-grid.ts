/**
 * Horizontal datum shift grids (NTv2 kind): latitude/longitude shifts interpolated bilinearly between nodes, applied
 * to source-datum geographic coordinates (PROJ's `hgridshift`, forward direction). Built in: BeTA2007 for DHDN →
 * ETRS89 (AdV/BKG; "Free redistribution is allowed and welcome"), packed in data/beta2007.ts.
 */
import { CrsError } from './crs-error.ts';
import { BETA2007_PACKED } from './data/beta2007.ts';
import { decodeBase64 } from './base64.ts';

/**
 * A single-level shift grid packed by tools/derive-beta2007-grid.ts: nodes row by row from the south-west, shifts
 * in arc-seconds (latitude north-positive, longitude east-positive) as multiples of `quantumSeconds`, each
 * coded as the zigzag LEB128 varint of its difference from the planar prediction west + south − south-west;
 * latitude plane then longitude plane, base64.
 */
export interface PackedNtv2Grid extends ShiftGridLayout {
  quantumSeconds: number;
  varintBase64: readonly string[];
}

/** Where a shift grid's nodes lie (degrees): the part packing leaves as it is. */
export interface ShiftGridLayout {
  name: string;
  westDeg: number;
  southDeg: number;
  lonStepDeg: number;
  latStepDeg: number;
  columns: number;
  rows: number;
}

/** An unpacked horizontal shift grid over source-datum longitude/latitude (degrees). */
export interface HorizontalShiftGrid extends ShiftGridLayout {
  /** Row-major (row 0 southernmost, column 0 westernmost) shifts in arc-seconds, north-positive. */
  latShiftSeconds: Float64Array;
  /** Same layout, east-positive. */
  lonShiftSeconds: Float64Array;
}

/** Unpacks a packed grid (see `PackedNtv2Grid`) into arc-second shift planes. */
export function unpackNtv2Grid(packed: PackedNtv2Grid): HorizontalShiftGrid {
  const bytes = decodeBase64(packed.varintBase64.join(''));
  const { columns, rows } = packed;
  const count = columns * rows;
  let position = 0;
  const decodePlane = (): Float64Array => {
    const quantised = new Float64Array(count);
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        let zigzag = 0;
        let scale = 1;
        for (;;) {
          const byte = bytes[position++];
          if (byte === undefined) throw new CrsError(`packed shift grid "${packed.name}" is truncated`);
          zigzag += (byte & 0x7f) * scale;
          if (byte < 0x80) break;
          scale *= 128;
        }
        const residual = zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
        const index = row * columns + column;
        const west = column > 0 ? (quantised[index - 1] ?? 0) : 0;
        const south = row > 0 ? (quantised[index - columns] ?? 0) : 0;
        const prediction =
          row > 0 && column > 0
            ? west + south - (quantised[index - columns - 1] ?? 0)
            : column > 0
              ? west
              : south;
        quantised[index] = prediction + residual;
      }
    }
    return quantised.map((value) => value * packed.quantumSeconds);
  };
  const latShiftSeconds = decodePlane();
  const lonShiftSeconds = decodePlane();
  if (position !== bytes.length) {
    throw new CrsError(`packed shift grid "${packed.name}" has ${bytes.length - position} bytes too many`);
  }
  return {
    name: packed.name,
    westDeg: packed.westDeg,
    southDeg: packed.southDeg,
    lonStepDeg: packed.lonStepDeg,
    latStepDeg: packed.latStepDeg,
    columns,
    rows,
    latShiftSeconds,
    lonShiftSeconds,
  };
}

/**
 * Shifts source-datum lon/lat (degrees) by the grid, bilinear between the four surrounding nodes, writing the
 * target-datum lon/lat (degrees) to out[0], out[1]. Returns false (out untouched) outside the grid.
 */
export function applyShiftGrid(
  grid: HorizontalShiftGrid,
  lonDeg: number,
  latDeg: number,
  out: Float64Array,
): boolean {
  const x = (lonDeg - grid.westDeg) / grid.lonStepDeg;
  const y = (latDeg - grid.southDeg) / grid.latStepDeg;
  // Like PROJ, accept points a hair outside the last node line.
  const epsilon = 1e-9;
  if (!(x >= -epsilon && y >= -epsilon && x <= grid.columns - 1 + epsilon && y <= grid.rows - 1 + epsilon)) {
    return false;
  }
  const column = Math.min(Math.max(Math.floor(x), 0), grid.columns - 2);
  const row = Math.min(Math.max(Math.floor(y), 0), grid.rows - 2);
  const fx = x - column;
  const fy = y - row;
  const index = row * grid.columns + column;
  const bilinear = (plane: Float64Array): number =>
    (1 - fy) * ((1 - fx) * (plane[index] ?? 0) + fx * (plane[index + 1] ?? 0)) +
    fy * ((1 - fx) * (plane[index + grid.columns] ?? 0) + fx * (plane[index + grid.columns + 1] ?? 0));
  out[0] = lonDeg + bilinear(grid.lonShiftSeconds) / 3600;
  out[1] = latDeg + bilinear(grid.latShiftSeconds) / 3600;
  return true;
}

let beta2007: HorizontalShiftGrid | undefined;

/** The built-in BeTA2007 grid (DHDN → ETRS89, AdV/BKG), unpacked on first use and kept. */
export function builtinBeta2007(): HorizontalShiftGrid {
  beta2007 ??= unpackNtv2Grid(BETA2007_PACKED);
  return beta2007;
}
