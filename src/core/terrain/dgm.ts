/**
 * A digital terrain model (DGM) dropped into the viewer: a GeoTIFF (or an XYZ grid) read whole into memory, its
 * heights made ellipsoidal by the same `EcefTransformer` as the buildings' (`terrainCrs`: the same geoid at the
 * same place), and sampled on demand into the height tiles of Cesium's geographic tiling, each simplified (RTIN,
 * the converter's error per level) into a quantized mesh with vertex normals by the converter's writer, so the
 * terrain needs no tileset on disk and is hill-shaded like a converted one. Platform-free: the viewer's terrain
 * worker calls it with the file's bytes.
 */
import * as geotiff from 'geotiff';
import type { GeoTIFFImage } from 'geotiff';
import { builtinEgm96 } from '../crs/geoid.ts';
import { crsDefinition, parseSrsName, type HeightCorrection } from '../crs/index.ts';
import { errorMessage } from '../errors.ts';
import { prjSizeProblem, srsNameFromPrj } from '../layers/gis/prj.ts';
import { checkTiffLayout, tiffReadProblem } from '../util/tiff-layout.ts';
import { registerTiffLzw } from '../util/tiff-lzw.ts';
import { registerTiffZstd } from '../util/tiff-zstd.ts';
import { geoTiffGridInfo, GridSizeError, gridBounds, type HeightGrid } from './grid.ts';
import { mergeHeightGrids } from './mosaic.ts';
import { GridTextReader } from './grid-text.ts';
import { isDgmTextName } from './dgm-names.ts';
import { fillNoData, levelError } from './pyramid.ts';
import { quantizeMesh, type QuantizedMeshParts } from './quantized-mesh.ts';
import { rtinMeshWithin } from './rtin.ts';
import { interpolateLattice, projectLattice } from './lattice.ts';
import { terrainCrs, type TerrainCrs } from './terrain-crs.ts';
import {
  levelForResolution,
  rectanglesOverlap,
  tileRangeOf,
  tileRectangle,
  type LonLatRectangle,
  type TileAddress,
} from './tiling.ts';

/** Largest grid read into memory (cells; Float32 = 4 bytes each): 256 MB. */
export const DGM_MAX_CELLS = 64_000_000;
/** Nodes per side of a height tile (Cesium's heightmap width and height). */
export const DGM_TILE_SIZE = 65;
/**
 * Largest vertical error (metres) of the deepest level's meshes against their height tile; coarser levels may
 * deviate by Cesium's geometric error for the level (`levelError`), as the converter's tiles do.
 */
export const DGM_MAX_ERROR = 0.02;
/** CRS assumed for XYZ grids, which name none: ETRS89 / UTM 32N, the CRS of the NRW and most German DGMs. */
export const XYZ_DEFAULT_CRS = 'EPSG:25832';

/** A dropped DGM that cannot be shown, naming the file and what was expected. */
export class DgmError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'DgmError';
  }
}

/** What the import list says about a DGM, and what the viewer needs to ask for its tiles. */
export interface DgmInfo {
  name: string;
  /** srsName of the grid, e.g. "EPSG:25832". */
  srsName: string;
  /** Nodes (cells) per row and column. */
  width: number;
  height: number;
  /** Cell size in the grid's unit (metres for a projected CRS), x and y. */
  cellSize: [number, number];
  /** Cell size in metres (degrees turned into metres at the grid's centre for a geographic CRS). */
  cellMetres: number;
  /** Extent of the grid's nodes, degrees (ETRS89/WGS84). */
  extent: LonLatRectangle;
  /** Lowest and highest height in the file (its vertical datum, metres). */
  minHeight: number;
  maxHeight: number;
  /** Cells without data (NoData, NaN). */
  noDataCells: number;
  /** How heights were made ellipsoidal (the `EcefTransformer`'s record, as the CityGML import reports it). */
  heightCorrection: string;
  /** The same as data, for a line in the viewer's language. */
  heightsAdded: DgmHeightsAdded;
  /** Undulation added at the grid's centre, metres (0 when none). */
  centreCorrection: number;
  /** Deepest tile level: the one whose height tiles are at least as fine as the grid. */
  maxLevel: number;
  /** Sample type (Float32, Int16, XYZ text …). */
  sampleType: string;
  /** Set when the CRS was assumed (XYZ) rather than read from the file. */
  assumedCrs?: boolean;
  /** Files put together into this grid (tiles dropped together or in one ZIP), when more than one. */
  files?: number;
  /** Tiles of the drop or ZIP left out because they could not be read (the rest is the terrain), with why. */
  skipped?: DgmFileNote[];
  /** GeoTIFFs of which some rows could not be read (taken as no data), with which and why. */
  partly?: DgmFileNote[];
}

