/**
 * Test helpers over a converter output on disk: every file's bytes, and the buildings each GLB holds
 * (meshopt views decoded, property table read with the schema the GLB references).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { MeshoptDecoder } from 'meshoptimizer/decoder';
import { parseGlb } from '../../src/core/tiles/glb.ts';
import { readPropertyTable } from '../../src/core/tiles/metadata.ts';
import { unpackMeshoptGlb } from '../../src/core/tiles/test-fixtures.ts';

/** Every file under `dir` (path relative to it, `/`-separated → bytes). */
export function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(dir, path).split('\\').join('/'), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

/** The property records of every GLB under `dir` (path → one record per building, `gml_id` among them). */
export async function buildingsByTile(
  dir: string,
): Promise<Map<string, ReturnType<typeof readPropertyTable>>> {
  await MeshoptDecoder.ready;
  const tiles = new Map<string, ReturnType<typeof readPropertyTable>>();
  for (const [path, bytes] of snapshot(dir)) {
    if (!path.endsWith('.glb')) continue;
    const { json, binary } = parseGlb(unpackMeshoptGlb(new Uint8Array(bytes), MeshoptDecoder));
    const uri = (json as { extensions?: { EXT_structural_metadata?: { schemaUri?: string } } }).extensions
      ?.EXT_structural_metadata?.schemaUri;
    const schema = uri
      ? (JSON.parse(readFileSync(join(dir, dirname(path), uri), 'utf8')) as Parameters<
          typeof readPropertyTable
        >[3])
      : undefined;
    tiles.set(path, readPropertyTable(json, binary, 0, schema));
  }
  return tiles;
}
