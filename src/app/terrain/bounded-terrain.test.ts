import { EllipsoidTerrainProvider, GeographicTilingScheme, QuantizedMeshTerrainData } from 'cesium';
import type { TerrainProvider } from 'cesium';
import { describe, expect, it } from 'vitest';
import { FLAT_FROM_LEVEL, flatTerrain, flatTile, isFarTile, terrainBounds } from './bounded-terrain.ts';

/** The demo terrain's layer.json as tools/build-demo-tiles.ts writes it (bounds in degrees). */
const DEMO_LAYER = {
  bounds: [7.169095831055702, 51.2694833272699, 7.231564316206069, 51.30801830551885],
  maxzoom: 16,
  available: [],
};

describe('terrainBounds', () => {
  it('reads bounds and the deepest level; none for a hemisphere or no bounds', () => {
    expect(terrainBounds(DEMO_LAYER)).toEqual({
      west: 7.169095831055702,
      south: 51.2694833272699,
      east: 7.231564316206069,
      north: 51.30801830551885,
      maxLevel: 16,
    });
    expect(terrainBounds({ bounds: [0, -90, 180, 90], available: [[], []] })).toBeUndefined();
    expect(terrainBounds({ available: [[]] })).toBeUndefined();
    expect(terrainBounds({ bounds: [1, 2, 3, 4], available: [[], [], []] })?.maxLevel).toBe(2);
    expect(terrainBounds(null)).toBeUndefined();
  });
});

describe('isFarTile', () => {
  const bounds = terrainBounds(DEMO_LAYER)!;
  const tileAt = (lon: number, lat: number, level: number) => {
    const size = 180 / 2 ** level;
    return [Math.floor((lon + 180) / size), Math.floor((90 - lat) / size), level] as const;
  };
  it('is far at Aachen (1.3° west) in tiles clear of the margin, from level 7 on, never at the district or just beyond it', () => {
    expect(isFarTile(...tileAt(5.872, 50.983, 14), bounds)).toBe(true);
    expect(isFarTile(...tileAt(5.872, 50.983, 9), bounds)).toBe(true);
    // Level 7's 1.4° tile reaches into the margin: the tileset's.
    expect(isFarTile(...tileAt(5.872, 50.983, FLAT_FROM_LEVEL), bounds)).toBe(false);
    expect(isFarTile(...tileAt(-3, 40, FLAT_FROM_LEVEL), bounds)).toBe(true);
    expect(isFarTile(...tileAt(-3, 40, FLAT_FROM_LEVEL - 1), bounds)).toBe(false);
    expect(isFarTile(...tileAt(7.2, 51.289, 16), bounds)).toBe(false);
    expect(isFarTile(...tileAt(7.4, 51.4, 14), bounds)).toBe(false); // 0.17° beyond: within the margin
  });
});

describe('flatTile', () => {
  it('lies on the ellipsoid (height 0) all over the tile', () => {
    const scheme = new GeographicTilingScheme();
    const provider = {
      tilingScheme: scheme,
      getLevelMaximumGeometricError: () => 10,
    } as unknown as TerrainProvider;
    const [x, y, level] = [260, 37, 8];
    const tile = flatTile(provider, x, y, level);
    const r = scheme.tileXYToRectangle(x, y, level);
    for (const [fu, fv] of [
      [0.1, 0.2],
      [0.5, 0.5],
      [0.93, 0.71],
    ] as const) {
      const height = tile.interpolateHeight(r, r.west + fu * r.width, r.south + fv * r.height);
      expect(Math.abs(height)).toBeLessThan(1e-6);
    }
    expect(tile.isChildAvailable(x, y, 2 * x, 2 * y)).toBe(true);
  });
});

describe('flatTerrain', () => {
  it("is the ellipsoid as quantized-mesh tiles with normals, everything else Cesium's ellipsoid provider's", async () => {
    const provider = flatTerrain();
    const ellipsoid = new EllipsoidTerrainProvider();
    expect(provider).toBeInstanceOf(EllipsoidTerrainProvider);
    expect(provider.hasVertexNormals).toBe(true);
    expect(provider.getLevelMaximumGeometricError(5)).toBe(ellipsoid.getLevelMaximumGeometricError(5));
    const tile = await provider.requestTileGeometry(3, 1, 2);
    expect(tile).toBeInstanceOf(QuantizedMeshTerrainData);
    const r = provider.tilingScheme.tileXYToRectangle(3, 1, 2);
    expect(
      Math.abs(tile!.interpolateHeight(r, r.west + 0.3 * r.width, r.south + 0.6 * r.height)),
    ).toBeLessThan(1e-6);
  });
});
