/**
 * The geographic tiling scheme of quantized-mesh terrain as CesiumJS's `CesiumTerrainProvider` expects it
 * (`projection: "EPSG:4326"`, `scheme: "tms"`): two root tiles at level 0 (west and east hemisphere), each tile
 * split into four; TMS rows, so y = 0 is the southernmost row.
 */

/** A rectangle in degrees (WGS84/ETRS89 longitude and latitude). */
export interface LonLatRectangle {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** A tile address: level z, column x (from 180°W eastwards), row y (from 90°S northwards, TMS). */
export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

/** Size of a tile's side at level z, degrees (the same in longitude and latitude). */
export function tileSizeDegrees(z: number): number {
  return 180 / 2 ** z;
}

/** The tile's rectangle, degrees. */
export function tileRectangle({ z, x, y }: TileAddress): LonLatRectangle {
  const size = tileSizeDegrees(z);
  return {
    west: -180 + x * size,
    south: -90 + y * size,
    east: -180 + (x + 1) * size,
    north: -90 + (y + 1) * size,
  };
}

/** Tiles in x (2^(z+1)) and y (2^z) at level z. */
export function tilesAtLevel(z: number): { columns: number; rows: number } {
  return { columns: 2 ** (z + 1), rows: 2 ** z };
}

/** Inclusive column and row ranges of the tiles at level z that intersect `rectangle` (degrees). */
export function tileRangeOf(
  rectangle: LonLatRectangle,
  z: number,
): { startX: number; startY: number; endX: number; endY: number } {
  const size = tileSizeDegrees(z);
  const { columns, rows } = tilesAtLevel(z);
  const clamp = (value: number, count: number) => Math.min(count - 1, Math.max(0, value));
  return {
    startX: clamp(Math.floor((rectangle.west + 180) / size), columns),
    endX: clamp(Math.ceil((rectangle.east + 180) / size) - 1, columns),
    startY: clamp(Math.floor((rectangle.south + 90) / size), rows),
    endY: clamp(Math.ceil((rectangle.north + 90) / size) - 1, rows),
  };
}

/** Whether two rectangles share more than an edge. */
export function rectanglesOverlap(a: LonLatRectangle, b: LonLatRectangle): boolean {
  return a.west < b.east && b.west < a.east && a.south < b.north && b.south < a.north;
}

/** WGS84 semi-major axis, metres (Cesium's `Ellipsoid.WGS84.maximumRadius`). */
const WGS84_A = 6_378_137;

/**
 * The geometric error (metres) CesiumJS assumes for a quantized-mesh tile at level z: its
 * `TerrainProvider.getEstimatedLevelZeroGeometricErrorForAHeightmap(WGS84, 64, 2)` halved per level. Cesium
 * refines a tile while this error, projected to the screen, exceeds its maximum screen-space error, so a mesh
 * simplified to at most this error at each level makes Cesium load the right level.
 */
export function cesiumGeometricError(z: number): number {
  return (WGS84_A * 2 * Math.PI * 0.25) / (64 * 2) / 2 ** z;
}

/**
 * The coarsest level whose tile grid (`gridSize` nodes a side) is at least as fine as `resolutionMetres` in
 * both directions at latitude `latitudeDeg`: the level where the source's detail is fully kept.
 */
export function levelForResolution(resolutionMetres: number, latitudeDeg: number, gridSize: number): number {
  const metresPerDegree = (WGS84_A * Math.PI) / 180;
  const cosLat = Math.max(0.01, Math.cos((latitudeDeg * Math.PI) / 180));
  for (let z = 0; z < 24; z++) {
    const cellDeg = tileSizeDegrees(z) / (gridSize - 1);
    if (
      cellDeg * metresPerDegree <= resolutionMetres &&
      cellDeg * metresPerDegree * cosLat <= resolutionMetres
    )
      return z;
  }
  return 24;
}
