/**
 * The tile pyramid of a terrain: depth first from the two root tiles, only tiles over the data. The deepest
 * level samples the source (through the caller's `TerrainSource`); every coarser tile is made from its four
 * children's grids, so the source is read once and memory holds at most four grids per level (bounded,
 * whatever the size of the input). Each tile's grid is simplified (RTIN) to that level's error: Cesium's own
 * geometric error for the level, so it loads the right level, and `maxError` at the deepest level.
 *
 * The walk samples the source on the calling thread; the per-tile work (making heights ellipsoidal, filling,
 * RTIN meshing, quantized-mesh encoding) goes through a `TerrainTileRunner`, which may run it on other threads:
 * the walk goes on while tiles are in work and yields them in the walk's order, so the output is the same
 * whatever the runner.
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
  /**
   * Optional: the two halves of `heights`, so that the correction can run with a tile's meshing (on a worker
   * thread): heights in the source's vertical datum (NaN without data) …
   */
  sourceHeights?(x: Float64Array, y: Float64Array, out: Float64Array): Promise<void> | void;
  /** … and, in place, the correction that makes them ellipsoidal (NaN stays NaN). */
  correctHeights?(x: Float64Array, y: Float64Array, heights: Float64Array): void;
}

/** A tile's grid to mesh and encode. */
export interface TerrainEncodeJob extends TileAddress {
  /** Grid nodes per side. */
  size: number;
  /** Largest vertical error the mesh may have, metres (`levelError`). */
  allowedError: number;
  /** size × size heights, row 0 north, NaN without data; filled in place (the job's own copy). */
  grid: Float32Array;
}

/** A deepest-level tile's work: its nodes' heights as sampled, made ellipsoidal when `correct`, then encoded. */
export interface TerrainLeafJob extends TileAddress {
  size: number;
  allowedError: number;
  /** Source CRS positions of the size × size nodes (row 0 north). */
  sourceX: Float64Array;
  sourceY: Float64Array;
  /** Heights at them: ellipsoidal, or in the source's vertical datum when `correct`; NaN without data. */
  heights: Float64Array;
  correct: boolean;
}

/** A leaf's result: the tile (undefined without data) and its unfilled ellipsoidal grid for the parent. */
export interface TerrainLeafResult {
  tile: TerrainTile | undefined;
  grid: Float32Array;
}

/**
 * Runs the per-tile work, here or elsewhere (worker threads: the arrays of a job may be transferred). The
 * results must be those of `runLeafJob` and `encodeTerrainTile`.
 */
export interface TerrainTileRunner {
  leaf(job: TerrainLeafJob): Promise<TerrainLeafResult>;
  encode(job: TerrainEncodeJob): Promise<TerrainTile | undefined>;
  /** Tiles the walk may have in work before it waits for the oldest (0: one at a time). */
  inFlight: number;
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
  /** Called after each tile of the deepest level is sampled: done and total. */
  onProgress?: (done: number, total: number) => void;
  /** Where the per-tile work runs (default: here, one tile at a time, with the source's own correction). */
  runner?: TerrainTileRunner;
}

export const TERRAIN_PYRAMID_DEFAULTS: Required<
  Omit<TerrainPyramidOptions, 'maxLevel' | 'onProgress' | 'runner'>
