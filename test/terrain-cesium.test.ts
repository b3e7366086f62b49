/**
 * CesiumJS's own quantized-mesh loading (`CesiumTerrainProvider`: layer.json, availability, tile parsing with
 * vertex normals) on a tileset written by the terrain converter, served over HTTP on 127.0.0.1; its heights
 * equal those of the independent test decoder.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Cesium from 'cesium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeQuantizedMesh, heightInTile } from '../src/core/terrain/testing/quantized-mesh-decoder.ts';
import { convertTerrain, type TerrainReport } from '../tools/terrain/run.ts';

describe('CesiumTerrainProvider reads the converter’s tiles', () => {
  let work: string;
  let server: Server;
  let url: string;
  let report: TerrainReport;
  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'terrain-cesium-'));
    const lines: string[] = [];
    for (let row = 0; row < 60; row++)
      for (let column = 0; column < 80; column++)
        lines.push(
          `${374500.5 + column} ${5683500.5 + row} ${(150 + 3 * Math.sin(column / 9) + 0.05 * row).toFixed(2)}`,
        );
    writeFileSync(path.join(work, 'grid.xyz'), `${lines.join('\n')}\n`);
    const out = path.join(work, 'terrain');
    report = await convertTerrain({
      inputs: [path.join(work, 'grid.xyz')],
      out,
      crs: 'EPSG:25832',
      quiet: true,
    });
    server = createServer((request, response) => {
      const file = path.join(out, decodeURIComponent((request.url ?? '/').split('?')[0]!));
      if (!file.startsWith(out) || !existsSync(file)) {
        response.statusCode = 404;
        response.end();
        return;
      }
      response.setHeader(
        'Content-Type',
        file.endsWith('.json') ? 'application/json' : 'application/vnd.quantized-mesh',
      );
      response.end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  }, 60_000);
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(work, { recursive: true, force: true });
  });

  it('loads layer.json with normals and availability, and every tile with the heights we wrote', async () => {
    const provider = await Cesium.CesiumTerrainProvider.fromUrl(url, { requestVertexNormals: true });
    expect(provider.hasVertexNormals).toBe(true);
    const [west = 0, south = 0, east = 0, north = 0] = report.bounds!;
    const centre = Cesium.Cartographic.fromDegrees((west + east) / 2, (south + north) / 2);
    expect(provider.availability?.computeMaximumLevelAtPosition(centre)).toBe(report.maxLevel);
    const layer = JSON.parse(readFileSync(path.join(work, 'terrain', 'layer.json'), 'utf8')) as {
      available: { startX: number; startY: number; endX: number; endY: number }[][];
    };
    const scheme = new Cesium.GeographicTilingScheme();
    let tiles = 0;
    for (let level = 0; level < layer.available.length; level++)
      for (const range of layer.available[level]!)
        for (let x = range.startX; x <= range.endX; x++)
          for (let tmsY = range.startY; tmsY <= range.endY; tmsY++) {
            // Cesium counts rows from the north; the provider turns them into TMS rows itself.
            const y = scheme.getNumberOfYTilesAtLevel(level) - 1 - tmsY;
            expect(provider.getTileDataAvailable(x, y, level)).toBe(true);
            const data = await provider.requestTileGeometry(x, y, level);
            expect(data).toBeInstanceOf(Cesium.QuantizedMeshTerrainData);
            const rectangle = scheme.tileXYToRectangle(x, y, level);
            const ours = decodeQuantizedMesh(
              readFileSync(path.join(work, 'terrain', `${level}`, `${x}`, `${tmsY}.terrain`)),
            );
            for (const [fx, fy] of [
              [0.5, 0.5],
              [0.13, 0.71],
              [0.87, 0.29],
            ] as const) {
              const lon = rectangle.west + fx * rectangle.width;
              const lat = rectangle.south + fy * rectangle.height;
              const cesium = (data as Cesium.QuantizedMeshTerrainData).interpolateHeight(rectangle, lon, lat);
              expect(Math.abs(cesium - heightInTile(ours, fx, fy))).toBeLessThan(1e-3);
            }
            tiles += 1;
          }
    expect(tiles).toBe(report.output.tiles);
  });
});