/** What was added to a DGM's heights to make them ellipsoidal (`DgmInfo.heightCorrection` as data). */
export interface DgmHeightsAdded {
  /** A geoid model's undulation (`model`: its short name, e.g. "EGM96"), a constant (`metres`), or nothing. */
  kind: 'geoid' | 'constant' | 'none';
  model?: string;
  metres?: number;
  /** The file's heights: ellipsoidal, of a physical datum its CRS names, or of none named (taken as physical). */
  source: 'ellipsoidal' | 'physical' | 'unknown';
}

/** `DgmHeightsAdded` for heights in `srsName` corrected by `heights`, as `createEcefTransformer` decides it. */
function heightsAddedTo(srsName: string, heights: HeightCorrection): DgmHeightsAdded {
  const source = parseSrsName(srsName, { axisOrder: 'east-north' }).heightKind;
  if (source === 'ellipsoidal' || heights === 'none') return { kind: 'none', source };
  if (typeof heights === 'object' && 'undulation' in heights)
    return { kind: 'geoid', model: heights.name.split(' (')[0]!, source };
  return { kind: 'constant', metres: heights.constantMetres, source };
}

/** A grid read from a file with what it says about its CRS. */
export interface DgmGrid {
  grid: HeightGrid;
  /** srsName from the file (EPSG code, compound with its vertical CRS); undefined when it names none. */
  srsName?: string;
  sampleType: string;
  assumedCrs?: boolean;
  /** Files merged into this grid (`mergeDgmGrids`), when more than one. */
  files?: number;
  /** Tiles of a terrain of several that could not be read and were left out (`readDgmTiles`), with why. */
  skipped?: DgmFileNote[];
  /** GeoTIFFs read in part: which rows of each could not be read (taken as no data), and why. */
  partly?: DgmFileNote[];
}

/**
 * A file of a terrain that was read only in part or not at all while the rest was read (a tile left out, rows taken
 * as no data): its file name and what happened, why (no file prefix).
 */
export interface DgmFileNote {
  file: string;
  message: string;
}

// geotiff's own LZW and ZSTD decoders can loop without end on damaged data and take the worker down (see
// tiff-lzw.ts, tiff-zstd.ts).
registerTiffLzw(geotiff);
registerTiffZstd(geotiff);

/** A grid's size for messages: "1000 × 1000 cells (1,000,000)". */
const cellCount = (columns: number, rows: number) =>
  `${columns} × ${rows} cells (${(columns * rows).toLocaleString('en-US')})`;
/** Why a grid over `DGM_MAX_CELLS` is not read from a dropped file, and what to do instead. */
const TOO_MANY_CELLS = `too many to show from a dropped file (at most ${DGM_MAX_CELLS / 1e6} million); make a terrain tileset with npm run terrain`;

/**
 * Reads the first image of a GeoTIFF into a grid (NoData and NaN cells → NaN). Throws `DgmError`, also for
 * damaged compressed data (LZW is decoded by `decodeTiffLzw`, bounded by the block's size).
 */