> = {
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

/** Source CRS positions of the size × size grid nodes of a tile (row 0 north). */
export function tileNodes(
  source: Pick<TerrainSource, 'toSource'>,
  rectangle: LonLatRectangle,
  size: number,
  lattice: number,
): { x: Float64Array; y: Float64Array } {
  // The projection is smooth over a tile: exact on a lattice, bilinear between its nodes (sub-millimetre).
  const projected = projectLattice(source.toSource, rectangle, lattice);
  const x = new Float64Array(size * size);
  const y = new Float64Array(size * size);
  const scale = (lattice - 1) / (size - 1);
  const point = new Float64Array(2);
  for (let row = 0; row < size; row++)
    for (let column = 0; column < size; column++) {
      interpolateLattice(projected, column * scale, row * scale, point);
      x[row * size + column] = point[0]!;
      y[row * size + column] = point[1]!;
    }
  return { x, y };
}

/** Samples the source at the grid nodes of one deepest-level tile: ellipsoidal heights, NaN without data. */
export async function sampleTile(
  source: TerrainSource,
  rectangle: LonLatRectangle,
  size: number,
  lattice: number,
): Promise<Float32Array> {
  const { x, y } = tileNodes(source, rectangle, size, lattice);
  const heights = new Float64Array(size * size);
  await source.heights(x, y, heights);
  return Float32Array.from(heights);
}

/** Fills the job's grid, meshes it within its error and encodes it; undefined when the grid has no data. */
export function encodeTerrainTile(job: TerrainEncodeJob): TerrainTile | undefined {
  const { z, x, y, size, grid } = job;
  if (!fillNoData(grid, size)) return undefined;
  const { mesh, error } = rtinMeshWithin(grid, size, job.allowedError);
  const { bytes, stats } = encodeQuantizedMesh({
    rectangle: tileRectangle({ z, x, y }),
    size,
    heights: grid,
    mesh,
  });
  return {
    z,
    x,
    y,
    path: `${z}/${x}/${y}.terrain`,
    bytes,
    vertices: stats.vertices,
    triangles: stats.triangles,
    error,
  };
}

/** A leaf's work (`correct`: the source's correction, needed when `job.correct`). */
export function runLeafJob(
  job: TerrainLeafJob,
  correct?: (x: Float64Array, y: Float64Array, heights: Float64Array) => void,
): TerrainLeafResult {
  if (job.correct) {
    if (!correct) throw new Error('terrain: a leaf job asks for a height correction but none was given');
    correct(job.sourceX, job.sourceY, job.heights);
  }
  const grid = Float32Array.from(job.heights);
  const { z, x, y, size, allowedError } = job;
  return { tile: encodeTerrainTile({ z, x, y, size, allowedError, grid: Float32Array.from(grid) }), grid };
}

/** The per-tile work on this thread, one tile at a time, with `source`'s correction. */
export function inProcessTileRunner(source: Pick<TerrainSource, 'correctHeights'>): TerrainTileRunner {
  const correct = source.correctHeights?.bind(source);
  return {
    inFlight: 0,
    leaf: (job) => Promise.resolve(runLeafJob(job, correct)),
    encode: (job) => Promise.resolve(encodeTerrainTile(job)),
  };
}

/**
 * Builds the pyramid depth first and yields each tile as soon as it is made (children before parents), in
 * the walk's order whatever the runner. Root tiles without data are written flat at height 0 (the
 * ellipsoid), since Cesium needs both roots.
 */
export async function* buildTerrainPyramid(
  source: TerrainSource,
  options: TerrainPyramidOptions,
): AsyncGenerator<TerrainTile> {
  const { maxLevel } = options;
  const maxError = options.maxError ?? TERRAIN_PYRAMID_DEFAULTS.maxError;
  const size = options.gridSize ?? TERRAIN_PYRAMID_DEFAULTS.gridSize;
  const lattice = options.projectionLattice ?? TERRAIN_PYRAMID_DEFAULTS.projectionLattice;
  const runner = options.runner ?? inProcessTileRunner(source);
  // With both halves of `heights`, the correction runs with the tile's meshing (on the runner).
  const raw = source.sourceHeights !== undefined && source.correctHeights !== undefined;
  const range = tileRangeOf(source.bounds, maxLevel);
  const total = (range.endX - range.startX + 1) * (range.endY - range.startY + 1);
  let done = 0;
  type Pending = { tile: Promise<TerrainTile | undefined> };
  const noGrid = Promise.resolve(undefined);

  /**
   * Walks the tile's subtree, yielding its tiles in work (children first); returns its unfilled grid for the
   * parent (undefined without data) once made. (Wrapped: an async generator would await a returned promise.)
   */
  async function* visit(
    address: TileAddress,
  ): AsyncGenerator<Pending, { grid: Promise<Float32Array | undefined> }> {
    const rectangle = tileRectangle(address);
    if (!rectanglesOverlap(rectangle, source.bounds)) return { grid: noGrid };
    const allowedError = levelError(address.z, maxLevel, maxError);
    if (address.z >= maxLevel) {
      const { x, y } = tileNodes(source, rectangle, size, lattice);
      const heights = new Float64Array(size * size);
      await (raw ? source.sourceHeights!(x, y, heights) : source.heights(x, y, heights));
      done += 1;
      options.onProgress?.(done, total);
      const result = runner.leaf({
        ...address,
        size,
        allowedError,
        sourceX: x,
        sourceY: y,
        heights,
        correct: raw,
      });
      yield { tile: result.then((r) => r.tile) };
      return { grid: result.then((r) => (r.tile ? r.grid : undefined)) };
    }
    const children: Promise<Float32Array | undefined>[] = [];
    for (const [dx, dy] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ] as const)
      children.push((yield* visit({ z: address.z + 1, x: address.x * 2 + dx, y: address.y * 2 + dy })).grid);
    const grid = Promise.all(children).then((grids) =>
      grids.every((child) => child === undefined) ? undefined : parentGrid(grids, size),
    );
    const tile = grid.then((g) =>
      g ? runner.encode({ ...address, size, allowedError, grid: Float32Array.from(g) }) : undefined,
    );
    yield { tile };
    return { grid: Promise.all([grid, tile]).then(([g, t]) => (t ? g : undefined)) };
  }

  async function* walk(): AsyncGenerator<Pending> {
    for (const x of [0, 1]) {
      const { grid } = yield* visit({ z: 0, x, y: 0 });
      const address = { z: 0, x, y: 0 };
      yield {
        tile: grid.then((g) =>
          g
            ? undefined
            : runner.encode({
                ...address,
                size,
                allowedError: levelError(0, maxLevel, maxError),
                grid: new Float32Array(size * size),
              }),
        ),
      };
    }
  }

  // Tiles in work, oldest first; the walk waits for the oldest beyond the runner's limit.
  const queue: Promise<TerrainTile | undefined>[] = [];
  for await (const { tile } of walk()) {
    // A failure surfaces when its tile is awaited; until then it must not count as unhandled.
    tile.catch(() => {});
    queue.push(tile);
    while (queue.length > runner.inFlight) {
      const next = await queue.shift()!;
      if (next) yield next;
    }
  }
  while (queue.length > 0) {
    const next = await queue.shift()!;
    if (next) yield next;
  }
}
