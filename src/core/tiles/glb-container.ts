/**
 * The GLB container and the glTF JSON pieces the tile writer fills: GL enums, buffer views and accessors as
 * written, the binary chunk builder (plain and KHR_meshopt_compression views), packing and parsing GLBs,
 * and image signatures.
 */
import { decodeUtf8, encodeUtf8 } from './utf8.ts';

/** glTF image MIME type of PNG or JPEG bytes (by their signature); undefined for anything else. */
export function imageMimeType(bytes: Uint8Array): 'image/png' | 'image/jpeg' | undefined {
  if (
    bytes.length >= 8 &&
    bytes[0] === 0x89 &&
    bytes[1] === 0x50 &&
    bytes[2] === 0x4e &&
    bytes[3] === 0x47 &&
    bytes[4] === 0x0d &&
    bytes[5] === 0x0a &&
    bytes[6] === 0x1a &&
    bytes[7] === 0x0a
  )
    return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return undefined;
}

/** glTF component types, buffer view targets, sampler filters and wrap modes (WebGL enums), GLB magic and chunk types. */
export const GL_FLOAT = 5126;
export const GL_BYTE = 5120;
export const GL_UNSIGNED_BYTE = 5121;
export const GL_UNSIGNED_SHORT = 5123;
export const GL_UNSIGNED_INT = 5125;
export const GL_ARRAY_BUFFER = 34962;
export const GL_ELEMENT_ARRAY_BUFFER = 34963;
export const GL_LINEAR = 9729;
export const GL_LINEAR_MIPMAP_LINEAR = 9987;
export const GL_REPEAT = 10497;
export const GLB_MAGIC = 0x46546c67; // 'glTF'
export const CHUNK_JSON = 0x4e4f534a;
export const CHUNK_BIN = 0x004e4942;

/** A buffer view's KHR_meshopt_compression extension object: where the compressed bytes lie and how to decode them. */
export interface MeshoptViewJson {
  buffer: number;
  byteOffset: number;
  byteLength: number;
  byteStride: number;
  count: number;
  mode: 'ATTRIBUTES' | 'TRIANGLES' | 'INDICES';
  filter?: 'EXPONENTIAL' | 'OCTAHEDRAL';
}

/** A buffer view as written (plain, or compressed with its fallback layout). */
export interface BufferViewJson {
  buffer: number;
  byteOffset: number;
  byteLength: number;
  byteStride?: number;
  target?: number;
  extensions?: { KHR_meshopt_compression: MeshoptViewJson };
}

/** An accessor as written. */
export interface AccessorJson {
  bufferView: number;
  componentType: number;
  count: number;
  type: 'SCALAR' | 'VEC2' | 'VEC3' | 'VEC4';
  normalized?: boolean;
  min?: number[];
  max?: number[];
}

/** Collects binary parts (each 8-byte aligned, as EXT_structural_metadata requires) and their buffer views. */
export class BinaryBuilder {
  readonly bufferViews: BufferViewJson[] = [];
  private readonly parts: Uint8Array[] = [];
  private byteLength = 0;

  addBufferView(bytes: Uint8Array, target?: number): number {
    const padding = (8 - (this.byteLength % 8)) % 8;
    if (padding > 0) {
      this.parts.push(new Uint8Array(padding));
      this.byteLength += padding;
    }
    const view: BufferViewJson = { buffer: 0, byteOffset: this.byteLength, byteLength: bytes.byteLength };
    if (target !== undefined) view.target = target;
    this.parts.push(bytes);
    this.byteLength += bytes.byteLength;
    this.bufferViews.push(view);
    return this.bufferViews.length - 1;
  }

  /** Byte length of the data-less fallback buffer (buffer 1) of compressed views. */
  fallbackByteLength = 0;

