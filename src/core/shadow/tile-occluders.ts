/**
 * Occluder triangles read from a 3D Tiles 1.x tileset: every content tile whose bounding volume meets the study's
 * reach (ADD and REPLACE alike: all levels, so a far-view tile's landmarks count too), its GLB decoded
 * (KHR_/EXT_meshopt_compression through meshoptimizer's decoder, KHR_mesh_quantization through the node transforms),
 * node and tile transforms applied, y-up turned z-up, and the triangles moved into the study's ENU frame. Only
 * triangles whose plan-view bounds meet the reach are kept. Bytes come through an injected loader, so the same
 * code runs in a worker (fetch) and in Node tests (files).
 */
import { MeshoptDecoder } from 'meshoptimizer/decoder';
import { parseGlb } from '../tiles/glb.ts';
import { decodeUtf8 } from '../tiles/utf8.ts';
import {
  ecefToLocal,
  geodeticToEcef,
  IDENTITY_MATRIX,
  multiplyMatrices,
  transformPoint,
  Y_UP_TO_Z_UP,
} from '../tiles/ellipsoid.ts';
import type { StudyFrame } from './grid.ts';

/** Plan-view rectangle in the study's ENU frame, metres. */
export interface EnuRect {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Reads the bytes at a URL (absolute, or relative to what the loader knows). */
export type LoadBytes = (url: string) => Promise<Uint8Array>;

interface TileJson {
  boundingVolume?: { box?: number[]; region?: number[]; sphere?: number[] };
  transform?: number[];
  content?: { uri?: string; url?: string };
  contents?: { uri: string }[];
  children?: TileJson[];
}

/** What reading found: triangles (9 numbers each, ENU metres) and counts. */
export interface TileOccluders {
  triangles: Float64Array;
  tilesRead: number;
  tilesSkipped: number;
}

/** Reads the occluders of the tileset at `tilesetUrl` within `reach` (ENU of `frame`). */
export async function tilesetOccluders(
  tilesetUrl: string,
  frame: StudyFrame,
  reach: EnuRect,
  load: LoadBytes,
  shouldStop: () => boolean = () => false,
): Promise<TileOccluders> {
  await MeshoptDecoder.ready;
  const parts: Float64Array[] = [];
  const counts = { tilesRead: 0, tilesSkipped: 0 };
  const visitTileset = async (url: string, parentTransform: ArrayLike<number>, bytes?: Uint8Array) => {
    const json = JSON.parse(decodeUtf8(bytes ?? (await load(url)))) as { root: TileJson };
    await visit(json.root, url, parentTransform);
  };
  const visit = async (
    tile: TileJson,
    baseUrl: string,
    parentTransform: ArrayLike<number>,
  ): Promise<void> => {
    if (shouldStop()) return;
    const transform = tile.transform ? multiplyMatrices(parentTransform, tile.transform) : parentTransform;
    if (tile.boundingVolume && !meets(volumeRect(tile.boundingVolume, transform, frame), reach)) {
      counts.tilesSkipped++;
      return;
    }
    const uris = [tile.content?.uri ?? tile.content?.url, ...(tile.contents ?? []).map((c) => c.uri)].filter(
      (uri): uri is string => typeof uri === 'string',
    );
    for (const uri of uris) {
      const url = resolveUri(uri, baseUrl);
      const kind = contentKind(uri);
      if (kind === 'json') await visitTileset(url, transform);
      else if (kind === 'glb') {
        parts.push(glbTriangles(await load(url), transform, frame, reach));
        counts.tilesRead++;
      } else if (kind === 'unnamed') {
        // An imported tileset's contents are blob URLs without a file name: their bytes say what they are.
        const bytes = await load(url);
        const sniffed = sniffContent(bytes);
        if (sniffed === 'json') await visitTileset(url, transform, bytes);
        else if (sniffed === 'glb') {
          parts.push(glbTriangles(bytes, transform, frame, reach));
          counts.tilesRead++;
        }
      }
    }
    for (const child of tile.children ?? []) await visit(child, baseUrl, transform);
  };
  await visitTileset(tilesetUrl, IDENTITY_MATRIX);
  const triangles = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    triangles.set(part, offset);
    offset += part.length;
  }
  return { triangles, ...counts };
}

