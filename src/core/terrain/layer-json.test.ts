import { describe, expect, it } from 'vitest';
import { availableRanges, layerJson } from './layer-json.ts';
import { cesiumGeometricError, levelForResolution, tileRangeOf, tileRectangle } from './tiling.ts';

describe('geographic TMS tiling', () => {
  it('has two root tiles and TMS rows (y = 0 in the south)', () => {
    expect(tileRectangle({ z: 0, x: 0, y: 0 })).toEqual({ west: -180, south: -90, east: 0, north: 90 });
    expect(tileRectangle({ z: 0, x: 1, y: 0 })).toEqual({ west: 0, south: -90, east: 180, north: 90 });
    expect(tileRectangle({ z: 1, x: 2, y: 1 })).toEqual({ west: 0, south: 0, east: 90, north: 90 });
    // Wuppertal (7.2°E 51.27°N) at level 15 lies in the tile the Maastricht tileset's numbering predicts.
    const range = tileRangeOf({ west: 7.2, south: 51.27, east: 7.2, north: 51.27 }, 15);
    expect(range.startX).toBe(Math.floor(((7.2 + 180) / 180) * 2 ** 15));
    expect(range.startY).toBe(Math.floor(((51.27 + 90) / 180) * 2 ** 15));
  });

  it('assumes the geometric error CesiumTerrainProvider does, halved per level', () => {
    expect(cesiumGeometricError(0)).toBeCloseTo(78271.52, 1);
    expect(cesiumGeometricError(17)).toBeCloseTo(78271.52 / 131072, 6);
  });

  it('chooses the level whose grid is as fine as the source', () => {
    // 257 nodes a side: level 17 has 0.60 m (north) × 0.38 m (east at 51°) cells, level 16 twice that.
    expect(levelForResolution(1, 51, 257)).toBe(17);
    expect(levelForResolution(2, 51, 257)).toBe(16);
  });
});

describe('layer.json', () => {
  it('merges tiles into row runs and runs into rectangles, level by level', () => {
    const tiles = [
      { z: 0, x: 0, y: 0 },
      { z: 0, x: 1, y: 0 },
      { z: 2, x: 4, y: 2 },
      { z: 2, x: 5, y: 2 },
      { z: 2, x: 4, y: 3 },
      { z: 2, x: 5, y: 3 },
      { z: 2, x: 7, y: 3 },
    ];
    expect(availableRanges(tiles)).toEqual([
      [{ startX: 0, startY: 0, endX: 1, endY: 0 }],
      [],
      [
        { startX: 4, startY: 2, endX: 5, endY: 3 },
        { startX: 7, startY: 3, endX: 7, endY: 3 },
      ],
    ]);
  });

  it('names what CesiumTerrainProvider needs', () => {
    const json = layerJson([{ z: 0, x: 1, y: 0 }], [7, 51, 7.1, 51.1], [1], { name: 'demo' });
    expect(json).toMatchObject({
      format: 'quantized-mesh-1.0',
      tiles: ['{z}/{x}/{y}.terrain?v={version}'],
      extensions: ['octvertexnormals'],
      projection: 'EPSG:4326',
      scheme: 'tms',
      maxzoom: 0,
      available: [[{ startX: 1, startY: 0, endX: 1, endY: 0 }]],
    });
  });
});
