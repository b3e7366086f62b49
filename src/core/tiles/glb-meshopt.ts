/**
 * KHR_meshopt_compression preparation of tile GLB data: filters for positions (exponential) and normals
 * (octahedral), property-table columns as compressed views where that pays, colour materials, and the
 * vertex/triangle reorder (per material group when the tile has colour materials).
 */
import { hypot3 } from '../geometry/hypot.ts';
import { bytesOf } from './glb-container.ts';
import type { BinaryBuilder } from './glb-container.ts';
import type { PackedStreams } from './glb-streams.ts';
import {
  meshoptEncodeBufferView,
  meshoptExponentialFilter,
  meshoptOctahedralFilter,
  meshoptReorderTriangles,
} from './compression.ts';

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

/** 2^(i − 128) for every signed 8-bit exponent i − 128 (exact doubles; a lookup instead of a power per value). */
const POWERS_OF_TWO = Float64Array.from({ length: 256 }, (_, i) => 2 ** (i - 128));

/** Float32 VEC3 positions through meshopt's exponential filter, and the bounds of the values it decodes to. */
export function exponentialFilterPositions(
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
  const words =
    filtered.byteOffset % 4 === 0
      ? new Int32Array(filtered.buffer, filtered.byteOffset, filtered.byteLength / 4)
      : new Int32Array(filtered.slice().buffer);
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const value = ((word << 8) >> 8) * POWERS_OF_TWO[(word >> 24) + 128]!;
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
export function octahedralFilterNormals(bytes: Uint8Array, count: number): Uint8Array {
  const words = new Int8Array(bytes.buffer, bytes.byteOffset, count * 4);
  const unit = new Float32Array(count * 4);
  for (let v = 0; v < count; v++) {
    const x = words[v * 4]!;
    const y = words[v * 4 + 1]!;
    const z = words[v * 4 + 2]!;
    const length = hypot3(x, y, z) || 1;
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
export function storedMetadataSize(bytes: Uint8Array): number {
  const best = encodeMetadataColumn(bytes);
  return Math.min(bytes.byteLength, best ? best.encoded.byteLength + COMPRESSED_VIEW_JSON_BYTES : Infinity);
}

/** A property-table column as a compressed view (encodeMetadataColumn); raw when compression does not pay. */
export function addCompressedMetadataView(binary: BinaryBuilder, bytes: Uint8Array): number {
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
export function colourMaterialKeys(
  colors: Uint8Array,
  count: number,
  slots: number[][],
): Int32Array | undefined {
  const slotOf = new Map<number, number>(
    slots.map((rgba, slot) => [
      ((rgba[0]! << 24) | (rgba[1]! << 16) | (rgba[2]! << 8) | rgba[3]!) >>> 0,
      slot,
    ]),
  );
  const added: number[][] = [];
  const keys = new Int32Array(count);
  // a polygon's vertices share their colour: runs of one colour skip the map
  let lastPacked = -1;
  let lastSlot = 0;
  for (let v = 0; v < count; v++) {
    const o = v * 4;
    const packed =
      ((colors[o]! << 24) | (colors[o + 1]! << 16) | (colors[o + 2]! << 8) | colors[o + 3]!) >>> 0;
    if (packed === lastPacked) {
      keys[v] = -1 - lastSlot;
      continue;
    }
    let slot = slotOf.get(packed);
    if (slot === undefined) {
      if (slotOf.size >= MAX_COLOUR_MATERIALS) return undefined;
      slot = slotOf.size;
      slotOf.set(packed, slot);
      added.push([colors[o]!, colors[o + 1]!, colors[o + 2]!, colors[o + 3]!]);
    }
    keys[v] = -1 - slot;
    lastPacked = packed;
    lastSlot = slot;
  }
  slots.push(...added);
  return keys;
}

/** Reorders vertices and triangles for the vertex cache and fetch (meshopt), in place of `streams`. */
export function reorderForCompression(
  streams: PackedStreams,
  vertexKeys?: Int32Array,
): Int32Array | undefined {
  const { remap, vertexCount } = vertexKeys
    ? reorderByGroup(streams.indices, streams.count, vertexKeys)
    : meshoptReorderTriangles(streams.indices);
  const permute = (bytes: Uint8Array, stride: number): Uint8Array =>
    permuteVertices(bytes, stride, remap, streams.count, vertexCount);
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
 * Vertex records (`stride` bytes each, `count` of them) moved to `remap[v]` (0xffffffff: dropped) in a new
 * array of `vertexCount` records. Records of whole 32-bit or 16-bit words are copied word by word through
 * typed-array views (a subarray and a set per vertex cost ten times as much on a tile of 60 000 vertices).
 */
export function permuteVertices(
  bytes: Uint8Array,
  stride: number,
  remap: Uint32Array,
  count: number,
  vertexCount: number,
): Uint8Array {
  const out = new Uint8Array(vertexCount * stride);
  if (stride % 4 === 0 && bytes.byteOffset % 4 === 0) {
    const words = stride / 4;
    const from = new Uint32Array(bytes.buffer, bytes.byteOffset, count * words);
    const to = new Uint32Array(out.buffer);
    for (let v = 0; v < count; v++) {
      const target = remap[v]!;
      if (target === 0xffffffff) continue;
      for (let k = 0; k < words; k++) to[target * words + k] = from[v * words + k]!;
    }
    return out;
  }
  if (stride === 2 && bytes.byteOffset % 2 === 0) {
    const from = new Uint16Array(bytes.buffer, bytes.byteOffset, count);
    const to = new Uint16Array(out.buffer);
    for (let v = 0; v < count; v++) {
      const target = remap[v]!;
      if (target !== 0xffffffff) to[target] = from[v]!;
    }
    return out;
  }
  for (let v = 0; v < count; v++) {
    const target = remap[v]!;
    if (target === 0xffffffff) continue;
    for (let k = 0; k < stride; k++) out[target * stride + k] = bytes[v * stride + k]!;
  }
  return out;
}

/**
 * Triangles grouped by the key of their first vertex (a colour or material): the keys in order of first use,
 * each group's triangle count, each triangle's group (typed, not a list per group) and the group of each key.
 */
export function trianglesByFirstVertexKey(
  indices: ArrayLike<number>,
  vertexKeys: ArrayLike<number>,
): { keys: number[]; sizes: number[]; triangleGroup: Uint32Array; groupOfKey: Map<number, number> } {
  const triangles = Math.floor(indices.length / 3);
  const groupOfKey = new Map<number, number>();
  const keys: number[] = [];
  const sizes: number[] = [];
  const triangleGroup = new Uint32Array(triangles);
  // a polygon's triangles come one after the other and share their key: runs skip the map
  let lastKey = Number.NaN;
  let lastGroup = 0;
  for (let t = 0; t < triangles; t++) {
    const key = vertexKeys[indices[t * 3]!]!;
    let group = lastGroup;
    if (key !== lastKey) {
      const known = groupOfKey.get(key);
      if (known === undefined) {
        group = keys.push(key) - 1;
        groupOfKey.set(key, group);
        sizes.push(0);
      } else group = known;
      lastKey = key;
      lastGroup = group;
    }
    triangleGroup[t] = group;
    sizes[group]!++;
  }
  return { keys, sizes, triangleGroup, groupOfKey };
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
  const triangles = Math.floor(indices.length / 3);
  const { keys, sizes, triangleGroup } = trianglesByFirstVertexKey(indices, vertexKeys);
  // A vertex used by two groups (a triangle of mixed colours) cannot be in both runs: one run for all.
  const keyOfVertex = new Int32Array(count);
  for (let t = 0; t < triangles; t++) {
    const key = keys[triangleGroup[t]!]!;
    for (let k = 0; k < 3; k++) {
      const vertex = indices[t * 3 + k]!;
      if (keyOfVertex[vertex] !== 0 && keyOfVertex[vertex] !== key) return meshoptReorderTriangles(indices);
      keyOfVertex[vertex] = key;
    }
  }
  // Triangles grouped in the order the groups are written (a counting sort keeps their order within a group).
  const groupOrder = keys
    .map((_, group) => group)
    .sort((a, b) => {
      const ka = keys[a]!;
      const kb = keys[b]!;
      return ka < 0 && kb < 0 ? kb - ka : ka - kb;
    });
  const firstOf = new Uint32Array(keys.length);
  let position = 0;
  for (const group of groupOrder) {
    firstOf[group] = position;
    position += sizes[group]!;
  }
  const sorted = new Uint32Array(triangles);
  for (let t = 0; t < triangles; t++) sorted[firstOf[triangleGroup[t]!]!++] = t;

  // `indices` is rewritten group after group below, so the groups read a copy.
  const source = indices.slice();
  const remap = new Uint32Array(count).fill(0xffffffff);
  // Local vertex number within its group (each vertex is in one group only, so no reset between groups).
  const localOf = new Int32Array(count).fill(-1);
  let vertexCount = 0;
  let written = 0;
  let next = 0;
  for (const group of groupOrder) {
    const size = sizes[group]!;
    // Local vertex numbers in order of first use.
    const globalOf = new Uint32Array(size * 3);
    let locals = 0;
    const localIndices = new Uint32Array(size * 3);
    for (let i = 0; i < size; i++) {
      const t = sorted[next + i]!;
      for (let k = 0; k < 3; k++) {
        const vertex = source[t * 3 + k]!;
        let id = localOf[vertex]!;
        if (id < 0) {
          id = locals++;
          localOf[vertex] = id;
          globalOf[id] = vertex;
        }
        localIndices[i * 3 + k] = id;
      }
    }
    next += size;
    // Rewrites localIndices to the group's new vertex numbers.
    const reordered = meshoptReorderTriangles(localIndices);
    const base = vertexCount;
    for (let id = 0; id < locals; id++) remap[globalOf[id]!] = base + reordered.remap[id]!;
    vertexCount += reordered.vertexCount;
    for (let i = 0; i < localIndices.length; i++) indices[written + i] = base + localIndices[i]!;
    written += localIndices.length;
  }
  return { remap, vertexCount };
}
