/**
 * Bounded ZIP reading for archives the user drops (3D Tiles `.3tz`/ZIPs of tileset folders, zipped
 * XPlanGML plans, GIS layers). Entries are listed from the central directory and inflated one by one in
 * small steps, so a ZIP bomb is refused before its output is allocated: per-entry and total inflated
 * sizes and the per-entry compression ratio are capped, and inflating stops as soon as the real output
 * passes the size the directory declared or the compressed bytes read so far allow (headers are not
 * trusted alone). Entries whose data overlap, a bomb's way of inflating the same bytes several times
 * (as Info-ZIP UnZip 6.0 refuses them), are refused when listing. Platform-free, over fflate's `Inflate`.
 */
import { Inflate, strFromU8 } from 'fflate';
import { errorMessage } from '../errors.ts';

/** Caps on what reading a ZIP may inflate. */
export interface ZipLimits {
  /** Most bytes all read entries may inflate to together. */
  maxTotalBytes?: number;
  /** Most bytes one entry may inflate to. */
  maxEntryBytes?: number;
  /** Highest inflated/compressed ratio for an entry larger than `ratioCheckBytes`. */
  maxRatio?: number;
  /** Entries inflating to at most this many bytes are not ratio-checked (small files of zeros are fine). */
  ratioCheckBytes?: number;
}

/**
 * Default caps: 1 GiB in total and 256 MiB per entry (well above real tilesets and plans, and what a
 * browser tab can hold next to Cesium), and a ratio above 200:1 flags an entry over 1 MiB (JSON and XML
 * deflate to roughly 5–30:1, GLBs far less; DEFLATE's maximum is about 1032:1).
 */
export const ZIP_LIMITS_DEFAULTS: Required<ZipLimits> = {
  maxTotalBytes: 1024 ** 3,
  maxEntryBytes: 256 * 1024 ** 2,
  maxRatio: 200,
  ratioCheckBytes: 1024 ** 2,
};

/** One file entry of a ZIP, from its central directory. */
export interface ZipEntry {
  /** Path inside the archive, as stored ('/' separated). */
  name: string;
  /** 0 stored, 8 deflated (others cannot be read). */
  method: number;
  /** Compressed size, bytes. */
  compressedSize: number;
  /** Inflated size as declared by the directory, bytes (checked while inflating). */
  size: number;
  /** Offset of the local file header, bytes. */
  offset: number;
  /** Whether the entry is encrypted (cannot be read). */
  encrypted: boolean;
}

/** A ZIP that cannot be read, or one that breaks the limits; the message names the archive. */
export class ZipReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipReadError';
  }
}

const END_RECORD = 0x06054b50;
const END_RECORD_64 = 0x06064b50;
const END_LOCATOR_64 = 0x07064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MIB = 1024 ** 2;

/**
 * Compressed bytes handed to the inflater per step when far from the cap. DEFLATE expands at most about
 * 1032-fold, so one step of 64 KiB yields at most ~66 MiB; near the cap steps shrink (see `stepBytes`).
 */
const MAX_STEP_BYTES = 64 * 1024;
const MIN_STEP_BYTES = 4 * 1024;
const MAX_DEFLATE_RATIO = 1032;

const mib = (bytes: number): string => `${Math.round((bytes / MIB) * 10) / 10} MiB`;

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return (u16(bytes, at) + u16(bytes, at + 2) * 0x10000) >>> 0;
}

/** Little-endian uint64 as a number (exact below 2^53, which any array in memory is). */
function u64(bytes: Uint8Array, at: number): number {
  return u32(bytes, at) + u32(bytes, at + 4) * 0x1_0000_0000;
}

/**
 * Refuses entries whose stored data overlap each other or the central directory (`[directoryStart,
 * directoryEnd)`). An entry spans its local header, name, extra field and compressed data; in a ZIP
 * any writer makes these follow one another, while a bomb points several directory entries (or one
 * whose declared compressed size reaches into the next) at the same deflate stream, so that a small
 * archive inflates many times its size with every entry within the limits. Directories are left out:
 * they are never inflated.
 */
function checkOverlaps(
  bytes: Uint8Array,
  entries: readonly ZipEntry[],
  directoryStart: number,
  directoryEnd: number,
  archive: string,
): void {
  const spans = entries.map((entry) => {
    // The local header's own name and extra lengths (they may differ from the central directory's); a
    // missing local header is reported when the entry is read.
    const local = u32(bytes, entry.offset) === LOCAL_HEADER;
    const header = 30 + (local ? u16(bytes, entry.offset + 26) + u16(bytes, entry.offset + 28) : 0);
    return {
      what: `entry ${entry.name}`,
      start: entry.offset,
      end: entry.offset + header + entry.compressedSize,
    };
  });
  spans.push({ what: 'the central directory', start: directoryStart, end: directoryEnd });
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  let reach = spans[0];
  for (const span of spans.slice(1)) {
    if (reach && span.start < reach.end) {
      throw new ZipReadError(
        `${archive}: ${reach.what} and ${span.what} overlap (bytes ${span.start}–${Math.min(reach.end, span.end) - 1} ` +
          'of the archive belong to both); a crafted ZIP (ZIP bomb?) is not read',
      );
    }
    if (!reach || span.end > reach.end) reach = span;
  }
}