export async function readDgmGeoTiff(bytes: ArrayBuffer, name: string): Promise<DgmGrid> {
  let image: GeoTIFFImage;
  try {
    image = await (await geotiff.fromArrayBuffer(bytes)).getImage();
  } catch (error) {
    throw new DgmError(
      name,
      `not a GeoTIFF (${errorMessage(error)}); expected a height raster (DGM) as GeoTIFF`,
    );
  }
  let info;
  try {
    await checkTiffLayout(image);
    info = geoTiffGridInfo(image);
  } catch (error) {
    throw new DgmError(name, errorMessage(error));
  }
  const cells = info.width * info.height;
  if (cells > DGM_MAX_CELLS)
    throw new DgmError(name, `${cellCount(info.width, info.height)} are ${TOO_MANY_CELLS}`);
  const values = new Float32Array(cells).fill(Number.NaN);
  const noData = info.noData;
  // Read in bands of whole strips or tiles: a damaged one costs its band (no data, named), not the file.
  const blockRows = image.isTiled ? image.getTileHeight() : image.fileDirectory.getValue('RowsPerStrip');
  const bandRows =
    typeof blockRows === 'number' && blockRows > 0
      ? Math.ceil(GEOTIFF_BAND_ROWS / blockRows) * blockRows
      : info.height;
  const unread: { rows: [number, number]; why: string }[] = [];
  for (let top = 0; top < info.height; top += bandRows) {
    const bottom = Math.min(info.height, top + bandRows);
    let raster;
    try {
      raster = await image.readRasters({
        samples: [0],
        interleave: true,
        window: [0, top, info.width, bottom],
      });
    } catch (error) {
      // neighbouring bands are named as one range of rows
      const last = unread[unread.length - 1];
      if (last && last.rows[1] === top - 1) last.rows[1] = bottom - 1;
      else unread.push({ rows: [top, bottom - 1], why: heightReadProblem(image, error) });
      continue;
    }
    const offset = top * info.width;
    for (let i = 0; i < raster.length; i++) {
      const value = Number(raster[i]);
      values[offset + i] = value === noData || !Number.isFinite(value) ? Number.NaN : value;
    }
  }
  if (unread.length === 1 && unread[0]!.rows[0] === 0 && unread[0]!.rows[1] === info.height - 1)
    throw new DgmError(name, `could not read the heights: ${unread[0]!.why}`);
  const srsName =
    info.epsg === undefined
      ? undefined
      : info.verticalEpsg !== undefined
        ? `urn:ogc:def:crs,crs:EPSG::${info.epsg},crs:EPSG::${info.verticalEpsg}`
        : `EPSG:${info.epsg}`;
  const { width, height, originX, originY, stepX, stepY } = info;
  const rows = unread.map(({ rows: [first, last] }) => `${first}–${last}`).join(', ');
  return {
    grid: { width, height, originX, originY, stepX, stepY, values },
    ...(srsName ? { srsName } : {}),
    sampleType: info.sampleType,
    ...(unread.length > 0
      ? {
          partly: [
            {
              file: name,
              message: `rows ${rows} of ${height} could not be read and are taken as no data (${unread[0]!.why})`,
            },
          ],
        }
      : {}),
  };
}

/** Rows of a GeoTIFF read at a time (rounded up to whole strips or tiles), so that a damaged block costs only its band. */
const GEOTIFF_BAND_ROWS = 64;

/** Why a band of a GeoTIFF's heights could not be read, for a message. */
function heightReadProblem(image: GeoTIFFImage, error: unknown): string {
  // geotiff reads past the end of a strip or tile that decoded to fewer bytes than its pixels need (a file
  // cut off, or compressed data that ends early): the engine's RangeError says nothing about the file.
  // Other RangeErrors (an invalid array length from absurd tile sizes) are not that, and say so themselves.
  return error instanceof RangeError && /outside the bounds|out of bounds/i.test(error.message)
    ? `a strip or tile holds fewer bytes than its pixels need (the file is cut off or damaged): ${errorMessage(error)}`
    : tiffReadProblem(image, error);
}

/**
 * Largest dropped file read, bytes: a text grid (XYZ, ASCII grid) is decoded into one string, which V8 holds to
 * about 2^29 characters; a GeoTIFF or ZIP is held whole (1 GiB is far above `DGM_MAX_CELLS` of heights anyway).
 */
