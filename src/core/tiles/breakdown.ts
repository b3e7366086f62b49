/**
 * Where the bytes of a written tileset go: every GLB split into header, JSON chunk, BIN chunk padding and
 * each buffer view by what it holds (vertex attribute, indices, property-table column), plus the JSON
 * files beside the tiles. For the size work of the converter (tests and benchmarks print it per building).
 */
import { parseGlb } from './glb.ts';
import type { TilesetFile } from './types.ts';

/** Byte counts by part name ('POSITION', 'indices', 'property gml_id', 'glTF JSON', 'tileset.json', …). */
export type ByteBreakdown = Record<string, number>;

interface GltfForBreakdown {
  meshes?: { primitives: { attributes: Record<string, number>; indices?: number }[] }[];
  accessors?: { bufferView?: number }[];
  bufferViews?: {
    buffer: number;
    byteLength: number;
    extensions?: Record<string, { buffer: number; byteLength: number } | undefined>;
  }[];
  images?: { bufferView?: number }[];
  extensions?: {
    EXT_structural_metadata?: {
      propertyTables?: { properties: Record<string, { values: number; stringOffsets?: number }> }[];
    };
  };
}

function add(into: ByteBreakdown, part: string, bytes: number): void {
  into[part] = (into[part] ?? 0) + bytes;
}

/**
 * Byte breakdown of one GLB: 'GLB header' (container and chunk headers), 'glTF JSON' (the JSON chunk with
 * its padding), one entry per buffer view by use (stored bytes: the compressed length for
 * EXT_meshopt_compression views), and 'BIN padding' for the rest of the BIN chunk.
 */
export function glbByteBreakdown(bytes: Uint8Array): ByteBreakdown {
  const { json, binary } = parseGlb(bytes);
  const gltf = json as GltfForBreakdown;
  const out: ByteBreakdown = {};
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(12, true);
  add(out, 'GLB header', bytes.byteLength - jsonLength - binary.byteLength);
  add(out, 'glTF JSON', jsonLength);
  const useOfView = new Map<number, string>();
  const name = (viewIndex: number | undefined, use: string): void => {
    if (viewIndex !== undefined && !useOfView.has(viewIndex)) useOfView.set(viewIndex, use);
  };
  for (const mesh of gltf.meshes ?? []) {
    for (const primitive of mesh.primitives) {
      for (const [attribute, accessor] of Object.entries(primitive.attributes))
        name(gltf.accessors?.[accessor]?.bufferView, attribute);
      if (primitive.indices !== undefined) name(gltf.accessors?.[primitive.indices]?.bufferView, 'indices');
    }
  }
  for (const image of gltf.images ?? []) name(image.bufferView, 'images');
  for (const table of gltf.extensions?.EXT_structural_metadata?.propertyTables ?? []) {
    for (const [id, column] of Object.entries(table.properties)) {
      name(column.values, `property ${id}`);
      name(column.stringOffsets, `property ${id} (string offsets)`);
    }
  }
  let stored = 0;
  (gltf.bufferViews ?? []).forEach((bufferView, index) => {
    const meshopt =
      bufferView.extensions?.KHR_meshopt_compression ?? bufferView.extensions?.EXT_meshopt_compression;
    const length = meshopt ? meshopt.byteLength : bufferView.buffer === 0 ? bufferView.byteLength : 0;
    add(out, useOfView.get(index) ?? 'other views', length);
    stored += length;
  });
  add(out, 'BIN padding', binary.byteLength - stored);
  return out;
}

/**
 * Byte breakdown of a whole tileset: the sum of `glbByteBreakdown` over its GLBs, 'tileset.json',
 * 'schema.json', 'external tileset JSON' (tiles/subtree-N.json) and 'other files'; `skip` names paths
 * to leave out (e.g. the address index, which is not part of the tiles).
 */
export function tilesetByteBreakdown(
  files: readonly TilesetFile[],
  skip: ReadonlySet<string> = new Set(),
): ByteBreakdown {
  const out: ByteBreakdown = {};
  for (const file of files) {
    if (skip.has(file.path)) continue;
    if (file.path.endsWith('.glb')) {
      for (const [part, bytes] of Object.entries(glbByteBreakdown(file.bytes))) add(out, part, bytes);
    } else if (file.path === 'tileset.json' || file.path === 'schema.json')
      add(out, file.path, file.bytes.byteLength);
    else if (file.path.endsWith('.json') && file.path.includes('/'))
      add(out, 'external tileset JSON', file.bytes.byteLength);
    else add(out, 'other files', file.bytes.byteLength);
  }
  return out;
}

/** The breakdown divided by `buildings`, largest first, as lines 'part: B/building'. */
export function formatByteBreakdown(breakdown: ByteBreakdown, buildings: number): string {
  const total = Object.values(breakdown).reduce((a, b) => a + b, 0);
  const lines = Object.entries(breakdown)
    .sort((a, b) => b[1] - a[1])
    .map(([part, bytes]) => `  ${part}: ${(bytes / buildings).toFixed(1)}`);
  return [`  total: ${(total / buildings).toFixed(1)} B/building`, ...lines].join('\n');
}
