/**
 * The terrain converter's inputs on disk: GeoTIFF (any sample type and compression geotiff.js reads,
 * tiled or striped), XYZ ASCII grids, each also gzipped (`.gz`) or in a ZIP archive. GeoTIFFs are read in
 * windows of WINDOW_SIZE² cells on demand; XYZ text has to be parsed whole, once: its heights are then spilled
 * to a raw Float32 file in the run's spool directory and read back in windows like a GeoTIFF's, so neither
 * the text nor the parsed grid stays in memory (a 1 GB XYZ mosaic held all its grids, 4 bytes a cell, and
 * re-parsed a file, ~70 MB of transient arrays, at every cache miss). What is read stays in a
 * least-recently-used cache bounded in cells, so memory does not grow with the input.
 */
import { closeSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, unzipSync } from 'fflate';
import { addDecoder, BaseDecoder, fromArrayBuffer, fromFile, type GeoTIFFImage } from 'geotiff';
import { errorMessage } from '../../src/core/errors.ts';
import { registerTiffLzw } from '../../src/core/util/tiff-lzw.ts';
import {
  geoTiffGridInfo,
  XyzGridReader,
  type GridGeometry,
  type HeightGrid,
} from '../../src/core/terrain/grid.ts';

// geotiff's own LZW decoder can loop without end on damaged data (see src/core/util/tiff-lzw.ts).
registerTiffLzw({ addDecoder, BaseDecoder });

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

/** Where XYZ grids are spilled: a directory the caller removes after the run, and a counter for names. */
export interface GridSpool {
  dir: string;
  files: number;
}

/**
 * Parses XYZ text once and spills its heights to `spool` (raw Float32, row-major); windows are read back
 * from there. Without a spool (tests, small inputs) the parsed grid is kept in memory instead.
 */
/** Pieces of text of at most this many bytes are parsed at a time. */
const XYZ_PIECE = 1 << 20;

/** The bytes of a file (from disk) or of an unpacked archive member, in pieces. */
function* filePieces(path: string): Generator<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    const buffer = new Uint8Array(XYZ_PIECE);
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      yield buffer.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}
function* memoryPieces(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += XYZ_PIECE) yield bytes.subarray(at, at + XYZ_PIECE);
}

/** Parses XYZ text piece by piece (UTF-8; a character split between pieces is put together). */
function parseXyzPieces(pieces: Iterable<Uint8Array>): HeightGrid {
  const reader = new XyzGridReader();
  const decoder = new TextDecoder();
  for (const piece of pieces) reader.push(decoder.decode(piece, { stream: true }));
  reader.push(decoder.decode());
  return reader.end();
}

function xyzFile(
  name: string,
  pieces: Iterable<Uint8Array>,
  bytes: number,
  spool: GridSpool | undefined,
): GridFile {
  let grid;
  try {
    grid = parseXyzPieces(pieces);
  } catch (error) {
    throw new InputError(name, `not an XYZ grid: ${errorMessage(error)}`);
  }
  const { values, ...geometry } = grid;
  const { width, height } = geometry;
  const window = (wx: number, wy: number) => {
    const x0 = wx * WINDOW_SIZE;
    const y0 = wy * WINDOW_SIZE;
    return { x0, y0, x1: Math.min(width, x0 + WINDOW_SIZE), y1: Math.min(height, y0 + WINDOW_SIZE) };
  };
  const file = {
    name,
    geometry,
    windowSize: WINDOW_SIZE,
    bytes,
    sampleType: 'XYZ text',
  };
  if (!spool) {
    return {
      ...file,
      readWindow(wx, wy) {
        const { x0, y0, x1, y1 } = window(wx, wy);
        const out = new Float32Array((x1 - x0) * (y1 - y0));
        for (let row = y0; row < y1; row++)
          out.set(values.subarray(row * width + x0, row * width + x1), (row - y0) * (x1 - x0));
        return Promise.resolve(out);
      },
    };
  }
  const path = join(spool.dir, `${spool.files++}.f32`);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  } finally {
    closeSync(fd);
  }
  return {
    ...file,
    readWindow(wx, wy) {
      const { x0, y0, x1, y1 } = window(wx, wy);
      // Whole rows of the window's band in one read, then its columns.
      const band = new Float32Array(width * (y1 - y0));
      const reader = openSync(path, 'r');
      try {
        readSync(reader, new Uint8Array(band.buffer), 0, band.byteLength, y0 * width * 4);
      } finally {
        closeSync(reader);
      }
      if (x0 === 0 && x1 === width) return Promise.resolve(band);
      const out = new Float32Array((x1 - x0) * (y1 - y0));
      for (let row = 0; row < y1 - y0; row++)
        out.set(band.subarray(row * width + x0, row * width + x1), row * (x1 - x0));
      return Promise.resolve(out);
    },
  };
}

/**
 * Opens one input file as one or more grids (a ZIP may hold several). XYZ text is parsed here already and
 * spilled to `spool` (kept in memory without one). Throws `InputError` naming the file.
 */
export async function openGridFile(
  path: string,
  name: string,
  spool?: GridSpool,
): Promise<{ files: GridFile[] }> {
  const bytes = statSync(path).size;
  try {
    if (isTiff(name)) {
      let image;
      try {
        image = await (await fromFile(path)).getImage(0);
      } catch (error) {
        throw new InputError(name, `expected a GeoTIFF, but it could not be read: ${errorMessage(error)}`);
      }
      return { files: [geoTiffFile(name, image, bytes)] };
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
        return { files: [geoTiffFile(name, image, bytes)] };
      }
      return { files: [xyzFile(name, memoryPieces(unpack()), bytes, spool)] };
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
          files.push(xyzFile(entryName, memoryPieces(read()), bytes, spool));
        }
      }
      return { files };
    }
    return { files: [xyzFile(name, filePieces(path), bytes, spool)] };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(name, errorMessage(error));
  }
}

/** Input file names a directory or glob picks up. */
export const GRID_FILE_NAME = /\.(tiff?|xyz|txt|asc|zip|gz)$/i;
