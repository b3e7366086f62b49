/**
 * GLB (binary glTF 2.0) writer for one tile of buildings: triangles with positions in the tile's local
 * ENU frame (written y-up as glTF (e, u, -n)) — quantised (KHR_mesh_quantization: uint16 positions, int8
 * normals) and welded by default, optionally KHR_meshopt_compression — semantic colours (compressed tiles:
 * one material and primitive per colour; otherwise COLOR_0, normalized unsigned bytes, linear), per-vertex
 * feature IDs (EXT_mesh_features) and a per-building property table (EXT_structural_metadata). With an
 * image resolver, textured surfaces get TEXCOORD_0 and one material per image, the PNG/JPEG bytes embedded
 * as they are (one primitive per material, sharing the vertex streams).
 */
import { ecefDirectionToLocal, ecefToLocal, extendLocalBounds } from './ellipsoid.ts';
import type { LocalFrame } from './ellipsoid.ts';
import { deriveBuildingMetadataLayout, encodePropertyTable } from './metadata.ts';
import type { BuildingMetadataLayout } from './metadata.ts';
import { SURFACE_PALETTE } from './palette.ts';
import {
  isTileCompressionReady,
  meshoptEncodeBufferView,
  meshoptExponentialFilter,
  meshoptOctahedralFilter,
  meshoptReorderTriangles,
} from './compression.ts';
import type { BuildingMesh } from './types.ts';
import { decodeUtf8, encodeUtf8 } from './utf8.ts';

export interface GlbWriteOptions {
  /** Metadata layout shared by all tiles of a tileset; derived from `buildings` when absent. */
  metadataLayout?: BuildingMetadataLayout;
  /** Render both faces (default true: tolerates wrongly oriented source polygons). */
  doubleSided?: boolean;
  /**
   * KHR_mesh_quantization: 16-bit positions and 8-bit normals, used only where the tile is small enough
   * that the position error stays within `maxQuantizationError` (default true).
   */
  quantize?: boolean;
  /** Largest position error (3D distance) allowed by quantisation, metres (default 0.005). */
  maxQuantizationError?: number;
  /** Merge vertices equal in position, normal and colour within a building (default true). */
  weld?: boolean;
  /**
   * KHR_meshopt_compression of the geometry (needs `await initTileCompression()` first); default: on
   * once the encoder is ready, off before.
   */
  compress?: boolean;
  /**
   * Reference the metadata schema by URI (relative to the GLB, e.g. '../schema.json') instead of
   * embedding it in every tile (default: embedded).
   */
  schemaUri?: string;
  /**
   * Resolves a texture image reference (`BuildingMesh.texture.uris`) to its PNG or JPEG file bytes,
   * which are embedded unchanged. Without a resolver, or where it returns undefined or another format,
   * textured surfaces keep their semantic or material colour.
   */
  images?: (uri: string) => Uint8Array | undefined;
}

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

/** An image of one tile: its bytes as resolved and its MIME type. */
interface TileImage {
  bytes: Uint8Array;
  mimeType: 'image/png' | 'image/jpeg';
}

const GL_FLOAT = 5126;
const GL_BYTE = 5120;
const GL_UNSIGNED_BYTE = 5121;
const GL_UNSIGNED_SHORT = 5123;
const GL_UNSIGNED_INT = 5125;
const GL_ARRAY_BUFFER = 34962;
const GL_ELEMENT_ARRAY_BUFFER = 34963;
const GL_LINEAR = 9729;
const GL_LINEAR_MIPMAP_LINEAR = 9987;
const GL_REPEAT = 10497;
const GLB_MAGIC = 0x46546c67; // 'glTF'
const CHUNK_JSON = 0x4e4f534a;
const CHUNK_BIN = 0x004e4942;

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

interface BufferViewJson {
  buffer: number;
  byteOffset: number;
  byteLength: number;
  byteStride?: number;
  target?: number;
  extensions?: { KHR_meshopt_compression: MeshoptViewJson };
}

interface AccessorJson {
  bufferView: number;
  componentType: number;
  count: number;
  type: 'SCALAR' | 'VEC2' | 'VEC3' | 'VEC4';
  normalized?: boolean;
  min?: number[];
  max?: number[];
}

