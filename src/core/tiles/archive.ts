/**
 * 3D Tiles archives: writes a tileset as `.3tz` (the archive format of CesiumGS's 3d-tiles-tools: a ZIP
 * with `tileset.json` at the root, entries STORED, and the `@3dtilesIndex1@` index as last entry) and
 * reads such archives — or a plain ZIP of a tileset folder — back into tileset files, within inflate
 * limits (ZIP bombs) and only when the tileset is self-contained. Platform-free.
 */
import { checkZipLimits, listZip, readZipEntry, ZIP_LIMITS_DEFAULTS } from '../zip/read-zip.ts';
import type { ZipLimits } from '../zip/read-zip.ts';
import { checkArchiveReferences } from './archive-references.ts';
import { md5 } from './md5.ts';
import { encodeUtf8 } from './utf8.ts';

/** A file of a tileset: path relative to the tileset root, and its bytes. */
export interface ArchiveFile {
  path: string;
  bytes: Uint8Array;
}

/** Name of the 3tz index entry: sorted (MD5 of path, local header offset) pairs, 24 bytes each. */
export const TILESET_ARCHIVE_INDEX = '@3dtilesIndex1@';

const LOCAL_HEADER_BYTES = 30;
const CENTRAL_HEADER_BYTES = 46;
const END_RECORD_BYTES = 22;
/** DOS date of 1980-01-01 00:00: fixed, so the same tileset always gives the same archive bytes. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ZIP polynomial) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i += 1)
    crc = (CRC_TABLE[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Compares two MD5 digests as the 3tz index orders them: two little-endian uint64s, low one first. */