export const DGM_MAX_FILE_BYTES = { text: 512 * 1024 ** 2, other: 1024 ** 3 } as const;

/**
 * Throws `DgmError` for a dropped file larger than `DGM_MAX_FILE_BYTES` allows for its kind (by its name), before
 * it is read into memory.
 */
export function checkDgmFileSize(bytes: number, name: string): void {
  const text = isDgmTextName(name);
  const limit = text ? DGM_MAX_FILE_BYTES.text : DGM_MAX_FILE_BYTES.other;
  if (bytes > limit)
    throw new DgmError(
      name,
      `${bytes} bytes, more than the ${limit} a dropped ${text ? 'text grid' : 'file'} is read with; make a terrain tileset with npm run terrain`,
    );
}

/**
 * The `.prj` dropped with a text grid (as GDAL and ArcGIS write one beside an ASCII grid): its name and text; with
 * `bytes` over `PRJ_MAX_BYTES` (`layers/gis/prj.ts`) the text need not be read (it is refused).
 */
export interface DgmPrj {
  name: string;
  text: string;
  bytes?: number;
}

/**
 * Reads an XYZ grid or an ESRI ASCII grid (`parseGridText`, told apart by the first line) in the CRS of `prj`
 * when given (`srsNameFromPrj`), else in the assumed `XYZ_DEFAULT_CRS` (neither format names one). Throws
 * `DgmError`, also for a `.prj` naming no known CRS and for a lattice over `DGM_MAX_CELLS` or one its points
 * fill too little of (before its heights are allocated).
 */
export function readDgmText(text: string, name: string, prj?: DgmPrj): DgmGrid {
  let srsName = XYZ_DEFAULT_CRS;
  if (prj) {
    const tooLarge = prjSizeProblem(prj.name, prj.bytes ?? prj.text.length);
    if (tooLarge) throw new DgmError(name, tooLarge);
    try {
      srsName = srsNameFromPrj(prj.text, prj.name);
    } catch (error) {
      throw new DgmError(name, errorMessage(error));
    }
  }
  const reader = new GridTextReader({ maxCells: DGM_MAX_CELLS });
  try {
    reader.push(text);
    const grid = reader.end();
    return { grid, srsName, sampleType: reader.format!, ...(prj ? {} : { assumedCrs: true }) };
  } catch (error) {
    if (error instanceof GridSizeError)
      throw new DgmError(
        name,
        reader.format === 'ESRI ASCII grid'
          ? `the grid has ${cellCount(error.columns, error.rows)}, ${TOO_MANY_CELLS}`
          : `the points span a lattice of ${cellCount(error.columns, error.rows)} at their smallest spacing (${error.stepX} × ${error.stepY}), ${TOO_MANY_CELLS}`,
      );
    const what = reader.format === 'ESRI ASCII grid' ? 'an ESRI ASCII grid' : 'an XYZ grid';
    throw new DgmError(name, `not ${what}: ${errorMessage(error)}`);
  }
}

/**
 * Reads the tiles of one terrain model one after another (each `read` gives one file's grid, or undefined for a
 * file that turned out to be no grid and is skipped) and puts them together into one grid named `name`
 * (`mergeDgmGrids`); stops reading once the tiles read hold more than `DGM_MAX_CELLS` together. Of several tiles,
 * one that cannot be read (damaged, cut off, not a grid) is left out and listed in `skipped`, so the rest is
 * still a terrain. Throws `DgmError`: a single tile's own, the first tile's when none can be read, or one naming
 * `name` (tiles that do not fit together, too many cells).
 */