/** Collects binary parts (each 8-byte aligned, as EXT_structural_metadata requires) and their buffer views. */
class BinaryBuilder {
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

function bytesOf(array: Float32Array | Uint8Array | Uint16Array | Uint32Array | Int8Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** sRGB 0..255 → linear 0..255 (glTF vertex colours are linear). */
function srgbToLinearByte(value: number): number {
  const c = value / 255;
  const linear = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  return Math.round(linear * 255);
}

/** sRGB byte → linear byte lookup (alpha is not converted). */
const SRGB_TO_LINEAR = Uint8Array.from({ length: 256 }, (_, value) => srgbToLinearByte(value));

const LINEAR_PALETTE: readonly (readonly number[])[] = SURFACE_PALETTE.map(({ rgba }) => [
  SRGB_TO_LINEAR[rgba[0]]!,
  SRGB_TO_LINEAR[rgba[1]]!,
  SRGB_TO_LINEAR[rgba[2]]!,
  rgba[3],
]);

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

/** Largest vertex count written with 16-bit indices (65 535 is reserved as a restart value). */
const MAX_UINT16_VERTICES = 65_535;

/** Per-vertex data of a tile before it is packed: local glTF (y-up) positions and attributes. */
interface TileVertices {
  count: number;
  /** glTF-frame metres (east, up, -north), float64. */
  positions: Float64Array;
  normals: Float32Array;
  colors: Uint8Array;
  featureIds: Uint32Array;
  indices: Uint32Array;
  translucent: boolean;
  /**
   * Only when some vertex is textured: per vertex 1 + the tile image index (0 untextured), and u,v in
   * glTF's convention (origin top-left: v' = 1 − v).
   */
  texture?: { material: Uint16Array; uv: Float32Array };
}

function collectTileVertices(
  buildings: readonly BuildingMesh[],
  frame: LocalFrame,
  featureIdOf: (indexInList: number) => number,
  imageSlot: (uri: string) => number | undefined,
): TileVertices {
  let vertexCount = 0;
  let indexCount = 0;
  for (const building of buildings) {
    vertexCount += Math.floor(building.positions.length / 3);
    indexCount += building.indices.length;
  }
  if (vertexCount === 0 || indexCount === 0) throw new Error('GLB writer: no triangles to write');
  if (buildings.length > 1 << 24) throw new Error('GLB writer: more than 2^24 buildings in one tile');
  const positions = new Float64Array(vertexCount * 3);
  const normals = new Float32Array(vertexCount * 3);
  const colors = new Uint8Array(vertexCount * 4);
  const featureIds = new Uint32Array(vertexCount);
  const indices = new Uint32Array(indexCount);
  let texture: TileVertices['texture'];
  let translucent = false;
  let vertexBase = 0;
  let indexBase = 0;
  buildings.forEach((building, indexInList) => {
    const featureId = featureIdOf(indexInList);
    const count = Math.floor(building.positions.length / 3);
    // Tile material (1 + tile image index) of each of the building's image numbers; 0 when unresolved.
    const source = building.texture;
    const materialOf = source?.uris.map((uri) => {
      const slot = imageSlot(uri);
      return slot === undefined ? 0 : slot + 1;
    });
    if (materialOf?.some((m) => m > 0) && !texture)
      texture = { material: new Uint16Array(vertexCount), uv: new Float32Array(vertexCount * 2) };
    for (let v = 0; v < count; v++) {
      const o = v * 3;
      const [e, n, u] = ecefToLocal(
        frame,
        building.positions[o]!,
        building.positions[o + 1]!,
        building.positions[o + 2]!,
      );
      const target = (vertexBase + v) * 3;
      positions[target] = e;
      positions[target + 1] = u;
      positions[target + 2] = -n;
      const [ne, nn, nu] = ecefDirectionToLocal(
        frame,
        building.normals[o] ?? 0,
        building.normals[o + 1] ?? 0,
        building.normals[o + 2] ?? 0,
      );
      const length = Math.hypot(ne, nn, nu);
      if (length > 1e-6) {
        normals[target] = ne / length;
        normals[target + 1] = nu / length;
        normals[target + 2] = -nn / length;
      } else {
        normals[target + 1] = 1; // unknown normal: up
      }
      const target4 = (vertexBase + v) * 4;
      if (building.colors) {
        // Override colours are sRGB bytes like the palette.
        for (let k = 0; k < 3; k++) colors[target4 + k] = SRGB_TO_LINEAR[building.colors[v * 4 + k] ?? 255]!;
        colors[target4 + 3] = building.colors[v * 4 + 3] ?? 255;
      } else {
        const rgba =
          LINEAR_PALETTE[building.surfaceClass[v] ?? 0] ?? LINEAR_PALETTE[LINEAR_PALETTE.length - 1]!;
        for (let k = 0; k < 4; k++) colors[target4 + k] = rgba[k]!;
      }
      const material = source && materialOf ? (materialOf[(source.image[v] ?? 0) - 1] ?? 0) : 0;
      if (material > 0 && texture && source) {
        // Textured: white vertex colour, so that the image shows unchanged (COLOR_0 multiplies it).
        colors.fill(255, target4, target4 + 4);
        texture.material[vertexBase + v] = material;
        texture.uv[(vertexBase + v) * 2] = source.uv[v * 2] ?? 0;
        texture.uv[(vertexBase + v) * 2 + 1] = 1 - (source.uv[v * 2 + 1] ?? 0);
      }
      if (colors[target4 + 3]! < 255) translucent = true;
      featureIds[vertexBase + v] = featureId;
    }
    for (let i = 0; i < building.indices.length; i++) {
      const index = building.indices[i]!;
      if (index >= count)
        throw new Error(`GLB writer: building ${building.id} index ${index} ≥ vertex count ${count}`);
      indices[indexBase + i] = vertexBase + index;
    }
    vertexBase += count;
    indexBase += building.indices.length;
  });
  const tile: TileVertices = {
    count: vertexCount,
    positions,
    normals,
    colors,
    featureIds,
    indices,
    translucent,
  };
  if (texture) tile.texture = texture;
  return tile;
}

/** Encoded vertex streams (one element per vertex, `stride` bytes each) ready to become buffer views. */
interface PackedStreams {
  count: number;
  position: { bytes: Uint8Array; stride: number; componentType: number; min: number[]; max: number[] };
  normal: { bytes: Uint8Array; stride: number; componentType: number; normalized: boolean };
  color: Uint8Array;
  featureId: { bytes: Uint8Array; componentType: number };
  /** Textured tiles only: float32 u,v per vertex (8 bytes each) and the material key per vertex. */
  texcoord?: Uint8Array;
  material?: Uint16Array;
  indices: Uint32Array;
  node: { mesh: number; translation?: number[]; scale?: number[] };
  /** Some attribute uses KHR_mesh_quantization types. */
  quantized: boolean;
  positionsQuantized: boolean;
}

/**
 * Packs vertices: KHR_mesh_quantization (uint16 positions under a node translation + uniform scale,
 * int8 normals) when allowed and precise enough, else float32; then welds vertices equal in every
 * packed attribute within a building and drops triangles that became degenerate (undefined if none is left).
 * `coarsest`: quantise at the coarsest step the error budget allows; a tile whose whole geometry is smaller
 * than that step (every triangle would collapse) is packed again at the finest step its extent allows.
 */
function packStreams(
  tile: TileVertices,
  quantizeWanted: boolean,
  maxError: number,
  weld: boolean,
  featureCount: number,
  coarsest = true,
): PackedStreams | undefined {
  const { count, positions, normals } = tile;
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < count; v++) {
    for (let axis = 0; axis < 3; axis++) {
      const value = positions[v * 3 + axis]!;
      if (value < min[axis]!) min[axis] = value;
      if (value > max[axis]!) max[axis] = value;
    }
  }
  const extent = Math.max(max[0]! - min[0]!, max[1]! - min[1]!, max[2]! - min[2]!);
  // Worst rounding error of a vertex: half a step on each axis, √3/2 · step in space. The step is the
  // coarsest the error budget allows (a finer one only adds bits to compress), unless 16 bits need a
  // larger one for this extent, which the budget then rules out.
  const budgetStep = (2 * maxError) / Math.sqrt(3);
  const finestStep = Math.max(extent, 1e-6) / 65535;
  const step = coarsest ? Math.max(finestStep, budgetStep) : finestStep;
  const quantized = quantizeWanted && step <= budgetStep;
  // Position and normal words per vertex: uint16 ×4 / int8 ×4 when quantised, float32 ×3 otherwise.
  let positionWords: Uint16Array | Float32Array;
  let normalWords: Int8Array | Float32Array;
  if (quantized) {
    positionWords = new Uint16Array(count * 4);
    for (let v = 0; v < count; v++) {
      for (let axis = 0; axis < 3; axis++)
        positionWords[v * 4 + axis] = Math.round((positions[v * 3 + axis]! - min[axis]!) / step);
    }
  } else {
    positionWords = Float32Array.from(positions);
  }
  // Normals: int8 whenever quantisation is wanted (independent of the positions' precision).
  const normalsQuantized = quantizeWanted;
  if (normalsQuantized) {
    normalWords = new Int8Array(count * 4);
    for (let v = 0; v < count; v++) {
      for (let axis = 0; axis < 3; axis++)
        normalWords[v * 4 + axis] = Math.round(normals[v * 3 + axis]! * 127);
    }
  } else {
    normalWords = normals;
  }
  const positionComponents = quantized ? 4 : 3;
  const normalComponents = normalsQuantized ? 4 : 3;

  // Weld: identical position, normal, colour and feature ID → one vertex.
  const remap = new Uint32Array(count);
  let unique = 0;
  if (weld) {
    const seen = new Map<string, number>();
    let currentFeature = -1;
    for (let v = 0; v < count; v++) {
      const featureId = tile.featureIds[v]!;
      if (featureId !== currentFeature) {
        seen.clear(); // vertices of one building are contiguous
        currentFeature = featureId;
      }
      const p = v * positionComponents;
      const n = v * normalComponents;
      let key = `${positionWords[p]},${positionWords[p + 1]},${positionWords[p + 2]},${normalWords[n]},${normalWords[n + 1]},${normalWords[n + 2]},${tile.colors[v * 4]},${tile.colors[v * 4 + 1]},${tile.colors[v * 4 + 2]},${tile.colors[v * 4 + 3]}`;
      if (tile.texture)
        key += `,${tile.texture.material[v]},${tile.texture.uv[v * 2]},${tile.texture.uv[v * 2 + 1]}`;
      const existing = seen.get(key);
      if (existing === undefined) {
        seen.set(key, unique);
        remap[v] = unique++;
      } else remap[v] = existing;
    }
  } else {
    for (let v = 0; v < count; v++) remap[v] = v;
    unique = count;
  }
  const keptIndices: number[] = [];
  for (let i = 0; i + 2 < tile.indices.length; i += 3) {
    const a = remap[tile.indices[i]!]!;
    const b = remap[tile.indices[i + 1]!]!;
    const c = remap[tile.indices[i + 2]!]!;
    if (a !== b && b !== c && a !== c) keptIndices.push(a, b, c);
  }
  if (keptIndices.length === 0)
    return coarsest && quantized
      ? packStreams(tile, quantizeWanted, maxError, weld, featureCount, false)
      : undefined;

  const positionOut = quantized ? new Uint16Array(unique * 4) : new Float32Array(unique * 3);
  const normalOut = normalsQuantized ? new Int8Array(unique * 4) : new Float32Array(unique * 3);
  const colorOut = new Uint8Array(unique * 4);
  const wideIds = featureCount > 65535;
  const featureOut = wideIds ? new Float32Array(unique) : new Uint16Array(unique * 2);
  const texcoordOut = tile.texture ? new Float32Array(unique * 2) : undefined;
  const materialOut = tile.texture ? new Uint16Array(unique) : undefined;
  for (let v = 0; v < count; v++) {
    const target = remap[v]!;
    if (tile.texture && texcoordOut && materialOut) {
      texcoordOut[target * 2] = tile.texture.uv[v * 2]!;
      texcoordOut[target * 2 + 1] = tile.texture.uv[v * 2 + 1]!;
      materialOut[target] = tile.texture.material[v]!;
    }
    for (let k = 0; k < positionComponents; k++)
      positionOut[target * positionComponents + k] = positionWords[v * positionComponents + k]!;
    for (let k = 0; k < normalComponents; k++)
      normalOut[target * normalComponents + k] = normalWords[v * normalComponents + k]!;
    for (let k = 0; k < 4; k++) colorOut[target * 4 + k] = tile.colors[v * 4 + k]!;
    featureOut[wideIds ? target : target * 2] = tile.featureIds[v]!;
  }
  // Accessor bounds of the written values.
  const outMin = [Infinity, Infinity, Infinity];
  const outMax = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < unique; v++) {
    for (let axis = 0; axis < 3; axis++) {
      const value = positionOut[v * positionComponents + axis]!;
      if (value < outMin[axis]!) outMin[axis] = value;
      if (value > outMax[axis]!) outMax[axis] = value;
    }
  }
  const streams: PackedStreams = {
    count: unique,
    position: {
      bytes: bytesOf(positionOut),
      stride: quantized ? 8 : 12,
      componentType: quantized ? GL_UNSIGNED_SHORT : GL_FLOAT,
      min: outMin,
      max: outMax,
    },
    normal: {
      bytes: bytesOf(normalOut),
      stride: normalsQuantized ? 4 : 12,
      componentType: normalsQuantized ? GL_BYTE : GL_FLOAT,
      normalized: normalsQuantized,
    },
    color: colorOut,
    featureId: { bytes: bytesOf(featureOut), componentType: wideIds ? GL_FLOAT : GL_UNSIGNED_SHORT },
    indices: Uint32Array.from(keptIndices),
    node: quantized
      ? { mesh: 0, translation: [min[0]!, min[1]!, min[2]!], scale: [step, step, step] }
      : { mesh: 0 },
    quantized: quantized || normalsQuantized,
    positionsQuantized: quantized,
  };
  if (texcoordOut && materialOut) {
    streams.texcoord = bytesOf(texcoordOut);
    streams.material = materialOut;
  }
  return streams;
}

