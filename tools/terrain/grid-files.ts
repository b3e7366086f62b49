/**
 * The terrain converter's inputs on disk: GeoTIFF (any sample type and compression geotiff.js reads,
 * tiled or striped), XYZ ASCII grids, each also gzipped (`.gz`) or in a ZIP archive. GeoTIFFs are read in
 * windows of WINDOW_SIZE² cells on demand; XYZ text has to be parsed whole. What is read stays in a
 * least-recently-used cache bounded in cells, so memory does not grow with the input.
 */
import { readFileSync, statSync } from 'node:fs';
import { gunzipSync, unzipSync } from 'fflate';
import { fromArrayBuffer, fromFile, type GeoTIFFImage } from 'geotiff';
import { errorMessage } from '../../src/core/errors.ts';
import { geoTiffGridInfo, parseXyzGrid, type GridGeometry } from '../../src/core/terrain/grid.ts';

/** GeoTIFFs are read in windows of this many cells a side. */
export const WINDOW_SIZE = 1024;

/** One grid to read: a file, or an entry of a ZIP archive. */
export interface GridFile {
  /** Name in messages and the report: the path as given (`archive.zip:entry` for ZIP entries). */
  name: string;
  geometry: GridGeometry;
  epsg?: number;
  verticalEpsg?: number;
  /** Cells per window side (the whole grid for XYZ text). */
  windowSize: number;
  /** Reads window (wx, wy): heights in metres, NaN = no data, row-major, clipped at the grid's edge. */
  readWindow(wx: number, wy: number): Promise<Float32Array>;
  /** Bytes on disk (compressed size for archives). */
  bytes: number;
  /** A description of the sample type, e.g. Float32. */
  sampleType: string;
}

/** A problem with an input, naming the file and what was expected; reported, the others are still read. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`terrain: ${file}: ${message}`);
    this.name = 'InputError';
  }
}

const isTiff = (name: string) => /\.tiff?$/i.test(name);
const isXyz = (name: string) => /\.(xyz|txt|asc|csv)$/i.test(name);

function geoTiffFile(name: string, image: GeoTIFFImage, bytes: number): GridFile {
  let info;
  try {
    info = geoTiffGridInfo(image);
  } catch (error) {
    throw new InputError(name, errorMessage(error));
  }
  if (image.getSamplesPerPixel() < 1)
    throw new InputError(name, 'expected a single-band height raster, found no band');
  const noData = info.noData;
  return {
    name,
    geometry: info,
    ...(info.epsg !== undefined ? { epsg: info.epsg } : {}),
    ...(info.verticalEpsg !== undefined ? { verticalEpsg: info.verticalEpsg } : {}),
    windowSize: WINDOW_SIZE,
    bytes,
    sampleType: info.sampleType,
    async readWindow(wx, wy) {
      const x0 = wx * WINDOW_SIZE;
      const y0 = wy * WINDOW_SIZE;
      const x1 = Math.min(info.width, x0 + WINDOW_SIZE);
      const y1 = Math.min(info.height, y0 + WINDOW_SIZE);
      let raster;
      try {
        raster = await image.readRasters({ window: [x0, y0, x1, y1], samples: [0], interleave: true });
      } catch (error) {
        throw new InputError(
          name,
          `could not read cells ${x0}..${x1 - 1} × ${y0}..${y1 - 1}: ${errorMessage(error)}`,
        );
      }
      const values = new Float32Array((x1 - x0) * (y1 - y0));
      for (let i = 0; i < values.length; i++) {
        const value = Number(raster[i]);
        values[i] = value === noData || !Number.isFinite(value) ? Number.NaN : value;
      }
      return values;
    },
  };
}

function xyzFile(name: string, read: () => string, bytes: number): { file: GridFile; first: Float32Array } {
  let grid;
  try {
    grid = parseXyzGrid(read());
  } catch (error) {
    throw new InputError(name, `not an XYZ grid: ${errorMessage(error)}`);
  }
  const { values, ...geometry } = grid;
  return {
    file: {
      name,
      geometry,
      windowSize: Math.max(geometry.width, geometry.height),
      bytes,
      sampleType: 'XYZ text',
      readWindow: () => Promise.resolve(parseXyzGrid(read()).values),
    },
    first: values,
  };
}

/**
 * Opens one input file as one or more grids (a ZIP may hold several). XYZ text is parsed here already: its
 * values come back in `parsed` so the caller can cache them. Throws `InputError` naming the file.
 */
export async function openGridFile(
  path: string,
  name: string,
): Promise<{ files: GridFile[]; parsed: Map<GridFile, Float32Array> }> {
  const parsed = new Map<GridFile, Float32Array>();
  const bytes = statSync(path).size;
  const decoder = new TextDecoder();
  try {
    if (isTiff(name)) {
      let image;
      try {
        image = await (await fromFile(path)).getImage(0);
      } catch (error) {
        throw new InputError(name, `expected a GeoTIFF, but it could not be read: ${errorMessage(error)}`);
      }
      return { files: [geoTiffFile(name, image, bytes)], parsed };
    }
    if (/\.gz$/i.test(name)) {
      const inner = name.replace(/\.gz$/i, '');
      const unpack = () => gunzipSync(readFileSync(path));
      if (isTiff(inner)) {
        const data = unpack();
        const image = await (
          await fromArrayBuffer(
            data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
          )
        ).getImage(0);
        return { files: [geoTiffFile(name, image, bytes)], parsed };
      }
      const { file, first } = xyzFile(name, () => decoder.decode(unpack()), bytes);
      parsed.set(file, first);
      return { files: [file], parsed };
    }
    if (/\.zip$/i.test(name)) {
      const entries = (filter: (entry: string) => boolean) =>
        unzipSync(readFileSync(path), { filter: (entry) => filter(entry.name) });
      // Listed without unpacking anything: the filter sees every entry before it is inflated.
      const listed: string[] = [];
      entries((entry) => {
        if (isTiff(entry) || isXyz(entry)) listed.push(entry);
        return false;
      });
      if (listed.length === 0)
        throw new InputError(name, 'expected a ZIP archive holding .tif or .xyz grids, found none');
      const files: GridFile[] = [];
      for (const entry of listed.sort()) {
        const entryName = `${name}:${entry}`;
        const read = () => entries((candidate) => candidate === entry)[entry]!;
        if (isTiff(entry)) {
          const data = read();
          const image = await (
            await fromArrayBuffer(
              data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
            )
          ).getImage(0);
          files.push(geoTiffFile(entryName, image, bytes));
        } else {
          const { file, first } = xyzFile(entryName, () => decoder.decode(read()), bytes);
          parsed.set(file, first);
          files.push(file);
        }
      }
      return { files, parsed };
    }
    const { file, first } = xyzFile(name, () => readFileSync(path, 'utf8'), bytes);
    parsed.set(file, first);
    return { files: [file], parsed };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(name, errorMessage(error));
  }
}

/** Input file names a directory or glob picks up. */
export const GRID_FILE_NAME = /\.(tiff?|xyz|txt|asc|zip|gz)$/i;
