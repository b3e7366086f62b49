/**
 * Occluder triangles in the study's ENU frame (metres, float64) and a uniform 2D grid over them for "does this
 * ray towards the sun hit anything?". Sun rays rise, so a ray is walked cell by cell in plan view (2D DDA) and
 * stops as soon as it is higher than every triangle; a cell whose triangles all lie below the ray where it enters
 * is skipped. Chosen over a BVH because the scene is a height field of buildings: cells are cheap to walk and the
 * height cut ends most rays after a few cells (measured against brute force in `bench/shadow-study.ts`).
 */

/** Triangles as x, y, z of three corners each (9 numbers per triangle), ENU metres. */
export type Triangles = Float64Array;

/** How the grid is built. */
export interface OccluderGridOptions {
  /** Cell edge, metres; 0 chooses one from the triangles' density (about four triangles per cell). */
  cellSize?: number;
  /** Longest a grid side may be, cells. */
  maxCellsPerSide?: number;
}

export const OCCLUDER_GRID_DEFAULTS: Required<OccluderGridOptions> = { cellSize: 0, maxCellsPerSide: 1024 };

/** The acceleration structure; build with `buildOccluderGrid`. */
export interface OccluderGrid {
  /** Per triangle: corner 0, edge 1, edge 2 (9 numbers), for Möller–Trumbore. */
  prepared: Float64Array;
  triangleCount: number;
  west: number;
  south: number;
  cellSize: number;
  columns: number;
  rows: number;
  /** Triangle indices of cell c are cellTriangles[cellStart[c] .. cellStart[c + 1]). */
  cellStart: Uint32Array;
  cellTriangles: Uint32Array;
  /** Highest z of any triangle touching each cell (−∞ for empty cells). */
  cellTop: Float64Array;
  /** Highest z of all triangles. */
  top: number;
  /** Per triangle: the ray that tested it last (so a triangle spanning cells is tested once per ray). */
  stamp: Uint32Array;
  ray: number;
}

/** Builds the grid over `triangles` (ENU metres). */
export function buildOccluderGrid(triangles: Triangles, options: OccluderGridOptions = {}): OccluderGrid {
  const cellOption = options.cellSize ?? OCCLUDER_GRID_DEFAULTS.cellSize;
  const maxSide = options.maxCellsPerSide ?? OCCLUDER_GRID_DEFAULTS.maxCellsPerSide;
  const count = Math.floor(triangles.length / 9);
  const prepared = new Float64Array(count * 9);
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  let top = -Infinity;
  for (let t = 0; t < count; t++) {
    const o = t * 9;
    for (let k = 0; k < 9; k += 3) {
      const x = triangles[o + k]!;
      const y = triangles[o + k + 1]!;
      west = Math.min(west, x);
      east = Math.max(east, x);
      south = Math.min(south, y);
      north = Math.max(north, y);
      top = Math.max(top, triangles[o + k + 2]!);
    }
    for (let k = 0; k < 3; k++) {
      const v0 = triangles[o + k]!;
      prepared[o + k] = v0;
      prepared[o + 3 + k] = triangles[o + 3 + k]! - v0;
      prepared[o + 6 + k] = triangles[o + 6 + k]! - v0;
    }
  }
  if (count === 0) {
    west = south = 0;
    east = north = 1;
  }
  const width = Math.max(east - west, 1e-6);
  const height = Math.max(north - south, 1e-6);
  let cellSize = cellOption > 0 ? cellOption : Math.sqrt((width * height * 4) / Math.max(count, 1));
  cellSize = Math.max(cellSize, width / maxSide, height / maxSide, 0.25);
  const columns = Math.max(1, Math.ceil(width / cellSize));
  const rows = Math.max(1, Math.ceil(height / cellSize));
  const cells = columns * rows;
  const cellTop = new Float64Array(cells).fill(-Infinity);
  const counts = new Uint32Array(cells + 1);
  const forEachCell = (t: number, visit: (cell: number) => void) => {
    const o = t * 9;
    const xs = [triangles[o]!, triangles[o + 3]!, triangles[o + 6]!];
    const ys = [triangles[o + 1]!, triangles[o + 4]!, triangles[o + 7]!];
    const c0 = clampIndex(Math.floor((Math.min(...xs) - west) / cellSize), columns);
    const c1 = clampIndex(Math.floor((Math.max(...xs) - west) / cellSize), columns);
    const r0 = clampIndex(Math.floor((Math.min(...ys) - south) / cellSize), rows);
    const r1 = clampIndex(Math.floor((Math.max(...ys) - south) / cellSize), rows);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) visit(r * columns + c);
  };
  for (let t = 0; t < count; t++) forEachCell(t, (cell) => counts[cell + 1]!++);
  const cellStart = new Uint32Array(cells + 1);
  for (let c = 0; c < cells; c++) cellStart[c + 1] = cellStart[c]! + counts[c + 1]!;
  const cursor = cellStart.slice(0, cells);
  const cellTriangles = new Uint32Array(cellStart[cells]!);
  for (let t = 0; t < count; t++) {
    const o = t * 9;
    const high = Math.max(triangles[o + 2]!, triangles[o + 5]!, triangles[o + 8]!);
    forEachCell(t, (cell) => {
      cellTriangles[cursor[cell]!++] = t;
      if (high > cellTop[cell]!) cellTop[cell] = high;
    });
  }
  return {
    prepared,
    triangleCount: count,
    west,
    south,
    cellSize,
    columns,
    rows,
    cellStart,
    cellTriangles,
    cellTop,
    top,
    stamp: new Uint32Array(count),
    ray: 0,
  };
}

