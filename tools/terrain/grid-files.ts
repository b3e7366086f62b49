/**
 * The terrain converter's inputs on disk: GeoTIFF (any sample type and compression geotiff.js reads,
 * tiled or striped), XYZ ASCII grids, each also gzipped (`.gz`) or in a ZIP archive. GeoTIFFs are read in
 * windows of WINDOW_SIZE² cells on demand; XYZ text has to be parsed whole, once: its heights are then spilled
 * to a raw Float32 file in the run's spool directory and read back in windows like a GeoTIFF's, so neither
 * the text nor the parsed grid stays in memory (a 1 GB XYZ mosaic held all its grids, 4 bytes a cell, and
 * re-parsed a file, ~70 MB of transient arrays, at every cache miss). What is read stays in a
 * least-recently-used cache bounded in cells, so memory does not grow with the input.
 *
 * Compressed inputs are hostile until read: gzipped XYZ is streamed through the same piecewise parser as a
 * plain file, gzipped GeoTIFFs and ZIP entries are inflated within `TERRAIN_UNPACK_LIMITS`, so a small
 * decompression bomb is refused after a few MiB of output instead of allocating gigabytes.
 */
import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { addDecoder, BaseDecoder, fromArrayBuffer, fromFile, type GeoTIFFImage } from 'geotiff';
import { errorMessage } from '../../src/core/errors.ts';
import { prjSizeProblem, srsNameFromPrj } from '../../src/core/layers/gis/prj.ts';
import { checkTiffLayout, tiffReadProblem } from '../../src/core/util/tiff-layout.ts';
import { registerTiffLzw } from '../../src/core/util/tiff-lzw.ts';
import { registerTiffZstd } from '../../src/core/util/tiff-zstd.ts';
import {
  checkZipLimits,
  listZip,
  readZipEntry,
  ZipReadError,
  type ZipEntry,
  type ZipLimits,
} from '../../src/core/zip/read-zip.ts';
import { geoTiffGridInfo, type GridGeometry, type HeightGrid } from '../../src/core/terrain/grid.ts';
import { GridTextReader, type GridTextFormat } from '../../src/core/terrain/grid-text.ts';
import { prjNamesOf } from '../../src/core/terrain/dgm-names.ts';

// geotiff's own LZW and ZSTD decoders can loop without end on damaged data (see src/core/util/tiff-lzw.ts,
// tiff-zstd.ts).
registerTiffLzw({ addDecoder, BaseDecoder });
registerTiffZstd({ addDecoder, BaseDecoder });

/** GeoTIFFs are read in windows of this many cells a side. */
export const WINDOW_SIZE = 1024;

const MIB = 1024 ** 2;

/** Largest `.zip` input, bytes: it is read whole, and Node's `readFileSync` reads at most 2 GiB − 1 (kIoMaxLength). */
export const ZIP_MAX_BYTES = 2 ** 31 - 1;

/**
 * Caps on unpacking `.zip` and `.gz` inputs (sizes in bytes of inflated output; ratio = inflated /
 * compressed bytes). What real inputs need: a DGM1 tile as XYZ text is ~27–40 MB per km², as GeoTIFF ~4 MB;
 * the state portals' ZIPs hold one to a few tiles; XYZ text deflates ~4–6:1, GeoTIFFs (LZW or deflate
 * inside) ~1:1. What a bomb does: DEFLATE reaches ~1032:1, so 5 MB inflate to 5 GB.
 *
 * - `maxEntryBytes` 512 MiB: one ZIP entry, or a gzipped GeoTIFF, is held in memory whole (geotiff needs
 *   random access; a ZIP's entries are inflated whole by `readZipEntry`). That is over 12 km² of XYZ text or
 *   an 11 000² Float32 raster, more than ten times a portal's tile; a larger grid can be unpacked first, as
 *   plain files are read from disk in pieces (XYZ) or windows (GeoTIFF).
 * - `maxTotalBytes` 2 GiB: the grid entries of one ZIP together. Inflated GeoTIFF entries stay in memory for
 *   the run (XYZ entries are parsed and dropped one by one), so this bounds what one archive can pin; it
 *   holds ~50 XYZ tiles, ten times "a few".
 * - `maxRatio` 200 past `ratioCheckBytes` 16 MiB: 30 times XYZ's 4–6:1, a fifth of a bomb's 1000:1. Output up
 *   to 16 MiB (four GeoTIFF tiles) is not ratio-checked, so an uncompressed edge tile that is mostly no-data
 *   (which deflates like a bomb) still reads, and a bomb is stopped after 16 MiB plus 200 times the compressed
 *   bytes read. The ratio also applies to gzip: a gzipped XYZ is streamed without a size cap (memory follows
 *   its points, 20 bytes each), so the ratio is what keeps a small file from yielding billions of lines.
 */
