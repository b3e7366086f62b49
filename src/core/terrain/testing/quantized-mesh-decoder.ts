/**
 * A small quantized-mesh-1.0 reader for tests, written from the format's specification
 * (https://github.com/CesiumGS/quantized-mesh) and sharing no code with the writer, so that a tile the writer
 * gets wrong cannot decode right by the same mistake. Also reads tiles written by others.
 */

/** A decoded tile: header, quantized vertices, triangles, edge lists and extension payloads. */
export interface DecodedQuantizedMesh {
  /** Tile centre, ECEF metres. */
  centre: [number, number, number];
  minimumHeight: number;
  maximumHeight: number;
  boundingSphere: { centre: [number, number, number]; radius: number };
  /** Horizon occlusion point, ellipsoid-scaled ECEF. */
  horizonOcclusionPoint: [number, number, number];
  /** 0..32767 across the tile, west → east. */
  u: Uint16Array;
  /** 0..32767 across the tile, south → north. */
  v: Uint16Array;
  /** 0..32767 between minimumHeight and maximumHeight. */
  height: Uint16Array;
  /** Three vertex indices per triangle. */
  triangles: Uint32Array;
  west: Uint32Array;
  south: Uint32Array;
  east: Uint32Array;
  north: Uint32Array;
  /** Extension id → payload. */
  extensions: Map<number, Uint8Array>;
}

/** Decodes one uncompressed quantized-mesh-1.0 tile; throws on truncated or inconsistent data. */
export function decodeQuantizedMesh(buffer: Uint8Array): DecodedQuantizedMesh {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let offset = 0;
  const need = (bytes: number) => {
    if (offset + bytes > buffer.byteLength)
      throw new Error(`quantized-mesh truncated: need ${bytes} bytes at ${offset} of ${buffer.byteLength}`);
  };
  const f64 = () => {
    need(8);
    const value = view.getFloat64(offset, true);
    offset += 8;
    return value;
  };
  const f32 = () => {
    need(4);
    const value = view.getFloat32(offset, true);
    offset += 4;
    return value;
  };
  const u32 = () => {
    need(4);
    const value = view.getUint32(offset, true);
    offset += 4;
    return value;
  };
  const centre: [number, number, number] = [f64(), f64(), f64()];
  const minimumHeight = f32();
  const maximumHeight = f32();
  const sphereCentre: [number, number, number] = [f64(), f64(), f64()];
  const radius = f64();
  const horizonOcclusionPoint: [number, number, number] = [f64(), f64(), f64()];
  const vertexCount = u32();
  const decodeZigZagDeltas = (): Uint16Array => {
    need(vertexCount * 2);
    const out = new Uint16Array(vertexCount);
    let value = 0;
    for (let i = 0; i < vertexCount; i++) {
      const encoded = view.getUint16(offset, true);
      offset += 2;
      value += (encoded >> 1) ^ -(encoded & 1);
      out[i] = value;
    }
    return out;
  };
  const u = decodeZigZagDeltas();
  const v = decodeZigZagDeltas();
  const height = decodeZigZagDeltas();
  const wide = vertexCount > 65536;
  const indexSize = wide ? 4 : 2;
  if (offset % indexSize !== 0) offset += indexSize - (offset % indexSize);
  const readIndices = (count: number): Uint32Array => {
    need(count * indexSize);
    const out = new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      out[i] = wide ? view.getUint32(offset, true) : view.getUint16(offset, true);
      offset += indexSize;
    }
    return out;
  };
  const triangleCount = u32();
  const triangles = readIndices(triangleCount * 3);
  let highest = 0;
  for (let i = 0; i < triangles.length; i++) {
    const code = triangles[i]!;
    triangles[i] = highest - code;
    if (code === 0) highest++;
  }
  const west = readIndices(u32());
  const south = readIndices(u32());
  const east = readIndices(u32());
  const north = readIndices(u32());
  const extensions = new Map<number, Uint8Array>();
  while (offset < buffer.byteLength) {
    need(5);
    const id = view.getUint8(offset);
    const length = view.getUint32(offset + 1, true);
    offset += 5;
    need(length);
    extensions.set(id, buffer.subarray(offset, offset + length));
    offset += length;
  }
  for (const list of [triangles, west, south, east, north])
    for (const index of list)
      if (index >= vertexCount)
        throw new Error(`quantized-mesh index ${index} ≥ vertex count ${vertexCount}`);
  return {
    centre,
    minimumHeight,
    maximumHeight,
    boundingSphere: { centre: sphereCentre, radius },
    horizonOcclusionPoint,
    u,
    v,
    height,
    triangles,
    west,
    south,
    east,
    north,
    extensions,
  };
}

/** Decodes an oct-encoded unit vector (two bytes, 0..255 each) to x, y, z. */
export function octDecode(x: number, y: number): [number, number, number] {
  let ox = (x / 255) * 2 - 1;
  let oy = (y / 255) * 2 - 1;
  const oz = 1 - Math.abs(ox) - Math.abs(oy);
  if (oz < 0) {
    const old = ox;
    ox = (1 - Math.abs(oy)) * (old >= 0 ? 1 : -1);
    oy = (1 - Math.abs(old)) * (oy >= 0 ? 1 : -1);
  }
  const length = Math.hypot(ox, oy, oz);
  return [ox / length, oy / length, oz / length];
}

/**
 * The terrain height (metres) at a position inside the tile given as fractions (0..1 west → east, south →
 * north): linear on the triangle that contains it; NaN when none does.
 */
export function heightInTile(tile: DecodedQuantizedMesh, fx: number, fy: number): number {
  const x = fx * 32767;
  const y = fy * 32767;
  const { u, v, height, triangles } = tile;
  for (let t = 0; t < triangles.length; t += 3) {
    const a = triangles[t]!;
    const b = triangles[t + 1]!;
    const c = triangles[t + 2]!;
    const area = (u[b]! - u[a]!) * (v[c]! - v[a]!) - (v[b]! - v[a]!) * (u[c]! - u[a]!);
    if (area === 0) continue;
    const wb = ((x - u[a]!) * (v[c]! - v[a]!) - (y - v[a]!) * (u[c]! - u[a]!)) / area;
    const wc = ((u[b]! - u[a]!) * (y - v[a]!) - (v[b]! - v[a]!) * (x - u[a]!)) / area;
    const wa = 1 - wb - wc;
    if (wa < -1e-9 || wb < -1e-9 || wc < -1e-9) continue;
    const q = wa * height[a]! + wb * height[b]! + wc * height[c]!;
    return tile.minimumHeight + (q / 32767) * (tile.maximumHeight - tile.minimumHeight);
  }
  return Number.NaN;
}