export async function readDgmTiles(
  tiles: readonly { name: string; read: () => Promise<DgmGrid | undefined> }[],
  name: string,
): Promise<DgmGrid> {
  const parts: { name: string; read: DgmGrid }[] = [];
  const skipped: DgmFileNote[] = [];
  let firstError: unknown;
  let cells = 0;
  for (const tile of tiles) {
    let read: DgmGrid | undefined;
    try {
      read = await tile.read();
    } catch (error) {
      if (tiles.length === 1) throw error;
      firstError ??= error;
      const message = errorMessage(error);
      const file = error instanceof DgmError ? error.file : tile.name;
      skipped.push({
        file,
        message: message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message,
      });
      continue;
    }
    if (read === undefined) continue;
    cells += read.grid.width * read.grid.height;
    if (cells > DGM_MAX_CELLS)
      throw new DgmError(
        name,
        `its grids up to ${tile.name} hold ${cells.toLocaleString('en-US')} cells together, ${TOO_MANY_CELLS}`,
      );
    parts.push({ name: tile.name, read });
  }
  if (parts.length === 0 && firstError !== undefined) throw firstError;
  const merged = mergeDgmGrids(parts, name);
  const partly = parts.flatMap(({ read }) => read.partly ?? []);
  return {
    ...merged,
    ...(skipped.length > 0 ? { skipped } : {}),
    ...(partly.length > 0 ? { partly } : {}),
  };
}

/**
 * The grids of several files of one terrain model (tiles dropped together or in a portal's ZIP, `parts` with their
 * names) as one grid named `name`: same CRS, same spacing, origins whole cells apart (`mergeHeightGrids`). Throws `DgmError`
 * naming the file that does not fit, and for a merged grid over `DGM_MAX_CELLS`.
 */
export function mergeDgmGrids(parts: readonly { name: string; read: DgmGrid }[], name: string): DgmGrid {
  const first = parts[0];
  if (!first) throw new DgmError(name, 'no terrain models to put together');
  if (parts.length === 1) return first.read;
  for (const { name: part, read } of parts) {
    if (read.srsName !== first.read.srsName)
      throw new DgmError(
        name,
        `${part} is in ${read.srsName ?? 'no named CRS'}, ${first.name} in ${first.read.srsName ?? 'no named CRS'}: the tiles of one terrain model share a CRS`,
      );
  }
  let grid: HeightGrid;
  try {
    grid = mergeHeightGrids(
      parts.map(({ name: part, read }) => ({ name: part, grid: read.grid })),
      DGM_MAX_CELLS,
    );
  } catch (error) {
    if (error instanceof GridSizeError)
      throw new DgmError(
        name,
        `its ${parts.length} grids together span ${cellCount(error.columns, error.rows)}, ${TOO_MANY_CELLS}`,
      );
    throw new DgmError(name, errorMessage(error));
  }
  return {
    grid,
    ...(first.read.srsName !== undefined ? { srsName: first.read.srsName } : {}),
    sampleType: first.read.sampleType,
    ...(parts.some(({ read }) => read.assumedCrs) ? { assumedCrs: true } : {}),
    files: parts.length,
  };
}

/**
 * Heights (source datum, metres) at source CRS points, bilinear between the four nodes around each; where one
 * of them has no data, the nearest node's value; NaN off the grid (more than half a cell beyond its nodes).
 */
export function sampleGrid(grid: HeightGrid, x: Float64Array, y: Float64Array, out: Float64Array): void {
  const { width, height, values } = grid;
  for (let i = 0; i < x.length; i++) {
    let fx = (x[i]! - grid.originX) / grid.stepX;
    let fy = (y[i]! - grid.originY) / grid.stepY;
    if (!(fx >= -0.5 && fy >= -0.5 && fx <= width - 0.5 && fy <= height - 0.5)) {
      out[i] = Number.NaN;
      continue;
    }
    fx = Math.min(Math.max(fx, 0), width - 1);
    fy = Math.min(Math.max(fy, 0), height - 1);
    const c0 = Math.min(Math.floor(fx), width - 2);
    const r0 = Math.min(Math.floor(fy), height - 2);
    const tx = fx - c0;
    const ty = fy - r0;
    const k = r0 * width + c0;
    const v00 = values[k]!;
    const v10 = values[k + 1]!;
    const v01 = values[k + width]!;
    const v11 = values[k + width + 1]!;
    const value = (v00 * (1 - tx) + v10 * tx) * (1 - ty) + (v01 * (1 - tx) + v11 * tx) * ty;
    if (!Number.isNaN(value)) out[i] = value;
    else {
      // The nearest node, if it has data.
      out[i] = values[Math.round(fy) * width + Math.round(fx)]!;
    }
  }
}