/**
 * What a content URI names by its file name: an external tileset (.json), a GLB, another format the study does
 * not read (b3dm, subtree, …), or nothing (a blob: or data: URL, whose bytes must be looked at).
 */
export function contentKind(uri: string): 'json' | 'glb' | 'other' | 'unnamed' {
  if (/^(blob|data):/i.test(uri)) return 'unnamed';
  const path = uri.split(/[?#]/)[0] ?? uri;
  if (/\.json$/i.test(path)) return 'json';
  if (/\.glb$/i.test(path)) return 'glb';
  return 'other';
}

/** What bytes are: a GLB (magic "glTF"), JSON (first non-blank byte among the first 64 is `{`), or something else. */
export function sniffContent(bytes: Uint8Array): 'json' | 'glb' | 'other' {
  if (bytes[0] === 0x67 && bytes[1] === 0x6c && bytes[2] === 0x54 && bytes[3] === 0x46) return 'glb';
  for (const byte of bytes.subarray(0, 64)) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === 0x7b ? 'json' : 'other';
  }
  return 'other';
}

/** `uri` relative to `base` (a URL or path): absolute URIs as they are, else beside the base's last `/`. */
export function resolveUri(uri: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/')) return uri;
  const cut = base.split(/[?#]/)[0] ?? base;
  return cut.slice(0, cut.lastIndexOf('/') + 1) + uri;
}

function meets(a: EnuRect, b: EnuRect): boolean {
  return a.west <= b.east && a.east >= b.west && a.south <= b.north && a.north >= b.south;
}

/** Plan-view bounds (study ENU) of a bounding volume: box (in the tile's frame), region (radians), sphere. */
function volumeRect(
  volume: NonNullable<TileJson['boundingVolume']>,
  transform: ArrayLike<number>,
  frame: StudyFrame,
): EnuRect {
  const points: [number, number, number][] = [];
  if (volume.box && volume.box.length >= 12) {
    const b = volume.box;
    for (const sx of [-1, 1])
      for (const sy of [-1, 1])
        for (const sz of [-1, 1]) {
          const x = b[0]! + sx * b[3]! + sy * b[6]! + sz * b[9]!;
          const y = b[1]! + sx * b[4]! + sy * b[7]! + sz * b[10]!;
          const z = b[2]! + sx * b[5]! + sy * b[8]! + sz * b[11]!;
          points.push(transformPoint(transform, x, y, z));
        }
  } else if (volume.region && volume.region.length >= 6) {
    const [west, south, east, north, low, high] = volume.region as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    for (const lon of [west, (west + east) / 2, east])
      for (const lat of [south, (south + north) / 2, north])
        for (const h of [low, high]) points.push(geodeticToEcef(lon, lat, h));
  } else if (volume.sphere && volume.sphere.length >= 4) {
    const [x, y, z, r] = volume.sphere as [number, number, number, number];
    const [cx, cy] = toEnu(frame, transformPoint(transform, x, y, z));
    const scale = Math.hypot(transform[0]!, transform[1]!, transform[2]!);
    return { west: cx - r * scale, east: cx + r * scale, south: cy - r * scale, north: cy + r * scale };
  } else {
    return { west: -Infinity, south: -Infinity, east: Infinity, north: Infinity };
  }
  const rect = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity };
  for (const point of points) {
    const [x, y] = toEnu(frame, point);
    rect.west = Math.min(rect.west, x);
    rect.east = Math.max(rect.east, x);
    rect.south = Math.min(rect.south, y);
    rect.north = Math.max(rect.north, y);
  }
  return rect;
}

function toEnu(frame: StudyFrame, [x, y, z]: [number, number, number]): [number, number, number] {
  return ecefToLocal(frame.local, x, y, z);
}

interface GltfJson {
  scene?: number;
  scenes?: { nodes?: number[] }[];
  nodes?: {
    mesh?: number;
    children?: number[];
    matrix?: number[];
    translation?: number[];
    rotation?: number[];
    scale?: number[];
  }[];
  meshes?: { primitives: { attributes: Record<string, number>; indices?: number; mode?: number }[] }[];
  accessors?: {
    bufferView?: number;
    byteOffset?: number;
    componentType: number;
    count: number;
    type: string;
    normalized?: boolean;
  }[];
  bufferViews?: {
    buffer: number;
    byteOffset?: number;
    byteLength: number;
    byteStride?: number;
    extensions?: {
      KHR_meshopt_compression?: MeshoptView;
      EXT_meshopt_compression?: MeshoptView;
    };
  }[];
  buffers?: { byteLength: number; uri?: string }[];
}

/** A buffer view's KHR_meshopt_compression (the converter's tiles) or EXT_meshopt_compression object. */
interface MeshoptView {
  buffer: number;
  byteOffset?: number;
  byteLength: number;
  byteStride: number;
  count: number;
  mode: 'ATTRIBUTES' | 'TRIANGLES' | 'INDICES';
  filter?: 'NONE' | 'OCTAHEDRAL' | 'QUATERNION' | 'EXPONENTIAL' | 'COLOR';
}

/**
 * Triangles of one GLB (9 numbers each, study ENU metres) under the tile's world transform `tileTransform`
 * (column-major, ECEF), those meeting `reach` in plan view. Throws an Error naming the problem for GLBs it cannot
 * read (external buffers, unknown component types).
 */
export function glbTriangles(
  bytes: Uint8Array,
  tileTransform: ArrayLike<number>,
  frame: StudyFrame,
  reach: EnuRect,
): Float64Array {
  const { json: raw, binary } = parseGlb(bytes);
  const json = raw as GltfJson;
  const views = new Map<number, Uint8Array>();
  const view = (index: number): Uint8Array => {
    const cached = views.get(index);
    if (cached) return cached;
    const bufferView = json.bufferViews?.[index];
    if (!bufferView) throw new Error(`shadow occluders: GLB bufferView ${index} missing`);
    const meshopt =
      bufferView.extensions?.KHR_meshopt_compression ?? bufferView.extensions?.EXT_meshopt_compression;
    let data: Uint8Array;
    if (meshopt) {
      if (meshopt.buffer !== 0)
        throw new Error('shadow occluders: meshopt data outside the GLB binary chunk');
      const source = binary.subarray(meshopt.byteOffset ?? 0, (meshopt.byteOffset ?? 0) + meshopt.byteLength);
      data = new Uint8Array(meshopt.count * meshopt.byteStride);
      MeshoptDecoder.decodeGltfBuffer(
        data,
        meshopt.count,
        meshopt.byteStride,
        source,
        meshopt.mode,
        meshopt.filter,
      );
    } else {
      if (bufferView.buffer !== 0) throw new Error('shadow occluders: GLB with external buffers');
      const start = bufferView.byteOffset ?? 0;
      data = binary.subarray(start, start + bufferView.byteLength);
    }
    views.set(index, data);
    return data;
  };
  const read = (accessorIndex: number): { values: Float64Array; size: number } => {
    const accessor = json.accessors?.[accessorIndex];
    if (!accessor || accessor.bufferView === undefined)
      throw new Error(`shadow occluders: GLB accessor ${accessorIndex} missing`);
    const size = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4 }[accessor.type] ?? 1;
    const data = view(accessor.bufferView);
    const extensions = json.bufferViews?.[accessor.bufferView]?.extensions;
    const meshopt = extensions?.KHR_meshopt_compression ?? extensions?.EXT_meshopt_compression;
    const componentBytes = { 5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4 }[accessor.componentType];
    if (!componentBytes) throw new Error(`shadow occluders: component type ${accessor.componentType}`);
    const stride =
      meshopt?.byteStride ?? json.bufferViews?.[accessor.bufferView]?.byteStride ?? componentBytes * size;
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const values = new Float64Array(accessor.count * size);
    const base = accessor.byteOffset ?? 0;
    for (let i = 0; i < accessor.count; i++) {
      for (let k = 0; k < size; k++) {
        const at = base + i * stride + k * componentBytes;
        let value: number;
        switch (accessor.componentType) {
          case 5120:
            value = dv.getInt8(at);
            break;
          case 5121:
            value = dv.getUint8(at);
            break;
          case 5122:
            value = dv.getInt16(at, true);
            break;
          case 5123:
            value = dv.getUint16(at, true);
            break;
          case 5125:
            value = dv.getUint32(at, true);
            break;
          default:
            value = dv.getFloat32(at, true);
        }
        values[i * size + k] = value;
      }
    }
    if (accessor.normalized) {
      const divisor = { 5120: 127, 5121: 255, 5122: 32767, 5123: 65535 }[accessor.componentType as 5120] ?? 1;
      for (let i = 0; i < values.length; i++) values[i] = Math.max(values[i]! / divisor, -1);
    }
    return { values, size };
  };
  const out: number[] = [];
  const gltfToWorld = multiplyMatrices(tileTransform, Y_UP_TO_Z_UP);
  const visitNode = (index: number, parent: ArrayLike<number>) => {
    const node = json.nodes?.[index];
    if (!node) return;
    const matrix = multiplyMatrices(parent, nodeMatrix(node));
    if (node.mesh !== undefined) {
      const full = multiplyMatrices(gltfToWorld, matrix);
      for (const primitive of json.meshes?.[node.mesh]?.primitives ?? []) {
        if ((primitive.mode ?? 4) !== 4 || primitive.attributes.POSITION === undefined) continue;
        const { values: positions } = read(primitive.attributes.POSITION);
        const count = positions.length / 3;
        const local = new Float64Array(positions.length);
        for (let v = 0; v < count; v++) {
          const [x, y, z] = transformPoint(
            full,
            positions[v * 3]!,
            positions[v * 3 + 1]!,
            positions[v * 3 + 2]!,
          );
          const [e, n, u] = ecefToLocal(frame.local, x, y, z);
          local[v * 3] = e;
          local[v * 3 + 1] = n;
          local[v * 3 + 2] = u;
        }
        const indices =
          primitive.indices !== undefined
            ? read(primitive.indices).values
            : Float64Array.from({ length: count }, (_, i) => i);
        for (let k = 0; k + 2 < indices.length; k += 3) {
          const a = indices[k]! * 3;
          const b = indices[k + 1]! * 3;
          const c = indices[k + 2]! * 3;
          const west = Math.min(local[a]!, local[b]!, local[c]!);
          const east = Math.max(local[a]!, local[b]!, local[c]!);
          const south = Math.min(local[a + 1]!, local[b + 1]!, local[c + 1]!);
          const north = Math.max(local[a + 1]!, local[b + 1]!, local[c + 1]!);
          if (west > reach.east || east < reach.west || south > reach.north || north < reach.south) continue;
          for (const i of [a, b, c]) out.push(local[i]!, local[i + 1]!, local[i + 2]!);
        }
      }
    }
    for (const child of node.children ?? []) visitNode(child, matrix);
  };
  const roots = json.scenes?.[json.scene ?? 0]?.nodes ?? (json.nodes ?? []).map((_, i) => i);
  for (const root of roots) visitNode(root, IDENTITY_MATRIX);
  return Float64Array.from(out);
}

/** A glTF node's local matrix (column-major) from `matrix` or translation · rotation · scale. */
function nodeMatrix(node: NonNullable<GltfJson['nodes']>[number]): ArrayLike<number> {
  if (node.matrix && node.matrix.length === 16) return node.matrix;
  const [tx, ty, tz] = node.translation ?? [0, 0, 0];
  const [qx, qy, qz, qw] = node.rotation ?? [0, 0, 0, 1];
  const [sx, sy, sz] = node.scale ?? [1, 1, 1];
  const [x, y, z, w] = [qx!, qy!, qz!, qw!];
  // prettier-ignore
  return [
    (1 - 2 * (y * y + z * z)) * sx!, 2 * (x * y + z * w) * sx!, 2 * (x * z - y * w) * sx!, 0,
    2 * (x * y - z * w) * sy!, (1 - 2 * (x * x + z * z)) * sy!, 2 * (y * z + x * w) * sy!, 0,
    2 * (x * z + y * w) * sz!, 2 * (y * z - x * w) * sz!, (1 - 2 * (x * x + y * y)) * sz!, 0,
    tx!, ty!, tz!, 1,
  ];
}
