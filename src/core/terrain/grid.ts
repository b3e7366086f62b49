/**
 * Height grids as terrain models are published: a regular raster of heights in a projected (or geographic)
 * CRS, values at node positions (pixel centres of a GeoTIFF with PixelIsArea, the listed points of an XYZ
 * file). Platform-free: parsing of XYZ text and GeoTIFF geometry; file access lives in the CLI.
 */
import type { GeoTIFFImage } from 'geotiff';

/** Where a grid's nodes lie, in the source CRS (metres or degrees). */
export interface GridGeometry {
  width: number;
  height: number;
  /** Coordinates of node (column 0, row 0). */
  originX: number;
  originY: number;
  /** Step from one column to the next (> 0: eastwards). */
  stepX: number;
  /** Step from one row to the next (< 0 for north-up rasters, whose row 0 is the northernmost). */
  stepY: number;
}

/** A grid with its heights (metres), row-major; NaN = no data. */
export interface HeightGrid extends GridGeometry {
  values: Float32Array;
}

/** Bounds of a grid's nodes in the source CRS. */
export function gridBounds(grid: GridGeometry): { minX: number; minY: number; maxX: number; maxY: number } {
  const x1 = grid.originX + grid.stepX * (grid.width - 1);
  const y1 = grid.originY + grid.stepY * (grid.height - 1);
  return {
    minX: Math.min(grid.originX, x1),
    maxX: Math.max(grid.originX, x1),
    minY: Math.min(grid.originY, y1),
    maxY: Math.max(grid.originY, y1),
  };
}

/** A problem with a grid file's content, naming what was expected. */
export class GridFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GridFormatError';
  }
}

/** Options of `parseXyzGrid` and `XyzGridReader`; defaults in `XYZ_GRID_DEFAULTS`. */
export interface XyzGridOptions {
  /** Height (metres) that marks a node without data: it becomes NaN. */
  noData?: number;
  /**
   * Most nodes (columns × rows) the grid's lattice may have: a larger one throws `GridSizeError` before its
   * heights (4 bytes a node) are allocated. The lattice spans the points' extent at their smallest spacing, so
   * one stray point far off, or one finer step, can make a small file's lattice huge.
   */
  maxCells?: number;
  /**
   * Most lattice nodes one point read (a line, no-data lines included) may stand for once the lattice has more
   * than `sparseFloor` nodes: a sparser one throws `GridSparseError` before its heights are allocated, so the
   * heights (4 bytes a node) cost at most `4 × maxCellsPerPoint` bytes a line of text, whatever extent the
   * points claim.
   */
  maxCellsPerPoint?: number;
  /** Nodes up to which a lattice is read however few points it has (a 1 km tile with a sliver of data). */
  sparseFloor?: number;
}

/**
 * Defaults of `XyzGridOptions`: -9999 (the German state portals' no-data value); at most 1e9 nodes (4 GB of
 * heights), which the terrain converter spills to disk; a dropped file is held to `DGM_MAX_CELLS` instead.
 * Above 2^22 nodes (16 MiB of heights: a 2 km tile at 1 m, a 1 km tile at 0.5 m, even nearly empty) the
 * points must fill at least 1/16 of the lattice: a state's DGM1 XYZ tile lists every node (the NRW tile
 * dgm1_32_280_5652 has 1 000 000 nodes and 2 without data), and gaps (water, a tile cut by the state border,
 * a mosaic of tiles along a diagonal up to 16 tiles long) leave far more; 4 points 30 km apart at 1 m spacing
 * span 9 × 10^8 nodes (3.6 GB).
 */
export const XYZ_GRID_DEFAULTS: Required<XyzGridOptions> = {
  noData: -9999,
  maxCells: 1e9,
  maxCellsPerPoint: 16,
  sparseFloor: 1 << 22,
};

/** An XYZ grid whose lattice has more nodes than allowed (`XyzGridOptions.maxCells`), with its size. */
export class GridSizeError extends GridFormatError {
  constructor(
    /** Nodes per row and per column of the lattice, and the spacing (source CRS units) it was made with. */
    readonly columns: number,
    readonly rows: number,
    readonly stepX: number,
    readonly stepY: number,
    /** The limit that was exceeded (nodes). */
    readonly maxCells: number,
  ) {
    super(
      `the points lie on a lattice of ${columns} × ${rows} nodes (${columns * rows} cells) at ${stepX} × ${stepY} spacing, more than the ${maxCells} allowed`,
    );
    this.name = 'GridSizeError';
  }
}

/**
 * An XYZ grid whose points fill too little of their lattice (`XyzGridOptions.maxCellsPerPoint`): one stray
 * point far off, or one point at a finer step, makes a lattice no DGM has; its heights are not allocated.
 */