/**
 * Buildings (indices) grouped so that each group fits 16-bit positions at `maxError`: one group when the
 * whole tile does, else halves at the median building centre along the wider axis, recursively.
 */
function clusterBuildings(
  buildings: readonly BuildingMesh[],
  frame: LocalFrame,
  maxError: number,
): number[][] {
  const quantizableExtent = ((maxError * 2) / Math.sqrt(3)) * 65535 * 0.99;
  const boxes = buildings.map((building) => {
    const min = [Infinity, Infinity, Infinity];
    const max = [-Infinity, -Infinity, -Infinity];
    extendLocalBounds(frame, building.positions, min, max);
    return { min, max };
  });
  const clusters: number[][] = [];
  const split = (members: number[]): void => {
    const min = [Infinity, Infinity, Infinity];
    const max = [-Infinity, -Infinity, -Infinity];
    for (const index of members) {
      for (let axis = 0; axis < 3; axis++) {
        min[axis] = Math.min(min[axis]!, boxes[index]!.min[axis]!);
        max[axis] = Math.max(max[axis]!, boxes[index]!.max[axis]!);
      }
    }
    const spans = [0, 1, 2].map((axis) => max[axis]! - min[axis]!);
    if (Math.max(...spans) <= quantizableExtent || members.length === 1) {
      clusters.push(members);
      return;
    }
    const axis = spans[0]! >= spans[1]! ? 0 : 1;
    const centre = (index: number) => (boxes[index]!.min[axis]! + boxes[index]!.max[axis]!) / 2;
    const sorted = [...members].sort((a, b) => centre(a) - centre(b) || a - b);
    const half = Math.ceil(sorted.length / 2);
    split(sorted.slice(0, half));
    split(sorted.slice(half));
  };
  split(buildings.map((_, index) => index));
  return clusters;
}