/** A DGM ready to be sampled into height tiles (see the module comment). */
export interface DgmTerrain {
  info: DgmInfo;
  /**
   * The height tile at `tile` (TMS address of the geographic tiling, `tiling.ts`): size × size ellipsoidal heights
   * (metres), row 0 the northernmost (Cesium's heightmap order), the tile's edges included. Nodes without data
   * take the nearest node's height in the tile; a tile without any data is flat at height 0 (the ellipsoid).
   */
  heightTile(tile: TileAddress, size?: number): Promise<Float32Array>;
  /**
   * The tile at `tile` as a quantized mesh with oct-encoded vertex normals (`quantizeMesh`): its height tile
   * (`DGM_TILE_SIZE` nodes a side) simplified to `levelError(z, maxLevel, DGM_MAX_ERROR)` metres.
   */
  meshTile(tile: TileAddress): Promise<QuantizedMeshParts>;
  /** Inclusive TMS column and row ranges of the tiles with data at level z (z ≤ maxLevel). */
  tileRange(z: number): { startX: number; startY: number; endX: number; endY: number };
}

/**
 * Makes a read grid a terrain: its CRS set up with `heights` (default: the built-in EGM96, as the CityGML import).
 * Throws `DgmError` for a grid without CRS, a CRS without definition, or a grid without any data.
 */
