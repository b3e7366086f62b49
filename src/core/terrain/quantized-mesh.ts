/**
 * quantized-mesh-1.0 tile writer (the format of CesiumJS's `CesiumTerrainProvider`,
 * https://github.com/CesiumGS/quantized-mesh): header (ECEF centre, height range, bounding sphere, horizon
 * occlusion point), vertices as zig-zag delta-coded u, v, height, triangle indices with high-water-mark coding,
 * the four edges' vertex lists (from which Cesium builds the skirts that hide cracks between neighbouring
 * tiles), and the `octvertexnormals` extension. Little-endian throughout, uncompressed.
 */
import { geodeticToEcef, WGS84 } from '../crs/transverse-mercator.ts';
import type { GridMesh } from './rtin.ts';
import type { LonLatRectangle } from './tiling.ts';

/** A tile to encode: a mesh over a square grid of ellipsoidal heights spanning `rectangle`. */
export interface QuantizedMeshInput {
  /** The tile's rectangle, degrees. */
  rectangle: LonLatRectangle;
  /** Grid nodes a side; node (column, row) lies at west + column / (size - 1) × width, south + row / (size - 1) × height. */
  size: number;
  /** Ellipsoidal heights (WGS84, metres), row-major, row 0 = south; every mesh vertex must be finite. */
  heights: ArrayLike<number>;
  mesh: GridMesh;
}

/** Extension id of per-vertex oct-encoded normals. */
export const OCT_VERTEX_NORMALS = 1;
const QUANTIZED_MAX = 32767;
const HEADER_BYTES = 88;
const RAD = Math.PI / 180;

const zigZag = (value: number): number => ((value << 1) ^ (value >> 31)) & 0xffff;

/** Rounds a unit vector's octahedral encoding to two bytes, as Cesium's `AttributeCompression.octEncode`. */
function octEncode(x: number, y: number, z: number, out: Uint8Array, offset: number): void {
  const sum = Math.abs(x) + Math.abs(y) + Math.abs(z);
  let u = x / sum;
  let v = y / sum;
  if (z < 0) {
    const ou = u;
    u = (1 - Math.abs(v)) * (ou >= 0 ? 1 : -1);
    v = (1 - Math.abs(ou)) * (v >= 0 ? 1 : -1);
  }
  const toByte = (value: number) => Math.round((Math.min(1, Math.max(-1, value)) * 0.5 + 0.5) * 255);
  out[offset] = toByte(u);
  out[offset + 1] = toByte(v);
}

/**
 * The horizon occlusion point in ellipsoid-scaled space (Cesium's
 * `EllipsoidalOccluder.computeHorizonCullingPointFromVertices`): a point along `direction` that is below the
 * horizon only when every vertex is. Undefined when some vertex faces away (tiles spanning a hemisphere).
 */
function horizonOcclusionPoint(ecef: Float64Array, direction: readonly number[]): number[] | undefined {
  const a = WGS84.semiMajorAxis;
  const b = a * (1 - WGS84.flattening);
  const [dx = 0, dy = 0, dz = 0] = [direction[0]! / a, direction[1]! / a, direction[2]! / b];
  const length = Math.hypot(dx, dy, dz);
  const sx = dx / length;
  const sy = dy / length;
  const sz = dz / length;
  let magnitude = 0;
  for (let i = 0; i < ecef.length; i += 3) {
    const px = ecef[i]! / a;
    const py = ecef[i + 1]! / a;
    const pz = ecef[i + 2]! / b;
    const squared = px * px + py * py + pz * pz;
    const length = Math.sqrt(squared);
    const cosAlpha = (px * sx + py * sy + pz * sz) / length;
    const cx = (py * sz - pz * sy) / length;
    const cy = (pz * sx - px * sz) / length;
    const cz = (px * sy - py * sx) / length;
    const sinAlpha = Math.hypot(cx, cy, cz);
    const cosBeta = 1 / Math.max(1, length);
    const sinBeta = Math.sqrt(Math.max(1, squared) - 1) * cosBeta;
    const candidate = 1 / (cosAlpha * cosBeta - sinAlpha * sinBeta);
    if (!(candidate >= 0) || !Number.isFinite(candidate)) return undefined;
    magnitude = Math.max(magnitude, candidate);
  }
  return [sx * magnitude, sy * magnitude, sz * magnitude];
}