export const TERRAIN_UNPACK_LIMITS: Required<ZipLimits> = {
  maxEntryBytes: 512 * MIB,
  maxTotalBytes: 2048 * MIB,
  maxRatio: 200,
  ratioCheckBytes: 16 * MIB,
};

const mib = (bytes: number): string => `${Math.round((bytes / MIB) * 10) / 10} MiB`;

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
  /** Why the `.prj` beside a text grid gave no CRS (`sidecarCrs`), for the message asking for --crs. */
  crsProblem?: string;
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
const isGridText = (name: string) => /\.(xyz|txt|asc|csv)$/i.test(name);

async function geoTiffFile(name: string, image: GeoTIFFImage, bytes: number): Promise<GridFile> {
  let info;
  try {
    await checkTiffLayout(image);
    info = geoTiffGridInfo(image);
  } catch (error) {
    throw new InputError(name, errorMessage(error));
  }
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
          `could not read cells ${x0}..${x1 - 1} × ${y0}..${y1 - 1}: ${tiffReadProblem(image, error)}`,
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

/** Pieces of text of at most this many bytes are parsed at a time (also zlib's output chunk for `.gz`). */
const XYZ_PIECE = 1 << 20;
/**
 * Longest XYZ line, bytes (real ones are ~30). The parser keeps an unfinished line and scans it again with
 * every piece, so text without line breaks (a bomb of zeros, a binary file named .xyz) would cost time
 * quadratic in its length and then exceed V8's string limit; past this it is refused.
 */
const MAX_XYZ_LINE = 64 * 1024;
/** Compressed bytes read from disk at a time for `.gz` inputs. */
const GZIP_READ = 64 * 1024;
/** Spilled heights are written in pieces of this many bytes. */
const SPILL_PIECE = 1 << 26;

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

/**
 * The inflated bytes of the gzip file at `path`, streamed through node:zlib in pieces of up to XYZ_PIECE
 * bytes (every member of a multi-member gzip, as `gunzip` does). Throws `InputError` naming the file as soon
 * as the output passes `maxBytes` (`kind` says what was being unpacked) or `limits.maxRatio` times the
 * compressed bytes read so far (past `limits.ratioCheckBytes`). Those counted are read from disk, at most a
 * few GZIP_READ ahead of what zlib has consumed, so the ratio is understated, never overstated.
 */
async function* gunzipPieces(
  path: string,
  name: string,
  limits: Required<ZipLimits>,
  maxBytes = Number.POSITIVE_INFINITY,
  kind = '',
): AsyncGenerator<Uint8Array> {
  const source = createReadStream(path, { highWaterMark: GZIP_READ });
  const gunzip = createGunzip({ chunkSize: XYZ_PIECE });
  let compressed = 0;
  let inflated = 0;
  source.on('data', (chunk) => (compressed += chunk.length));
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > maxBytes)
        throw new InputError(
          name,
          `inflates past ${mib(maxBytes)}, the limit for ${kind}; unpack it (gunzip) and pass the unpacked file, which is read from disk in pieces`,
        );
      if (inflated > limits.ratioCheckBytes && inflated > limits.maxRatio * compressed)
        throw new InputError(
          name,
          `inflates more than ${limits.maxRatio}-fold (${compressed} compressed bytes to ${mib(inflated)} so far; ` +
            `limit ${limits.maxRatio}:1 past ${mib(limits.ratioCheckBytes)}): expected gzipped XYZ text or a GeoTIFF, ` +
            'which deflate far less; a gzip bomb?',
        );
      yield chunk;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      name,
      `expected a gzip file, but it could not be unpacked: ${errorMessage(error)} (truncated or not gzip?)`,
    );
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

