/**
 * Many grid files as one seamless grid: files on the same lattice (same spacing, origins a whole number of
 * cells apart, as the 1 km tiles of a state's DGM are) are addressed by one global node index, so a point
 * between two files is interpolated from nodes of both, with no seam. Windows of the files are read on
 * demand and kept in a least-recently-used cache bounded in cells.
 */
import { gridBounds, GridFormatError, GridSizeError, type GridGeometry, type HeightGrid } from './grid.ts';

/** A grid file that can be read window by window. */
export interface GridWindowSource {
  name: string;
  geometry: GridGeometry;
  /** Cells per window side. */
  windowSize: number;
  /** Heights (metres, NaN = no data) of window (wx, wy), row-major, clipped at the grid's edge. */
  readWindow(wx: number, wy: number): Promise<Float32Array>;
}

interface Placed {
  source: GridWindowSource;
  index: number;
  /** Global node index of the file's node (0, 0). */
  column0: number;
  row0: number;
}

/** Options of `GridMosaic`; defaults in GRID_MOSAIC_DEFAULTS. */
export interface GridMosaicOptions {
  /** Most cells the window cache holds (4 bytes each) beyond the windows one request needs. */
  cacheCells?: number;
  /**
   * Called once for a window whose `readWindow` failed (a damaged strip or tile). When it returns, the window's
   * cells are taken as no data, so the rest of the terrain still converts; the default throws the error on.
   */
  onUnreadableWindow?: (source: GridWindowSource, error: unknown) => void;
}

const WINDOWS = 2 ** 20;

/** Whether a file holds global node (column, row). */
function contains(p: Placed, column: number, row: number): boolean {
  return (
    column >= p.column0 &&
    row >= p.row0 &&
    column < p.column0 + p.source.geometry.width &&
    row < p.row0 + p.source.geometry.height
  );
}

/** 16 Mi cells (64 MiB): the windows around a few neighbouring tiles, which the depth-first walk visits together. */
export const GRID_MOSAIC_DEFAULTS: Required<GridMosaicOptions> = {
  cacheCells: 16 * 1024 * 1024,
  onUnreadableWindow: (_source, error) => {
    throw error;
  },
};

/**
 * Where each grid's node (0, 0) lies on the lattice of the first grid: whole columns and rows from the first's
 * node (0, 0). Throws `GridFormatError` naming a grid whose spacing differs from the first's, or whose origin is
 * not a whole number of cells from it.
 */
export function latticePlacements(
  grids: readonly { name: string; geometry: GridGeometry }[],
): { column0: number; row0: number }[] {
  const first = grids[0];
  if (!first) return [];
  const { stepX, stepY, originX, originY } = first.geometry;
  return grids.map(({ name, geometry: g }) => {
    const column = (g.originX - originX) / stepX;
    const row = (g.originY - originY) / stepY;
    if (
      Math.abs(g.stepX - stepX) > Math.abs(stepX) * 1e-9 ||
      Math.abs(g.stepY - stepY) > Math.abs(stepY) * 1e-9 ||
      Math.abs(column - Math.round(column)) > 1e-6 ||
      Math.abs(row - Math.round(row)) > 1e-6
    )
      throw new GridFormatError(
        `${name}: expected the grid spacing and alignment of ${first.name} (${stepX} × ${Math.abs(stepY)}, nodes at ${originX}, ${originY} + whole cells), got ${g.stepX} × ${Math.abs(g.stepY)} at ${g.originX}, ${g.originY}`,
      );
    return { column0: Math.round(column), row0: Math.round(row) };
  });
}

/**
 * Grids on one lattice (`latticePlacements`) as one grid over the box of all their nodes, NaN where none has
 * data; where grids overlap, the later one's heights where it has data (tiles that share their edge nodes, or a
 * tile's no-data margin over its neighbour). Throws `GridFormatError` as `latticePlacements` does, and
 * `GridSizeError` when that box has more than `maxCells` nodes (before its heights are allocated).
 */
