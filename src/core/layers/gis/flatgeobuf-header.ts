/**
 * The layout of a FlatGeobuf file, checked before loaders.gl's bundled flatgeobuf code reads it: magic
 * bytes, the size-prefixed header (a flatbuffer table, `header.fbs`), the packed R-tree index and the
 * size-prefixed feature records. The library trusts all of these: with `features_count` 0 (allowed by the
 * spec as "unknown", and what a flatbuffer holds when the field is left out) and an index it loops forever
 * in `calcTreeSize`, a count beyond the file makes it return no features at all, and a record running past
 * the end surfaces as an engine error. Only framing is read here, never geometries. Platform-free.
 */

/** The parts of a FlatGeobuf file, byte offsets from its start. */
export interface FlatGeobufLayout {
  /** `features_count` of the header (0: unknown, or none). */
  featuresCount: number;
  /** `index_node_size` of the header: branching factor of the spatial index, 0 when there is none. */
  indexNodeSize: number;
  /** Bytes of the spatial index after the header (0 without one). */
  indexBytes: number;
  /** Where the first feature record starts, bytes. */
  featuresStart: number;
  /** Feature records found by following their size prefixes to the end of the file. */
  records: number;
}

/**
 * What `checkFlatGeobuf` found: the layout, or why the file cannot be read as words to follow its name
 * ("is not a FlatGeobuf file …", "is a damaged FlatGeobuf: …", "cannot be read: …").
 */
export type FlatGeobufCheck = { ok: true; layout: FlatGeobufLayout } | { ok: false; problem: string };

/** "fgb": the magic bytes are "fgb", the major version, "fgb" again and the patch version. */
const FGB = [0x66, 0x67, 0x62] as const;
/** Magic bytes plus the header's uint32 size prefix. */
const HEADER_START = 12;
/** One node of the packed R-tree: a bounding box of four float64 and a uint64 offset. */
const NODE_BYTES = 40;
/** A feature record is at least its uint32 size prefix. */
const MIN_RECORD_BYTES = 4;
/** vtable slots of `features_count` (field 8, uint64) and `index_node_size` (field 9, uint16, default 16). */
const FEATURES_COUNT_SLOT = 4 + 2 * 8;
const INDEX_NODE_SIZE_SLOT = 4 + 2 * 9;
const DEFAULT_INDEX_NODE_SIZE = 16;

/** Little-endian uint16/uint32 of `bytes` at `at` (the caller checks bounds). */
function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
}
function u32(bytes: Uint8Array, at: number): number {
  return (u16(bytes, at) + u16(bytes, at + 2) * 0x10000) >>> 0;
}

/**
 * Bytes of the packed R-tree over `count` (≥ 1) features with nodes of `nodeSize` children: every level
 * from the leaves (one node per feature) up to the single root, as flatgeobuf's `calcTreeSize` counts
 * (node size clamped to 2…65535).
 */
export function flatGeobufIndexBytes(count: number, nodeSize: number): number {
  const branching = Math.min(Math.max(nodeSize, 2), 65535);
  let level = count;
  let nodes = count;
  // count ≥ 1, so this reaches 1 (count 0 is the case the library never leaves).
  do {
    level = Math.ceil(level / branching);
    nodes += level;
  } while (level > 1);
  return nodes * NODE_BYTES;
}

/**
 * Reads the header fields the FlatGeobuf readers need from the flatbuffer table in
 * `bytes[HEADER_START, end)`: root offset → table, table's soffset → vtable, vtable slot → field.
 * Returns why not when an offset leaves the header.
 */