/**
 * Mantissa bits for meshopt's exponential filter (one exponent per component over the buffer) so that
 * float positions keep `maxError` in 3D: step = 2^ceil(log2 max|value|) / 2^(bits-1) ≤ 2·maxError/√3.
 */
function exponentialBits(position: { min: number[]; max: number[] }, maxError: number): number {
  const largest = Math.max(...position.min.map(Math.abs), ...position.max.map(Math.abs), 1e-3);
  const step = (2 * maxError) / Math.sqrt(3);
  const exponent = Math.floor(Math.log2(largest)) + 1;
  return Math.min(24, Math.max(2, exponent - Math.floor(Math.log2(step)) + 1));
}

/** Float32 VEC3 positions through meshopt's exponential filter, and the bounds of the values it decodes to. */
function exponentialFilterPositions(
  bytes: Uint8Array,
  count: number,
  maxError: number,
  bounds: { min: number[]; max: number[] },
): { bytes: Uint8Array; min: number[]; max: number[]; translation?: number[] } {
  const values = new Float32Array(bytes.slice().buffer);
  const shift = exponentShift(bounds);
  if (shift) {
    for (let i = 0; i < values.length; i++) values[i] = values[i]! + shift[i % 3]!;
  }
  const shifted = shift
    ? { min: bounds.min.map((v, a) => v + shift[a]!), max: bounds.max.map((v, a) => v + shift[a]!) }
    : bounds;
  const filtered = meshoptExponentialFilter(values, count, 12, exponentialBits(shifted, maxError));
  // Each word: signed 24-bit mantissa, signed 8-bit exponent; value = mantissa · 2^exponent.
  const words = new Int32Array(filtered.slice().buffer);
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const value = ((word << 8) >> 8) * 2 ** (word >> 24);
    const axis = i % 3;
    if (value < min[axis]!) min[axis] = value;
    if (value > max[axis]!) max[axis] = value;
  }
  return { bytes: filtered, min, max, ...(shift ? { translation: shift.map((v) => -v) } : {}) };
}

/**
 * Offsets that give every axis the binary exponent of the widest one (meshopt's SharedComponent exponential filter
 * keeps one exponent per axis, so a narrow axis, usually height, would otherwise be stored finer than needed);
 * undefined when no axis gains. Offsets are powers of two, exact in float32.
 */
