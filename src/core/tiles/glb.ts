/**
 * GLB (binary glTF 2.0) writer for one tile of buildings: one triangle primitive with float32 positions in
 * the tile's local ENU frame (written y-up as glTF (e, u, -n)), float32 normals, semantic vertex colours
 * (COLOR_0, normalized unsigned bytes, linear), per-vertex feature IDs (EXT_mesh_features) and a
 * per-building property table (EXT_structural_metadata).
 */
import { ecefDirectionToLocal, ecefToLocal } from './ellipsoid.ts';
import type { LocalFrame } from './ellipsoid.ts';
import { deriveBuildingMetadataLayout, encodePropertyTable } from './metadata.ts';
import type { BuildingMetadataLayout } from './metadata.ts';
import { SURFACE_PALETTE } from './palette.ts';
import type { BuildingMesh } from './types.ts';
import { decodeUtf8, encodeUtf8 } from './utf8.ts';

export interface GlbWriteOptions {
  /** Metadata layout shared by all tiles of a tileset; derived from `buildings` when absent. */
  metadataLayout?: BuildingMetadataLayout;
  /** Render both faces (default true: tolerates wrongly oriented source polygons). */
  doubleSided?: boolean;
  /**
   * KHR_mesh_quantization: 16-bit positions and 8-bit normals (≈ 35 % smaller), used only where the
   * tile is small enough that the position error stays within `maxQuantizationError` (default false).
   */
  quantize?: boolean;
  /** Largest position error allowed by quantisation, metres (default 0.005). */
  maxQuantizationError?: number;
}

const GL_FLOAT = 5126;
const GL_BYTE = 5120;
const GL_UNSIGNED_BYTE = 5121;
const GL_UNSIGNED_SHORT = 5123;
const GL_UNSIGNED_INT = 5125;
const GL_ARRAY_BUFFER = 34962;
const GL_ELEMENT_ARRAY_BUFFER = 34963;
const GLB_MAGIC = 0x46546c67; // 'glTF'
const CHUNK_JSON = 0x4e4f534a;
const CHUNK_BIN = 0x004e4942;

interface BufferViewJson {
  buffer: number;
  byteOffset: number;
  byteLength: number;
  byteStride?: number;
  target?: number;
}

