/**
 * A dropped DGM as Cesium's terrain: `CustomHeightmapTerrainProvider` whose height tiles (65 × 65 ellipsoidal
 * heights) the terrain worker samples on request and transfers, with tile availability over the DGM's extent up
 * to its deepest level, so Cesium asks only for tiles with data (it refines the others from their parents), and
 * `sampleTerrainMostDetailed` works on it as on a quantized-mesh tileset. Cesium meshes heightmaps in its own
 * worker: nothing here decodes or samples on the page.
 */
import { CustomHeightmapTerrainProvider, HeightmapTerrainData, TileAvailability } from 'cesium';
import type { Request, TerrainData } from 'cesium';
import type { DgmInfo } from '../../../workers/terrain-api.ts';

/** Nodes per side of the worker's height tiles (`DGM_TILE_SIZE` of the core). */
const SIZE = 65;

/** Where height tiles come from: the terrain worker's `heightTile` (Cesium's x, y from the north, level). */
export type HeightTileSource = (x: number, y: number, level: number) => Promise<Float32Array>;

export class DgmTerrainProvider extends CustomHeightmapTerrainProvider {
  private readonly tiles: TileAvailability;
  private readonly source: HeightTileSource;
  private readonly maxLevel: number;

  constructor(info: DgmInfo, source: HeightTileSource) {
    super({ width: SIZE, height: SIZE, callback: (x, y, level) => source(x, y, level) });
    this.source = source;
    this.maxLevel = info.maxLevel;
    const scheme = this.tilingScheme;
    this.tiles = new TileAvailability(scheme, info.maxLevel + 1);
    this.tiles.addAvailableTileRange(0, 0, 0, 1, 0);
    const { west, south, east, north } = info.extent;
    for (let level = 1; level <= info.maxLevel; level++) {
      const size = 180 / 2 ** level;
      const columns = 2 ** (level + 1);
      const rows = 2 ** level;
      const clamp = (value: number, count: number) => Math.min(count - 1, Math.max(0, value));
      this.tiles.addAvailableTileRange(
        level,
        clamp(Math.floor((west + 180) / size), columns),
        clamp(Math.floor((90 - north) / size), rows),
        clamp(Math.ceil((east + 180) / size) - 1, columns),
        clamp(Math.ceil((90 - south) / size) - 1, rows),
      );
    }
    // The base class says it has no availability (a getter on its prototype); this instance has one.
    Object.defineProperty(this, 'availability', { value: this.tiles });
  }

  override getTileDataAvailable(x: number, y: number, level: number): boolean {
    return this.tiles.isTileAvailable(level, x, y);
  }

  override loadTileDataAvailability(): undefined {
    return undefined;
  }

  override requestTileGeometry(
    x: number,
    y: number,
    level: number,
    _request?: Request,
  ): Promise<TerrainData> | undefined {
    void _request;
    const child = level + 1;
    const available = (cx: number, cy: number) =>
      child <= this.maxLevel && this.tiles.isTileAvailable(child, cx, cy);
    // Bits: south-west, south-east, north-west, north-east (Cesium's rows run from the north).
    const childTileMask =
      (available(2 * x, 2 * y + 1) ? 1 : 0) |
      (available(2 * x + 1, 2 * y + 1) ? 2 : 0) |
      (available(2 * x, 2 * y) ? 4 : 0) |
      (available(2 * x + 1, 2 * y) ? 8 : 0);
    return this.source(x, y, level).then(
      (buffer) => new HeightmapTerrainData({ buffer, width: SIZE, height: SIZE, childTileMask }),
    );
  }
}