/** What an encoded tile holds, for reports. */
export interface QuantizedMeshStats {
  vertices: number;
  triangles: number;
  minimumHeight: number;
  maximumHeight: number;
}

/**
 * A tile's mesh as quantized-mesh-1.0 carries it, before serialisation: the fields of CesiumJS's
 * `QuantizedMeshTerrainData`, so a worker can hand a tile to Cesium without encoding and decoding bytes.
 */
export interface QuantizedMeshParts {
  /** Centre of the vertices' ECEF bounding box (metres); also the bounding sphere's centre. */
  centre: [number, number, number];
  /** Lowest and highest vertex height (ellipsoidal metres, rounded to float32 as the header stores them). */
  minimumHeight: number;
  maximumHeight: number;
  /** Radius of the bounding sphere around `centre`, metres. */
  radius: number;
  /** Horizon occlusion point in ellipsoid-scaled ECEF; NaN where none exists (tiles spanning a hemisphere). */
  horizonOcclusionPoint: [number, number, number];
  /** u, v and height of every vertex, each 0…32767 and `count` long, one after the other (not delta coded). */
  quantizedVertices: Uint16Array;
  /** Triangle indices (counter-clockwise), three per triangle; Uint32 only above 65 536 vertices. */
  indices: Uint16Array | Uint32Array;
  /** Vertices on each edge, sorted along it. */
  westIndices: Uint16Array | Uint32Array;
  southIndices: Uint16Array | Uint32Array;
  eastIndices: Uint16Array | Uint32Array;
  northIndices: Uint16Array | Uint32Array;
  /** Two bytes per vertex: the oct-encoded unit normal (the `octvertexnormals` extension). */
  encodedNormals: Uint8Array;
  stats: QuantizedMeshStats;
}

/**
 * The parts of one quantized-mesh-1.0 tile with vertex normals (the area-weighted triangle normals in ECEF, as
 * the tile will decode). Vertices are renumbered in order of first use, as the high-water-mark index coding of
 * the file format needs.
 */