/**
 * The file entries of the ZIP `bytes` (directories left out), from its central directory; nothing is
 * inflated. `archive` names the file in messages. Throws `ZipReadError` for a damaged or truncated ZIP
 * and for one whose entries' data overlap (see `checkOverlaps`). `directoryOnly`: `bytes` hold just the
 * central directory and end record (offset 0), to learn names without reading the entries: their data
 * are then not there to check, and no entry may be read.
 */
export function listZip(bytes: Uint8Array, archive: string, directoryOnly = false): ZipEntry[] {
  const fail = (why: string) => new ZipReadError(`${archive}: not a readable ZIP (${why})`);
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at -= 1) {
    if (u32(bytes, at) === END_RECORD) {
      end = at;
      break;
    }
  }
  if (end < 0) throw fail('no end of central directory record; truncated?');
  let count = u16(bytes, end + 10);
  let directoryOffset = u32(bytes, end + 16);
  if ((count === 0xffff || directoryOffset === 0xffffffff) && u32(bytes, end - 20) === END_LOCATOR_64) {
    const record = u64(bytes, end - 12);
    if (u32(bytes, record) !== END_RECORD_64) throw fail('damaged ZIP64 end record');
    count = u64(bytes, record + 32);
    directoryOffset = u64(bytes, record + 48);
  }
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > bytes.length || u32(bytes, at) !== CENTRAL_HEADER) throw fail('damaged central directory');
    const flags = u16(bytes, at + 8);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const name = strFromU8(bytes.subarray(at + 46, at + 46 + nameLength), (flags & 0x800) === 0);
    let compressedSize = u32(bytes, at + 20);
    let size = u32(bytes, at + 24);
    let offset = u32(bytes, at + 42);
    // ZIP64: the 32-bit fields that overflowed are 0xffffffff and follow in the 0x0001 extra field, in
    // this order.
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = u16(bytes, x);
      const length = u16(bytes, x + 2);
      if (id === 0x0001) {
        let field = x + 4;
        if (size === 0xffffffff) {
          size = u64(bytes, field);
          field += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(bytes, field);
          field += 8;
        }
        if (offset === 0xffffffff) offset = u64(bytes, field);
      }
      x += 4 + length;
    }
    if (!name.endsWith('/')) {
      entries.push({
        name,
        method: u16(bytes, at + 10),
        compressedSize,
        size,
        offset,
        encrypted: (flags & 1) !== 0,
      });
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (!directoryOnly) checkOverlaps(bytes, entries, directoryOffset, at, archive);
  return entries;
}

/**
 * Refuses entries whose declared sizes break `limits` (per entry, ratio, and all of them together),
 * before anything is inflated.
 */
export function checkZipLimits(entries: ZipEntry[], archive: string, limits: ZipLimits = {}): void {
  const { maxTotalBytes, maxEntryBytes, maxRatio, ratioCheckBytes } = { ...ZIP_LIMITS_DEFAULTS, ...limits };
  let total = 0;
  for (const entry of entries) {
    if (entry.size > maxEntryBytes) {
      throw new ZipReadError(
        `${archive}: entry ${entry.name} inflates past ${mib(maxEntryBytes)} (to ${mib(entry.size)}; limit ${mib(maxEntryBytes)} per entry)`,
      );
    }
    if (entry.size > ratioCheckBytes && entry.size > maxRatio * Math.max(1, entry.compressedSize)) {
      throw new ZipReadError(
        `${archive}: entry ${entry.name} inflates ${Math.round(entry.size / Math.max(1, entry.compressedSize))}-fold (${entry.compressedSize} bytes to ${mib(entry.size)}; limit ${maxRatio}:1 above ${mib(ratioCheckBytes)}); a ZIP bomb?`,
      );
    }
    total += entry.size;
    if (total > maxTotalBytes) {
      throw new ZipReadError(
        `${archive}: entries inflate past ${mib(maxTotalBytes)} in total (limit ${mib(maxTotalBytes)})`,
      );
    }
  }
}

/** Compressed bytes to push next: small near the end of the allowed output so overshoot stays small. */
function stepBytes(remainingOutput: number): number {
  return Math.min(MAX_STEP_BYTES, Math.max(MIN_STEP_BYTES, Math.ceil(remainingOutput / MAX_DEFLATE_RATIO)));
}