/** "an XYZ grid" or "an ESRI ASCII grid", for "not …" messages (XYZ until the format is known). */
const gridTextName = (format: GridTextFormat | undefined): string =>
  format === 'ESRI ASCII grid' ? 'an ESRI ASCII grid' : 'an XYZ grid';

/**
 * Parses XYZ text or an ESRI ASCII grid (`GridTextReader`) piece by piece (UTF-8; a character split between
 * pieces is put together). Pieces may come from a stream (a gzip being unpacked); throws `InputError` for an
 * XYZ line longer than MAX_XYZ_LINE (an ASCII grid's rows are long: its reader holds no more than a number).
 */
async function parseGridPieces(
  name: string,
  pieces: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<{ grid: HeightGrid; format: GridTextFormat }> {
  const reader = new GridTextReader();
  const decoder = new TextDecoder();
  /** Bytes so far, and where the last line began. */
  let offset = 0;
  let lineStart = 0;
  try {
    for await (const piece of pieces) {
      reader.push(decoder.decode(piece, { stream: true }));
      const newline = piece.lastIndexOf(10);
      if (newline >= 0) lineStart = offset + newline + 1;
      offset += piece.length;
      if (offset - lineStart > MAX_XYZ_LINE && reader.format !== 'ESRI ASCII grid')
        throw new InputError(
          name,
          `not an XYZ grid: the line from byte ${lineStart} runs past ${MAX_XYZ_LINE} bytes without a line break; ` +
            'expected lines of three numbers "x y z" (binary data?)',
        );
    }
    reader.push(decoder.decode());
    return { grid: reader.end(), format: reader.format! };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(name, `not ${gridTextName(reader.format)}: ${errorMessage(error)}`);
  }
}

/**
 * Parses XYZ text or an ESRI ASCII grid once and spills its heights to `spool` (raw Float32, row-major);
 * windows are read back from there. Without a spool (tests, small inputs) the parsed grid is kept in memory.
 */
async function textGridFile(
  name: string,
  pieces: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  bytes: number,
  spool: GridSpool | undefined,
): Promise<GridFile> {
  const { grid, format } = await parseGridPieces(name, pieces);
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
    sampleType: format,
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
    // In pieces: one write of more than 2 GiB (a lattice of over 537 M nodes) is refused by Node.
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    for (let at = 0; at < bytes.length; at += SPILL_PIECE)
      writeSync(fd, bytes.subarray(at, Math.min(bytes.length, at + SPILL_PIECE)));
  } finally {
    closeSync(fd);
  }
  return {
    ...file,
    readWindow(wx, wy) {
      const { x0, y0, x1, y1 } = window(wx, wy);
      const out = new Float32Array((x1 - x0) * (y1 - y0));
      const target = new Uint8Array(out.buffer);
      const reader = openSync(path, 'r');
      try {
        if (x0 === 0 && x1 === width) readSync(reader, target, 0, target.byteLength, y0 * width * 4);
        // Row by row, only the window's columns: a band of whole rows would cost 4 KB per column of the lattice.
        else
          for (let row = y0; row < y1; row++)
            readSync(reader, target, (row - y0) * (x1 - x0) * 4, (x1 - x0) * 4, (row * width + x0) * 4);
      } finally {
        closeSync(reader);
      }
      return Promise.resolve(out);
    },
  };
}