export function quantizeMesh(input: QuantizedMeshInput): QuantizedMeshParts {
  const { rectangle, size, heights, mesh } = input;
  const last = size - 1;
  // Renumber vertices by first use in the triangle list.
  const order = new Int32Array(mesh.vertices.length).fill(-1);
  const nodes: number[] = [];
  const triangles = new Uint32Array(mesh.triangles.length);
  for (let i = 0; i < mesh.triangles.length; i++) {
    const old = mesh.triangles[i]!;
    if (order[old]! < 0) {
      order[old] = nodes.length;
      nodes.push(mesh.vertices[old]!);
    }
    triangles[i] = order[old]!;
  }
  const count = nodes.length;
  const u = new Uint16Array(count);
  const v = new Uint16Array(count);
  const h = new Float64Array(count);
  let minimumHeight = Number.POSITIVE_INFINITY;
  let maximumHeight = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const node = nodes[i]!;
    const column = node % size;
    const row = (node - column) / size;
    u[i] = Math.round((column / last) * QUANTIZED_MAX);
    v[i] = Math.round((row / last) * QUANTIZED_MAX);
    const height = heights[node]!;
    if (!Number.isFinite(height))
      throw new RangeError(`quantized-mesh: height at grid node ${node} is not finite`);
    h[i] = height;
    minimumHeight = Math.min(minimumHeight, height);
    maximumHeight = Math.max(maximumHeight, height);
  }
  // The header stores the range as float32: quantize against what a reader will see.
  minimumHeight = Math.fround(minimumHeight);
  maximumHeight = Math.fround(maximumHeight);
  const range = maximumHeight - minimumHeight;
  // ECEF positions of the vertices as they will decode (quantized), for the bounds and normals.
  const ecef = new Float64Array(count * 3);
  const qh = new Uint16Array(count);
  const width = rectangle.east - rectangle.west;
  const height = rectangle.north - rectangle.south;
  for (let i = 0; i < count; i++) {
    qh[i] =
      range > 0
        ? Math.min(QUANTIZED_MAX, Math.max(0, Math.round(((h[i]! - minimumHeight) / range) * QUANTIZED_MAX)))
        : 0;
    const lon = rectangle.west + (u[i]! / QUANTIZED_MAX) * width;
    const lat = rectangle.south + (v[i]! / QUANTIZED_MAX) * height;
    geodeticToEcef(
      WGS84,
      lon * RAD,
      lat * RAD,
      minimumHeight + (qh[i]! / QUANTIZED_MAX) * range,
      ecef,
      i * 3,
    );
  }
  const low = [Infinity, Infinity, Infinity];
  const high = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < ecef.length; i++) {
    low[i % 3] = Math.min(low[i % 3]!, ecef[i]!);
    high[i % 3] = Math.max(high[i % 3]!, ecef[i]!);
  }
  const centre = [0, 1, 2].map((k) => (low[k]! + high[k]!) / 2);
  let radius = 0;
  for (let i = 0; i < ecef.length; i += 3)
    radius = Math.max(
      radius,
      Math.hypot(ecef[i]! - centre[0]!, ecef[i + 1]! - centre[1]!, ecef[i + 2]! - centre[2]!),
    );
  // No point exists when some vertex faces away (a tile spanning a hemisphere): NaN makes Cesium's horizon test
  // never cull the tile, as other writers do. A point far along the box centre is no answer there: the root
  // tile's centre lies near the Earth's centre, and a point there is below every horizon, so Cesium culled the
  // root tiles and with them the whole terrain.
  const occlusion = horizonOcclusionPoint(ecef, centre) ?? [Number.NaN, Number.NaN, Number.NaN];

  // Normals: sum of the (area-weighted) normals of the triangles around each vertex.
  const normalSums = new Float64Array(count * 3);
  // Scalars, no arrays per triangle: this loop runs for every tile a dropped DGM shows, on demand.
  for (let t = 0; t < triangles.length; t += 3) {
    const a = triangles[t]! * 3;
    const b = triangles[t + 1]! * 3;
    const c = triangles[t + 2]! * 3;
    const e1x = ecef[b]! - ecef[a]!;
    const e1y = ecef[b + 1]! - ecef[a + 1]!;
    const e1z = ecef[b + 2]! - ecef[a + 2]!;
    const e2x = ecef[c]! - ecef[a]!;
    const e2y = ecef[c + 1]! - ecef[a + 1]!;
    const e2z = ecef[c + 2]! - ecef[a + 2]!;
    const nx = e1y * e2z - e1z * e2y;
    const ny = e1z * e2x - e1x * e2z;
    const nz = e1x * e2y - e1y * e2x;
    for (const vertex of [a, b, c]) {
      normalSums[vertex] = normalSums[vertex]! + nx;
      normalSums[vertex + 1] = normalSums[vertex + 1]! + ny;
      normalSums[vertex + 2] = normalSums[vertex + 2]! + nz;
    }
  }
  const normals = new Uint8Array(count * 2);
  for (let i = 0; i < count; i++) {
    let x = normalSums[i * 3]!;
    let y = normalSums[i * 3 + 1]!;
    let z = normalSums[i * 3 + 2]!;
    if (x === 0 && y === 0 && z === 0) {
      x = ecef[i * 3]!;
      y = ecef[i * 3 + 1]!;
      z = ecef[i * 3 + 2]!;
    }
    octEncode(x, y, z, normals, i * 2);
  }

  const wide = count > 65536;
  const edges = edgeIndices(u, v);
  const indexArray = (values: ArrayLike<number>) =>
    wide ? Uint32Array.from(values) : Uint16Array.from(values);
  const quantizedVertices = new Uint16Array(count * 3);
  quantizedVertices.set(u, 0);
  quantizedVertices.set(v, count);
  quantizedVertices.set(qh, count * 2);
  return {
    centre: [centre[0]!, centre[1]!, centre[2]!],
    minimumHeight,
    maximumHeight,
    radius,
    horizonOcclusionPoint: [occlusion[0]!, occlusion[1]!, occlusion[2]!],
    quantizedVertices,
    indices: indexArray(triangles),
    westIndices: indexArray(edges.west),
    southIndices: indexArray(edges.south),
    eastIndices: indexArray(edges.east),
    northIndices: indexArray(edges.north),
    encodedNormals: normals,
    stats: { vertices: count, triangles: triangles.length / 3, minimumHeight, maximumHeight },
  };
}

