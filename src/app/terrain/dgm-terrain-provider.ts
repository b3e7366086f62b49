/**
 * A dropped DGM as Cesium's terrain: a `TerrainProvider` whose tiles the terrain worker samples, simplifies and
 * meshes with oct-encoded vertex normals on request (the converter's quantized-mesh writer) and transfers as the
 * fields of `QuantizedMeshTerrainData`, so the globe's light shades the relief as on a converted tileset
 * (`hasVertexNormals`; Cesium's heightmap tiles carry no normals and were drawn flat-lit). Tile availability
 * covers the DGM's extent up to its deepest level, so Cesium asks only for tiles with data (it refines the others
 * from their parents) and `sampleTerrainMostDetailed` works on it. Cesium builds the vertex buffers from the
 * quantized mesh in its own worker: nothing here decodes or samples on the page.
 */
import {
  BoundingSphere,
  Cartesian3,
  Event,
  GeographicTilingScheme,
  OrientedBoundingBox,
  QuantizedMeshTerrainData,
  TileAvailability,
} from 'cesium';
import type { Credit, Request, TerrainData, TerrainProvider } from 'cesium';
import { cesiumGeometricError } from '../../core/terrain/tiling.ts';
import type { DgmInfo, QuantizedMeshParts } from '../../../workers/terrain-api.ts';

/** Where tiles come from: the terrain worker's `meshTile` (Cesium's x, y from the north, level). */
export type MeshTileSource = (x: number, y: number, level: number) => Promise<QuantizedMeshParts>;

/**
 * Tiles asked of the worker at once (it makes them one after the other, a few ms each). Beyond this Cesium gets
 * `undefined` and asks again next frame, as its request scheduler does for a tileset server (18 a server), so
 * tiles it has stopped wanting cannot pile up ahead of the ones it wants now.
 */
const MAX_IN_FLIGHT = 16;

/** Cesium's types say number[] for the edge lists; it reads them by index, and its own provider passes typed arrays. */
const edge = (indices: Uint16Array | Uint32Array) => indices as unknown as number[];

export class DgmTerrainProvider implements TerrainProvider {
  readonly errorEvent = new Event<TerrainProvider.ErrorEvent>();
  /** Cesium's credit line names the dropped file through the page's attributions (`DroppedTerrain`). */
  readonly credit = undefined as unknown as Credit;
  readonly tilingScheme = new GeographicTilingScheme();
  readonly hasWaterMask = false;
  readonly hasVertexNormals = true;
  readonly availability: TileAvailability;
  private readonly source: MeshTileSource;
  private inFlight = 0;

  constructor(info: DgmInfo, source: MeshTileSource) {
    this.source = source;
    const tiles = new TileAvailability(this.tilingScheme, info.maxLevel + 1);
    tiles.addAvailableTileRange(0, 0, 0, 1, 0);
    const { west, south, east, north } = info.extent;
    for (let level = 1; level <= info.maxLevel; level++) {
      const size = 180 / 2 ** level;
      const columns = 2 ** (level + 1);
      const rows = 2 ** level;
      const clamp = (value: number, count: number) => Math.min(count - 1, Math.max(0, value));
      tiles.addAvailableTileRange(
        level,
        clamp(Math.floor((west + 180) / size), columns),
        clamp(Math.floor((90 - north) / size), rows),
        clamp(Math.ceil((east + 180) / size) - 1, columns),
        clamp(Math.ceil((90 - south) / size) - 1, rows),
      );
    }
    this.availability = tiles;
  }

  /** The converter's geometric error per level (metres): the worker simplifies each tile to it. */
  getLevelMaximumGeometricError(level: number): number {
    return cesiumGeometricError(level);
  }

  getTileDataAvailable(x: number, y: number, level: number): boolean {
    return this.availability.isTileAvailable(level, x, y);
  }

  loadTileDataAvailability(): undefined {
    return undefined;
  }

  requestTileGeometry(
    x: number,
    y: number,
    level: number,
    request?: Request,
  ): Promise<TerrainData> | undefined {
    // Only the globe's requests (they come with a Request) are deferred; sampleTerrainMostDetailed's come without
    // and are always served.
    if (request !== undefined && this.inFlight >= MAX_IN_FLIGHT) return undefined;
    this.inFlight++;
    return this.source(x, y, level)
      .then((parts) => this.terrainData(parts, x, y, level))
      .finally(() => this.inFlight--);
  }

  private terrainData(parts: QuantizedMeshParts, x: number, y: number, level: number): TerrainData {
    const centre = Cartesian3.fromArray(parts.centre);
    // Skirts and oriented box as Cesium's CesiumTerrainProvider makes them for a quantized-mesh tile.
    const skirtHeight = this.getLevelMaximumGeometricError(level) * 5;
    const rectangle = this.tilingScheme.tileXYToRectangle(x, y, level);
    return new QuantizedMeshTerrainData({
      quantizedVertices: parts.quantizedVertices,
      indices: parts.indices,
      encodedNormals: parts.encodedNormals,
      minimumHeight: parts.minimumHeight,
      maximumHeight: parts.maximumHeight,
      boundingSphere: new BoundingSphere(centre, parts.radius),
      orientedBoundingBox: OrientedBoundingBox.fromRectangle(
        rectangle,
        parts.minimumHeight,
        parts.maximumHeight,
        this.tilingScheme.ellipsoid,
      ),
      horizonOcclusionPoint: Cartesian3.fromArray(parts.horizonOcclusionPoint),
      westIndices: edge(parts.westIndices),
      southIndices: edge(parts.southIndices),
      eastIndices: edge(parts.eastIndices),
      northIndices: edge(parts.northIndices),
      westSkirtHeight: skirtHeight,
      southSkirtHeight: skirtHeight,
      eastSkirtHeight: skirtHeight,
      northSkirtHeight: skirtHeight,
      childTileMask: this.availability.computeChildMaskForTile(level, x, y),
    });
  }
}