export function openDgm(read: DgmGrid, name: string, heights: HeightCorrection = builtinEgm96()): DgmTerrain {
  const { grid } = read;
  if (!read.srsName)
    throw new DgmError(
      name,
      'the GeoTIFF names no CRS (expected GeoKeys with an EPSG code, e.g. EPSG:25832 for ETRS89 / UTM 32N)',
    );
  let crs: TerrainCrs;
  try {
    crs = terrainCrs(read.srsName, heights);
  } catch (error) {
    throw new DgmError(name, `unknown CRS ${read.srsName}: ${errorMessage(error)}`);
  }
  let min = Infinity;
  let max = -Infinity;
  let noData = 0;
  for (const value of grid.values) {
    if (Number.isNaN(value)) noData += 1;
    else {
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  if (noData === grid.values.length)
    throw new DgmError(name, `all ${grid.values.length} cells are NoData: there are no heights to show`);
  const box = gridBounds(grid);
  let extent: LonLatRectangle;
  let centre: [number, number, number];
  try {
    extent = crs.bounds([box]);
    centre = crs.transformer.toGeodetic((box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2, 0);
  } catch (error) {
    throw new DgmError(name, `the grid lies outside its CRS ${read.srsName}: ${errorMessage(error)}`);
  }
  const kind = crsDefinition(parseSrsName(read.srsName, { axisOrder: 'east-north' }).epsg)?.kind;
  const geographic = kind !== undefined && kind !== 'projected';
  const metresPerDegree = 111_320;
  const cellMetres = geographic
    ? Math.min(
        Math.abs(grid.stepX) * metresPerDegree * Math.cos((centre[1] * Math.PI) / 180),
        Math.abs(grid.stepY) * metresPerDegree,
      )
    : Math.min(Math.abs(grid.stepX), Math.abs(grid.stepY));
  const info: DgmInfo = {
    name,
    srsName: read.srsName,
    width: grid.width,
    height: grid.height,
    cellSize: [Math.abs(grid.stepX), Math.abs(grid.stepY)],
    cellMetres,
    extent,
    minHeight: min,
    maxHeight: max,
    noDataCells: noData,
    heightCorrection: crs.transformer.heightCorrection,
    heightsAdded: heightsAddedTo(read.srsName, heights),
    centreCorrection: centre[2],
    maxLevel: levelForResolution(cellMetres, centre[1], DGM_TILE_SIZE),
    sampleType: read.sampleType,
    ...(read.assumedCrs ? { assumedCrs: true } : {}),
    ...(read.files !== undefined && read.files > 1 ? { files: read.files } : {}),
    ...(read.skipped?.length ? { skipped: read.skipped } : {}),
    ...(read.partly?.length ? { partly: read.partly } : {}),
  };
  return {
    info,
    tileRange: (z) => tileRangeOf(extent, z),
    heightTile: (tile, size = DGM_TILE_SIZE) => Promise.resolve(heightTile(grid, crs, extent, tile, size)),
    meshTile: (tile) =>
      Promise.resolve(meshTile(heightTile(grid, crs, extent, tile, DGM_TILE_SIZE), tile, info)),
  };
}

/** Nodes per side of the lattice on which the projection is evaluated exactly (bilinear in between). */
const LATTICE = 17;

/**
 * One height tile (see `DgmTerrain.heightTile`). The projection is evaluated only over the part of the tile that
 * the grid covers (a lattice there, bilinear between its nodes): a coarse tile spans a hemisphere, far outside the
 * grid's CRS, where a projection has no meaning (or throws).
 */
function heightTile(
  grid: HeightGrid,
  crs: TerrainCrs,
  extent: LonLatRectangle,
  tile: TileAddress,
  size: number,
): Float32Array {
  const heights = new Float32Array(size * size);
  const r = tileRectangle(tile);
  if (!rectanglesOverlap(r, extent)) return heights;
  const west = Math.max(r.west, extent.west);
  const east = Math.min(r.east, extent.east);
  const south = Math.max(r.south, extent.south);
  const north = Math.min(r.north, extent.north);
  const projected = projectLattice(crs.toSource, { west, south, east, north }, LATTICE);
  // Nodes inside the covered part, row 0 northernmost (Cesium's heightmap order).
  const index: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const point = new Float64Array(2);
  for (let row = 0; row < size; row++) {
    const lat = r.north - ((r.north - r.south) * row) / (size - 1);
    if (lat < south || lat > north) continue;
    const fy = ((lat - south) / (north - south || 1)) * (LATTICE - 1);
    for (let column = 0; column < size; column++) {
      const lon = r.west + ((r.east - r.west) * column) / (size - 1);
      if (lon < west || lon > east) continue;
      const fx = ((lon - west) / (east - west || 1)) * (LATTICE - 1);
      interpolateLattice(projected, fx, fy, point);
      index.push(row * size + column);
      xs.push(point[0]!);
      ys.push(point[1]!);
    }
  }
  if (index.length === 0) return heights;
  const x = Float64Array.from(xs);
  const y = Float64Array.from(ys);
  const sampled = new Float64Array(index.length);
  sampleGrid(grid, x, y, sampled);
  heights.fill(Number.NaN);
  for (let n = 0; n < index.length; n++) {
    const z = sampled[n]!;
    if (Number.isFinite(z)) heights[index[n]!] = crs.ellipsoidal(x[n]!, y[n]!, z);
  }
  if (!fillNoData(heights, size)) heights.fill(0);
  return heights;
}

/**
 * A height tile (row 0 northernmost) as a quantized mesh: rows turned south-first (the writer's order), RTIN at
 * the level's error, normals from the mesh's triangles.
 */
function meshTile(northFirst: Float32Array, tile: TileAddress, info: DgmInfo): QuantizedMeshParts {
  const size = DGM_TILE_SIZE;
  const heights = new Float32Array(size * size);
  for (let row = 0; row < size; row++)
    heights.set(northFirst.subarray((size - 1 - row) * size, (size - row) * size), row * size);
  const { mesh } = rtinMeshWithin(heights, size, levelError(tile.z, info.maxLevel, DGM_MAX_ERROR));
  return quantizeMesh({ rectangle: tileRectangle(tile), size, heights, mesh });
}
