/**
 * 3D Tiles 1.1 implicit tiling: binary subtree files (`.subtree`: magic "subt", version 1, a JSON chunk and
 * a binary chunk, both padded to 8 bytes) and the QUADTREE index arithmetic (levels of a subtree in one
 * bitstream, Morton order within a level). Platform-free.
 */
import { decodeUtf8, encodeUtf8 } from './utf8.ts';

/** Bytes of the subtree header: magic, version (uint32), JSON and binary chunk lengths (uint64). */
export const SUBTREE_HEADER_BYTES = 24;
/** "subt" read as a little-endian uint32. */
export const SUBTREE_MAGIC = 0x74627573;

/** An availability: a bitstream (buffer view index) or a constant (0: none, 1: all). */
export interface AvailabilityJson {
  bitstream?: number;
  constant?: 0 | 1;
  availableCount?: number;
}

/** The JSON of a subtree (the parts this project writes and checks). */
export interface SubtreeJson {
  buffers?: { byteLength: number; uri?: string }[];
  bufferViews?: { buffer: number; byteOffset: number; byteLength: number }[];
  propertyTables?: {
    class: string;
    count: number;
    properties: Record<string, { values: number }>;
  }[];
  tileAvailability: AvailabilityJson;
  contentAvailability?: AvailabilityJson[];
  childSubtreeAvailability: AvailabilityJson;
  tileMetadata?: number;
}

/** Tiles of a complete quadtree with `levels` levels (1 + 4 + … + 4^(levels−1)). */
export function quadtreeNodeCount(levels: number): number {
  return (4 ** levels - 1) / 3;
}

/** Bit index of level `level`'s first tile in a subtree's tile availability. */
export function levelOffset(level: number): number {
  return quadtreeNodeCount(level);
}

/** Morton index of (x, y) within a level: x in the even bits, y in the odd bits. */
export function mortonIndex(x: number, y: number): number {
  let index = 0;
  for (let bit = 0; bit < 26 && (x >> bit || y >> bit); bit++) {
    index += (((x >> bit) & 1) + ((y >> bit) & 1) * 2) * 4 ** bit;
  }
  return index;
}

/** Whether bit `index` of a bitstream is set (bit 0 is the least significant of byte 0). */
export function bitAt(bits: Uint8Array, index: number): boolean {
  return ((bits[index >> 3]! >> (index & 7)) & 1) === 1;
}

/** Sets bit `index` of a bitstream. */
export function setBit(bits: Uint8Array, index: number): void {
  bits[index >> 3]! |= 1 << (index & 7);
}

/** A bitstream of `length` bits as an availability: a constant when all bits agree, else a buffer view. */
export function availability(
  bits: Uint8Array,
  length: number,
  addView: (bytes: Uint8Array) => number,
): AvailabilityJson {
  let count = 0;
  for (let i = 0; i < length; i++) if (bitAt(bits, i)) count++;
  if (count === 0) return { constant: 0, availableCount: 0 };
  if (count === length) return { constant: 1, availableCount: count };
  return { bitstream: addView(bits.subarray(0, Math.ceil(length / 8))), availableCount: count };
}

/** Collects buffer views into one binary chunk, each view starting on an 8-byte boundary. */
export class SubtreeBinary {
  private readonly parts: Uint8Array[] = [];
  private length = 0;
  readonly bufferViews: { buffer: number; byteOffset: number; byteLength: number }[] = [];

  add(bytes: Uint8Array): number {
    const pad = (8 - (this.length % 8)) % 8;
    if (pad) this.parts.push(new Uint8Array(pad));
    this.length += pad;
    this.bufferViews.push({ buffer: 0, byteOffset: this.length, byteLength: bytes.byteLength });
    this.parts.push(bytes);
    this.length += bytes.byteLength;
    return this.bufferViews.length - 1;
  }

  /** The chunk, zero-padded to a multiple of 8 bytes. */
  bytes(): Uint8Array {
    const out = new Uint8Array(Math.ceil(this.length / 8) * 8);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.byteLength;
    }
    return out;
  }
}

/** A binary subtree file: header, JSON chunk padded with spaces, binary chunk padded with zeros. */
export function writeSubtreeFile(json: SubtreeJson, binary: Uint8Array): Uint8Array {
  const text = encodeUtf8(JSON.stringify(json));
  const jsonLength = Math.ceil(text.byteLength / 8) * 8;
  const binaryLength = Math.ceil(binary.byteLength / 8) * 8;
  const out = new Uint8Array(SUBTREE_HEADER_BYTES + jsonLength + binaryLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, SUBTREE_MAGIC, true);
  view.setUint32(4, 1, true);
  view.setBigUint64(8, BigInt(jsonLength), true);
  view.setBigUint64(16, BigInt(binaryLength), true);
  out.set(text, SUBTREE_HEADER_BYTES);
  out.fill(0x20, SUBTREE_HEADER_BYTES + text.byteLength, SUBTREE_HEADER_BYTES + jsonLength);
  out.set(binary, SUBTREE_HEADER_BYTES + jsonLength);
  return out;
}

/** A parsed subtree file, or the reason it cannot be read (header, lengths, padding, JSON). */
export function parseSubtreeFile(
  bytes: Uint8Array,
): { json: SubtreeJson; binary: Uint8Array } | { error: string } {
  if (bytes.byteLength < SUBTREE_HEADER_BYTES)
    return { error: `subtree is ${bytes.byteLength} bytes, shorter than its 24-byte header` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== SUBTREE_MAGIC) return { error: 'subtree magic is not "subt"' };
  const version = view.getUint32(4, true);
  if (version !== 1) return { error: `subtree version is ${version}, not 1` };
  const jsonLength = Number(view.getBigUint64(8, true));
  const binaryLength = Number(view.getBigUint64(16, true));
  if (jsonLength % 8 !== 0) return { error: `subtree JSON byte length ${jsonLength} is not a multiple of 8` };
  if (binaryLength % 8 !== 0)
    return { error: `subtree binary byte length ${binaryLength} is not a multiple of 8` };
  if (SUBTREE_HEADER_BYTES + jsonLength + binaryLength !== bytes.byteLength) {
    return {
      error: `subtree is ${bytes.byteLength} bytes, but its header declares ${SUBTREE_HEADER_BYTES + jsonLength + binaryLength}`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(decodeUtf8(bytes.subarray(SUBTREE_HEADER_BYTES, SUBTREE_HEADER_BYTES + jsonLength)));
  } catch {
    return { error: 'subtree JSON cannot be parsed' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { error: 'subtree JSON is not an object' };
  return {
    json: json as SubtreeJson,
    binary: bytes.subarray(SUBTREE_HEADER_BYTES + jsonLength),
  };
}
