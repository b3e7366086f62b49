import type { BuildingMesh } from '../../src/core/tiles/types.ts';

/**
 * Binary form of a `BuildingMesh` for the converter's worker messages and disk spool (until the tiles
 * core provides `encodeBuildingMesh`): a 24-byte header, the id and properties as UTF-8 JSON, then the
 * typed arrays, each starting at a multiple of 8 so decoding can view them in place.
 */
const MAGIC = 0x4d48_5342; // 'BSHM'
const HEADER_BYTES = 24;
const align8 = (n: number) => (n + 7) & ~7;

/** Encodes one building mesh (ECEF metres, float64 positions) into a self-contained byte array. */
export function encodeMesh(mesh: BuildingMesh): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify({ id: mesh.id, properties: mesh.properties }));
  const vertexCount = mesh.positions.length / 3;
  const indexCount = mesh.indices.length;
  const hasColors = mesh.colors ? 1 : 0;
  const jsonAt = HEADER_BYTES;
  const positionsAt = align8(jsonAt + json.byteLength);
  const normalsAt = positionsAt + vertexCount * 24;
  const indicesAt = align8(normalsAt + vertexCount * 12);
  const classAt = indicesAt + indexCount * 4;
  const colorsAt = classAt + vertexCount;
  const total = align8(colorsAt + (hasColors ? vertexCount * 4 : 0));
  const bytes = new Uint8Array(total);
  const header = new DataView(bytes.buffer);
  header.setUint32(0, MAGIC, true);
  header.setUint32(4, total, true);
  header.setUint32(8, json.byteLength, true);
  header.setUint32(12, vertexCount, true);
  header.setUint32(16, indexCount, true);
  header.setUint32(20, hasColors, true);
  bytes.set(json, jsonAt);
  new Float64Array(bytes.buffer, positionsAt, vertexCount * 3).set(mesh.positions);
  new Float32Array(bytes.buffer, normalsAt, vertexCount * 3).set(mesh.normals);
  new Uint32Array(bytes.buffer, indicesAt, indexCount).set(mesh.indices);
  bytes.set(mesh.surfaceClass, classAt);
  if (mesh.colors) bytes.set(mesh.colors, colorsAt);
  return bytes;
}

/** Total length of the encoded mesh starting at `bytes[0]` (read from its header). */
export function encodedMeshLength(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
}

/**
 * Decodes `encodeMesh` output. The typed arrays view `bytes` in place when it starts at a multiple of 8
 * in its buffer (copies otherwise). Throws on bytes that are not an encoded mesh.
 */
export function decodeMesh(input: Uint8Array): BuildingMesh {
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  if (bytes.byteLength < HEADER_BYTES || header.getUint32(0, true) !== MAGIC) {
    throw new Error('convert mesh codec: not an encoded building mesh');
  }
  const total = header.getUint32(4, true);
  const jsonLength = header.getUint32(8, true);
  const vertexCount = header.getUint32(12, true);
  const indexCount = header.getUint32(16, true);
  const hasColors = header.getUint32(20, true) === 1;
  if (total > bytes.byteLength) throw new Error('convert mesh codec: truncated mesh record');
  const base = bytes.byteOffset;
  const jsonAt = HEADER_BYTES;
  const positionsAt = align8(jsonAt + jsonLength);
  const normalsAt = positionsAt + vertexCount * 24;
  const indicesAt = align8(normalsAt + vertexCount * 12);
  const classAt = indicesAt + indexCount * 4;
  const colorsAt = classAt + vertexCount;
  const { id, properties } = JSON.parse(
    new TextDecoder().decode(bytes.subarray(jsonAt, jsonAt + jsonLength)),
  ) as Pick<BuildingMesh, 'id' | 'properties'>;
  const mesh: BuildingMesh = {
    id,
    properties,
    positions: new Float64Array(bytes.buffer, base + positionsAt, vertexCount * 3),
    normals: new Float32Array(bytes.buffer, base + normalsAt, vertexCount * 3),
    indices: new Uint32Array(bytes.buffer, base + indicesAt, indexCount),
    surfaceClass: bytes.subarray(classAt, classAt + vertexCount),
  };
  if (hasColors) mesh.colors = bytes.subarray(colorsAt, colorsAt + vertexCount * 4);
  return mesh;
}
