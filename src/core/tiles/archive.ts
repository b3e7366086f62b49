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

/**
 * Writes a ZIP with STORED entries, in the given order, no extra fields and a fixed date (so offsets are
 * predictable and output is repeatable). With `index`, appends the 3tz `@3dtilesIndex1@` entry.
 */
export function writeZip(files: ArchiveFile[], options: { index: boolean }): Uint8Array {
  const entries: { name: Uint8Array; bytes: Uint8Array; crc: number; offset: number; path: string }[] = [];
  let offset = 0;
  const add = (path: string, bytes: Uint8Array) => {
    const name = encodeUtf8(path);
    entries.push({ name, bytes, crc: crc32(bytes), offset, path });
    offset += LOCAL_HEADER_BYTES + name.length + bytes.length;
  };
  for (const file of files) {
    if (file.path === TILESET_ARCHIVE_INDEX) continue;
    add(file.path, file.bytes);
  }
  if (options.index) add(TILESET_ARCHIVE_INDEX, buildArchiveIndex(entries.slice()));
  const centralSize = entries.reduce((sum, e) => sum + CENTRAL_HEADER_BYTES + e.name.length, 0);
  const total = offset + centralSize + END_RECORD_BYTES;
  if (total >= 0xffffffff || entries.length >= 0xffff) {
    throw new Error('tileset archive: over 4 GB or 65535 files; ZIP64 is not supported');
  }
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  for (const e of entries) {
    const at = e.offset;
    view.setUint32(at, 0x04034b50, true);
    view.setUint16(at + 4, 20, true); // version needed
    view.setUint16(at + 6, 0x0800, true); // UTF-8 names
    view.setUint16(at + 8, 0, true); // STORED
    view.setUint16(at + 10, 0, true); // time
    view.setUint16(at + 12, DOS_DATE, true);
    view.setUint32(at + 14, e.crc, true);
    view.setUint32(at + 18, e.bytes.length, true);
    view.setUint32(at + 22, e.bytes.length, true);
    view.setUint16(at + 26, e.name.length, true);
    view.setUint16(at + 28, 0, true);
    out.set(e.name, at + LOCAL_HEADER_BYTES);
    out.set(e.bytes, at + LOCAL_HEADER_BYTES + e.name.length);
  }
  let at = offset;
  for (const e of entries) {
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 4, 20, true); // made by
    view.setUint16(at + 6, 20, true);
    view.setUint16(at + 8, 0x0800, true);
    view.setUint16(at + 10, 0, true);
    view.setUint16(at + 12, 0, true);
    view.setUint16(at + 14, DOS_DATE, true);
    view.setUint32(at + 16, e.crc, true);
    view.setUint32(at + 20, e.bytes.length, true);
    view.setUint32(at + 24, e.bytes.length, true);
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
  view.setUint32(at + 16, offset, true);
  return out;
}

/** Writes a tileset as a `.3tz` archive (tileset.json must be among the files, at the root). */
export function writeTilesetArchive(files: ArchiveFile[]): Uint8Array {
  if (!files.some((f) => f.path === 'tileset.json')) {
    throw new Error('tileset archive: no tileset.json at the root');
  }
  const ordered = [...files].sort((a, b) =>
    a.path === 'tileset.json' ? -1 : b.path === 'tileset.json' ? 1 : 0,
  );
  return writeZip(ordered, { index: true });
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
