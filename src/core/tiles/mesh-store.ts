/**
 * Where buildings wait between `TilesetBuilder.add()` and `finish()`, and a compact binary form of a
 * `BuildingMesh` (one byte array) for disk spools and worker transfer.
 */
import type { Address } from '../citygml/types.ts';
import type { BuildingMesh, MeshTexture, PropertyValue } from './types.ts';
import { decodeUtf8, encodeUtf8 } from './utf8.ts';

/** Where meshes wait between add() and finish(): in memory (browser) or spooled to disk (Node adapter implements it). */
export interface MeshStore {
  /** Keeps the mesh; returns a handle for `get`. */
  put(mesh: BuildingMesh): number;
  /** The mesh stored under `handle` (equal in content to what was put). */
  get(handle: number): BuildingMesh;
  /** Frees what the store holds (called by the builder when `finish()` is done). */
  dispose?(): void;
}

/** Keeps meshes in an array (the browser's default store). */
export class InMemoryMeshStore implements MeshStore {
  private meshes: BuildingMesh[] = [];

  put(mesh: BuildingMesh): number {
    return this.meshes.push(mesh) - 1;
  }

  get(handle: number): BuildingMesh {
    const mesh = this.meshes[handle];
    if (!mesh) throw new Error(`mesh store: no mesh under handle ${handle}`);
    return mesh;
  }

  dispose(): void {
    this.meshes = [];
  }
}

/** 'SMBM' little-endian: Stadtmodell building mesh. */
const MESH_MAGIC = 0x4d424d53;
const MESH_FORMAT_VERSION = 1;
const HEADER_BYTES = 24;
const FLAG_COLORS = 1;
const FLAG_TEXTURE = 2;

/**
 * Compact binary (de)serialisation of a BuildingMesh, for disk spools and worker transfer (one ArrayBuffer).
 * Layout (little-endian): 24-byte header (magic, version, vertex count, index count, flags, JSON length),
 * float64 positions (ECEF metres), float32 normals, uint32 indices, uint8 surface classes, optional
 * uint8 RGBA colours, optional texture (float32 u,v and uint16 image number per vertex), then UTF-8
 * JSON `{ id, properties }` (plus `textureUris` with a texture, `addresses` with addresses). Missing (undefined/NaN) property values are
 * left out, which the metadata writer treats the same way.
 */
export function encodeBuildingMesh(mesh: BuildingMesh): Uint8Array {
  const vertexCount = Math.floor(mesh.positions.length / 3);
  const indexCount = mesh.indices.length;
  const properties: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(mesh.properties)) {
    if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) continue;
    properties[key] = value;
  }
  const texture =
    mesh.texture !== undefined &&
    mesh.texture.uv.length >= vertexCount * 2 &&
    mesh.texture.image.length >= vertexCount
      ? mesh.texture
      : undefined;
  const json = encodeUtf8(
    JSON.stringify({
      id: mesh.id,
      properties,
      ...(texture ? { textureUris: texture.uris } : {}),
      ...(mesh.addresses?.length ? { addresses: mesh.addresses } : {}),
    }),
  );
  const colors = mesh.colors !== undefined && mesh.colors.length >= vertexCount * 4;
  const total =
    HEADER_BYTES +
    vertexCount * 24 +
    vertexCount * 12 +
    indexCount * 4 +
    vertexCount * (colors ? 5 : 1) +
    (texture ? vertexCount * 10 : 0);
  const out = new Uint8Array(total + json.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, MESH_MAGIC, true);
  view.setUint32(4, MESH_FORMAT_VERSION, true);
  view.setUint32(8, vertexCount, true);
  view.setUint32(12, indexCount, true);
  view.setUint32(16, (colors ? FLAG_COLORS : 0) | (texture ? FLAG_TEXTURE : 0), true);
  view.setUint32(20, json.length, true);
  let offset = HEADER_BYTES;
  offset = writeFloat64s(out, view, offset, mesh.positions, vertexCount * 3);
  offset = writeFloat32s(out, view, offset, mesh.normals, vertexCount * 3);
  offset = writeUint32s(out, view, offset, mesh.indices, indexCount);
  for (let i = 0; i < vertexCount; i++) out[offset++] = mesh.surfaceClass[i] ?? 0;
  if (colors) {
    out.set(mesh.colors!.subarray(0, vertexCount * 4), offset);
    offset += vertexCount * 4;
  }
  if (texture) {
    offset = writeFloat32s(out, view, offset, texture.uv, vertexCount * 2);
    for (let i = 0; i < vertexCount; i++, offset += 2) view.setUint16(offset, texture.image[i]!, true);
  }
  out.set(json, offset);
  return out;
}

