/**
 * For the GLB writer benchmark (bench/glb-writer.ts): one of our building tiles decoded back to the
 * prepared vertex streams and property-table columns it was written from, so another writer can be fed
 * exactly the same data. Meshopt-compressed views are decompressed; strided views are made tight.
 */
import type { TypedArray } from '@gltf-transform/core';
import { MeshoptDecoder } from 'meshoptimizer';
import { parseGlb } from '../src/core/tiles/glb.ts';
import type { MeshoptViewJson } from '../src/core/tiles/glb.ts';

/** The parts of our GLB's JSON that the benchmark reads back. */
export interface GltfJson {
  accessors: {
    bufferView: number;
    byteOffset?: number;
    componentType: number;
    count: number;
    type: string;
    normalized?: boolean;
  }[];
  bufferViews: {
    byteOffset?: number;
    byteLength: number;
    byteStride?: number;
    target?: number;
    extensions?: { KHR_meshopt_compression?: MeshoptViewJson; EXT_meshopt_compression?: MeshoptViewJson };
  }[];
  nodes: { mesh: number; translation?: number[]; scale?: number[] }[];
  meshes: {
    primitives: {
      attributes: Record<string, number>;
      indices: number;
      material: number;
      extensions: { EXT_mesh_features: { featureIds: { featureCount: number }[] } };
    }[];
  }[];
  materials: {
    pbrMetallicRoughness: { baseColorFactor?: number[]; metallicFactor?: number; roughnessFactor?: number };
    alphaMode?: string;
    doubleSided?: boolean;
  }[];
  extensions: {
    EXT_structural_metadata: {
      schemaUri?: string;
      propertyTables: {
        class: string;
        count: number;
        properties: Record<string, { values: number; stringOffsets?: number; stringOffsetType?: string }>;
      }[];
    };
  };
}

/** One tile's prepared streams as our writer packed them, decoded to tight typed arrays. */
export interface DecodedTile {
  json: GltfJson;
  binary: Uint8Array;
  /** Decoded bytes of every buffer view (meshopt views decompressed). */
  views: Uint8Array[];
  meshes: {
    translation?: number[];
    scale?: number[];
    /** Vertex streams, shared by the mesh's primitives. */
    attributes: { semantic: string; array: TypedArray; type: string; normalized: boolean }[];
    /** One primitive per material (our writer: one per palette colour), each a range of the indices. */
    primitives: { indices: Uint16Array | Uint32Array; material: number }[];
    featureCount: number;
  }[];
  columns: { id: string; values: Uint8Array; stringOffsets?: Uint8Array; stringOffsetType?: string }[];
  tableClass: string;
  tableCount: number;
  schemaUri: string;
  floatPositions: boolean;
}

const COMPONENTS: Record<string, number> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4 };
const TYPED: Record<number, { make: (n: number) => TypedArray; size: number }> = {
  5120: { make: (n) => new Int8Array(n), size: 1 },
  5121: { make: (n) => new Uint8Array(n), size: 1 },
  5123: { make: (n) => new Uint16Array(n), size: 2 },
  5125: { make: (n) => new Uint32Array(n), size: 4 },
  5126: { make: (n) => new Float32Array(n), size: 4 },
};

/** Bytes of buffer view `index` of our GLB, meshopt-decoded when compressed. */
function decodeView(json: GltfJson, binary: Uint8Array, index: number): Uint8Array {
  const view = json.bufferViews[index]!;
  const meshopt = view.extensions?.KHR_meshopt_compression ?? view.extensions?.EXT_meshopt_compression;
  const offset = view.byteOffset ?? 0;
  if (!meshopt) return binary.slice(offset, offset + view.byteLength);
  const out = new Uint8Array(meshopt.count * meshopt.byteStride);
  MeshoptDecoder.decodeGltfBuffer(
    out,
    meshopt.count,
    meshopt.byteStride,
    binary.subarray(meshopt.byteOffset, meshopt.byteOffset + meshopt.byteLength),
    meshopt.mode,
    meshopt.filter === 'EXPONENTIAL' ? 'EXPONENTIAL' : 'NONE',
  );
  return out;
}

/** Accessor `index` as a tightly packed typed array (our views pad elements to 4-byte strides). */
function tightArray(json: GltfJson, views: Uint8Array[], index: number): TypedArray {
  const accessor = json.accessors[index]!;
  const components = COMPONENTS[accessor.type]!;
  const { make, size } = TYPED[accessor.componentType]!;
  const view = json.bufferViews[accessor.bufferView]!;
  const bytes = views[accessor.bufferView]!.subarray(accessor.byteOffset ?? 0);
  const stride = view.byteStride ?? components * size;
  const out = make(accessor.count * components);
  const tight = new Uint8Array(out.buffer);
  for (let i = 0; i < accessor.count; i++)
    tight.set(bytes.subarray(i * stride, i * stride + components * size), i * components * size);
  return out;
}

/** Our GLB decoded back to the streams and property-table columns it was written from. */
export function decodeTile(glb: Uint8Array): DecodedTile {
  const { json: raw, binary } = parseGlb(glb);
  const json = raw as GltfJson;
  const views = json.bufferViews.map((_, index) => decodeView(json, binary, index));
  let floatPositions = false;
  const meshes = json.nodes.map((node) => {
    const primitives = json.meshes[node.mesh]!.primitives;
    const first = primitives[0]!;
    if (primitives.some((primitive) => primitive.attributes.TEXCOORD_0 !== undefined))
      throw new Error('bench: untextured tiles expected');
    const attributes = Object.entries(first.attributes).map(([semantic, index]) => {
      const accessor = json.accessors[index]!;
      if (semantic === 'POSITION' && accessor.componentType === 5126) floatPositions = true;
      return {
        semantic,
        array: tightArray(json, views, index),
        type: accessor.type,
        normalized: accessor.normalized === true,
      };
    });
    return {
      ...(node.translation ? { translation: node.translation, scale: node.scale! } : {}),
      attributes,
      primitives: primitives.map((primitive) => ({
        indices: tightArray(json, views, primitive.indices) as Uint16Array | Uint32Array,
        material: primitive.material,
      })),
      featureCount: first.extensions.EXT_mesh_features.featureIds[0]!.featureCount,
    };
  });
  const metadata = json.extensions.EXT_structural_metadata;
  const table = metadata.propertyTables[0]!;
  if (metadata.schemaUri === undefined) throw new Error('bench: tiles with an external schema expected');
  const columns = Object.entries(table.properties).map(([id, column]) => ({
    id,
    values: views[column.values]!,
    ...(column.stringOffsets !== undefined
      ? {
          stringOffsets: views[column.stringOffsets]!,
          // the metadata default when left out
          stringOffsetType: column.stringOffsetType ?? 'UINT32',
        }
      : {}),
  }));
  return {
    json,
    binary,
    views,
    meshes,
    columns,
    tableClass: table.class,
    tableCount: table.count,
    schemaUri: metadata.schemaUri,
    floatPositions,
  };
}