function compareDigests(a: Uint8Array, b: Uint8Array): number {
  const va = new DataView(a.buffer, a.byteOffset, 16);
  const vb = new DataView(b.buffer, b.byteOffset, 16);
  for (const at of [0, 8]) {
    const x = va.getBigUint64(at, true);
    const y = vb.getBigUint64(at, true);
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * The `@3dtilesIndex1@` entry for files at the given local header offsets: per file the MD5 of its
 * path (16 bytes) and the offset (uint64 little-endian), sorted by digest.
 */
export function buildArchiveIndex(entries: { path: string; offset: number }[]): Uint8Array {
  const hashed = entries.map((e) => ({ digest: md5(encodeUtf8(e.path)), offset: e.offset }));
  hashed.sort((a, b) => compareDigests(a.digest, b.digest));
  const index = new Uint8Array(hashed.length * 24);
  const view = new DataView(index.buffer);
  hashed.forEach((entry, i) => {
    index.set(entry.digest, i * 24);
    view.setBigUint64(i * 24 + 16, BigInt(entry.offset), true);
  });
  return index;
}

/** What the central directory needs of an entry already written. */
interface WrittenEntry {
  name: Uint8Array;
  path: string;
  crc: number;
  size: number;
  offset: number;
}

const ZIP_LIMIT_MESSAGE = 'tileset archive: over 4 GB or 65535 files; ZIP64 is not supported';

/**
 * A ZIP written piece by piece: STORED entries in the order added, no extra fields and a fixed date (so
 * offsets are predictable and output is repeatable). `add` and `finish` return the chunks to append to
 * the file, in order; only the entries' names, CRCs and offsets are kept, never their bytes, so a
 * tileset of any size streams through a small amount of memory. With `index`, `finish` appends the 3tz
 * `@3dtilesIndex1@` entry. Throws (same message as `writeZip`) as soon as the archive would pass 4 GB or
 * 65535 entries, which needs ZIP64.
 */
export class ZipStreamWriter {
  private readonly entries: WrittenEntry[] = [];
  /** Bytes written so far (= offset of the next local header). */
  private offset = 0;
  /** Bytes the central directory will take for the entries so far. */
  private centralSize = 0;
  private finished = false;

  constructor(private readonly options: { index: boolean }) {}

  /**
   * Adds one file (path relative to the archive root, `/`-separated); returns its local header and its
   * bytes (a view of `bytes`, not a copy). A file named like the 3tz index is skipped (the index is
   * written by `finish`).
   */
  add(path: string, bytes: Uint8Array): Uint8Array[] {
    if (this.finished) throw new Error('tileset archive: already finished');
    if (path === TILESET_ARCHIVE_INDEX) return [];
    return this.entry(path, bytes);
  }

  /** The index entry (with `index`), the central directory and its end record. */
  finish(): Uint8Array[] {
    if (this.finished) throw new Error('tileset archive: already finished');
    const chunks = this.options.index
      ? this.entry(TILESET_ARCHIVE_INDEX, buildArchiveIndex(this.entries.slice()))
      : [];
    this.finished = true;
    const { entries, centralSize } = this;
    const out = new Uint8Array(centralSize + END_RECORD_BYTES);
    const view = new DataView(out.buffer);
    let at = 0;
    for (const e of entries) {
      view.setUint32(at, 0x02014b50, true);
      view.setUint16(at + 4, 20, true); // made by
      view.setUint16(at + 6, 20, true);
      view.setUint16(at + 8, 0x0800, true);
      view.setUint16(at + 10, 0, true);
      view.setUint16(at + 12, 0, true);
      view.setUint16(at + 14, DOS_DATE, true);
      view.setUint32(at + 16, e.crc, true);
      view.setUint32(at + 20, e.size, true);
      view.setUint32(at + 24, e.size, true);
      view.setUint16(at + 28, e.name.length, true);
      // extra, comment, disk, internal attributes: 0
      view.setUint32(at + 38, 0, true); // external attributes
      view.setUint32(at + 42, e.offset, true);
      out.set(e.name, at + CENTRAL_HEADER_BYTES);
      at += CENTRAL_HEADER_BYTES + e.name.length;
    }
    view.setUint32(at, 0x06054b50, true);
    view.setUint16(at + 8, entries.length, true);
    view.setUint16(at + 10, entries.length, true);
    view.setUint32(at + 12, centralSize, true);
    view.setUint32(at + 16, this.offset, true);
    chunks.push(out);
    return chunks;
  }

  private entry(path: string, bytes: Uint8Array): Uint8Array[] {
    const name = encodeUtf8(path);
    const entry: WrittenEntry = { name, path, crc: crc32(bytes), size: bytes.length, offset: this.offset };
    const offset = this.offset + LOCAL_HEADER_BYTES + name.length + bytes.length;
    const centralSize = this.centralSize + CENTRAL_HEADER_BYTES + name.length;
    // Sizes only grow, so an archive past the limits now stays past them: refuse before writing more.
    if (offset + centralSize + END_RECORD_BYTES >= 0xffffffff || this.entries.length + 1 >= 0xffff) {
      throw new Error(ZIP_LIMIT_MESSAGE);
    }
    this.entries.push(entry);
    this.offset = offset;
    this.centralSize = centralSize;
    const header = new Uint8Array(LOCAL_HEADER_BYTES + name.length);
    const view = new DataView(header.buffer);
    view.setUint32(0, 0x04034b50, true);
    view.setUint16(4, 20, true); // version needed
    view.setUint16(6, 0x0800, true); // UTF-8 names
    view.setUint16(8, 0, true); // STORED
    view.setUint16(10, 0, true); // time
    view.setUint16(12, DOS_DATE, true);
    view.setUint32(14, entry.crc, true);
    view.setUint32(18, bytes.length, true);
    view.setUint32(22, bytes.length, true);
    view.setUint16(26, name.length, true);
    view.setUint16(28, 0, true);
    header.set(name, LOCAL_HEADER_BYTES);
    return [header, bytes];
  }
}

/**
 * A `.3tz` written piece by piece (see `ZipStreamWriter`), with the `@3dtilesIndex1@` index as last
 * entry. The first file added must be the root `tileset.json`: 3tz readers expect it first.
 */
export class TilesetArchiveWriter extends ZipStreamWriter {
  private started = false;

  constructor() {
    super({ index: true });
  }

  override add(path: string, bytes: Uint8Array): Uint8Array[] {
    if (!this.started && path !== 'tileset.json') {
      throw new Error('tileset archive: the first file must be tileset.json');
    }
    this.started = true;
    return super.add(path, bytes);
  }

  override finish(): Uint8Array[] {
    if (!this.started) throw new Error('tileset archive: no tileset.json at the root');
    return super.finish();
  }
}

/** The chunks concatenated into one array. */
function concatChunks(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * Writes a ZIP with STORED entries, in the given order, no extra fields and a fixed date (so offsets are
 * predictable and output is repeatable). With `index`, appends the 3tz `@3dtilesIndex1@` entry.
 */
export function writeZip(files: ArchiveFile[], options: { index: boolean }): Uint8Array {
  const writer = new ZipStreamWriter(options);
  const chunks = files.flatMap((file) => writer.add(file.path, file.bytes));
  return concatChunks([...chunks, ...writer.finish()]);
}

/** Writes a tileset as a `.3tz` archive (tileset.json must be among the files, at the root). */
export function writeTilesetArchive(files: ArchiveFile[]): Uint8Array {
  if (!files.some((f) => f.path === 'tileset.json')) {
    throw new Error('tileset archive: no tileset.json at the root');
  }
  const ordered = [...files].sort((a, b) =>
    a.path === 'tileset.json' ? -1 : b.path === 'tileset.json' ? 1 : 0,
  );
  const writer = new TilesetArchiveWriter();
  const chunks = ordered.flatMap((file) => writer.add(file.path, file.bytes));
  return concatChunks([...chunks, ...writer.finish()]);
}

/** True when `bytes` start with a ZIP local file header. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Options of `readTilesetArchive`. */
export interface TilesetArchiveReadOptions {
  /** Name of the archive in messages (e.g. the dropped file's name). */
  archive?: string;
  /** Caps on inflating; each missing one is taken from `ZIP_LIMITS_DEFAULTS`. */
  limits?: ZipLimits;
}

/** Defaults of `readTilesetArchive`. */
export const TILESET_ARCHIVE_READ_DEFAULTS: Required<TilesetArchiveReadOptions> = {
  archive: 'tileset archive',
  limits: ZIP_LIMITS_DEFAULTS,
};

/**
 * The tileset inside a `.3tz` or a ZIP of a tileset folder (tileset.json at the root or in one
 * top-level folder), paths relative to the tileset root, index entry left out; `undefined` when the ZIP
 * holds no tileset.json (e.g. CityGML files). Only the tileset's entries are inflated, one at a time and
 * within `options.limits` (`ZipReadError` otherwise, before the output is allocated where the directory
 * tells). Throws `TilesetArchiveError` when the tileset refers to anything outside the archive. Stored
 * entries (all of a `.3tz`) come back as views into `bytes`.
 */
export function readTilesetArchive(
  bytes: Uint8Array,
  options: TilesetArchiveReadOptions = {},
): ArchiveFile[] | undefined {
  const { archive, limits } = { ...TILESET_ARCHIVE_READ_DEFAULTS, ...options };
  const entries = listZip(bytes, archive);
  const rootTileset = entries
    .map((entry) => entry.name)
    .filter((name) => /(^|\/)tileset\.json$/.test(name))
    .sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (rootTileset === undefined || rootTileset.split('/').length > 2) return undefined;
  const prefix = rootTileset.slice(0, rootTileset.length - 'tileset.json'.length);
  const wanted = entries.filter(
    (entry) => entry.name.startsWith(prefix) && entry.name !== TILESET_ARCHIVE_INDEX,
  );
  // All sizes are checked before the first entry is inflated, so a bomb costs no allocation.
  checkZipLimits(wanted, archive, limits);
  const files = wanted.map((entry) => ({
    path: entry.name.slice(prefix.length),
    bytes: readZipEntry(bytes, entry, archive),
  }));
  checkArchiveReferences(files, archive);
  return files;
}