  /**
   * Stores meshopt-encoded bytes in the BIN chunk and adds a buffer view of `byteLength` uncompressed
   * bytes in fallback buffer 1 that points at them (KHR_meshopt_compression).
   */
  addCompressedView(
    encoded: Uint8Array,
    byteLength: number,
    byteStride: number,
    count: number,
    mode: 'ATTRIBUTES' | 'TRIANGLES' | 'INDICES',
    target?: number,
  ): number {
    const padding = (8 - (this.byteLength % 8)) % 8;
    if (padding > 0) {
      this.parts.push(new Uint8Array(padding));
      this.byteLength += padding;
    }
    const compressedOffset = this.byteLength;
    this.parts.push(encoded);
    this.byteLength += encoded.byteLength;
    this.fallbackByteLength = Math.ceil(this.fallbackByteLength / 8) * 8;
    const view: BufferViewJson = {
      buffer: 1,
      byteOffset: this.fallbackByteLength,
      byteLength,
      // No `target` (optional; loaders take it from the accessors' use): ~15 JSON bytes per view.
      extensions: {
        KHR_meshopt_compression: {
          buffer: 0,
          byteOffset: compressedOffset,
          byteLength: encoded.byteLength,
          byteStride,
          count,
          mode,
        },
      },
    };
    if (target === GL_ARRAY_BUFFER) view.byteStride = byteStride;
    this.fallbackByteLength += byteLength;
    this.bufferViews.push(view);
    return this.bufferViews.length - 1;
  }

  /** All parts concatenated, padded to a multiple of 4 bytes (GLB chunk rule). */
  concat(): Uint8Array {
    const out = new Uint8Array(Math.ceil(this.byteLength / 4) * 4);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.byteLength;
    }
    return out;
  }
}

/** The bytes of a typed array (same memory). */
export function bytesOf(
  array: Float32Array | Uint8Array | Uint16Array | Uint32Array | Int8Array,
): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** Packs JSON and binary chunks into a GLB container. */
export function packGlb(json: unknown, binary: Uint8Array): Uint8Array {
  const jsonBytes = encodeUtf8(JSON.stringify(json));
  const jsonLength = Math.ceil(jsonBytes.length / 4) * 4;
  const binLength = Math.ceil(binary.length / 4) * 4;
  const total = 12 + 8 + jsonLength + (binLength > 0 ? 8 + binLength : 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, GLB_MAGIC, true);
  view.setUint32(4, 2, true);
  view.setUint32(8, total, true);
  view.setUint32(12, jsonLength, true);
  view.setUint32(16, CHUNK_JSON, true);
  out.set(jsonBytes, 20);
  out.fill(0x20, 20 + jsonBytes.length, 20 + jsonLength);
  if (binLength > 0) {
    const binStart = 20 + jsonLength;
    view.setUint32(binStart, binLength, true);
    view.setUint32(binStart + 4, CHUNK_BIN, true);
    out.set(binary, binStart + 8);
  }
  return out;
}

/** JSON and binary chunk of a GLB; throws with a reason when the container is malformed. */
export function parseGlb(bytes: Uint8Array): { json: unknown; binary: Uint8Array } {
  if (bytes.byteLength < 20) throw new Error('GLB reader: shorter than a GLB header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== GLB_MAGIC) throw new Error('GLB reader: magic is not "glTF"');
  if (view.getUint32(4, true) !== 2)
    throw new Error(`GLB reader: version ${view.getUint32(4, true)}, expected 2`);
  const total = view.getUint32(8, true);
  if (total > bytes.byteLength)
    throw new Error(`GLB reader: header length ${total} > ${bytes.byteLength} bytes`);
  const jsonLength = view.getUint32(12, true);
  if (view.getUint32(16, true) !== CHUNK_JSON || 20 + jsonLength > total) {
    throw new Error('GLB reader: first chunk is not a JSON chunk');
  }
  const json: unknown = JSON.parse(decodeUtf8(bytes, 20, 20 + jsonLength));
  let binary: Uint8Array = new Uint8Array(0);
  const binStart = 20 + jsonLength;
  if (binStart + 8 <= total && view.getUint32(binStart + 4, true) === CHUNK_BIN) {
    const binLength = view.getUint32(binStart, true);
    binary = bytes.subarray(binStart + 8, binStart + 8 + binLength);
  }
  return { json, binary };
}
