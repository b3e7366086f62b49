/**
 * GLB (binary glTF 2.0) writer for one tile of buildings: triangles with positions in the tile's local
 * ENU frame (written y-up as glTF (e, u, -n)) — quantised (KHR_mesh_quantization: uint16 positions, int8
 * normals) and welded by default, optionally KHR_meshopt_compression — semantic colours (compressed tiles:
 * one material and primitive per colour; otherwise COLOR_0, normalized unsigned bytes, linear), per-vertex
 * feature IDs (EXT_mesh_features) and a per-building property table (EXT_structural_metadata). With an
 * image resolver, textured surfaces get TEXCOORD_0 and one material per image, the PNG/JPEG bytes embedded
 * as they are (one primitive per material, sharing the vertex streams).
 */
import type { LocalFrame } from './ellipsoid.ts';
import { deriveBuildingMetadataLayout, encodePropertyTable } from './metadata.ts';
import type { BuildingMetadataLayout } from './metadata.ts';
import { isTileCompressionReady, meshoptEncodeBufferView } from './compression.ts';
import {
  BinaryBuilder,
  bytesOf,
  GL_ARRAY_BUFFER,
  GL_ELEMENT_ARRAY_BUFFER,
  GL_FLOAT,
  GL_LINEAR,
  GL_LINEAR_MIPMAP_LINEAR,
  GL_REPEAT,
  GL_UNSIGNED_BYTE,
  GL_UNSIGNED_INT,
  GL_UNSIGNED_SHORT,
  imageMimeType,
  packGlb,
} from './glb-container.ts';
import type { AccessorJson, MeshoptViewJson } from './glb-container.ts';
import {
  addCompressedMetadataView,
  colourMaterialKeys,
  exponentialFilterPositions,
  octahedralFilterNormals,
  reorderForCompression,
  storedMetadataSize,
  trianglesByFirstVertexKey,
} from './glb-meshopt.ts';
import { clusterBuildings, collectTileVertices, MAX_UINT16_VERTICES, packStreams } from './glb-streams.ts';
import type { BuildingMesh } from './types.ts';

// The container, the metadata column encoder and the view type stay importable from here.
export { imageMimeType, packGlb, parseGlb } from './glb-container.ts';
export type { MeshoptViewJson } from './glb-container.ts';
export { encodeMetadataColumn } from './glb-meshopt.ts';

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

/** An image of one tile: its bytes as resolved and its MIME type. */
interface TileImage {
  bytes: Uint8Array;
  mimeType: 'image/png' | 'image/jpeg';
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
    const indices = vertexCount <= MAX_UINT16_VERTICES ? new Uint16Array(streams.indices) : streams.indices;
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
    const {
      keys,
      counts,
      grouped: allIndices,
    } = vertexKeys
      ? groupTrianglesByKey(indices, vertexKeys)
      : { keys: [0], counts: [indices.length], grouped: indices };
    const indexView = addGeometryView(
      bytesOf(allIndices),
      allIndices.BYTES_PER_ELEMENT,
      GL_ELEMENT_ARRAY_BUFFER,
      'TRIANGLES',
    );
    let firstIndex = 0;
    const primitives = keys.map((key, keyIndex) => {
      const count = counts[keyIndex]!;
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

/**
 * Triangles grouped by the key of their first vertex (`vertexKeys`), groups in the order the primitives are
 * written (keys ascending; descending for negative keys), triangles in their order within a group: the
 * group keys, each group's index count and all indices one group after the other (same element type).
 */
function groupTrianglesByKey<T extends Uint16Array | Uint32Array>(
  indices: T,
  vertexKeys: ArrayLike<number>,
): { keys: number[]; counts: number[]; grouped: T } {
  const triangles = Math.floor(indices.length / 3);
  const { keys: firstUse, sizes, triangleGroup, groupOfKey } = trianglesByFirstVertexKey(indices, vertexKeys);
  const keys = [...firstUse].sort((a, b) => (a < 0 && b < 0 ? b - a : a - b));
  const at = new Uint32Array(firstUse.length);
  let offset = 0;
  for (const key of keys) {
    const group = groupOfKey.get(key)!;
    at[group] = offset;
    offset += sizes[group]! * 3;
  }
  const grouped = (indices instanceof Uint16Array ? new Uint16Array(offset) : new Uint32Array(offset)) as T;
  for (let t = 0; t < triangles; t++) {
    const o = at[triangleGroup[t]!]!;
    grouped[o] = indices[t * 3]!;
    grouped[o + 1] = indices[t * 3 + 1]!;
    grouped[o + 2] = indices[t * 3 + 2]!;
    at[triangleGroup[t]!] = o + 3;
  }
  return { keys, counts: keys.map((key) => sizes[groupOfKey.get(key)!]! * 3), grouped };
}
