import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A small, independent quantized-mesh-1.0 reader for the tests (written from the format's specification, not
 * from Cesium's decoder): a tile's vertices and triangles, and the height at a point interpolated on its mesh,
 * as Cesium's `sampleTerrainMostDetailed` interpolates. Tiles are the TMS geographic scheme of `layer.json`
 * (`"projection": "EPSG:4326"`, two root tiles, y counted from the south).
 */
export interface QuantizedMeshTile {
  /** Tile extent, degrees. */
  west: number;
  south: number;
  east: number;
  north: number;
  /** Ellipsoidal metres. */
  minimumHeight: number;
  maximumHeight: number;
  /** Quantized 0..32767 per vertex. */
  u: Uint16Array;
  v: Uint16Array;
  height: Uint16Array;
  /** Vertex indices, three per triangle. */
  triangles: Uint32Array;
}

const QUANTIZED_MAX = 32767;
const HEADER_BYTES = 88;

/** Decodes one tile's bytes (not gzipped) for tile `level/x/y`. */
export function decodeQuantizedMesh(
  bytes: Uint8Array,
  level: number,
  x: number,
  y: number,
): QuantizedMeshTile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const minimumHeight = view.getFloat32(24, true);
  const maximumHeight = view.getFloat32(28, true);
  let offset = HEADER_BYTES;
  const vertexCount = view.getUint32(offset, true);
  offset += 4;
  const zigZagDelta = () => {
    const out = new Uint16Array(vertexCount);
    let value = 0;
    for (let i = 0; i < vertexCount; i += 1) {
      const encoded = view.getUint16(offset, true);
      offset += 2;
      value += (encoded >> 1) ^ -(encoded & 1);
      out[i] = value;
    }
    return out;
  };
  const u = zigZagDelta();
  const v = zigZagDelta();
  const height = zigZagDelta();
  const wide = vertexCount > 65536;
  if (wide && offset % 4 !== 0) offset += 4 - (offset % 4);
  else if (!wide && offset % 2 !== 0) offset += 1;
  const triangleCount = view.getUint32(offset, true);
  offset += 4;
  const triangles = new Uint32Array(triangleCount * 3);
  let highest = 0;
  for (let i = 0; i < triangles.length; i += 1) {
    const code = wide ? view.getUint32(offset, true) : view.getUint16(offset, true);
    offset += wide ? 4 : 2;
    triangles[i] = highest - code;
    if (code === 0) highest += 1;
  }
  const size = 180 / 2 ** level;
  const west = -180 + x * size;
  const south = -90 + y * size;
  return {
    west,
    south,
    east: west + size,
    north: south + size,
    minimumHeight,
    maximumHeight,
    u,
    v,
    height,
    triangles,
  };
}

/** The TMS tile of `level` that contains the point (degrees). */
export function tileAt(longitude: number, latitude: number, level: number): { x: number; y: number } {
  const size = 180 / 2 ** level;
  return { x: Math.floor((longitude + 180) / size), y: Math.floor((latitude + 90) / size) };
}

/** Height (ellipsoidal metres) on the tile's mesh at the point (degrees); undefined outside every triangle. */
export function heightOnTile(
  tile: QuantizedMeshTile,
  longitude: number,
  latitude: number,
): number | undefined {
  const pu = ((longitude - tile.west) / (tile.east - tile.west)) * QUANTIZED_MAX;
  const pv = ((latitude - tile.south) / (tile.north - tile.south)) * QUANTIZED_MAX;
  const metres = (h: number) =>
    tile.minimumHeight + (h / QUANTIZED_MAX) * (tile.maximumHeight - tile.minimumHeight);
  for (let t = 0; t < tile.triangles.length; t += 3) {
    const [a, b, c] = [tile.triangles[t]!, tile.triangles[t + 1]!, tile.triangles[t + 2]!];
    const [ax, ay, bx, by, cx, cy] = [tile.u[a]!, tile.v[a]!, tile.u[b]!, tile.v[b]!, tile.u[c]!, tile.v[c]!];
    const det = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy);
    if (det === 0) continue;
    const l1 = ((by - cy) * (pu - cx) + (cx - bx) * (pv - cy)) / det;
    const l2 = ((cy - ay) * (pu - cx) + (ax - cx) * (pv - cy)) / det;
    const l3 = 1 - l1 - l2;
    const e = -1e-9;
    if (l1 < e || l2 < e || l3 < e) continue;
    return metres(l1 * tile.height[a]! + l2 * tile.height[b]! + l3 * tile.height[c]!);
  }
  return undefined;
}

/**
 * Height (ellipsoidal metres) at the point from the most detailed tile of the tileset in `folder` that exists
 * (`<level>/<x>/<y>.terrain`), with the level it came from.
 */
export function sampleTileset(
  folder: string,
  longitude: number,
  latitude: number,
  maxLevel: number,
): { height: number; level: number } {
  for (let level = maxLevel; level >= 0; level -= 1) {
    const { x, y } = tileAt(longitude, latitude, level);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(join(folder, String(level), String(x), `${y}.terrain`));
    } catch {
      continue;
    }
    const height = heightOnTile(decodeQuantizedMesh(bytes, level, x, y), longitude, latitude);
    if (height !== undefined) return { height, level };
  }
  throw new Error(`no tile of ${folder} covers ${longitude}, ${latitude}`);
}