/** A text grid's CRS from its `.prj` (`epsg`), or why it gave none (`crsProblem`, for the message asking for --crs). */
type SidecarCrs = { epsg?: number; crsProblem?: string };

/** The CRS `srsNameFromPrj` finds in the text of `prj` (of `bytes` bytes), or why not. */
function crsOfPrj(prj: string, bytes: number, read: () => string): SidecarCrs {
  const tooLarge = prjSizeProblem(prj, bytes);
  if (tooLarge) return { crsProblem: tooLarge };
  try {
    return { epsg: Number(srsNameFromPrj(read(), prj).slice('EPSG:'.length)) };
  } catch (error) {
    return { crsProblem: errorMessage(error) };
  }
}

/**
 * The CRS of a text grid file (XYZ, ESRI ASCII grid) from the `.prj` beside it, as GDAL and ArcGIS write one
 * with an ASCII grid; nothing without one (only regular files are opened).
 */
function sidecarCrs(path: string): SidecarCrs {
  for (const prj of prjNamesOf(path)) {
    const stat = statSync(prj, { throwIfNoEntry: false });
    if (stat?.isFile()) return crsOfPrj(prj, stat.size, () => readFileSync(prj, 'utf8'));
  }
  return {};
}

/** A GeoTIFF held in memory (unpacked from gzip or ZIP); `bytes` is the compressed size on disk. */
async function geoTiffBytes(name: string, data: Uint8Array, bytes: number): Promise<GridFile> {
  // geotiff takes an ArrayBuffer: the data's own when it spans it, else a copy (a stored ZIP entry is a view
  // into the archive, which must not stay pinned).
  const buffer =
    data.byteOffset === 0 && data.byteLength === data.buffer.byteLength
      ? (data.buffer as ArrayBuffer)
      : data.slice().buffer;
  let image;
  try {
    image = await (await fromArrayBuffer(buffer)).getImage(0);
  } catch (error) {
    throw new InputError(name, `expected a GeoTIFF, but it could not be read: ${errorMessage(error)}`);
  }
  return await geoTiffFile(name, image, bytes);
}

/** A grid file (or ZIP entry) that could not be read, and why (`InputError`'s message). */
export interface GridFileError {
  file: string;
  message: string;
}

/**
 * The grids of the ZIP archive at `path`: its .tif and text grid (.xyz, .txt, .asc, .csv) entries, inflated one
 * by one within `limits`; a text grid's CRS from the `.prj` entry beside it. An entry that cannot be read is an error of its own (a state portal's archive may hold a `readme.txt` or
 * a licence beside its grids, and `.txt` is also how some portals name XYZ text); the others still read.
 */