function readHeaderFields(
  bytes: Uint8Array,
  end: number,
): { featuresCount: number; indexNodeSize: number } | string {
  if (end - HEADER_START < 4) return 'its header is too small to hold a flatbuffer table';
  const table = HEADER_START + u32(bytes, HEADER_START);
  if (table + 4 > end) return 'its header table lies outside the header';
  const soffset = u32(bytes, table) | 0;
  const vtable = table - soffset;
  if (vtable < HEADER_START || vtable + 4 > end) return 'its header table has no valid field table (vtable)';
  const vtableBytes = u16(bytes, vtable);
  const tableBytes = u16(bytes, vtable + 2);
  if (vtableBytes < 4 || vtable + vtableBytes > end || table + tableBytes > end)
    return 'its header field table (vtable) runs outside the header';
  /** Offset of the field in vtable `slot` from the table start, 0 when left out (the default applies). */
  const field = (slot: number, size: number): number | string => {
    const offset = slot + 2 <= vtableBytes ? u16(bytes, vtable + slot) : 0;
    if (offset !== 0 && offset + size > tableBytes) return 'a header field runs outside its table';
    return offset;
  };
  const countAt = field(FEATURES_COUNT_SLOT, 8);
  const nodeSizeAt = field(INDEX_NODE_SIZE_SLOT, 2);
  if (typeof countAt === 'string') return countAt;
  if (typeof nodeSizeAt === 'string') return nodeSizeAt;
  // uint64: above 2^53 it is far beyond any file anyway, so a double is exact enough.
  const featuresCount =
    countAt === 0 ? 0 : u32(bytes, table + countAt) + u32(bytes, table + countAt + 4) * 0x1_0000_0000;
  const indexNodeSize = nodeSizeAt === 0 ? DEFAULT_INDEX_NODE_SIZE : u16(bytes, table + nodeSizeAt);
  return { featuresCount, indexNodeSize };
}

/**
 * Checks the framing of the FlatGeobuf file `bytes` (see the module comment): magic bytes, a header that
 * fits the file, a feature count the file can hold with its index, and size-prefixed feature records
 * that end exactly at the end of the file, as many as the header says (when it says). A file with a count
 * of 0 and an index is refused (the index's size, and so where the features start, cannot be known).
 * `problem` says what is wrong and what was expected, to follow the file's name.
 */
export function checkFlatGeobuf(bytes: Uint8Array): FlatGeobufCheck {
  const damaged = (why: string): FlatGeobufCheck => ({
    ok: false,
    problem: `is a damaged FlatGeobuf: ${why}`,
  });
  // The version bytes are left to the library (it checks none).
  if (bytes.length < HEADER_START || FGB.some((b, i) => bytes[i] !== b || bytes[i + 4] !== b))
    return { ok: false, problem: 'is not a FlatGeobuf file (no "fgb" header)' };
  const headerBytes = u32(bytes, 8);
  const headerEnd = HEADER_START + headerBytes;
  if (headerEnd > bytes.length)
    return damaged(
      `its header declares ${headerBytes} bytes but only ${bytes.length - HEADER_START} follow (cut short?)`,
    );
  const fields = readHeaderFields(bytes, headerEnd);
  if (typeof fields === 'string') return damaged(fields);
  const { featuresCount, indexNodeSize } = fields;
  const rest = bytes.length - headerEnd;
  let indexBytes = 0;
  if (featuresCount === 0 && indexNodeSize > 0) {
    // The index's size follows from the count alone, so neither it nor the features after it can be
    // found. Refused even when nothing follows the header: writers give an empty file index_node_size 0
    // (GDAL does), so this is a file cut short after its header, and GDAL refuses it too.
    return {
      ok: false,
      problem:
        'cannot be read: its FlatGeobuf header gives 0 features but a spatial index; the file is damaged ' +
        'or written by a tool that leaves the count out',
    };
  }
  if (featuresCount > 0) {
    indexBytes = indexNodeSize > 0 ? flatGeobufIndexBytes(featuresCount, indexNodeSize) : 0;
    const needed = indexBytes + featuresCount * MIN_RECORD_BYTES;
    if (needed > rest)
      return damaged(
        `its header gives ${featuresCount} features, which need at least ${needed} bytes` +
          `${indexBytes > 0 ? ` (${indexBytes} of them the spatial index)` : ''} after the header, ` +
          `but only ${rest} follow`,
      );
  }
  const featuresStart = headerEnd + indexBytes;
  let records = 0;
  for (let at = featuresStart; at < bytes.length; records += 1) {
    if (at + 4 > bytes.length)
      return damaged(
        `feature record ${records + 1} (at byte ${at}) is cut short: the file ends inside its size prefix`,
      );
    const size = u32(bytes, at);
    if (at + 4 + size > bytes.length)
      return damaged(
        `feature record ${records + 1} (at byte ${at}) declares ${size} bytes, but the file ends ` +
          `${bytes.length - at - 4} bytes after its size prefix (cut short or damaged)`,
      );
    at += 4 + size;
  }
  if (featuresCount > 0 && records !== featuresCount)
    return damaged(
      `its header gives ${featuresCount} features but the file holds ${records} feature records`,
    );
  return { ok: true, layout: { featuresCount, indexNodeSize, indexBytes, featuresStart, records } };
}