/**
 * The inflated bytes of one entry (listed by `listZip` and passed by `checkZipLimits`). Stored entries
 * are views into `bytes` (not copies). Deflated entries are inflated step by step into a buffer of the
 * declared size, and inflating stops with `ZipReadError` as soon as the output passes that size, or
 * passes `limits.maxRatio` times the compressed bytes handed to the inflater so far (past
 * `limits.ratioCheckBytes`): the declared compressed size may be padding behind a short deflate stream,
 * so the ratio `checkZipLimits` saw can be far below the real one. Pass the limits given to
 * `checkZipLimits` (missing ones: `ZIP_LIMITS_DEFAULTS`).
 */
export function readZipEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  archive: string,
  limits: ZipLimits = {},
): Uint8Array {
  const { maxRatio, ratioCheckBytes } = { ...ZIP_LIMITS_DEFAULTS, ...limits };
  const where = `${archive}: entry ${entry.name}`;
  if (entry.encrypted) throw new ZipReadError(`${where} is encrypted; encrypted ZIPs cannot be read`);
  if (u32(bytes, entry.offset) !== LOCAL_HEADER)
    throw new ZipReadError(`${where}: no local header at offset ${entry.offset} (damaged ZIP)`);
  const start = entry.offset + 30 + u16(bytes, entry.offset + 26) + u16(bytes, entry.offset + 28);
  if (start + entry.compressedSize > bytes.length)
    throw new ZipReadError(`${where} runs past the end of the archive (truncated ZIP)`);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size)
      throw new ZipReadError(`${where}: stored entry with differing sizes (damaged ZIP)`);
    return data;
  }
  if (entry.method !== 8) {
    throw new ZipReadError(
      `${where} uses compression method ${entry.method}; only stored (0) and deflate (8) are supported`,
    );
  }
  const out = new Uint8Array(entry.size);
  let written = 0;
  /** Compressed bytes handed to the inflater so far: at least what it has read. */
  let pushed = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    if (written + chunk.length > out.length) {
      throw new ZipReadError(
        `${where} inflates past its declared size of ${entry.size} bytes; damaged or crafted ZIP`,
      );
    }
    const inflated = written + chunk.length;
    if (inflated > ratioCheckBytes && inflated > maxRatio * Math.max(1, pushed)) {
      throw new ZipReadError(
        `${where} inflates past ${maxRatio}:1 (${pushed} compressed bytes to ${mib(inflated)} so far, ` +
          `though ${entry.compressedSize} are declared; limit ${maxRatio}:1 above ${mib(ratioCheckBytes)}); a ZIP bomb?`,
      );
    }
    out.set(chunk, written);
    written += chunk.length;
    if (final) done = true;
  });
  try {
    for (let at = 0; at < data.length && !done; ) {
      const next = Math.min(data.length, at + stepBytes(out.length - written));
      pushed = next;
      inflater.push(data.subarray(at, next), next === data.length);
      at = next;
    }
    if (data.length === 0) inflater.push(data, true);
  } catch (error) {
    if (error instanceof ZipReadError) throw error;
    throw new ZipReadError(`${where}: ${errorMessage(error)} (damaged ZIP)`);
  }
  if (written !== entry.size) {
    throw new ZipReadError(
      `${where} inflates to ${written} bytes, not the declared ${entry.size} (damaged or truncated ZIP)`,
    );
  }
  return out;
}

/** Options of `readZip`. */
export interface ReadZipOptions {
  /** Name of the archive in messages. */
  archive?: string;
  /** Entries to inflate (all by default); limits apply to these only. */
  filter?: (entry: ZipEntry) => boolean;
  /** Caps on inflated sizes; each missing one is taken from `ZIP_LIMITS_DEFAULTS`. */
  limits?: ZipLimits;
}

/** Defaults of `readZip`. */
export const READ_ZIP_DEFAULTS: Required<ReadZipOptions> = {
  archive: 'ZIP archive',
  filter: () => true,
  limits: ZIP_LIMITS_DEFAULTS,
};

/**
 * The chosen entries of the ZIP `bytes`, inflated within limits: name → bytes. Throws `ZipReadError`
 * (message starting with the archive name) for damaged ZIPs and for entries breaking the limits, the
 * latter before they are inflated where the directory already tells, else as soon as the output does.
 */
export function readZip(bytes: Uint8Array, options: ReadZipOptions = {}): Map<string, Uint8Array> {
  const { archive, filter, limits } = { ...READ_ZIP_DEFAULTS, ...options };
  const entries = listZip(bytes, archive).filter(filter);
  checkZipLimits(entries, archive, limits);
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) files.set(entry.name, readZipEntry(bytes, entry, archive, limits));
  return files;
}