function clampIndex(index: number, size: number): number {
  return index < 0 ? 0 : index >= size ? size - 1 : index;
}

/** Smallest ray parameter that counts as a hit, metres: keeps a point from hitting the surface it stands on. */
const T_MIN = 1e-4;

/**
 * Möller–Trumbore: the distance along the ray (origin o, unit direction d, metres) to prepared triangle `t`, or
 * Infinity when it misses or lies behind (closer than T_MIN).
 */
export function rayTriangle(
  prepared: Float64Array,
  t: number,
  ox: number,
  oy: number,
  oz: number,
  dx: number,
  dy: number,
  dz: number,
): number {
  const i = t * 9;
  const e1x = prepared[i + 3]!;
  const e1y = prepared[i + 4]!;
  const e1z = prepared[i + 5]!;
  const e2x = prepared[i + 6]!;
  const e2y = prepared[i + 7]!;
  const e2z = prepared[i + 8]!;
  const px = dy * e2z - dz * e2y;
  const py = dz * e2x - dx * e2z;
  const pz = dx * e2y - dy * e2x;
  const det = e1x * px + e1y * py + e1z * pz;
  if (det > -1e-12 && det < 1e-12) return Infinity;
  const inv = 1 / det;
  const sx = ox - prepared[i]!;
  const sy = oy - prepared[i + 1]!;
  const sz = oz - prepared[i + 2]!;
  const u = (sx * px + sy * py + sz * pz) * inv;
  if (u < 0 || u > 1) return Infinity;
  const qx = sy * e1z - sz * e1y;
  const qy = sz * e1x - sx * e1z;
  const qz = sx * e1y - sy * e1x;
  const v = (dx * qx + dy * qy + dz * qz) * inv;
  if (v < 0 || u + v > 1) return Infinity;
  const distance = (e2x * qx + e2y * qy + e2z * qz) * inv;
  return distance > T_MIN ? distance : Infinity;
}

/**
 * True when the ray from (ox, oy, oz) along the unit vector (dx, dy, dz) (ENU metres, dz > 0 for the sun) hits a
 * triangle of the grid.
 */
