/**
 * Synthetic buildings for tests and benchmarks of the tiler: axis-aligned boxes in a local ENU frame at a
 * geodetic position, converted to ECEF metres with the WGS84 formulas written out here (independent of
 * `ellipsoid.ts`, so tests cross-check it).
 */
import { packGlb } from './glb.ts';
import { surfaceClassIndex } from './palette.ts';
import type { BuildingMesh, PropertyValue } from './types.ts';
import { decodeUtf8 } from './utf8.ts';

const A = 6378137;
const E2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);

/** ECEF metres of longitude/latitude in degrees and ellipsoidal height in metres (WGS84). */
export function wgs84ToEcef(lonDeg: number, latDeg: number, height: number): [number, number, number] {
  const lon = (lonDeg * Math.PI) / 180;
  const lat = (latDeg * Math.PI) / 180;
  const n = A / Math.sqrt(1 - E2 * Math.sin(lat) ** 2);
  return [
    (n + height) * Math.cos(lat) * Math.cos(lon),
    (n + height) * Math.cos(lat) * Math.sin(lon),
    (n * (1 - E2) + height) * Math.sin(lat),
  ];
}

export interface SyntheticBoxOptions {
  id: string;
  lonDeg: number;
  latDeg: number;
  /** Ellipsoidal height of the ground, metres. */
  height: number;
  /** Size east × north × up, metres. */
  size: [number, number, number];
  properties?: Record<string, PropertyValue>;
}

/** A box building (6 quads, flat normals, outward counter-clockwise triangles) in ECEF metres. */
export function syntheticBoxBuilding(options: SyntheticBoxOptions): BuildingMesh {
  const lon = (options.lonDeg * Math.PI) / 180;
  const lat = (options.latDeg * Math.PI) / 180;
  const east = [-Math.sin(lon), Math.cos(lon), 0];
  const north = [-Math.sin(lat) * Math.cos(lon), -Math.sin(lat) * Math.sin(lon), Math.cos(lat)];
  const up = [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
  const origin = wgs84ToEcef(options.lonDeg, options.latDeg, options.height);
  const [sx, sy, sz] = options.size;
  const toEcef = (e: number, n: number, u: number) =>
    [0, 1, 2].map((k) => origin[k]! + e * east[k]! + n * north[k]! + u * up[k]!);
  const direction = (e: number, n: number, u: number) =>
    [0, 1, 2].map((k) => e * east[k]! + n * north[k]! + u * up[k]!);
  // Quads counter-clockwise seen from outside, with their outward ENU normal and semantic.
  const faces: { corners: number[][]; normal: number[]; semantic: 'roof' | 'wall' | 'ground' }[] = [
    {
      corners: [
        [0, 0, 0],
        [0, sy, 0],
        [sx, sy, 0],
        [sx, 0, 0],
      ],
      normal: [0, 0, -1],
      semantic: 'ground',
    },
    {
      corners: [
        [0, 0, sz],
        [sx, 0, sz],
        [sx, sy, sz],
        [0, sy, sz],
      ],
      normal: [0, 0, 1],
      semantic: 'roof',
    },
    {
      corners: [
        [0, 0, 0],
        [sx, 0, 0],
        [sx, 0, sz],
        [0, 0, sz],
      ],
      normal: [0, -1, 0],
      semantic: 'wall',
    },
    {
      corners: [
        [sx, sy, 0],
        [0, sy, 0],
        [0, sy, sz],
        [sx, sy, sz],
      ],
      normal: [0, 1, 0],
      semantic: 'wall',
    },
    {
      corners: [
        [0, sy, 0],
        [0, 0, 0],
        [0, 0, sz],
        [0, sy, sz],
      ],
      normal: [-1, 0, 0],
      semantic: 'wall',
    },
    {
      corners: [
        [sx, 0, 0],
        [sx, sy, 0],
        [sx, sy, sz],
        [sx, 0, sz],
      ],
      normal: [1, 0, 0],
      semantic: 'wall',
    },
  ];
  const positions: number[] = [];
  const normals: number[] = [];
  const surfaceClass: number[] = [];
  const indices: number[] = [];
  for (const face of faces) {
    const base = positions.length / 3;
    for (const [e, n, u] of face.corners) {
      positions.push(...toEcef(e! - sx / 2, n! - sy / 2, u!));
      normals.push(...direction(face.normal[0]!, face.normal[1]!, face.normal[2]!));
      surfaceClass.push(surfaceClassIndex(face.semantic));
    }
    indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
  }
  return {
    id: options.id,
    properties: options.properties ?? {},
    positions: Float64Array.from(positions),
    normals: Float32Array.from(normals),
    indices: Uint32Array.from(indices),
    surfaceClass: Uint8Array.from(surfaceClass),
  };
}

interface MeshoptDecoderLike {
  decodeGltfBuffer: (
    target: Uint8Array,
    count: number,
    size: number,
    source: Uint8Array,
    mode: string,
    filter?: string,
  ) => void;
}

/**
 * Rewrites a GLB whose buffer views use KHR_meshopt_compression (or EXT_meshopt_compression) into a plain GLB (every view decoded
 * into one BIN chunk, extension removed), with `decoder` = meshoptimizer's `MeshoptDecoder` (ready).
 */
export function unpackMeshoptGlb(glb: Uint8Array, decoder: MeshoptDecoderLike): Uint8Array {
  const view = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
  const jsonLength = view.getUint32(12, true);
  const json = JSON.parse(decodeUtf8(glb.subarray(20, 20 + jsonLength))) as {
    bufferViews: {
      buffer: number;
      byteOffset?: number;
      byteLength: number;
      extensions?: Record<
        string,
        {
          byteOffset?: number;
          byteLength: number;
          byteStride: number;
          count: number;
          mode: string;
          filter?: string;
        }
      >;
    }[];
    buffers: unknown[];
    extensionsUsed?: string[];
    extensionsRequired?: string[];
  };
  const binLength = view.getUint32(20 + jsonLength, true);
  const bin = glb.subarray(28 + jsonLength, 28 + jsonLength + binLength);
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const bufferView of json.bufferViews) {
    const meshopt =
      bufferView.extensions?.KHR_meshopt_compression ?? bufferView.extensions?.EXT_meshopt_compression;
    let bytes: Uint8Array;
    if (meshopt) {
      bytes = new Uint8Array(meshopt.count * meshopt.byteStride);
      const source = bin.subarray(meshopt.byteOffset ?? 0, (meshopt.byteOffset ?? 0) + meshopt.byteLength);
      decoder.decodeGltfBuffer(
        bytes,
        meshopt.count,
        meshopt.byteStride,
        source,
        meshopt.mode,
        meshopt.filter,
      );
      bytes = bytes.subarray(0, bufferView.byteLength);
      delete bufferView.extensions;
    } else {
      const start = bufferView.byteOffset ?? 0;
      bytes = bin.subarray(start, start + bufferView.byteLength);
    }
    const padding = (8 - (offset % 8)) % 8;
    if (padding) parts.push(new Uint8Array(padding));
    offset += padding;
    bufferView.buffer = 0;
    bufferView.byteOffset = offset;
    parts.push(bytes);
    offset += bytes.byteLength;
  }
  const out = new Uint8Array(Math.ceil(offset / 4) * 4);
  let cursor = 0;
  for (const part of parts) {
    out.set(part, cursor);
    cursor += part.byteLength;
  }
  json.buffers = [{ byteLength: out.byteLength }];
  const strip = (list?: string[]) =>
    list?.filter((name) => name !== 'KHR_meshopt_compression' && name !== 'EXT_meshopt_compression');
  json.extensionsUsed = strip(json.extensionsUsed);
  json.extensionsRequired = strip(json.extensionsRequired);
  if (json.extensionsRequired?.length === 0) delete json.extensionsRequired;
  return packGlb(json, out);
}

