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

/**
 * Parses an XYZ ASCII grid (the German state portals' DGM `.xyz`: "x y z" per line, separated by spaces, tabs,
 * commas or semicolons, an optional header line, any order of lines) into a grid. Missing nodes become NaN, as
 * do values equal to `noData` (default -9999). Throws `GridFormatError` (with the line) for a line that is not
 * three numbers, points off a regular lattice, or fewer than 2 × 2 nodes.
 */
export function parseXyzGrid(text: string, noData = -9999): HeightGrid {
  const xs: number[] = [];
  const ys: number[] = [];
  const zs: number[] = [];
  let line = 0;
  let start = 0;
  const length = text.length;
  while (start < length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = length;
    line += 1;
    const raw = text.slice(start, end).trim();
    start = end + 1;
    if (raw === '') continue;
    const parts = raw.split(/[\s,;]+/);
    const [x, y, z] = parts.map(Number);
    if (parts.length < 3 || !Number.isFinite(x) || !Number.isFinite(y) || Number.isNaN(z)) {
      if (xs.length === 0 && line === 1 && !/^[-+\d.]/.test(raw)) continue; // a header line
      throw new GridFormatError(
        `line ${line}: expected three numbers "x y z" (space, comma or semicolon separated), got "${raw.slice(0, 60)}"`,
      );
    }
    xs.push(x!);
    ys.push(y!);
    zs.push(z!);
  }
  if (xs.length < 4) throw new GridFormatError(`expected a grid of at least 2 × 2 points, got ${xs.length}`);
  const step = (values: number[]): { min: number; step: number; count: number } => {
    const unique = [...new Set(values)].sort((a, b) => a - b);
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
  if (gx.count * gy.count > 1e9)
    throw new GridFormatError(`grid of ${gx.count} × ${gy.count} nodes is too large`);
  // North-up like a GeoTIFF: row 0 = largest y.
  const originY = gy.min + gy.step * (gy.count - 1);
  const values = new Float32Array(gx.count * gy.count).fill(Number.NaN);
  for (let i = 0; i < xs.length; i++) {
    const column = (xs[i]! - gx.min) / gx.step;
    const row = (originY - ys[i]!) / gy.step;
    const c = Math.round(column);
    const r = Math.round(row);
    if (Math.abs(column - c) > 1e-3 || Math.abs(row - r) > 1e-3)
      throw new GridFormatError(
        `point ${i + 1} (${xs[i]}, ${ys[i]}) is off the grid of ${gx.step} × ${gy.step} spacing`,
      );
    const z = zs[i]!;
    values[r * gx.count + c] = z === noData ? Number.NaN : z;
  }
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