export class GridSparseError extends GridFormatError {
  constructor(
    /** Points read (lines with three numbers, no-data heights included). */
    readonly points: number,
    /** Nodes per row and per column of the lattice, and the spacing (source CRS units) it was made with. */
    readonly columns: number,
    readonly rows: number,
    readonly stepX: number,
    readonly stepY: number,
    /** The limit that was exceeded (lattice nodes a point). */
    readonly maxCellsPerPoint: number,
  ) {
    super(
      `expected points that fill at least 1/${maxCellsPerPoint} of their lattice, as a DGM's do but for gaps (water, tile edges); ` +
        `got ${points} points on a lattice of ${columns} × ${rows} nodes (${columns * rows} cells) at ${stepX} × ${stepY} spacing: ` +
        `a point far off or off the others' spacing spans such a lattice (a mosaic of distant tiles: give its tiles as separate files)`,
    );
    this.name = 'GridSparseError';
  }
}

/**
 * Parses an XYZ ASCII grid (the German state portals' DGM `.xyz`: "x y z" per line, separated by spaces, tabs,
 * commas or semicolons, an optional header line, any order of lines) into a grid. Missing nodes become NaN, as
 * do values equal to `noData`. Throws `GridFormatError` (with the line) for a line that is not three numbers,
 * points off a regular lattice, or fewer than 2 × 2 nodes, `GridSizeError` for a lattice over `maxCells` and
 * `GridSparseError` for one the points fill less than `1 / maxCellsPerPoint` of.
 */
export function parseXyzGrid(text: string, options: XyzGridOptions = {}): HeightGrid {
  const reader = new XyzGridReader(options);
  reader.push(text);
  return reader.end();
}

/**
 * `parseXyzGrid` piece by piece: `push` text as it is read (split anywhere, even inside a line), `end` gives
 * the grid. Points are kept in typed arrays (20 bytes a point), so a 1 km² DGM1 file (1 M points, 28 MB of
 * text) never has to be in memory as one string.
 */
export class XyzGridReader {
  private xs = new Float64Array(4096);
  private ys = new Float64Array(4096);
  private zs = new Float32Array(4096);
  private count = 0;
  private line = 0;
  /** The unfinished last line of the pieces so far. */
  private rest = '';

  private readonly noData: number;
  private readonly maxCells: number;
  private readonly maxCellsPerPoint: number;
  private readonly sparseFloor: number;

  constructor(options: XyzGridOptions = {}) {
    this.noData = options.noData ?? XYZ_GRID_DEFAULTS.noData;
    this.maxCells = options.maxCells ?? XYZ_GRID_DEFAULTS.maxCells;
    this.maxCellsPerPoint = options.maxCellsPerPoint ?? XYZ_GRID_DEFAULTS.maxCellsPerPoint;
    this.sparseFloor = options.sparseFloor ?? XYZ_GRID_DEFAULTS.sparseFloor;
  }

  push(text: string): void {
    const data = this.rest === '' ? text : this.rest + text;
    let start = 0;
    for (;;) {
      const end = data.indexOf('\n', start);
      if (end < 0) break;
      this.parseLine(data.slice(start, end));
      start = end + 1;
    }
    this.rest = data.slice(start);
  }

  private parseLine(line: string): void {
    this.line += 1;
    const raw = line.trim();
    if (raw === '') return;
    const parts = raw.split(/[\s,;]+/);
    const x = Number(parts[0]);
    const y = Number(parts[1]);
    const z = Number(parts[2]);
    if (parts.length < 3 || !Number.isFinite(x) || !Number.isFinite(y) || Number.isNaN(z)) {
      if (this.count === 0 && this.line === 1 && !/^[-+\d.]/.test(raw)) return; // a header line
      throw new GridFormatError(
        `line ${this.line}: expected three numbers "x y z" (space, comma or semicolon separated), got "${raw.slice(0, 60)}"`,
      );
    }
    if (this.count === this.xs.length) {
      const grow = <T extends Float64Array | Float32Array>(from: T, to: T): T => {
        to.set(from);
        return to;
      };
      this.xs = grow(this.xs, new Float64Array(this.count * 2));
      this.ys = grow(this.ys, new Float64Array(this.count * 2));
      this.zs = grow(this.zs, new Float32Array(this.count * 2));
    }
    this.xs[this.count] = x;
    this.ys[this.count] = y;
    this.zs[this.count] = z === this.noData ? Number.NaN : z;
    this.count += 1;
  }