/** Viewing conditions for `farViewLoad` (defaults: 1280×800 viewport, 60° vertical fov, SSE 16, 3 km). */
export interface FarViewCamera {
  distanceMetres?: number;
  viewportHeight?: number;
  fovYRadians?: number;
  maximumScreenSpaceError?: number;
}

interface TileLike {
  geometricError: number;
  content?: { uri: string };
  children?: TileLike[];
}

/**
 * What a 3D Tiles viewer loads for a far view, by Cesium's screen-space-error rule with every tile at
 * `distanceMetres`: a tile's content loads when all its ancestors are refined; a tile is refined when
 * geometricError · viewportHeight / (2 · distance · tan(fov/2)) > maximumScreenSpaceError. External
 * tilesets (`.json` content) are followed. Returns content bytes and tile count of the loaded GLBs.
 */
export function farViewLoad(
  readFile: (path: string) => Uint8Array | undefined,
  camera: FarViewCamera = {},
): { bytes: number; tiles: number; features: number } {
  const distance = camera.distanceMetres ?? 3000;
  const height = camera.viewportHeight ?? 800;
  const fov = camera.fovYRadians ?? Math.PI / 3;
  const maxSse = camera.maximumScreenSpaceError ?? 16;
  const sse = (error: number) => (error * height) / (2 * distance * Math.tan(fov / 2));
  const result = { bytes: 0, tiles: 0, features: 0 };
  const visit = (tile: TileLike, base: string): void => {
    if (tile.content) {
      const path = base + tile.content.uri;
      const bytes = readFile(path);
      if (!bytes) throw new Error(`far view: '${path}' missing`);
      if (path.endsWith('.json')) {
        const external = JSON.parse(decodeUtf8(bytes)) as { root: TileLike };
        visit(external.root, path.slice(0, path.lastIndexOf('/') + 1));
        return;
      }
      result.bytes += bytes.byteLength;
      result.tiles++;
      const jsonLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true);
      const gltf = JSON.parse(decodeUtf8(bytes.subarray(20, 20 + jsonLength))) as {
        extensions: { EXT_structural_metadata: { propertyTables: { count: number }[] } };
      };
      result.features += gltf.extensions.EXT_structural_metadata.propertyTables[0]!.count;
    }
    if (sse(tile.geometricError) > maxSse) for (const child of tile.children ?? []) visit(child, base);
  };
  const root = readFile('tileset.json');
  if (!root) throw new Error('far view: tileset.json missing');
  const tileset = JSON.parse(decodeUtf8(root)) as { root: TileLike };
  visit(tileset.root, '');
  return result;
}