function exponentShift(bounds: { min: number[]; max: number[] }): number[] | undefined {
  const exponentOf = (axis: number): number =>
    Math.floor(Math.log2(Math.max(Math.abs(bounds.min[axis]!), Math.abs(bounds.max[axis]!), 1e-3))) + 1;
  const exponents = [0, 1, 2].map(exponentOf);
  const widest = Math.max(...exponents);
  if (exponents.every((e) => e === widest)) return undefined;
  // |v| < 2^e ≤ 2^(widest-1), so v + 2^(widest-1) lies in (0, 2^widest): the widest exponent.
  return exponents.map((e) => (e < widest ? 2 ** (widest - 1) : 0));
}

/** int8 ×4 normals (stride 4) as meshopt OCTAHEDRAL-filtered 8-bit words; they decode to int8 ×4 again. */
function octahedralFilterNormals(bytes: Uint8Array, count: number): Uint8Array {
  const words = new Int8Array(bytes.buffer, bytes.byteOffset, count * 4);
  const unit = new Float32Array(count * 4);
  for (let v = 0; v < count; v++) {
    const x = words[v * 4]!;
    const y = words[v * 4 + 1]!;
    const z = words[v * 4 + 2]!;
    const length = Math.hypot(x, y, z) || 1;
    unit[v * 4] = x / length;
    unit[v * 4 + 1] = y / length;
    unit[v * 4 + 2] = z / length;
  }
  return meshoptOctahedralFilter(unit, count, 4, 8);
}

/** Record sizes tried for meshopt-compressed metadata columns (fixed-length strings compress best at their length). */
const METADATA_STRIDES = [4, 8, 12, 16, 20, 24, 28, 32, 40, 48, 64];

/**
 * A property-table column's smallest KHR_meshopt_compression ATTRIBUTES encoding over the record sizes
 * that divide its length exactly (viewers derive value counts from view lengths); undefined when none does.
 */
export function encodeMetadataColumn(bytes: Uint8Array): { encoded: Uint8Array; stride: number } | undefined {
  let best: { encoded: Uint8Array; stride: number } | undefined;
  for (const stride of METADATA_STRIDES) {
    if (stride > bytes.byteLength) break;
    if (bytes.byteLength % stride !== 0) continue;
    const encoded = meshoptEncodeBufferView(bytes, bytes.byteLength / stride, stride, 'ATTRIBUTES');
    if (!best || encoded.byteLength < best.encoded.byteLength) best = { encoded, stride };
  }
  return best;
}

/** A compressed view costs about this many more JSON bytes than a plain one. */
const COMPRESSED_VIEW_JSON_BYTES = 120;

/** Bytes a property-table column costs as addCompressedMetadataView stores it (binary plus extra JSON). */
function storedMetadataSize(bytes: Uint8Array): number {
  const best = encodeMetadataColumn(bytes);
  return Math.min(bytes.byteLength, best ? best.encoded.byteLength + COMPRESSED_VIEW_JSON_BYTES : Infinity);
}

/** A property-table column as a compressed view (encodeMetadataColumn); raw when compression does not pay. */
function addCompressedMetadataView(binary: BinaryBuilder, bytes: Uint8Array): number {
  const best = encodeMetadataColumn(bytes);
  if (!best || best.encoded.byteLength + COMPRESSED_VIEW_JSON_BYTES >= bytes.byteLength)
    return binary.addBufferView(bytes);
  return binary.addCompressedView(
    best.encoded,
    bytes.byteLength,
    best.stride,
    bytes.byteLength / best.stride,
    'ATTRIBUTES',
  );
}

/** At most this many colours in a tile become materials (see colourMaterialKeys); more keep COLOR_0. */
const MAX_COLOUR_MATERIALS = 16;

/**
 * Material key per vertex (−1 − slot in `slots`, RGBA 0..255 linear, shared by the tile's meshes) for
 * vertex colours that are few per tile, as the semantic palette's are; undefined when there are more
 * than MAX_COLOUR_MATERIALS in all (the tile keeps COLOR_0). Adds the new colours to `slots`.
 */
function colourMaterialKeys(colors: Uint8Array, count: number, slots: number[][]): Int32Array | undefined {
  const slotOf = new Map<number, number>(
    slots.map((rgba, slot) => [
      ((rgba[0]! << 24) | (rgba[1]! << 16) | (rgba[2]! << 8) | rgba[3]!) >>> 0,
      slot,
    ]),
  );
  const added: number[][] = [];
  const keys = new Int32Array(count);
  for (let v = 0; v < count; v++) {
    const o = v * 4;
    const packed =
      ((colors[o]! << 24) | (colors[o + 1]! << 16) | (colors[o + 2]! << 8) | colors[o + 3]!) >>> 0;
    let slot = slotOf.get(packed);
    if (slot === undefined) {
      if (slotOf.size >= MAX_COLOUR_MATERIALS) return undefined;
      slot = slotOf.size;
      slotOf.set(packed, slot);
      added.push([colors[o]!, colors[o + 1]!, colors[o + 2]!, colors[o + 3]!]);
    }
    keys[v] = -1 - slot;
  }
  slots.push(...added);
  return keys;
}

