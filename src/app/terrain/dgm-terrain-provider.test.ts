/**
 * The dropped DGM's terrain provider on a real tile of the NRW DGM1 (the core's meshTile, as the worker runs it):
 * Cesium gets quantized meshes with vertex normals (so it lights the relief), availability only over the DGM,
 * child masks from it, and the globe's requests held back beyond the worker's share while the most-detailed
 * samples (no request) are always served.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { QuantizedMeshTerrainData, Request } from 'cesium';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDgm, readDgmGeoTiff, type DgmTerrain } from '../../core/terrain/dgm.ts';
import type { QuantizedMeshParts } from '../../core/terrain/quantized-mesh.ts';
import { DgmTerrainProvider } from './dgm-terrain-provider.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dgm = path.join(root, '../shared/data/terrain/nrw-dgm1/dgm1_32_280_5652_1_nw_2022.tif');
const hasData = existsSync(dgm);
if (!hasData) console.warn(`dgm-terrain-provider test: ${dgm} not found, skipped`);

describe.skipIf(!hasData)('DgmTerrainProvider', () => {
  let terrain: DgmTerrain;
  beforeAll(async () => {
    const buffer = readFileSync(dgm);
    const bytes = buffer.buffer.slice(
      buffer.byteOffset,
      buffer.byteOffset + buffer.byteLength,
    ) as ArrayBuffer;
    terrain = openDgm(await readDgmGeoTiff(bytes, 'dgm1.tif'), 'dgm1.tif');
  });

  /** Cesium's x, y (rows from the north) of the deepest tile over the DGM's middle. */
  const deepest = () => {
    const z = terrain.info.maxLevel;
    const size = 180 / 2 ** z;
    return { z, x: Math.floor((5.872 + 180) / size), y: Math.floor((90 - 50.983) / size) };
  };

  it('hands Cesium quantized meshes with vertex normals, only where the DGM has data', async () => {
    const provider = new DgmTerrainProvider(terrain.info, (x, y, level) =>
      terrain.meshTile({ z: level, x, y: 2 ** level - 1 - y }),
    );
    expect(provider.hasVertexNormals).toBe(true);
    const { z, x, y } = deepest();
    expect(provider.getTileDataAvailable(x, y, z)).toBe(true);
    expect(provider.getTileDataAvailable(0, 0, z)).toBe(false);
    const data = await provider.requestTileGeometry(x, y, z);
    expect(data).toBeInstanceOf(QuantizedMeshTerrainData);
    const mesh = data as unknown as {
      _encodedNormals: Uint8Array;
      _quantizedVertices: Uint16Array;
      childTileMask: number;
    };
    expect(mesh._encodedNormals.length * 3).toBe(mesh._quantizedVertices.length * 2);
    // The deepest level has no children; a level above, the children over the DGM exist.
    expect(mesh.childTileMask).toBe(0);
    const parent = (await provider.requestTileGeometry(x >> 1, y >> 1, z - 1)) as unknown as typeof mesh;
    expect(parent.childTileMask).toBeGreaterThan(0);
  });

  it('holds back the globe’s requests beyond 16 at once, never a sample’s', async () => {
    const waiting: (() => void)[] = [];
    const parts = await terrain.meshTile({ z: 12, x: 0, y: 0 });
    const provider = new DgmTerrainProvider(
      terrain.info,
      () =>
        new Promise<QuantizedMeshParts>((resolve) => {
          waiting.push(() => resolve(parts));
        }),
    );
    const { z, x, y } = deepest();
    const asked = Array.from({ length: 20 }, (_, i) =>
      provider.requestTileGeometry(x, y, z, new Request({ url: `tile${i}`, throttle: false })),
    );
    expect(asked.filter((promise) => promise !== undefined)).toHaveLength(16);
    expect(provider.requestTileGeometry(x, y, z)).toBeDefined();
    for (const resolve of waiting) resolve();
    await Promise.all(asked);
    expect(provider.requestTileGeometry(x, y, z, new Request({ url: 'again' }))).toBeDefined();
  });
});