async function zipGridFiles(
  path: string,
  name: string,
  bytes: number,
  spool: GridSpool | undefined,
  limits: Required<ZipLimits>,
): Promise<{ files: GridFile[]; errors: GridFileError[] }> {
  // A ZIP is read whole (its central directory is at its end, its entries anywhere); Node reads 2 GiB at most at once.
  if (bytes > ZIP_MAX_BYTES)
    throw new InputError(
      name,
      `${bytes} bytes: a ZIP is read into memory whole, and at most ${ZIP_MAX_BYTES} bytes (2 GiB) can be; unzip it and pass its grids, which are read from disk in pieces`,
    );
  const archive = readFileSync(path);
  /** Its messages begin with the archive's name, which InputError puts first already; they name the entry. */
  const unprefixed = (error: ZipReadError) => {
    const prefix = `${name}: `;
    return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  };
  let listed: ZipEntry[];
  let all: ZipEntry[];
  try {
    // listZip refuses entries whose data overlap (one deflate stream listed many times), checkZipLimits the
    // declared sizes and ratios, readZipEntry the real ones as it inflates: directory fields are not trusted.
    all = listZip(archive, name);
    listed = all
      .filter((entry) => isTiff(entry.name) || isGridText(entry.name))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (listed.length === 0)
      throw new InputError(name, 'expected a ZIP archive holding .tif, .xyz or .asc grids, found none');
    checkZipLimits(listed, name, limits);
  } catch (error) {
    if (error instanceof ZipReadError) throw new InputError(name, unprefixed(error));
    throw error;
  }
  /** A text entry's CRS from the `.prj` entry beside it (`dgm/a.prj` for `dgm/a.asc`), as `sidecarCrs`. */
  const entrySidecarCrs = (grid: string): SidecarCrs => {
    for (const prj of prjNamesOf(grid)) {
      const entry = all.find((candidate) => candidate.name === prj);
      if (entry)
        return crsOfPrj(`${name}:${prj}`, entry.size, () =>
          new TextDecoder().decode(readZipEntry(archive, entry, name, limits)),
        );
    }
    return {};
  };
  const files: GridFile[] = [];
  const errors: GridFileError[] = [];
  for (const entry of listed) {
    const entryName = `${name}:${entry.name}`;
    try {
      const data = readZipEntry(archive, entry, name, limits);
      files.push(
        isTiff(entry.name)
          ? await geoTiffBytes(entryName, data, bytes)
          : {
              ...(await textGridFile(entryName, memoryPieces(data), bytes, spool)),
              ...entrySidecarCrs(entry.name),
            },
      );
    } catch (error) {
      const problem =
        error instanceof ZipReadError
          ? new InputError(name, unprefixed(error))
          : error instanceof InputError
            ? error
            : new InputError(entryName, errorMessage(error));
      errors.push({ file: entryName, message: problem.message });
    }
  }
  return { files, errors };
}

/**
 * Opens one input file as one or more grids (a ZIP may hold several). XYZ text is parsed here already and
 * spilled to `spool` (kept in memory without one). `limits` override `TERRAIN_UNPACK_LIMITS` for `.zip` and
 * `.gz` inputs. Throws `InputError` naming the file; a ZIP's entries that cannot be read are in `errors`.
 */
export async function openGridFile(
  path: string,
  name: string,
  spool?: GridSpool,
  limits: ZipLimits = {},
): Promise<{ files: GridFile[]; errors: GridFileError[] }> {
  const unpack = { ...TERRAIN_UNPACK_LIMITS, ...limits };
  const bytes = statSync(path).size;
  try {
    if (isTiff(name)) {
      let image;
      try {
        image = await (await fromFile(path)).getImage(0);
      } catch (error) {
        throw new InputError(name, `expected a GeoTIFF, but it could not be read: ${errorMessage(error)}`);
      }
      return { files: [await geoTiffFile(name, image, bytes)], errors: [] };
    }
    if (/\.gz$/i.test(name)) {
      const inner = name.replace(/\.gz$/i, '');
      if (isTiff(inner)) {
        // Held whole (geotiff reads at random offsets), so capped like a ZIP entry.
        const chunks: Uint8Array[] = [];
        for await (const chunk of gunzipPieces(
          path,
          name,
          unpack,
          unpack.maxEntryBytes,
          'a gzipped GeoTIFF, which is unpacked in memory',
        ))
          chunks.push(chunk);
        return { files: [await geoTiffBytes(name, Buffer.concat(chunks), bytes)], errors: [] };
      }
      // Streamed: the text is never held, only its points.
      const file = await textGridFile(name, gunzipPieces(path, name, unpack), bytes, spool);
      return { files: [{ ...file, ...sidecarCrs(path) }], errors: [] };
    }
    if (/\.zip$/i.test(name)) return await zipGridFiles(path, name, bytes, spool, unpack);
    const file = await textGridFile(name, filePieces(path), bytes, spool);
    return { files: [{ ...file, ...sidecarCrs(path) }], errors: [] };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(name, errorMessage(error));
  }
}

/** Input file names a directory or glob picks up. */
export const GRID_FILE_NAME = /\.(tiff?|xyz|txt|asc|zip|gz)$/i;
