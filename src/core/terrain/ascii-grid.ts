/**
 * ESRI ASCII grids (`.asc`, GDAL's "AAIGrid"): a header of `key value` lines (ncols, nrows, xllcorner or xllcenter,
 * yllcorner or yllcenter, cellsize or GDAL's dx and dy, optional NODATA_value; keys in any case), then
 * ncols × nrows heights from the northernmost row down, separated by any white space (rows may wrap over lines).
 * Platform-free.
 *
 * The trap: `xllcorner` is the outer corner of the south-west cell, whose height belongs to its centre half a
 * cell further in; `xllcenter` is that centre. The file names no CRS (a `.prj` beside it may).
 */
import { GridFormatError, GridSizeError, XYZ_GRID_DEFAULTS, type HeightGrid } from './grid.ts';

/** Options of `EsriAsciiGridReader`. */
export interface AsciiGridOptions {
  /** Most nodes (ncols × nrows) a grid may claim: a larger one throws `GridSizeError` before any height is read. */
  maxCells?: number;
}

/** Defaults of `AsciiGridOptions`: the XYZ reader's lattice cap (the terrain converter spills to disk). */
export const ASCII_GRID_DEFAULTS: Required<AsciiGridOptions> = {
  maxCells: XYZ_GRID_DEFAULTS.maxCells,
};

/** The no-data value when the header names none (ESRI's default). */
const DEFAULT_NO_DATA = -9999;

/** Header keys, lower case. */
const KEYS = new Set([
  'ncols',
  'nrows',
  'xllcorner',
  'xllcenter',
  'yllcorner',
  'yllcenter',
  'cellsize',
  'dx',
  'dy',
  'nodata_value',
]);

/** Whether `line` (the first line of a file that is not blank) starts an ESRI ASCII grid's header. */
export function startsAsciiGrid(line: string): boolean {
  const key = /^\s*([A-Za-z_]+)/.exec(line)?.[1]?.toLowerCase();
  return key === 'ncols' || key === 'nrows';
}

/** Longest header line, and longest height token, accepted (characters): beyond is no ASCII grid. */
const MAX_HEADER_LINE = 4096;
const MAX_VALUE_CHARS = 64;

/** How GDAL writes a NaN height or no-data value of a floating-point grid ("nan", "-nan"). */
const NAN_TOKEN = /^[-+]?nan$/i;

const isSpace = (code: number): boolean => code === 32 || (code >= 9 && code <= 13);

/** Text of a token for a message: at most 40 characters. */
const shown = (token: string): string => JSON.stringify(token.length > 40 ? `${token.slice(0, 40)}…` : token);

/**
 * Reads an ESRI ASCII grid piece by piece: `push` text as it is read (split anywhere), `end` gives the grid.
 * Throws `GridFormatError` naming the line for a header that is incomplete or contradicts itself, a value that
 * is no number, or more or fewer values than ncols × nrows; `GridSizeError` when ncols × nrows exceeds
 * `maxCells`. Heights are stored as they arrive, so a header claiming a huge grid costs only what the file holds.
 */
export class EsriAsciiGridReader {
  private readonly maxCells: number;
  /** The line being read (1-based), for messages. */
  private line = 1;
  private rest = '';
  private readonly header = new Map<string, number>();
  /** Set once the first line of values begins. */
  private geometry: Omit<HeightGrid, 'values'> | undefined;
  private noData = DEFAULT_NO_DATA;
  private values = new Float32Array(0);
  private count = 0;

  constructor(options: AsciiGridOptions = {}) {
    this.maxCells = options.maxCells ?? ASCII_GRID_DEFAULTS.maxCells;
  }

  push(text: string): void {
    let data = this.rest === '' ? text : this.rest + text;
    this.rest = '';
    if (this.geometry === undefined) {
      // The header, line by line, up to the first line that starts with a number.
      let start = 0;
      for (;;) {
        const end = data.indexOf('\n', start);
        if (end < 0) {
          this.rest = data.slice(start);
          if (this.rest.length > MAX_HEADER_LINE)
            throw new GridFormatError(
              `line ${this.line}: expected a header line "key value" or heights, found ${MAX_HEADER_LINE} characters without a line break`,
            );
          return;
        }
        const tokens = data.slice(start, end).trim().split(/\s+/);
        if (tokens[0] !== '' && !/^[A-Za-z_]/.test(tokens[0]!)) {
          this.geometry = this.headerGeometry();
          break;
        }
        if (tokens[0] !== '') this.headerLine(tokens);
        this.line += 1;
        start = end + 1;
      }
      data = data.slice(start);
    }
    // Heights: every complete token (up to the last white space); a token cut by the piece waits for the next.
    let cut = data.length - 1;
    while (cut >= 0 && !isSpace(data.charCodeAt(cut))) cut--;
    this.rest = data.slice(cut + 1);
    if (this.rest.length > MAX_VALUE_CHARS) throw this.notAHeight(this.rest);
    if (cut >= 0) this.heights(data.slice(0, cut + 1));
  }

