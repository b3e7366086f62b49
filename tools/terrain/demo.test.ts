import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinEgm96 } from '../../src/core/crs/geoid.ts';
import { decodeQuantizedMesh, heightInTile } from '../../src/core/terrain/testing/quantized-mesh-decoder.ts';
import { tileSizeDegrees } from '../../src/core/terrain/tiling.ts';
import { DEMO_CITY_SRS_NAME } from '../demo-city/citygml-writer.ts';
import { generateDemoCityChunks } from '../demo-city/generate.ts';
import { parseDemoCity } from '../demo-city/parse-for-tests.ts';
import { DEMO_TERRAIN_DEFAULTS, writeDemoTerrain } from './demo.ts';
import type { TerrainReport } from './run.ts';
import { terrainCrs } from './source.ts';

describe('demo city terrain', () => {
  let work: string;
  let report: TerrainReport;
  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'terrain-demo-'));
    report = await writeDemoTerrain(path.join(work, 'demo'));
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** Terrain height (ellipsoidal metres) at lon/lat from the deepest level's tile. */
  const terrainAt = (lon: number, lat: number): number => {
    const z = DEMO_TERRAIN_DEFAULTS.maxLevel;
    const size = tileSizeDegrees(z);
    const x = Math.floor((lon + 180) / size);
    const y = Math.floor((lat + 90) / size);
    const tile = decodeQuantizedMesh(readFileSync(path.join(work, 'demo', `${z}`, `${x}`, `${y}.terrain`)));
    return heightInTile(tile, (lon + 180) / size - x, (lat + 90) / size - y);
  };

  it('meets every ground polygon corner of the demo CityGML, made ellipsoidal as the buildings are', () => {
    expect(report.heightCorrection).toMatch(/^EGM96 .* added to DHHN2016 heights$/);
    const city = parseDemoCity([...generateDemoCityChunks()].join(''));
    // The same transformer the converter makes for the buildings' srsName and default geoid.
    const { transformer } = terrainCrs(DEMO_CITY_SRS_NAME, builtinEgm96());
    let worst = 0;
    let corners = 0;
    for (const feature of city.ground)
      for (const polygon of feature.polygons)
        for (let i = 0; i < polygon.coordinates.length; i += 3 * 7) {
          const [lon, lat, h] = transformer.toGeodetic(
            polygon.coordinates[i]!,
            polygon.coordinates[i + 1]!,
            polygon.coordinates[i + 2]!,
          );
          worst = Math.max(worst, Math.abs(terrainAt(lon, lat) - h));
          corners += 1;
        }
    console.info(`demo terrain vs ${corners} ground corners: largest difference ${worst.toFixed(3)} m`);
    expect(corners).toBeGreaterThan(100);
    // The stated 0.1 m against the 65-node grid, plus the ground's bends between grid nodes.
    expect(worst).toBeLessThanOrEqual(0.12);
  });

  it('covers the district with a margin, every level from the two roots', () => {
    const layer = JSON.parse(readFileSync(path.join(work, 'demo', 'layer.json'), 'utf8')) as {
      available: { startX: number; endX: number }[][];
      bounds: number[];
    };
    expect(layer.available).toHaveLength(DEMO_TERRAIN_DEFAULTS.maxLevel + 1);
    expect(layer.available[0]).toEqual([{ startX: 0, startY: 0, endX: 1, endY: 0 }]);
    // About 7.2°E 51.27°N, a few kilometres across.
    const [west = 0, south = 0, east = 0, north = 0] = layer.bounds;
    expect(west).toBeGreaterThan(7.1);
    expect(east).toBeLessThan(7.3);
    expect((north - south) * 111).toBeGreaterThan(3);
  });
});