  end(): HeightGrid {
    if (this.rest !== '') this.parseLine(this.rest);
    this.rest = '';
    const n = this.count;
    const xs = this.xs.subarray(0, n);
    const ys = this.ys.subarray(0, n);
    if (n < 4) throw new GridFormatError(`expected a grid of at least 2 × 2 points, got ${n}`);
    const step = (values: Float64Array): { min: number; step: number; count: number } => {
      const unique = Float64Array.from(new Set(values)).sort();
      let smallest = Number.POSITIVE_INFINITY;
      for (let i = 1; i < unique.length; i++) smallest = Math.min(smallest, unique[i]! - unique[i - 1]!);
      const min = unique[0]!;
      const count = Math.round((unique[unique.length - 1]! - min) / smallest) + 1;
      return { min, step: smallest, count };
    };
    const gx = step(xs);
    const gy = step(ys);
    if (!Number.isFinite(gx.step) || !Number.isFinite(gy.step))
      throw new GridFormatError('expected points on a regular grid, but all x or all y values are equal');
    // Before the heights are allocated: a few points can span a lattice of billions of nodes. The extent is
    // what the points claim, their number what the file holds: heights are allocated for a lattice the points
    // fill (but for gaps), so memory follows the file's size and not its claimed extent. Density first: for a
    // lattice both too sparse and too large, that is the fault (a dense one too large needs another tool).
    const cells = gx.count * gy.count;
    if (cells > this.sparseFloor && cells > this.maxCellsPerPoint * n)
      throw new GridSparseError(n, gx.count, gy.count, gx.step, gy.step, this.maxCellsPerPoint);
    if (!(cells <= this.maxCells))
      throw new GridSizeError(gx.count, gy.count, gx.step, gy.step, this.maxCells);
    // North-up like a GeoTIFF: row 0 = largest y.
    const originY = gy.min + gy.step * (gy.count - 1);
    const values = new Float32Array(gx.count * gy.count).fill(Number.NaN);
    for (let i = 0; i < n; i++) {
      const column = (xs[i]! - gx.min) / gx.step;
      const row = (originY - ys[i]!) / gy.step;
      const c = Math.round(column);
      const r = Math.round(row);
      if (Math.abs(column - c) > 1e-3 || Math.abs(row - r) > 1e-3)
        throw new GridFormatError(
          `point ${i + 1} (${xs[i]}, ${ys[i]}) is off the grid of ${gx.step} × ${gy.step} spacing`,
        );
      values[r * gx.count + c] = this.zs[i]!;
    }
    this.xs = new Float64Array(0);
    this.ys = new Float64Array(0);
    this.zs = new Float32Array(0);
    return {
      width: gx.count,
      height: gy.count,
      originX: gx.min,
      originY,
      stepX: gx.step,
      stepY: -gy.step,
      values,
    };
  }
}

/** What a GeoTIFF tells about its grid: geometry (node = pixel centre for PixelIsArea), CRS codes, no-data. */
export interface GeoTiffGridInfo extends GridGeometry {
  /** EPSG code of the projected or geographic CRS; undefined when the file names none. */
  epsg?: number;
  /** EPSG code of the vertical CRS, when the file names one. */
  verticalEpsg?: number;
  noData: number | null;
  /** Bits per sample and sample format (1 unsigned, 2 signed, 3 float), for messages. */
  sampleType: string;
}

const PIXEL_IS_POINT = 2;
const USER_DEFINED = 32767;

/**
 * The grid of a GeoTIFF image (first band): geometry from tie point + pixel scale or a model transformation
 * without rotation, EPSG codes from its GeoKeys, GDAL no-data. Throws `GridFormatError` naming what is missing.
 */
export function geoTiffGridInfo(image: GeoTIFFImage): GeoTiffGridInfo {
  const keys = (image.getGeoKeys() ?? {}) as Record<string, unknown>;
  let origin: number[];
  let resolution: number[];
  try {
    origin = image.getOrigin();
    resolution = image.getResolution();
  } catch {
    throw new GridFormatError('expected a georeferenced GeoTIFF (tie point and pixel scale), found none');
  }
  const [ox = Number.NaN, oy = Number.NaN] = origin;
  const [rx = Number.NaN, ry = Number.NaN] = resolution;
  if (![ox, oy, rx, ry].every(Number.isFinite) || rx === 0 || ry === 0)
    throw new GridFormatError('expected a GeoTIFF with a valid, unrotated geotransform');
  const pixelIsPoint = keys.GTRasterTypeGeoKey === PIXEL_IS_POINT;
  const code = (key: string): number | undefined => {
    const value = keys[key];
    return typeof value === 'number' && value > 0 && value !== USER_DEFINED ? value : undefined;
  };
  const format = image.getSampleFormat(0) as number;
  return {
    width: image.getWidth(),
    height: image.getHeight(),
    originX: ox + (pixelIsPoint ? 0 : rx / 2),
    originY: oy + (pixelIsPoint ? 0 : ry / 2),
    stepX: rx,
    stepY: ry,
    epsg: code('ProjectedCSTypeGeoKey') ?? code('GeographicTypeGeoKey'),
    verticalEpsg: code('VerticalCSTypeGeoKey'),
    noData: image.getGDALNoData(),
    sampleType: `${format === 3 ? 'Float' : format === 2 ? 'Int' : 'UInt'}${image.getBitsPerSample(0)}`,
  };
}
