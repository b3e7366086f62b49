/**
 * The tile pyramid of a terrain: depth first from the two root tiles, only tiles over the data. The deepest
 * level samples the source (through the caller's `TerrainSource`); every coarser tile is made from its four
 * children's grids, so the source is read once and memory holds at most four grids per level (bounded,
 * whatever the size of the input). Each tile's grid is simplified (RTIN) to that level's error: Cesium's own
 * geometric error for the level, so it loads the right level, and `maxError` at the deepest level.
 */
import { interpolateLattice, projectLattice } from './lattice.ts';
import { rtinMeshWithin } from './rtin.ts';
import { encodeQuantizedMesh } from './quantized-mesh.ts';
import {
  cesiumGeometricError,
  rectanglesOverlap,
  tileRangeOf,
  tileRectangle,
  type LonLatRectangle,
  type TileAddress,
} from './tiling.ts';

/** Where the heights come from: positions in the source CRS, heights made ellipsoidal by the caller. */
export interface TerrainSource {
  /** Data extent, degrees (ETRS89/WGS84); tiles outside it are not made. */
  bounds: LonLatRectangle;
  /** Longitude, latitude (degrees) → source CRS x, y (the exact inverse of the CRS module's transform). */
  toSource(lonDeg: number, latDeg: number): [number, number];
  /**
   * Ellipsoidal heights (WGS84 metres) at source CRS points, written into `out`; NaN where the source has no
   * data. The same geoid correction as the buildings get is the caller's to apply.
   */
  heights(x: Float64Array, y: Float64Array, out: Float64Array): Promise<void> | void;
}

/** Options of `buildTerrainPyramid`; defaults in TERRAIN_PYRAMID_DEFAULTS. */
export interface TerrainPyramidOptions {
  /** Deepest level, whose grid should be as fine as the source (`levelForResolution`). */
  maxLevel: number;
  /** Largest vertical error (metres) of the deepest level's meshes against the resampled grid. */
  maxError?: number;
  /** Grid nodes per tile side (2^k + 1). */
  gridSize?: number;
  /** Nodes per side of the lattice on which `toSource` is evaluated per tile (bilinear in between). */
  projectionLattice?: number;
  /** Called after each tile of the deepest level: done and total. */
  onProgress?: (done: number, total: number) => void;
}

export const TERRAIN_PYRAMID_DEFAULTS: Required<Omit<TerrainPyramidOptions, 'maxLevel' | 'onProgress'>> = {
  maxError: 0.25,
  gridSize: 257,
  projectionLattice: 17,
};

/** One written tile. */
export interface TerrainTile extends TileAddress {
  /** `{z}/{x}/{y}.terrain` */
  path: string;
  bytes: Uint8Array;
  vertices: number;
  triangles: number;
  /** Measured largest vertical error of the mesh against the tile's grid, metres. */
  error: number;
}

/** The error a level's meshes may have, metres. */
export function levelError(z: number, maxLevel: number, maxError: number): number {
  return z >= maxLevel ? maxError : Math.max(maxError, cesiumGeometricError(z));
}

/** Fills NaN nodes with the value of the nearest valid node (breadth first); false when there is none. */
export function fillNoData(grid: Float32Array, size: number): boolean {
  const queue = new Int32Array(grid.length);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < grid.length; i++) if (!Number.isNaN(grid[i]!)) queue[tail++] = i;
  if (tail === 0) return false;
  if (tail === grid.length) return true;
  while (head < tail) {
    const i = queue[head++]!;
    const column = i % size;
    const value = grid[i]!;
    for (let k = 0; k < 4; k++) {
      if ((k === 0 && column === 0) || (k === 1 && column === size - 1)) continue;
      const j = k === 0 ? i - 1 : k === 1 ? i + 1 : k === 2 ? i - size : i + size;
      if (j < 0 || j >= grid.length || !Number.isNaN(grid[j]!)) continue;
      grid[j] = value;
      queue[tail++] = j;
    }
  }
  return true;
}

/**
 * A parent's grid from its four children's (south-west, south-east, north-west, north-east; undefined: no
 * data): every second node; where that node has no data, the mean of its valid neighbours, so that small
 * data areas still reach the coarse levels.
 */