/** Reorders vertices and triangles for the vertex cache and fetch (meshopt), in place of `streams`. */
function reorderForCompression(streams: PackedStreams, vertexKeys?: Int32Array): Int32Array | undefined {
  const { remap, vertexCount } = vertexKeys
    ? reorderByGroup(streams.indices, streams.count, vertexKeys)
    : meshoptReorderTriangles(streams.indices);
  const permute = (bytes: Uint8Array, stride: number): Uint8Array => {
    const out = new Uint8Array(vertexCount * stride);
    for (let v = 0; v < streams.count; v++) {
      const target = remap[v]!;
      if (target === 0xffffffff) continue;
      out.set(bytes.subarray(v * stride, v * stride + stride), target * stride);
    }
    return out;
  };
  streams.position.bytes = permute(streams.position.bytes, streams.position.stride);
  streams.normal.bytes = permute(streams.normal.bytes, streams.normal.stride);
  streams.color = permute(streams.color, 4);
  streams.featureId.bytes = permute(streams.featureId.bytes, 4);
  if (streams.texcoord) streams.texcoord = permute(streams.texcoord, 8);
  if (streams.material) streams.material = new Uint16Array(permute(bytesOf(streams.material), 2).buffer);
  streams.count = vertexCount;
  return vertexKeys ? new Int32Array(permute(new Uint8Array(vertexKeys.buffer), 4).buffer) : undefined;
}

/**
 * meshoptReorderTriangles per material group (`vertexKeys`: key of each vertex; a triangle belongs to its
 * first vertex's group, in the order the primitives are written: keys descending for negative keys),
 * each group's vertices contiguous and numbered on from the previous group's: the groups' indices, one
 * after the other in one buffer view, are one sequential run for the index codec (split per group
 * otherwise, they cost 2.5× as much on NRW data). Rewrites `indices` group after group.
 */
function reorderByGroup(
  indices: Uint32Array,
  count: number,
  vertexKeys: Int32Array,
): { remap: Uint32Array; vertexCount: number } {
  const groups = new Map<number, number[]>();
  for (let i = 0; i + 2 < indices.length; i += 3) {
    const key = vertexKeys[indices[i]!]!;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(indices[i]!, indices[i + 1]!, indices[i + 2]!);
  }
  // A vertex used by two groups (a triangle of mixed colours) cannot be in both runs: one run for all.
  const groupOf = new Int32Array(count);
  for (const [key, group] of groups) {
    for (const vertex of group) {
      if (groupOf[vertex] !== 0 && groupOf[vertex] !== key) return meshoptReorderTriangles(indices);
      groupOf[vertex] = key;
    }
  }
  const remap = new Uint32Array(count).fill(0xffffffff);
  let vertexCount = 0;
  let written = 0;
  for (const key of [...groups.keys()].sort((a, b) => (a < 0 && b < 0 ? b - a : a - b))) {
    const group = groups.get(key)!;
    // Local vertex numbers in order of first use.
    const local = new Map<number, number>();
    const globalOf: number[] = [];
    const localIndices = new Uint32Array(group.length);
    group.forEach((vertex, i) => {
      let id = local.get(vertex);
      if (id === undefined) {
        id = globalOf.push(vertex) - 1;
        local.set(vertex, id);
      }
      localIndices[i] = id;
    });
    // Rewrites localIndices to the group's new vertex numbers.
    const reordered = meshoptReorderTriangles(localIndices);
    const base = vertexCount;
    globalOf.forEach((vertex, id) => {
      remap[vertex] = base + reordered.remap[id]!;
    });
    vertexCount += reordered.vertexCount;
    for (let i = 0; i < localIndices.length; i++) indices[written + i] = base + localIndices[i]!;
    written += localIndices.length;
  }
  return { remap, vertexCount };
}

/**
 * Writes the buildings of one tile as a GLB. `frame` is the tile's ENU frame (its `enuToEcef` becomes the
 * tile's `transform`); building positions (ECEF metres) become offsets in that frame, stored y-up as
 * glTF (east, up, -north). Feature ID i is `buildings[i]`, row i of property table 0. By default vertices
 * are quantised (KHR_mesh_quantization, ≤ 5 mm), welded, and compressed with KHR_meshopt_compression
 * when `initTileCompression()` has resolved.
 */