interface AccessorJson {
  bufferView: number;
  componentType: number;
  count: number;
  type: 'SCALAR' | 'VEC3' | 'VEC4';
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

function bytesOf(array: Float32Array | Uint8Array | Uint16Array | Uint32Array): Uint8Array {
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

/**
 * Writes the buildings of one tile as a GLB. `frame` is the tile's ENU frame (its `enuToEcef` becomes the
 * tile's `transform`); building positions (ECEF metres) become float32 offsets in that frame, stored
 * y-up as glTF (east, up, -north). Feature ID i is `buildings[i]`, row i of property table 0.
 */
export function writeBuildingsGlb(
  buildings: readonly BuildingMesh[],
  frame: LocalFrame,
  options: GlbWriteOptions = {},
): Uint8Array {
  let vertexCount = 0;
  let indexCount = 0;
  for (const building of buildings) {
    vertexCount += Math.floor(building.positions.length / 3);
    indexCount += building.indices.length;
  }
  if (vertexCount === 0 || indexCount === 0) throw new Error('GLB writer: no triangles to write');
  if (buildings.length > 1 << 24) throw new Error('GLB writer: more than 2^24 buildings in one tile');

  const positions = new Float32Array(vertexCount * 3);
  const normals = new Float32Array(vertexCount * 3);
  const colors = new Uint8Array(vertexCount * 4);
  const featureIds = new Float32Array(vertexCount);
  const indices = vertexCount <= 65536 ? new Uint16Array(indexCount) : new Uint32Array(indexCount);
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  let translucent = false;

  let vertexBase = 0;
  let indexBase = 0;
  buildings.forEach((building, featureId) => {
    const count = Math.floor(building.positions.length / 3);
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
      for (let axis = 0; axis < 3; axis++) {
        const value = positions[target + axis]!;
        if (value < min[axis]!) min[axis] = value;
        if (value > max[axis]!) max[axis] = value;
      }
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

  const binary = new BinaryBuilder();
  const accessors: AccessorJson[] = [];
  const addAccessor = (accessor: AccessorJson): number => accessors.push(accessor) - 1;
  // KHR_mesh_quantization: 16-bit positions (node translation + uniform scale undo the quantisation)
  // and 8-bit normals, where the tile is small enough for the requested precision.
  const extent = Math.max(max[0]! - min[0]!, max[1]! - min[1]!, max[2]! - min[2]!);
  const step = Math.max(extent, 1e-6) / 65535;
  const quantize = options.quantize === true && step / 2 <= (options.maxQuantizationError ?? 0.005);
  let node: { mesh: number; translation?: number[]; scale?: number[] } = { mesh: 0 };
  let positionAccessor: number;
  let normalAccessor: number;
  if (quantize) {
    const quantized = new Uint16Array(vertexCount * 4); // x, y, z, padding: 8-byte stride
    for (let v = 0; v < vertexCount; v++) {
      for (let axis = 0; axis < 3; axis++) {
        quantized[v * 4 + axis] = Math.round((positions[v * 3 + axis]! - min[axis]!) / step);
      }
    }
    const quantizedMax = [0, 1, 2].map((axis) => Math.round((max[axis]! - min[axis]!) / step));
    const positionView = binary.addBufferView(bytesOf(quantized), GL_ARRAY_BUFFER);
    binary.bufferViews[positionView]!.byteStride = 8;
    positionAccessor = addAccessor({
      bufferView: positionView,
      componentType: GL_UNSIGNED_SHORT,
      count: vertexCount,
      type: 'VEC3',
      min: [0, 0, 0],
      max: quantizedMax,
    });
    const packedNormals = new Int8Array(vertexCount * 4);
    for (let i = 0; i < vertexCount; i++) {
      for (let axis = 0; axis < 3; axis++)
        packedNormals[i * 4 + axis] = Math.round(normals[i * 3 + axis]! * 127);
    }
    const normalView = binary.addBufferView(new Uint8Array(packedNormals.buffer), GL_ARRAY_BUFFER);
    binary.bufferViews[normalView]!.byteStride = 4;
    normalAccessor = addAccessor({
      bufferView: normalView,
      componentType: GL_BYTE,
      normalized: true,
      count: vertexCount,
      type: 'VEC3',
    });
    node = { mesh: 0, translation: [min[0]!, min[1]!, min[2]!], scale: [step, step, step] };
  } else {
    positionAccessor = addAccessor({
      bufferView: binary.addBufferView(bytesOf(positions), GL_ARRAY_BUFFER),
      componentType: GL_FLOAT,
      count: vertexCount,
      type: 'VEC3',
      min,
      max,
    });
    normalAccessor = addAccessor({
      bufferView: binary.addBufferView(bytesOf(normals), GL_ARRAY_BUFFER),
      componentType: GL_FLOAT,
      count: vertexCount,
      type: 'VEC3',
    });
  }
  const colorAccessor = addAccessor({
    bufferView: binary.addBufferView(colors, GL_ARRAY_BUFFER),
    componentType: GL_UNSIGNED_BYTE,
    normalized: true,
    count: vertexCount,
    type: 'VEC4',
  });
  // Float feature IDs: exact up to 2^24 and 4-byte aligned as vertex attributes must be.
  const featureIdAccessor = addAccessor({
    bufferView: binary.addBufferView(bytesOf(featureIds), GL_ARRAY_BUFFER),
    componentType: GL_FLOAT,
    count: vertexCount,
    type: 'SCALAR',
  });
  const indexAccessor = addAccessor({
    bufferView: binary.addBufferView(bytesOf(indices), GL_ELEMENT_ARRAY_BUFFER),
    componentType: indices instanceof Uint16Array ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
    count: indexCount,
    type: 'SCALAR',
  });

  const layout = options.metadataLayout ?? deriveBuildingMetadataLayout(buildings);
  const propertyTable = encodePropertyTable(layout, buildings, (bytes) => binary.addBufferView(bytes));

  const bin = binary.concat();
  const gltf = {
    asset: { version: '2.0', generator: 'Stadtmodell 3D Tiles writer' },
    extensionsUsed: [
      'EXT_mesh_features',
      'EXT_structural_metadata',
      ...(quantize ? ['KHR_mesh_quantization'] : []),
    ],
    ...(quantize ? { extensionsRequired: ['KHR_mesh_quantization'] } : {}),
    extensions: { EXT_structural_metadata: { schema: layout.schema, propertyTables: [propertyTable] } },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [node],
    meshes: [
      {
        primitives: [
          {
            attributes: {
              POSITION: positionAccessor,
              NORMAL: normalAccessor,
              COLOR_0: colorAccessor,
              _FEATURE_ID_0: featureIdAccessor,
            },
            indices: indexAccessor,
            material: 0,
            mode: 4,
            extensions: {
              EXT_mesh_features: {
                featureIds: [{ featureCount: buildings.length, attribute: 0, propertyTable: 0 }],
              },
            },
          },
        ],
      },
    ],
    materials: [
      {
        pbrMetallicRoughness: { baseColorFactor: [1, 1, 1, 1], metallicFactor: 0, roughnessFactor: 1 },
        doubleSided: options.doubleSided ?? true,
        ...(translucent ? { alphaMode: 'BLEND' } : {}),
      },
    ],
    accessors,
    bufferViews: binary.bufferViews,
    buffers: [{ byteLength: bin.byteLength }],
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