export function parentGrid(children: (Float32Array | undefined)[], size: number): Float32Array {
  const span = size - 1;
  const wide = 2 * span + 1;
  const at = (gx: number, gy: number): number => {
    if (gx < 0 || gy < 0 || gx >= wide || gy >= wide) return Number.NaN;
    // A node on the children's shared edge is in two (or four) of them: the first with data counts.
    for (const cy of gy < span ? [0] : gy > span ? [1] : [0, 1])
      for (const cx of gx < span ? [0] : gx > span ? [1] : [0, 1]) {
        const value = children[cy * 2 + cx]?.[(gy - cy * span) * size + (gx - cx * span)];
        if (value !== undefined && !Number.isNaN(value)) return value;
      }
    return Number.NaN;
  };
  const grid = new Float32Array(size * size);
  for (let row = 0; row < size; row++)
    for (let column = 0; column < size; column++) {
      let value = at(column * 2, row * 2);
      if (Number.isNaN(value)) {
        let sum = 0;
        let count = 0;
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) {
            const neighbour = at(column * 2 + dx, row * 2 + dy);
            if (!Number.isNaN(neighbour)) {
              sum += neighbour;
              count += 1;
            }
          }
        value = count > 0 ? sum / count : Number.NaN;
      }
      grid[row * size + column] = value;
    }
  return grid;
}

/** Samples the source at the grid nodes of one deepest-level tile: ellipsoidal heights, NaN without data. */
export async function sampleTile(
  source: TerrainSource,
  rectangle: LonLatRectangle,
  size: number,
  lattice: number,
): Promise<Float32Array> {
  // The projection is smooth over a tile: exact on a lattice, bilinear between its nodes (sub-millimetre).
  const projected = projectLattice(source.toSource, rectangle, lattice);
  const xs = new Float64Array(size * size);
  const ys = new Float64Array(size * size);
  const scale = (lattice - 1) / (size - 1);
  const point = new Float64Array(2);
  for (let row = 0; row < size; row++)
    for (let column = 0; column < size; column++) {
      interpolateLattice(projected, column * scale, row * scale, point);
      xs[row * size + column] = point[0]!;
      ys[row * size + column] = point[1]!;
    }
  const heights = new Float64Array(size * size);
  await source.heights(xs, ys, heights);
  return Float32Array.from(heights);
}

/**
 * Builds the pyramid depth first and yields each tile as soon as it is written (children before parents).
 * Root tiles without data are written flat at height 0 (the ellipsoid), since Cesium needs both roots.
 */
export async function* buildTerrainPyramid(
  source: TerrainSource,
  options: TerrainPyramidOptions,
): AsyncGenerator<TerrainTile> {
  const { maxLevel } = options;
  const maxError = options.maxError ?? TERRAIN_PYRAMID_DEFAULTS.maxError;
  const size = options.gridSize ?? TERRAIN_PYRAMID_DEFAULTS.gridSize;
  const lattice = options.projectionLattice ?? TERRAIN_PYRAMID_DEFAULTS.projectionLattice;
  const range = tileRangeOf(source.bounds, maxLevel);
  const total = (range.endX - range.startX + 1) * (range.endY - range.startY + 1);
  let done = 0;

  const encode = (address: TileAddress, grid: Float32Array): TerrainTile => {
    const { mesh, error } = rtinMeshWithin(grid, size, levelError(address.z, maxLevel, maxError));
    const { bytes, stats } = encodeQuantizedMesh({
      rectangle: tileRectangle(address),
      size,
      heights: grid,
      mesh,
    });
    return {
      ...address,
      path: `${address.z}/${address.x}/${address.y}.terrain`,
      bytes,
      vertices: stats.vertices,
      triangles: stats.triangles,
      error,
    };
  };

  /** Yields the tile's subtree and the tile; returns its unfilled grid for the parent, undefined without data. */
  async function* visit(address: TileAddress): AsyncGenerator<TerrainTile, Float32Array | undefined> {
    const rectangle = tileRectangle(address);
    if (!rectanglesOverlap(rectangle, source.bounds)) return undefined;
    let grid: Float32Array;
    if (address.z >= maxLevel) {
      grid = await sampleTile(source, rectangle, size, lattice);
      done += 1;
      options.onProgress?.(done, total);
    } else {
      const children: (Float32Array | undefined)[] = [];
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const)
        children.push(yield* visit({ z: address.z + 1, x: address.x * 2 + dx, y: address.y * 2 + dy }));
      if (children.every((child) => child === undefined)) return undefined;
      grid = parentGrid(children, size);
    }
    const filled = Float32Array.from(grid);
    if (!fillNoData(filled, size)) return undefined;
    yield encode(address, filled);
    return grid;
  }

  for (const x of [0, 1]) {
    const grid = yield* visit({ z: 0, x, y: 0 });
    if (!grid) yield encode({ z: 0, x, y: 0 }, new Float32Array(size * size));
  }
}