/** Inverse of `encodeBuildingMesh`; throws `mesh codec: …` on bytes that are not an encoded mesh. */
export function decodeBuildingMesh(bytes: Uint8Array): BuildingMesh {
  if (bytes.byteLength < HEADER_BYTES) throw new Error('mesh codec: shorter than the header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MESH_MAGIC) throw new Error('mesh codec: not an encoded building mesh');
  const version = view.getUint32(4, true);
  if (version !== MESH_FORMAT_VERSION) throw new Error(`mesh codec: format version ${version} unknown`);
  const vertexCount = view.getUint32(8, true);
  const indexCount = view.getUint32(12, true);
  const flags = view.getUint32(16, true);
  const colors = (flags & FLAG_COLORS) !== 0;
  const textured = (flags & FLAG_TEXTURE) !== 0;
  const jsonLength = view.getUint32(20, true);
  const expected =
    HEADER_BYTES +
    vertexCount * 36 +
    indexCount * 4 +
    vertexCount * (colors ? 5 : 1) +
    (textured ? vertexCount * 10 : 0) +
    jsonLength;
  if (bytes.byteLength !== expected)
    throw new Error(`mesh codec: ${bytes.byteLength} bytes, header says ${expected}`);
  let offset = HEADER_BYTES;
  const positions = readFloat64s(bytes, view, offset, vertexCount * 3);
  offset += positions.byteLength;
  const normals = readFloat32s(bytes, view, offset, vertexCount * 3);
  offset += normals.byteLength;
  const indices = readUint32s(bytes, view, offset, indexCount);
  offset += indices.byteLength;
  const surfaceClass = bytes.slice(offset, offset + vertexCount);
  offset += vertexCount;
  let colorBytes: Uint8Array | undefined;
  if (colors) {
    colorBytes = bytes.slice(offset, offset + vertexCount * 4);
    offset += vertexCount * 4;
  }
  let texture: Omit<MeshTexture, 'uris'> | undefined;
  if (textured) {
    const uv = readFloat32s(bytes, view, offset, vertexCount * 2);
    offset += uv.byteLength;
    const image = new Uint16Array(vertexCount);
    for (let i = 0; i < vertexCount; i++, offset += 2) image[i] = view.getUint16(offset, true);
    texture = { uv, image };
  }
  const parsed = JSON.parse(decodeUtf8(bytes, offset, offset + jsonLength)) as {
    id: string;
    properties: Record<string, PropertyValue>;
    textureUris?: string[];
    addresses?: Address[];
  };
  const mesh: BuildingMesh = {
    id: parsed.id,
    properties: parsed.properties,
    positions,
    normals,
    indices,
    surfaceClass,
  };
  if (colorBytes) mesh.colors = colorBytes;
  if (texture) mesh.texture = { uris: parsed.textureUris ?? [], ...texture };
  if (parsed.addresses) mesh.addresses = parsed.addresses;
  return mesh;
}

/**
 * The codec's numbers are little-endian. On a little-endian platform (every current CPU a browser or Node runs
 * on) an array section is one bulk copy through a typed-array view; elsewhere, and where a section is not aligned
 * to its element size within the buffer, element by element through a DataView.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type NumberArray = ArrayLike<number> & { readonly length: number };

function writeFloat64s(
  out: Uint8Array,
  view: DataView,
  offset: number,
  values: NumberArray,
  count: number,
): number {
  const at = out.byteOffset + offset;
  if (LITTLE_ENDIAN && at % 8 === 0 && values instanceof Float64Array && values.length >= count) {
    new Float64Array(out.buffer, at, count).set(values.subarray(0, count));
  } else for (let i = 0; i < count; i++) view.setFloat64(offset + i * 8, values[i]!, true);
  return offset + count * 8;
}

function writeFloat32s(
  out: Uint8Array,
  view: DataView,
  offset: number,
  values: NumberArray,
  count: number,
): number {
  const at = out.byteOffset + offset;
  if (LITTLE_ENDIAN && at % 4 === 0 && values instanceof Float32Array && values.length >= count) {
    new Float32Array(out.buffer, at, count).set(values.subarray(0, count));
  } else for (let i = 0; i < count; i++) view.setFloat32(offset + i * 4, values[i] ?? 0, true);
  return offset + count * 4;
}

function writeUint32s(
  out: Uint8Array,
  view: DataView,
  offset: number,
  values: NumberArray,
  count: number,
): number {
  const at = out.byteOffset + offset;
  if (LITTLE_ENDIAN && at % 4 === 0 && values instanceof Uint32Array && values.length >= count) {
    new Uint32Array(out.buffer, at, count).set(values.subarray(0, count));
  } else for (let i = 0; i < count; i++) view.setUint32(offset + i * 4, values[i]!, true);
  return offset + count * 4;
}

function readFloat64s(bytes: Uint8Array, view: DataView, offset: number, count: number): Float64Array {
  const at = bytes.byteOffset + offset;
  if (LITTLE_ENDIAN && at % 8 === 0) return new Float64Array(bytes.buffer.slice(at, at + count * 8));
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = view.getFloat64(offset + i * 8, true);
  return values;
}

function readFloat32s(bytes: Uint8Array, view: DataView, offset: number, count: number): Float32Array {
  const at = bytes.byteOffset + offset;
  if (LITTLE_ENDIAN && at % 4 === 0) return new Float32Array(bytes.buffer.slice(at, at + count * 4));
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = view.getFloat32(offset + i * 4, true);
  return values;
}

function readUint32s(bytes: Uint8Array, view: DataView, offset: number, count: number): Uint32Array {
  const at = bytes.byteOffset + offset;
  if (LITTLE_ENDIAN && at % 4 === 0) return new Uint32Array(bytes.buffer.slice(at, at + count * 4));
  const values = new Uint32Array(count);
  for (let i = 0; i < count; i++) values[i] = view.getUint32(offset + i * 4, true);
  return values;
}