/**
 * Encodes one quantized-mesh-1.0 tile with the `octvertexnormals` extension (`quantizeMesh`, serialised
 * little-endian: zig-zag delta-coded vertices, high-water-mark indices).
 */
export function encodeQuantizedMesh(input: QuantizedMeshInput): {
  bytes: Uint8Array;
  stats: QuantizedMeshStats;
} {
  const parts = quantizeMesh(input);
  const { indices, encodedNormals: normals, quantizedVertices, stats } = parts;
  const count = stats.vertices;
  const wide = indices instanceof Uint32Array;
  const indexBytes = wide ? 4 : 2;
  const edgeLists = [parts.westIndices, parts.southIndices, parts.eastIndices, parts.northIndices];
  const vertexEnd = HEADER_BYTES + 4 + count * 6;
  const indexStart = vertexEnd + ((indexBytes - (vertexEnd % indexBytes)) % indexBytes);
  const edgeBytes = 16 + edgeLists.reduce((sum, list) => sum + list.length, 0) * indexBytes;
  const extensionBytes = 5 + normals.length;
  const total = indexStart + 4 + indices.length * indexBytes + edgeBytes + extensionBytes;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  let at = 0;
  const writeFloat64 = (value: number) => {
    view.setFloat64(at, value, true);
    at += 8;
  };
  parts.centre.forEach(writeFloat64);
  view.setFloat32(at, parts.minimumHeight, true);
  view.setFloat32(at + 4, parts.maximumHeight, true);
  at += 8;
  [...parts.centre, parts.radius, ...parts.horizonOcclusionPoint].forEach(writeFloat64);
  view.setUint32(at, count, true);
  at += 4;
  for (let k = 0; k < 3; k++) {
    let previous = 0;
    for (let i = k * count; i < (k + 1) * count; i++) {
      view.setUint16(at, zigZag(quantizedVertices[i]! - previous), true);
      previous = quantizedVertices[i]!;
      at += 2;
    }
  }
  at = indexStart;
  const writeIndex = (value: number) => {
    if (wide) view.setUint32(at, value, true);
    else view.setUint16(at, value, true);
    at += indexBytes;
  };
  view.setUint32(at, indices.length / 3, true);
  at += 4;
  let highest = 0;
  for (const index of indices) {
    writeIndex(highest - index);
    if (index === highest) highest++;
  }
  for (const list of edgeLists) {
    view.setUint32(at, list.length, true);
    at += 4;
    for (const index of list) writeIndex(index);
  }
  view.setUint8(at, OCT_VERTEX_NORMALS);
  view.setUint32(at + 1, normals.length, true);
  bytes.set(normals, at + 5);
  return { bytes, stats };
}

/** Vertices on the west (u = 0), south (v = 0), east and north edges, each sorted along its edge. */
function edgeIndices(u: Uint16Array, v: Uint16Array): Record<'west' | 'south' | 'east' | 'north', number[]> {
  const west: number[] = [];
  const south: number[] = [];
  const east: number[] = [];
  const north: number[] = [];
  for (let i = 0; i < u.length; i++) {
    if (u[i] === 0) west.push(i);
    if (u[i] === QUANTIZED_MAX) east.push(i);
    if (v[i] === 0) south.push(i);
    if (v[i] === QUANTIZED_MAX) north.push(i);
  }
  west.sort((a, b) => v[a]! - v[b]!);
  east.sort((a, b) => v[a]! - v[b]!);
  south.sort((a, b) => u[a]! - u[b]!);
  north.sort((a, b) => u[a]! - u[b]!);
  return { west, south, east, north };
}