  /** Heights in `text` (whole tokens), counting lines for messages. */
  private heights(text: string): void {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (i > 0) this.line += 1;
      for (const token of lines[i]!.split(/[ \t\r\f\v]+/)) if (token !== '') this.take(token);
    }
  }

  private notAHeight(token: string): GridFormatError {
    return new GridFormatError(`line ${this.line}: expected a height (a number), got ${shown(token)}`);
  }

  private take(token: string): void {
    const nan = NAN_TOKEN.test(token);
    const value = nan ? Number.NaN : Number(token);
    if (!nan && !Number.isFinite(value)) throw this.notAHeight(token);
    const { width, height } = this.geometry!;
    const total = width * height;
    if (this.count === total)
      throw new GridFormatError(
        `line ${this.line}: expected ${width} × ${height} = ${total} heights (ncols × nrows), found more`,
      );
    if (this.count === this.values.length) {
      const grown = new Float32Array(Math.min(total, Math.max(4096, this.values.length * 2)));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = Math.fround(value) === this.noData ? Number.NaN : value;
  }

  private headerLine(tokens: string[]): void {
    const key = tokens[0]!.toLowerCase();
    if (!KEYS.has(key))
      throw new GridFormatError(
        `line ${this.line}: expected an ESRI ASCII grid header key (ncols, nrows, xllcorner or xllcenter, yllcorner or yllcenter, cellsize, NODATA_value), got ${shown(tokens[0]!)}`,
      );
    const value = key === 'nodata_value' && NAN_TOKEN.test(tokens[1] ?? '') ? Number.NaN : Number(tokens[1]);
    if (tokens.length !== 2 || !(Number.isFinite(value) || (key === 'nodata_value' && Number.isNaN(value))))
      throw new GridFormatError(
        `line ${this.line}: expected "${tokens[0]} <number>", got ${shown(tokens.join(' '))}`,
      );
    if (this.header.has(key)) throw new GridFormatError(`line ${this.line}: ${tokens[0]} is given twice`);
    this.header.set(key, value);
    if (key === 'nodata_value') this.noData = Math.fround(value);
  }

  /** The grid's geometry from the header, checked, once the first values arrive (or at the end). */
  private headerGeometry(): Omit<HeightGrid, 'values'> {
    const get = (key: string) => this.header.get(key);
    const missing = (what: string) =>
      new GridFormatError(`line ${this.line}: the ESRI ASCII grid header has no ${what} before the heights`);
    const width = get('ncols');
    const height = get('nrows');
    if (width === undefined) throw missing('ncols');
    if (height === undefined) throw missing('nrows');
    for (const [key, count] of [
      ['ncols', width],
      ['nrows', height],
    ] as const)
      if (!Number.isInteger(count) || count < 2)
        throw new GridFormatError(`${key} ${count}: expected a whole number of at least 2`);
    const cellSize = get('cellsize');
    const stepX = get('dx') ?? cellSize;
    const stepY = get('dy') ?? cellSize;
    if (stepX === undefined || stepY === undefined) throw missing('cellsize (or dx and dy)');
    if (!(stepX > 0) || !(stepY > 0))
      throw new GridFormatError(`expected a positive cell size, got ${stepX} × ${stepY}`);
    if (!(width * height <= this.maxCells))
      throw new GridSizeError(width, height, stepX, stepY, this.maxCells);
    const corner = (axis: 'x' | 'y', step: number): number => {
      const atCorner = get(`${axis}llcorner`);
      const atCentre = get(`${axis}llcenter`);
      if (atCorner !== undefined && atCentre !== undefined)
        throw new GridFormatError(`the header gives both ${axis}llcorner and ${axis}llcenter`);
      if (atCentre !== undefined) return atCentre;
      if (atCorner !== undefined) return atCorner + step / 2;
      throw missing(`${axis}llcorner or ${axis}llcenter`);
    };
    const westCentre = corner('x', stepX);
    const southCentre = corner('y', stepY);
    // North-up: row 0 is the northernmost, as the heights are listed.
    return {
      width,
      height,
      originX: westCentre,
      originY: southCentre + stepY * (height - 1),
      stepX,
      stepY: -stepY,
    };
  }

  end(): HeightGrid {
    // The last line, even without a line break.
    if (this.rest !== '') this.push('\n');
    const geometry = (this.geometry ??= this.headerGeometry());
    const total = geometry.width * geometry.height;
    if (this.count < total)
      throw new GridFormatError(
        `the file ends after ${this.count} of ${geometry.width} × ${geometry.height} = ${total} heights (ncols × nrows): cut off?`,
      );
    const values = this.values;
    this.values = new Float32Array(0);
    return { ...geometry, values };
  }
}

/** Parses a whole ESRI ASCII grid (see `EsriAsciiGridReader`). */
export function parseAsciiGrid(text: string, options: AsciiGridOptions = {}): HeightGrid {
  const reader = new EsriAsciiGridReader(options);
  reader.push(text);
  return reader.end();
}
