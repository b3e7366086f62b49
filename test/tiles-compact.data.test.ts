/**
 * Bytes per building and far-view load on real data (NRW LoD2, Wesel) and on the generated demo city,
 * through the real reader and conversion session. Prints the figures quoted in README.md. Lives in test/
 * (above the layers) because the demo city comes from tools/, which the core must not import.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCityGml } from '../src/core/citygml/index.ts';
import { ConversionSession } from '../src/core/convert/session.ts';
import { formatByteBreakdown, tilesetByteBreakdown } from '../src/core/tiles/breakdown.ts';
import { initTileCompression } from '../src/core/tiles/compression.ts';
import { farViewLoad } from '../src/core/tiles/test-fixtures.ts';
import { TilesetBuilder } from '../src/core/tiles/tileset.ts';
import type { BuildingMesh, TilesetFile } from '../src/core/tiles/types.ts';
import { validateTileset } from '../src/core/tiles/validate.ts';
import { generateDemoCityChunks } from '../tools/demo-city/generate.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nrwDir = path.resolve(repoRoot, '../shared/data/citygml/nrw-wesel-lod2');
const hasNrw = existsSync(nrwDir);
if (!hasNrw) console.warn(`tiles compactness on NRW data skipped: ${nrwDir} not found`);

async function meshesOf(sources: { name: string; chunks: Iterable<string> }[]): Promise<BuildingMesh[]> {
  const session = new ConversionSession();
  for (const source of sources) {
    const objects = readCityGml(source.chunks, { file: source.name, maxLod: 2 });
    for (;;) {
      const next = await objects.next();
      if (next.done) break;
      session.add(next.value, source.name);
    }
  }
  return session.meshes;
}

function build(meshes: BuildingMesh[], compress: boolean) {
  const builder = new TilesetBuilder({ compress });
  for (const mesh of meshes) builder.add(mesh);
  const files: TilesetFile[] = [...builder.finish()];
  const byPath = new Map(files.map((file) => [file.path, file.bytes]));
  const tileset: unknown = JSON.parse(new TextDecoder().decode(byPath.get('tileset.json')));
  return { files, byPath, tileset, stats: builder.stats };
}

function report(label: string, meshes: BuildingMesh[]) {
  const compressed = build(meshes, true);
  const quantised = build(meshes, false);
  expect(validateTileset(compressed.tileset, (uri) => compressed.byPath.get(uri))).toEqual([]);
  expect(validateTileset(quantised.tileset, (uri) => quantised.byPath.get(uri))).toEqual([]);
  const far = farViewLoad((uri) => compressed.byPath.get(uri));
  const glbBytes = compressed.files
    .filter((file) => file.path.endsWith('.glb'))
    .reduce((sum, file) => sum + file.bytes.byteLength, 0);
  console.info(
    `${label}: ${meshes.length} buildings, ${compressed.stats.tiles} tiles; ` +
      `${compressed.stats.bytesPerBuilding.toFixed(0)} B/building compressed (all files), ` +
      `${quantised.stats.bytesPerBuilding.toFixed(0)} B/building quantised only; ` +
      `far view from 3 km: ${far.tiles} tiles, ${far.features} buildings, ${far.bytes} of ${glbBytes} content bytes`,
  );
  // Where the bytes go (B/building; the address index is not part of the tiles).
  console.info(
    `${label}, compressed, by part:\n` +
      formatByteBreakdown(tilesetByteBreakdown(compressed.files, new Set(['addresses.json'])), meshes.length),
  );
  return { compressed, quantised, far, glbBytes };
}

describe('compact tiles on generated and real data', () => {
  beforeAll(async () => {
    await initTileCompression();
  });

  it('demo city: ≤ 1 KB per building, far view for a fraction of the bytes', async () => {
    const meshes = await meshesOf([{ name: 'demo-city.gml', chunks: generateDemoCityChunks() }]);
    expect(meshes.length).toBeGreaterThan(1000);
    const { compressed, far, glbBytes } = report('demo city', meshes);
    expect(compressed.stats.bytesPerBuilding).toBeLessThanOrEqual(1024);
    expect(far.features).toBeGreaterThan(0);
    expect(far.bytes).toBeLessThan(glbBytes / 4);
  }, 120_000);

  describe.skipIf(!hasNrw)('NRW LoD2 (Wesel)', () => {
    it('≤ 1 KB per untextured LoD2 building including metadata', async () => {
      const files = [
        path.join(nrwDir, 'LoD2_32_329_5729_1_NW.gml'),
        ...readdirSync(path.join(nrwDir, 'demo-block-2x2')).map((name) =>
          path.join(nrwDir, 'demo-block-2x2', name),
        ),
      ];
      const meshes = await meshesOf(
        files.map((file) => ({ name: path.basename(file), chunks: [readFileSync(file, 'utf8')] })),
      );
      expect(meshes.length).toBeGreaterThan(300);
      const { compressed } = report('NRW Wesel LoD2', meshes);
      expect(compressed.stats.bytesPerBuilding).toBeLessThanOrEqual(1024);
    }, 120_000);
  });
});