export function mergeHeightGrids(
  grids: readonly { name: string; grid: HeightGrid }[],
  maxCells: number,
): HeightGrid {
  const first = grids[0];
  if (!first) throw new GridFormatError('no grids to merge');
  const placements = latticePlacements(grids.map(({ name, grid }) => ({ name, geometry: grid })));
  let column0 = Infinity;
  let row0 = Infinity;
  let column1 = -Infinity;
  let row1 = -Infinity;
  grids.forEach(({ grid }, index) => {
    const at = placements[index]!;
    column0 = Math.min(column0, at.column0);
    row0 = Math.min(row0, at.row0);
    column1 = Math.max(column1, at.column0 + grid.width);
    row1 = Math.max(row1, at.row0 + grid.height);
  });
  const width = column1 - column0;
  const height = row1 - row0;
  const { stepX, stepY, originX, originY } = first.grid;
  if (width * height > maxCells) throw new GridSizeError(width, height, stepX, stepY, maxCells);
  const values = new Float32Array(width * height).fill(Number.NaN);
  grids.forEach(({ grid }, index) => {
    const at = placements[index]!;
    for (let row = 0; row < grid.height; row++) {
      const from = row * grid.width;
      const to = (at.row0 - row0 + row) * width + (at.column0 - column0);
      // a tile's no-data cells leave what an overlapping tile put there
      for (let column = 0; column < grid.width; column++) {
        const height = grid.values[from + column]!;
        if (!Number.isNaN(height)) values[to + column] = height;
      }
    }
  });
  return {
    width,
    height,
    stepX,
    stepY,
    originX: originX + column0 * stepX,
    originY: originY + row0 * stepY,
    values,
  };
}

/** The files of one terrain as one grid; sampling is bilinear across file borders. */
export class GridMosaic {
  readonly lattice: GridGeometry;
  private readonly placed: Placed[];
  private readonly cache = new Map<number, Float32Array>();
  private cachedCells = 0;
  private readonly cacheCells: number;
  private readonly onUnreadableWindow: Required<GridMosaicOptions>['onUnreadableWindow'];
  /** Windows whose reading failed (taken as no data), by cache key: not read again. */
  private readonly unreadable = new Set<number>();
  private last: Placed | undefined;
  /** Windows read so far (a window read twice counts twice), for the report. */
  windowsRead = 0;

  /**
   * Throws `GridFormatError` naming the file when a file's spacing differs from the first file's, or its
   * origin is not a whole number of cells from it.
   */
  constructor(sources: readonly GridWindowSource[], options: GridMosaicOptions = {}) {
    const first = sources[0];
    if (!first) throw new GridFormatError('no grids to read');
    this.lattice = { ...first.geometry };
    this.cacheCells = options.cacheCells ?? GRID_MOSAIC_DEFAULTS.cacheCells;
    this.onUnreadableWindow = options.onUnreadableWindow ?? GRID_MOSAIC_DEFAULTS.onUnreadableWindow;
    const placements = latticePlacements(sources);
    this.placed = sources.map((source, index) => ({ source, index, ...placements[index]! }));
  }

  /** Bounds of every file's nodes, in the source CRS. */
  bounds(): { minX: number; minY: number; maxX: number; maxY: number }[] {
    return this.placed.map((p) => gridBounds(p.source.geometry));
  }

  private fileAt(column: number, row: number): Placed | undefined {
    if (this.last && contains(this.last, column, row)) return this.last;
    for (const p of this.placed)
      if (contains(p, column, row)) {
        this.last = p;
        return p;
      }
    return undefined;
  }

  /** A window's key: file index, window row and column packed into one number (windows per side < 2^20). */
  private windowKey(p: Placed, column: number, row: number): number {
    const size = p.source.windowSize;
    return (
      (p.index * WINDOWS + Math.floor((row - p.row0) / size)) * WINDOWS +
      Math.floor((column - p.column0) / size)
    );
  }

  private remember(key: number, values: Float32Array): void {
    this.cache.delete(key);
    this.cache.set(key, values);
    this.cachedCells += values.length;
  }

