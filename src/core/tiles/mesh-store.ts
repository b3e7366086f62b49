/**
 * Where buildings wait between `TilesetBuilder.add()` and `finish()`, and a compact binary form of a
 * `BuildingMesh` (one byte array) for disk spools and worker transfer.
 */
import type { Address } from '../citygml/types.ts';
import type { BuildingMesh, MeshTexture, PropertyValue } from './types.ts';
import { decodeUtf8, encodeUtf8 } from './utf8.ts';
import { setOwn } from '../util/own.ts';

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
  // JSON leaves undefined values out by itself; only NaN and ±Infinity (written as null) need a copy without them.
  let properties: Record<string, PropertyValue> = mesh.properties;
  for (const key in mesh.properties) {
    const value = mesh.properties[key];
    if (typeof value === 'number' && !Number.isFinite(value)) {
      properties = {};
      for (const [key, value] of Object.entries(mesh.properties)) {
        if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) continue;
        setOwn(properties, key, value);
      }
      break;
    }
  }
  const texture =
    mesh.texture !== undefined &&
    mesh.texture.uv.length >= vertexCount * 2 &&
    mesh.texture.image.length >= vertexCount
      ? mesh.texture
      : undefined;
  const json = encodeJson(
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
  offset = writeSection(FLOAT64, out, view, offset, mesh.positions, vertexCount * 3);
  offset = writeSection(FLOAT32, out, view, offset, mesh.normals, vertexCount * 3);
  offset = writeSection(UINT32, out, view, offset, mesh.indices, indexCount);
  if (mesh.surfaceClass instanceof Uint8Array && mesh.surfaceClass.length >= vertexCount) {
    out.set(mesh.surfaceClass.subarray(0, vertexCount), offset);
    offset += vertexCount;
  } else for (let i = 0; i < vertexCount; i++) out[offset++] = mesh.surfaceClass[i] ?? 0;
  if (colors) {
    out.set(mesh.colors!.subarray(0, vertexCount * 4), offset);
    offset += vertexCount * 4;
  }
  if (texture) {
    offset = writeSection(FLOAT32, out, view, offset, texture.uv, vertexCount * 2);
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
  let positions: Float64Array;
  let normals: Float32Array;
  let indices: Uint32Array;
  let surfaceClass: Uint8Array;
  let colorBytes: Uint8Array | undefined;
  if (LITTLE_ENDIAN) {
    // One copy of positions … colours, the arrays views of it at their offsets (float64 first: all aligned).
    const length = vertexCount * (colors ? 41 : 37) + indexCount * 4;
    const at = bytes.byteOffset + offset;
    const copy = bytes.buffer.slice(at, at + length);
    positions = new Float64Array(copy, 0, vertexCount * 3);
    normals = new Float32Array(copy, vertexCount * 24, vertexCount * 3);
    indices = new Uint32Array(copy, vertexCount * 36, indexCount);
    surfaceClass = new Uint8Array(copy, vertexCount * 36 + indexCount * 4, vertexCount);
    if (colors) colorBytes = new Uint8Array(copy, vertexCount * 37 + indexCount * 4, vertexCount * 4);
    offset += length;
  } else {
    positions = readSection(FLOAT64, bytes, view, offset, vertexCount * 3);
    offset += positions.byteLength;
    normals = readSection(FLOAT32, bytes, view, offset, vertexCount * 3);
    offset += normals.byteLength;
    indices = readSection(UINT32, bytes, view, offset, indexCount);
    offset += indices.byteLength;
    surfaceClass = bytes.slice(offset, offset + vertexCount);
    offset += vertexCount;
    if (colors) {
      colorBytes = bytes.slice(offset, offset + vertexCount * 4);
      offset += vertexCount * 4;
    }
  }
  let texture: Omit<MeshTexture, 'uris'> | undefined;
  if (textured) {
    const uv = readSection(FLOAT32, bytes, view, offset, vertexCount * 2);
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
 * The mesh as `decodeBuildingMesh(encodeBuildingMesh(mesh))` gives it back, without encoding: for a store that
 * keeps meshes as objects (a run on one thread), so that the tiler and tile writer see exactly what they would
 * see after a spool. Arrays already in the decoded layout (`cityObjectToMesh`'s: exact lengths and types) are
 * shared, not copied, so the caller must not change `mesh` afterwards; properties and addresses get JSON's
 * rules (undefined, NaN and ±Infinity left out, -0 as 0). Any other layout goes through the codec.
 */
export function meshAsStored(mesh: BuildingMesh): BuildingMesh {
  const vertexCount = mesh.positions.length / 3;
  const { normals, surfaceClass, colors, texture } = mesh;
  const decodedLayout =
    mesh.positions instanceof Float64Array &&
    Number.isInteger(vertexCount) &&
    normals instanceof Float32Array &&
    normals.length === vertexCount * 3 &&
    mesh.indices instanceof Uint32Array &&
    surfaceClass instanceof Uint8Array &&
    surfaceClass.length === vertexCount &&
    (colors === undefined || (colors instanceof Uint8Array && colors.length === vertexCount * 4)) &&
    (texture === undefined ||
      (texture.uv instanceof Float32Array &&
        texture.uv.length === vertexCount * 2 &&
        texture.image instanceof Uint16Array &&
        texture.image.length === vertexCount));
  if (!decodedLayout) return decodeBuildingMesh(encodeBuildingMesh(mesh));
  const stored: BuildingMesh = {
    id: mesh.id,
    properties: jsonProperties(mesh.properties),
    positions: mesh.positions,
    normals,
    indices: mesh.indices,
    surfaceClass,
  };
  if (colors) stored.colors = colors;
  if (texture) stored.texture = { uris: [...texture.uris], uv: texture.uv, image: texture.image };
  if (mesh.addresses?.length) stored.addresses = JSON.parse(JSON.stringify(mesh.addresses)) as Address[];
  return stored;
}

/**
 * `properties` as a JSON round trip gives them, so as the mesh codec gives them back (the same object when
 * nothing would change).
 */
export function jsonProperties(properties: Record<string, PropertyValue>): Record<string, PropertyValue> {
  let clean = true;
  for (const key in properties) {
    const value = properties[key];
    const kind = typeof value;
    if (kind === 'string' || kind === 'boolean') continue;
    if (kind === 'number' && Number.isFinite(value) && !Object.is(value, -0)) continue;
    if (kind === 'object') return JSON.parse(JSON.stringify(properties)) as Record<string, PropertyValue>;
    clean = false;
  }
  if (clean) return properties;
  // Built directly (JSON text and its parse cost more than the rest of the mesh): values JSON leaves out are
  // left out, -0 becomes 0, and a "__proto__" key stays an own property, as JSON.parse makes it.
  const kept: Record<string, PropertyValue> = {};
  for (const key in properties) {
    let value = properties[key];
    if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) continue;
    if (Object.is(value, -0)) value = 0;
    setOwn(kept, key, value);
  }
  return kept;
}

/** The platform's `TextEncoder.encodeInto` (every browser, Node and Deno), declared: the core has no DOM library. */
const platformEncoder = (
  globalThis as {
    TextEncoder?: new () => { encodeInto(text: string, into: Uint8Array): { written: number } };
  }
).TextEncoder;
const intoEncoder = platformEncoder ? new platformEncoder() : undefined;
/** Reused target of `encodeInto` (grows to 3 bytes per UTF-16 unit of the longest text, enough for any). */
let jsonScratch = new Uint8Array(4096);

/**
 * UTF-8 bytes of a mesh's JSON, as a subarray of a reused buffer: valid until the next call (the caller copies
 * them into the encoded mesh at once). A new array per mesh cost more than the encoding.
 */
function encodeJson(text: string): Uint8Array {
  if (!intoEncoder) return encodeUtf8(text);
  if (jsonScratch.length < text.length * 3) jsonScratch = new Uint8Array(text.length * 3);
  const { written } = intoEncoder.encodeInto(text, jsonScratch);
  return jsonScratch.subarray(0, written);
}

/**
 * The codec's numbers are little-endian. On a little-endian platform (every current CPU a browser or Node runs
 * on) an array section is one bulk copy through a typed-array view; elsewhere, and where a section is not aligned
 * to its element size within the buffer, element by element through a DataView.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type NumberArray = ArrayLike<number> & { readonly length: number };

/** One kind of array section: its typed array, element size and DataView accessors (little-endian). */
interface SectionKind<T extends Float64Array | Float32Array | Uint32Array> {
  bytes: number;
  /** `values` is this kind's typed array (then it can be copied as a block). */
  is(values: NumberArray): values is T;
  /** A typed array of this kind over `buffer` (all of it), or a new one of `length` elements. */
  over(buffer: ArrayBufferLike): T;
  create(length: number): T;
  get(view: DataView, at: number): number;
  set(view: DataView, at: number, value: number): void;
}

const FLOAT64: SectionKind<Float64Array> = {
  bytes: 8,
  is: (values): values is Float64Array => values instanceof Float64Array,
  over: (buffer) => new Float64Array(buffer),
  create: (length) => new Float64Array(length),
  get: (view, at) => view.getFloat64(at, true),
  set: (view, at, value) => view.setFloat64(at, value, true),
};
const FLOAT32: SectionKind<Float32Array> = {
  bytes: 4,
  is: (values): values is Float32Array => values instanceof Float32Array,
  over: (buffer) => new Float32Array(buffer),
  create: (length) => new Float32Array(length),
  get: (view, at) => view.getFloat32(at, true),
  set: (view, at, value) => view.setFloat32(at, value, true),
};
const UINT32: SectionKind<Uint32Array> = {
  bytes: 4,
  is: (values): values is Uint32Array => values instanceof Uint32Array,
  over: (buffer) => new Uint32Array(buffer),
  create: (length) => new Uint32Array(length),
  get: (view, at) => view.getUint32(at, true),
  set: (view, at, value) => view.setUint32(at, value, true),
};

/** Writes `count` values at `offset` of `out` (missing values as 0); returns the offset after them. */
function writeSection<T extends Float64Array | Float32Array | Uint32Array>(
  kind: SectionKind<T>,
  out: Uint8Array,
  view: DataView,
  offset: number,
  values: NumberArray,
  count: number,
): number {
  const at = out.byteOffset + offset;
  if (LITTLE_ENDIAN && at % kind.bytes === 0 && kind.is(values) && values.length >= count) {
    new Uint8Array(out.buffer, at, count * kind.bytes).set(
      new Uint8Array(values.buffer, values.byteOffset, count * kind.bytes),
    );
  } else for (let i = 0; i < count; i++) kind.set(view, offset + i * kind.bytes, values[i] ?? 0);
  return offset + count * kind.bytes;
}

/** A copy of the `count` values at `offset` of `bytes`. */
function readSection<T extends Float64Array | Float32Array | Uint32Array>(
  kind: SectionKind<T>,
  bytes: Uint8Array,
  view: DataView,
  offset: number,
  count: number,
): T {
  const at = bytes.byteOffset + offset;
  if (LITTLE_ENDIAN && at % kind.bytes === 0)
    return kind.over(bytes.buffer.slice(at, at + count * kind.bytes));
  const values = kind.create(count);
  for (let i = 0; i < count; i++) values[i] = kind.get(view, offset + i * kind.bytes);
  return values;
}