export function writeBuildingsGlb(
  buildings: readonly BuildingMesh[],
  frame: LocalFrame,
  options: GlbWriteOptions = {},
): Uint8Array {
  const compress = options.compress ?? isTileCompressionReady();
  const quantize = options.quantize ?? true;
  const maxError = options.maxQuantizationError ?? 0.005;
  const binary = new BinaryBuilder();
  const accessors: AccessorJson[] = [];
  const addAccessor = (accessor: AccessorJson): number => accessors.push(accessor) - 1;
  // Geometry views: plain in the BIN chunk, or meshopt-compressed into the BIN chunk with their
  // uncompressed layout in a data-less fallback buffer (KHR_meshopt_compression).
  const addGeometryView = (
    bytes: Uint8Array,
    stride: number,
    target: number,
    mode: 'ATTRIBUTES' | 'TRIANGLES',
    filter?: MeshoptViewJson['filter'],
  ): number => {
    if (!compress) {
      const view = binary.addBufferView(bytes, target);
      if (target === GL_ARRAY_BUFFER) binary.bufferViews[view]!.byteStride = stride;
      return view;
    }
    const count = bytes.byteLength / stride;
    const encoded = meshoptEncodeBufferView(bytes, count, stride, mode);
    const view = binary.addCompressedView(encoded, bytes.byteLength, stride, count, mode, target);
    if (filter) binary.bufferViews[view]!.extensions!.KHR_meshopt_compression.filter = filter;
    return view;
  };

  // Tiles too wide for 16-bit positions at `maxError` are cut into clusters (a node and mesh each, with
  // its own quantisation offset); feature IDs stay tile-wide.
  // Compressed tiles keep one primitive: float positions with meshopt's exponential filter instead.
  const clusters =
    quantize && !compress ? clusterBuildings(buildings, frame, maxError) : [buildings.map((_, i) => i)];
  const nodes: { mesh: number; translation?: number[]; scale?: number[] }[] = [];
  const meshes: unknown[] = [];
  let anyQuantized = false;
  let translucent = false;
  // Texture images of the tile, resolved once per reference; materials in order of first use
  // (key 0: vertex colours only; key k: tile image k − 1).
  const tileImages: TileImage[] = [];
  const slotByUri = new Map<string, number | undefined>();
  const imageSlot = (uri: string): number | undefined => {
    if (slotByUri.has(uri)) return slotByUri.get(uri);
    const bytes = options.images?.(uri);
    const mimeType = bytes ? imageMimeType(bytes) : undefined;
    const slot = bytes && mimeType ? tileImages.push({ bytes, mimeType }) - 1 : undefined;
    slotByUri.set(uri, slot);
    return slot;
  };
  // Compressed tiles with few distinct vertex colours (the semantic palette, no textures) get one
  // material per colour instead of COLOR_0 (key −1 − slot): ~0.8 B per vertex less after compression.
  const colourSlots: number[][] = [];
  const materialKeys: number[] = [];
  const materialIndex = (key: number): number => {
    const found = materialKeys.indexOf(key);
    return found >= 0 ? found : materialKeys.push(key) - 1;
  };
  for (const cluster of clusters) {
    const tile = collectTileVertices(
      cluster.map((index) => buildings[index]!),
      frame,
      (indexInList) => cluster[indexInList]!,
      options.images ? imageSlot : () => undefined,
    );
    translucent ||= tile.translucent;
    const streams = packStreams(tile, quantize, maxError, options.weld ?? true, buildings.length);
    if (!streams) continue;
    anyQuantized ||= streams.quantized;
    // Colour materials (see colourMaterialKeys): keys of the vertices before the reorder, which keeps
    // each material's vertices together.
    let colourKeys =
      compress && !streams.material
        ? colourMaterialKeys(streams.color, streams.count, colourSlots)
        : undefined;
    if (compress) colourKeys = reorderForCompression(streams, colourKeys);
    const vertexCount = streams.count;
    const indices = vertexCount <= MAX_UINT16_VERTICES ? Uint16Array.from(streams.indices) : streams.indices;
    // Float positions of a compressed tile: meshopt's exponential filter at the precision needed,
    // with accessor bounds of the filtered (= decoded) values.
    const filterPositions = compress && quantize && !streams.positionsQuantized;
    const filtered = filterPositions
      ? exponentialFilterPositions(streams.position.bytes, vertexCount, maxError, streams.position)
      : undefined;
    const position = filtered ?? streams.position;
    const node = filtered?.translation ? { mesh: 0, translation: filtered.translation } : streams.node;
    const positionView = addGeometryView(
      position.bytes,
      streams.position.stride,
      GL_ARRAY_BUFFER,
      'ATTRIBUTES',
      filterPositions ? 'EXPONENTIAL' : undefined,
    );
    // int8 normals of a compressed tile through meshopt's octahedral filter (two varying bytes, not three).
    const filterNormals = compress && streams.normal.normalized === true;
    const normalView = addGeometryView(
      filterNormals ? octahedralFilterNormals(streams.normal.bytes, vertexCount) : streams.normal.bytes,
      streams.normal.stride,
      GL_ARRAY_BUFFER,
      'ATTRIBUTES',
      filterNormals ? 'OCTAHEDRAL' : undefined,
    );
    const colorView = colourKeys
      ? undefined
      : addGeometryView(streams.color, 4, GL_ARRAY_BUFFER, 'ATTRIBUTES');
    // Feature IDs: uint16 (4-byte stride) or float (exact up to 2^24), 4-byte aligned as attributes must be.
    const featureIdView = addGeometryView(streams.featureId.bytes, 4, GL_ARRAY_BUFFER, 'ATTRIBUTES');
    const texcoordView = streams.texcoord
      ? addGeometryView(streams.texcoord, 8, GL_ARRAY_BUFFER, 'ATTRIBUTES')
      : undefined;
    const positionAccessor = addAccessor({
      bufferView: positionView,
      componentType: streams.position.componentType,
      count: vertexCount,
      type: 'VEC3',
      min: position.min,
      max: position.max,
    });
    const normalAccessor = addAccessor({
      bufferView: normalView,
      componentType: streams.normal.componentType,
      ...(streams.normal.normalized ? { normalized: true } : {}),
      count: vertexCount,
      type: 'VEC3',
    });
    const colorAccessor =
      colorView === undefined
        ? undefined
        : addAccessor({
            bufferView: colorView,
            componentType: GL_UNSIGNED_BYTE,
            normalized: true,
            count: vertexCount,
            type: 'VEC4',
          });
    const featureIdAccessor = addAccessor({
      bufferView: featureIdView,
      componentType: streams.featureId.componentType,
      count: vertexCount,
      type: 'SCALAR',
    });
    const texcoordAccessor =
      texcoordView === undefined
        ? undefined
        : addAccessor({
            bufferView: texcoordView,
            componentType: GL_FLOAT,
            count: vertexCount,
            type: 'VEC2',
          });
    // One primitive per material (all sharing the vertex streams): triangles grouped by the material
    // of their first vertex (a polygon's vertices share one; welding keeps them apart). The groups'
    // indices follow each other in one buffer view, each primitive's accessor a range of it: after the
    // grouped reorder (colour materials) the index codec then sees one sequential run.
    const vertexKeys = streams.material ?? colourKeys;
    const groups = new Map<number, number[]>();
    if (vertexKeys) {
      for (let i = 0; i + 2 < indices.length; i += 3) {
        const key = vertexKeys[indices[i]!]!;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = []));
        group.push(indices[i]!, indices[i + 1]!, indices[i + 2]!);
      }
    }
    const keys = vertexKeys ? [...groups.keys()].sort((a, b) => (a < 0 && b < 0 ? b - a : a - b)) : [0];
    const grouped = vertexKeys ? keys.flatMap((key) => groups.get(key)!) : indices;
    const allIndices = indices instanceof Uint16Array ? Uint16Array.from(grouped) : Uint32Array.from(grouped);
    const indexView = addGeometryView(
      bytesOf(allIndices),
      allIndices.BYTES_PER_ELEMENT,
      GL_ELEMENT_ARRAY_BUFFER,
      'TRIANGLES',
    );
    let firstIndex = 0;
    const primitives = keys.map((key) => {
      const count = vertexKeys ? groups.get(key)!.length : indices.length;
      const indexAccessor = addAccessor({
        bufferView: indexView,
        ...(firstIndex > 0 ? { byteOffset: firstIndex * allIndices.BYTES_PER_ELEMENT } : {}),
        componentType: allIndices instanceof Uint16Array ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
        count,
        type: 'SCALAR',
      });
      firstIndex += count;
      return {
        attributes: {
          POSITION: positionAccessor,
          NORMAL: normalAccessor,
          ...(key > 0 && texcoordAccessor !== undefined ? { TEXCOORD_0: texcoordAccessor } : {}),
          ...(colorAccessor !== undefined ? { COLOR_0: colorAccessor } : {}),
          _FEATURE_ID_0: featureIdAccessor,
        },
        indices: indexAccessor,
        material: materialIndex(key),
        // mode: triangles (4), the default.
        extensions: {
          EXT_mesh_features: {
            featureIds: [{ featureCount: buildings.length, attribute: 0, propertyTable: 0 }],
          },
        },
      };
    });
    nodes.push({ ...node, mesh: meshes.length });
    meshes.push({ primitives });
  }

  if (meshes.length === 0) throw new Error('GLB writer: every triangle is degenerate');
  const layout = options.metadataLayout ?? deriveBuildingMetadataLayout(buildings);
  const propertyTable = encodePropertyTable(
    layout,
    buildings,
    (bytes) => (compress ? addCompressedMetadataView(binary, bytes) : binary.addBufferView(bytes)),
    (bytes) => (compress ? storedMetadataSize(bytes) : bytes.byteLength),
  );

  // Images of the materials used, in order, embedded as they are (PNG/JPEG: no re-encoding).
  const images: { bufferView: number; mimeType: string }[] = [];
  const materials = materialKeys.map((key) => {
    if (key < 0) {
      const rgba = colourSlots[-1 - key]!;
      return {
        pbrMetallicRoughness: {
          // Four decimals: 1/40 of the 8-bit step the vertex colour had, and shorter JSON.
          baseColorFactor: rgba.map((c) => Math.round((c / 255) * 1e4) / 1e4),
          metallicFactor: 0,
          roughnessFactor: 1,
        },
        doubleSided: options.doubleSided ?? true,
        ...(rgba[3]! < 255 ? { alphaMode: 'BLEND' } : {}),
      };
    }
    if (key === 0) {
      return {
        pbrMetallicRoughness: { baseColorFactor: [1, 1, 1, 1], metallicFactor: 0, roughnessFactor: 1 },
        doubleSided: options.doubleSided ?? true,
        ...(translucent ? { alphaMode: 'BLEND' } : {}),
      };
    }
    const image = tileImages[key - 1]!;
    images.push({ bufferView: binary.addBufferView(image.bytes), mimeType: image.mimeType });
    return {
      pbrMetallicRoughness: {
        baseColorTexture: { index: images.length - 1 },
        metallicFactor: 0,
        roughnessFactor: 1,
      },
      doubleSided: options.doubleSided ?? true,
    };
  });
  const textureJson =
    images.length > 0
      ? {
          // CityGML texture coordinates may leave 0..1: the image repeats.
          samplers: [
            { magFilter: GL_LINEAR, minFilter: GL_LINEAR_MIPMAP_LINEAR, wrapS: GL_REPEAT, wrapT: GL_REPEAT },
          ],
          images,
          textures: images.map((_, index) => ({ sampler: 0, source: index })),
        }
      : {};

  const bin = binary.concat();
  const extensionsUsed = [
    'EXT_mesh_features',
    'EXT_structural_metadata',
    ...(anyQuantized ? ['KHR_mesh_quantization'] : []),
    ...(compress ? ['KHR_meshopt_compression'] : []),
  ];
  const extensionsRequired = [
    ...(anyQuantized ? ['KHR_mesh_quantization'] : []),
    // The fallback buffer carries no data, so loaders must decode the extension.
    ...(compress ? ['KHR_meshopt_compression'] : []),
  ];
  const buffers: Record<string, unknown>[] = [{ byteLength: bin.byteLength }];
  if (compress) {
    buffers.push({
      byteLength: binary.fallbackByteLength,
      extensions: { KHR_meshopt_compression: { fallback: true } },
    });
  }
  const gltf = {
    asset: { version: '2.0', generator: 'Stadtmodell 3D Tiles writer' },
    extensionsUsed,
    ...(extensionsRequired.length > 0 ? { extensionsRequired } : {}),
    extensions: {
      EXT_structural_metadata: {
        ...(options.schemaUri !== undefined ? { schemaUri: options.schemaUri } : { schema: layout.schema }),
        propertyTables: [propertyTable],
      },
    },
    scene: 0,
    scenes: [{ nodes: nodes.map((_, index) => index) }],
    nodes,
    meshes,
    materials,
    ...textureJson,
    accessors,
    bufferViews: binary.bufferViews,
    buffers,
  };
  return packGlb(gltf, bin);
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