  /** Reads the windows holding the given nodes, evicting the least recently used beyond the budget. */
  private async load(keys: Set<number>): Promise<void> {
    for (const key of keys) {
      const cached = this.cache.get(key);
      if (cached) {
        this.cache.delete(key);
        this.cache.set(key, cached);
        continue;
      }
      const wx = key % WINDOWS;
      const wy = Math.floor(key / WINDOWS) % WINDOWS;
      const index = Math.floor(key / WINDOWS / WINDOWS);
      this.remember(key, await this.readWindow(key, this.placed[index]!, wx, wy));
    }
    for (const [key, values] of this.cache) {
      if (this.cachedCells <= this.cacheCells) break;
      if (keys.has(key)) continue;
      this.cache.delete(key);
      this.cachedCells -= values.length;
    }
  }

  /** Window (wx, wy) of a file; one that cannot be read is all no data once `onUnreadableWindow` returns. */
  private async readWindow(key: number, p: Placed, wx: number, wy: number): Promise<Float32Array> {
    const { geometry, windowSize: size } = p.source;
    const noData = () =>
      new Float32Array(
        Math.min(size, geometry.width - wx * size) * Math.min(size, geometry.height - wy * size),
      ).fill(Number.NaN);
    if (this.unreadable.has(key)) return noData();
    this.windowsRead += 1;
    try {
      return await p.source.readWindow(wx, wy);
    } catch (error) {
      this.onUnreadableWindow(p.source, error);
      this.unreadable.add(key);
      return noData();
    }
  }

  /** Height of a global node (metres), NaN where no file has data; its window must be loaded. */
  private node(column: number, row: number): number {
    const p = this.fileAt(column, row);
    if (!p) return Number.NaN;
    const values = this.cache.get(this.windowKey(p, column, row));
    if (!values) return Number.NaN;
    const size = p.source.windowSize;
    const localColumn = column - p.column0;
    const localRow = row - p.row0;
    const windowWidth = Math.min(size, p.source.geometry.width - Math.floor(localColumn / size) * size);
    return values[(localRow % size) * windowWidth + (localColumn % size)] ?? Number.NaN;
  }

  /** Bilinear heights (metres) at source CRS points into `out`; NaN where any of the four nodes has no data. */
  async sample(x: Float64Array, y: Float64Array, out: Float64Array): Promise<void> {
    const { originX, originY, stepX, stepY } = this.lattice;
    const keys = new Set<number>();
    let previous = -1;
    for (let i = 0; i < x.length; i++) {
      const fx = Math.floor((x[i]! - originX) / stepX);
      const fy = Math.floor((y[i]! - originY) / stepY);
      for (let corner = 0; corner < 4; corner++) {
        const column = fx + (corner & 1);
        const row = fy + (corner >> 1);
        const p = this.fileAt(column, row);
        if (!p) continue;
        const key = this.windowKey(p, column, row);
        if (key !== previous) keys.add(key);
        previous = key;
      }
    }
    await this.load(keys);
    for (let i = 0; i < x.length; i++) out[i] = this.at(x[i]!, y[i]!);
  }

  /** Bilinear height at a point whose nodes are loaded (global node indices may be negative). */
  private at(x: number, y: number): number {
    const { originX, originY, stepX, stepY } = this.lattice;
    const fx = (x - originX) / stepX;
    const fy = (y - originY) / stepY;
    const c0 = Math.floor(fx);
    const r0 = Math.floor(fy);
    const tx = fx - c0;
    const ty = fy - r0;
    // Nodes with weight 0 are not read: a point on the last node needs no node beyond it.
    let value = this.node(c0, r0) * (1 - tx) * (1 - ty);
    if (tx > 0) value += this.node(c0 + 1, r0) * tx * (1 - ty);
    if (ty > 0) value += this.node(c0, r0 + 1) * (1 - tx) * ty;
    if (tx > 0 && ty > 0) value += this.node(c0 + 1, r0 + 1) * tx * ty;
    return value;
  }
}
