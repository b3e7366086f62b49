/**
 * Vertex streams of a tile GLB: buildings to vertices in the tile frame (glTF y-up, linear colours, feature
 * IDs, texture slots), then packed (KHR_mesh_quantization within the error budget, or float32), welded and
 * cleared of degenerate triangles; and the clustering of tiles too wide for one 16-bit grid.
 */
import { hypot3 } from '../geometry/hypot.ts';
import { extendLocalBounds } from './ellipsoid.ts';
import type { LocalFrame } from './ellipsoid.ts';
import { bytesOf, GL_BYTE, GL_FLOAT, GL_UNSIGNED_SHORT } from './glb-container.ts';
import { SURFACE_PALETTE } from './palette.ts';
import type { BuildingMesh } from './types.ts';

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

/** Largest vertex count written with 16-bit indices (65 535 is reserved as a restart value). */
export const MAX_UINT16_VERTICES = 65_535;

/** Per-vertex data of a tile before it is packed: local glTF (y-up) positions and attributes. */
export interface TileVertices {
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

/** A tile's buildings as vertices in its frame (glTF y-up), with colours, feature IDs and texture slots. */
export function collectTileVertices(
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
  const m = frame.enuToEcef;
  const [m0, m1, m2, m4, m5, m6, m8, m9, m10, m12, m13, m14] = [
    m[0]!,
    m[1]!,
    m[2]!,
    m[4]!,
    m[5]!,
    m[6]!,
    m[8]!,
    m[9]!,
    m[10]!,
    m[12]!,
    m[13]!,
    m[14]!,
  ];
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
    const buildingPositions = building.positions;
    const buildingNormals = building.normals;
    for (let v = 0; v < count; v++) {
      const o = v * 3;
      // ecefToLocal and ecefDirectionToLocal written out (the same operations in the same order, so the
      // same doubles): two arrays per vertex less.
      const dx = buildingPositions[o]! - m12;
      const dy = buildingPositions[o + 1]! - m13;
      const dz = buildingPositions[o + 2]! - m14;
      const target = (vertexBase + v) * 3;
      positions[target] = m0 * dx + m1 * dy + m2 * dz;
      positions[target + 1] = m8 * dx + m9 * dy + m10 * dz;
      positions[target + 2] = -(m4 * dx + m5 * dy + m6 * dz);
      const nx = buildingNormals[o] ?? 0;
      const ny = buildingNormals[o + 1] ?? 0;
      const nz = buildingNormals[o + 2] ?? 0;
      const ne = m0 * nx + m1 * ny + m2 * nz;
      const nn = m4 * nx + m5 * ny + m6 * nz;
      const nu = m8 * nx + m9 * ny + m10 * nz;
      const length = hypot3(ne, nn, nu);
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
export interface PackedStreams {
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
export function packStreams(
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
    unique =
      normalWords instanceof Int8Array && !tile.texture
        ? weldInt8NormalVertices(tile, positionWords, positionComponents, normalWords, remap)
        : weldVertices(tile, positionWords, positionComponents, normalWords, normalComponents, remap);
  } else {
    for (let v = 0; v < count; v++) remap[v] = v;
    unique = count;
  }
  const keptIndices = new Uint32Array(tile.indices.length - (tile.indices.length % 3));
  let kept = 0;
  for (let i = 0; i + 2 < tile.indices.length; i += 3) {
    const a = remap[tile.indices[i]!]!;
    const b = remap[tile.indices[i + 1]!]!;
    const c = remap[tile.indices[i + 2]!]!;
    if (a !== b && b !== c && a !== c) {
      keptIndices[kept++] = a;
      keptIndices[kept++] = b;
      keptIndices[kept++] = c;
    }
  }
  if (kept === 0)
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
    indices: kept === keptIndices.length ? keptIndices : keptIndices.slice(0, kept),
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
export function clusterBuildings(
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

/** Equal as the weld compares vertex words: by value, with NaN equal to NaN (and -0 equal to 0). */
const sameWord = (a: number, b: number) => a === b || (a !== a && b !== b);

/** Mixes one vertex word into a 32-bit hash (floats by a scaled integer part: collisions only cost a compare). */
const mixWord = (hash: number, word: number) =>
  Math.imul(hash ^ (Number.isInteger(word) ? word : Math.floor(word * 4096)), 0x9e3779b1) >>> 0;

/**
 * Welds the vertices of each building (a contiguous run of one feature ID) that are equal in every packed
 * word (position, normal, colour, texture material and uv): `remap` gets each vertex's new index, the first
 * equal vertex's; returns the number of vertices kept. An open-addressing table of vertex indices per
 * building, so no key string is made per vertex (on a 50 000-building demo city that saved 11 % of the
 * converter's CPU, same bytes).
 */
function weldVertices(
  tile: TileVertices,
  positionWords: Uint16Array | Float32Array,
  positionComponents: number,
  normalWords: Int8Array | Float32Array,
  normalComponents: number,
  remap: Uint32Array,
): number {
  const { count, featureIds, colors, texture } = tile;
  const equal = (a: number, b: number): boolean => {
    const pa = a * positionComponents;
    const pb = b * positionComponents;
    const na = a * normalComponents;
    const nb = b * normalComponents;
    for (let k = 0; k < 3; k++) {
      if (!sameWord(positionWords[pa + k]!, positionWords[pb + k]!)) return false;
      if (!sameWord(normalWords[na + k]!, normalWords[nb + k]!)) return false;
    }
    for (let k = 0; k < 4; k++) if (!sameWord(colors[a * 4 + k]!, colors[b * 4 + k]!)) return false;
    if (texture) {
      if (!sameWord(texture.material[a]!, texture.material[b]!)) return false;
      if (!sameWord(texture.uv[a * 2]!, texture.uv[b * 2]!)) return false;
      if (!sameWord(texture.uv[a * 2 + 1]!, texture.uv[b * 2 + 1]!)) return false;
    }
    return true;
  };
  const hashOf = (v: number): number => {
    let hash = 0x811c9dc5;
    const p = v * positionComponents;
    const n = v * normalComponents;
    for (let k = 0; k < 3; k++)
      hash = mixWord(mixWord(hash, positionWords[p + k]! || 0), normalWords[n + k]! || 0);
    for (let k = 0; k < 4; k++) hash = mixWord(hash, colors[v * 4 + k]! || 0);
    if (texture) {
      hash = mixWord(hash, texture.material[v]! || 0);
      hash = mixWord(mixWord(hash, texture.uv[v * 2]! || 0), texture.uv[v * 2 + 1]! || 0);
    }
    return hash;
  };
  let table = new Int32Array(64);
  let unique = 0;
  for (let start = 0; start < count; ) {
    let end = start + 1;
    while (end < count && featureIds[end] === featureIds[start]) end++;
    let size = 64;
    while (size < (end - start) * 2) size *= 2;
    if (table.length < size) table = new Int32Array(size);
    const slots = table.subarray(0, size).fill(-1);
    const mask = size - 1;
    for (let v = start; v < end; v++) {
      let slot = hashOf(v) & mask;
      for (;;) {
        const other = slots[slot]!;
        if (other < 0) {
          slots[slot] = v;
          remap[v] = unique++;
          break;
        }
        if (equal(other, v)) {
          remap[v] = remap[other]!;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    start = end;
  }
  return unique;
}

/**
 * `weldVertices` for untextured tiles with int8 ×4 normals (every compressed or quantised tile): uint16 ×4
 * or float32 ×3 positions, the loops written out for these array kinds (the general version's closures and
 * accesses see every kind). The same hash and equality, so the same `remap`.
 */
function weldInt8NormalVertices(
  tile: TileVertices,
  positionWords: Uint16Array | Float32Array,
  positionComponents: number,
  normalWords: Int8Array,
  remap: Uint32Array,
): number {
  const { count, featureIds, colors } = tile;
  let table = new Int32Array(64);
  let unique = 0;
  for (let start = 0; start < count; ) {
    let end = start + 1;
    while (end < count && featureIds[end] === featureIds[start]) end++;
    let size = 64;
    while (size < (end - start) * 2) size *= 2;
    if (table.length < size) table = new Int32Array(size);
    const slots = table.subarray(0, size).fill(-1);
    const mask = size - 1;
    for (let v = start; v < end; v++) {
      const p = v * positionComponents;
      const n = v * 4;
      let hash = 0x811c9dc5;
      for (let k = 0; k < 3; k++) {
        const word = positionWords[p + k]! || 0;
        hash = Math.imul(hash ^ (Number.isInteger(word) ? word : Math.floor(word * 4096)), 0x9e3779b1) >>> 0;
        hash = Math.imul(hash ^ normalWords[n + k]!, 0x9e3779b1) >>> 0;
      }
      for (let k = 0; k < 4; k++) hash = Math.imul(hash ^ colors[n + k]!, 0x9e3779b1) >>> 0;
      let slot = hash & mask;
      for (;;) {
        const other = slots[slot]!;
        if (other < 0) {
          slots[slot] = v;
          remap[v] = unique++;
          break;
        }
        const q = other * positionComponents;
        const o = other * 4;
        if (
          sameWord(positionWords[q]!, positionWords[p]!) &&
          sameWord(positionWords[q + 1]!, positionWords[p + 1]!) &&
          sameWord(positionWords[q + 2]!, positionWords[p + 2]!) &&
          normalWords[o] === normalWords[n] &&
          normalWords[o + 1] === normalWords[n + 1] &&
          normalWords[o + 2] === normalWords[n + 2] &&
          colors[o] === colors[n] &&
          colors[o + 1] === colors[n + 1] &&
          colors[o + 2] === colors[n + 2] &&
          colors[o + 3] === colors[n + 3]
        ) {
          remap[v] = remap[other]!;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    start = end;
  }
  return unique;
}