export function rayBlocked(
  grid: OccluderGrid,
  ox: number,
  oy: number,
  oz: number,
  dx: number,
  dy: number,
  dz: number,
): boolean {
  if (grid.triangleCount === 0 || oz > grid.top) return false;
  const ray = (grid.ray = (grid.ray + 1) >>> 0 || 1);
  const { cellSize, columns, rows, west, south, cellStart, cellTriangles, cellTop, prepared, stamp } = grid;
  const east = west + columns * cellSize;
  const north = south + rows * cellSize;
  // Clip the ray (in plan view) to the grid's rectangle.
  let tEnter = 0;
  let tExit = Infinity;
  if (Math.abs(dx) < 1e-15) {
    if (ox < west || ox > east) return false;
  } else {
    const a = (west - ox) / dx;
    const b = (east - ox) / dx;
    tEnter = Math.max(tEnter, Math.min(a, b));
    tExit = Math.min(tExit, Math.max(a, b));
  }
  if (Math.abs(dy) < 1e-15) {
    if (oy < south || oy > north) return false;
  } else {
    const a = (south - oy) / dy;
    const b = (north - oy) / dy;
    tEnter = Math.max(tEnter, Math.min(a, b));
    tExit = Math.min(tExit, Math.max(a, b));
  }
  if (tEnter > tExit) return false;
  const topExit = dz > 0 ? (grid.top - oz) / dz : Infinity;
  tExit = Math.min(tExit, topExit);
  if (tEnter > tExit) return false;
  const x = ox + dx * tEnter;
  const y = oy + dy * tEnter;
  let column = clampIndex(Math.floor((x - west) / cellSize), columns);
  let row = clampIndex(Math.floor((y - south) / cellSize), rows);
  const stepColumn = dx > 0 ? 1 : dx < 0 ? -1 : 0;
  const stepRow = dy > 0 ? 1 : dy < 0 ? -1 : 0;
  const tDeltaX = stepColumn !== 0 ? cellSize / Math.abs(dx) : Infinity;
  const tDeltaY = stepRow !== 0 ? cellSize / Math.abs(dy) : Infinity;
  let tNextX =
    stepColumn > 0
      ? (west + (column + 1) * cellSize - ox) / dx
      : stepColumn < 0
        ? (west + column * cellSize - ox) / dx
        : Infinity;
  let tNextY =
    stepRow > 0
      ? (south + (row + 1) * cellSize - oy) / dy
      : stepRow < 0
        ? (south + row * cellSize - oy) / dy
        : Infinity;
  let t = tEnter;
  for (;;) {
    const cell = row * columns + column;
    // The ray rises (or stays level): within this cell it is at least as high as where it entered.
    if (oz + dz * Math.max(t, 0) <= cellTop[cell]! || dz <= 0) {
      for (let k = cellStart[cell]!, end = cellStart[cell + 1]!; k < end; k++) {
        const triangle = cellTriangles[k]!;
        if (stamp[triangle] === ray) continue;
        stamp[triangle] = ray;
        if (rayTriangle(prepared, triangle, ox, oy, oz, dx, dy, dz) !== Infinity) return true;
      }
    }
    if (tNextX < tNextY) {
      t = tNextX;
      tNextX += tDeltaX;
      column += stepColumn;
      if (column < 0 || column >= columns) return false;
    } else {
      t = tNextY;
      tNextY += tDeltaY;
      row += stepRow;
      if (row < 0 || row >= rows || stepRow === 0) return false;
    }
    if (t > tExit) return false;
  }
}

/** The same question by brute force (every triangle): the reference for tests and the benchmark's peer. */
export function rayBlockedBruteForce(
  grid: Pick<OccluderGrid, 'prepared' | 'triangleCount'>,
  ox: number,
  oy: number,
  oz: number,
  dx: number,
  dy: number,
  dz: number,
): boolean {
  for (let t = 0; t < grid.triangleCount; t++) {
    if (rayTriangle(grid.prepared, t, ox, oy, oz, dx, dy, dz) !== Infinity) return true;
  }
  return false;
}

/**
 * Heights (ENU z, metres) where a vertical line through (x, y) crosses the triangles, highest first: the ground a
 * point stands on, and whether something (a roof) covers it.
 */
export function verticalHits(grid: OccluderGrid, x: number, y: number): number[] {
  const { cellSize, columns, rows, west, south, cellStart, cellTriangles, prepared } = grid;
  const column = Math.floor((x - west) / cellSize);
  const row = Math.floor((y - south) / cellSize);
  if (grid.triangleCount === 0 || column < 0 || row < 0 || column >= columns || row >= rows) return [];
  const cell = row * columns + column;
  const hits: number[] = [];
  const oz = grid.top + 1;
  for (let k = cellStart[cell]!, end = cellStart[cell + 1]!; k < end; k++) {
    const distance = rayTriangle(prepared, cellTriangles[k]!, x, y, oz, 0, 0, -1);
    if (distance !== Infinity) hits.push(oz - distance);
  }
  return hits.sort((a, b) => b - a);
}
