/**
 * Tile planning of the streaming tileset builder: a quadtree over the buildings' centroids (dataset ENU
 * frame, buildings kept whole) within the leaf budgets, the largest buildings of each subtree promoted to
 * its inner tiles (far views, `refine: ADD`), and subtrees without content pruned.
 */
import { eastNorthUpFrame, ecefToLocal } from './ellipsoid.ts';
import type { LocalFrame } from './ellipsoid.ts';
import type { Column } from '../util/column.ts';

const MAX_DEPTH = 24;
/** Uncompressed leaves no wider than this keep uint16 positions within 5 mm in 3D (65 535 steps of 2·5/√3 mm = 378 m). */
const QUANTIZABLE_EXTENT_METRES = 370;

/**
 * The buildings being planned, as columns (a million buildings cost ~30 MB, not a million objects):
 * `order` holds building indices; every plan node owns a range of it, which its split permutes
 * (stably, so a subtree's order is the one its old array of entries had). East and north are metres in
 * the dataset's ENU frame, by building index.
 */
export interface PlanColumns {
  order: Uint32Array;
  east: Float64Array;
  north: Float64Array;
  /** Scratch for the stable quadrant partition. */
  scratch: Uint32Array;
}

/** Bounds of the centroids of `order[start, end)` (ENU metres, east and north). */
function centroidBounds(
  { order, east, north }: PlanColumns,
  start: number,
  end: number,
): { minE: number; maxE: number; minN: number; maxN: number } {
  let minE = Infinity;
  let maxE = -Infinity;
  let minN = Infinity;
  let maxN = -Infinity;
  for (let i = start; i < end; i++) {
    const index = order[i]!;
    minE = Math.min(minE, east[index]!);
    maxE = Math.max(maxE, east[index]!);
    minN = Math.min(minN, north[index]!);
    maxN = Math.max(maxN, north[index]!);
  }
  return { minE, maxE, minN, maxN };
}

/**
 * Building indices in `candidates` (changed: used as the heap) one at a time, the largest `sizes` first and
 * equal sizes in index order; -1 when none are left. Heapifies in linear time, then each call costs
 * log n: the first k of n cost O(n + k log n) instead of a full sort's O(n log n).
 */
export function largestFirst(candidates: Uint32Array, sizes: ArrayLike<number>): () => number {
  const heap = candidates;
  let length = heap.length;
  // Whether building a comes before building b.
  const before = (a: number, b: number) => sizes[a]! > sizes[b]! || (!(sizes[a]! < sizes[b]!) && a < b);
  const siftDown = (from: number) => {
    const item = heap[from]!;
    let at = from;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= length) break;
      if (child + 1 < length && before(heap[child + 1]!, heap[child]!)) child += 1;
      if (!before(heap[child]!, item)) break;
      heap[at] = heap[child]!;
      at = child;
    }
    heap[at] = item;
  };
  for (let i = (length >> 1) - 1; i >= 0; i--) siftDown(i);
  return () => {
    if (length === 0) return -1;
    const top = heap[0]!;
    length -= 1;
    if (length > 0) {
      heap[0] = heap[length]!;
      siftDown(0);
    }
    return top;
  };
}

/**
 * Stable partition of `order[start, end)` into the four quadrants (in quadrant order): count, then place.
 * Returns each quadrant's count and first position.
 */
function partitionQuadrants(
  { order, scratch }: PlanColumns,
  start: number,
  end: number,
  quadrant: (index: number) => number,
): { counts: number[]; firsts: number[] } {
  const counts = [0, 0, 0, 0];
  for (let i = start; i < end; i++) counts[quadrant(order[i]!)]! += 1;
  const at = [start, start + counts[0]!, start + counts[0]! + counts[1]!, end - counts[3]!];
  const firsts = [...at];
  for (let i = start; i < end; i++) {
    const index = order[i]!;
    scratch[at[quadrant(index)]!++] = index;
  }
  order.set(scratch.subarray(start, end), start);
  return { counts, firsts };
}

/** A tile of the plan: its buildings' range, its children and the buildings its content carries. */
export interface PlanNode {
  /** The subtree's buildings (before promotion): `order[start, end)` of the plan columns. */
  start: number;
  end: number;
  children: PlanNode[];
  /** Buildings whose geometry this tile's content carries. */
  content: number[];
  /** Largest building size (m) among the content of strict descendants. */
  descendantSize: number;
  /** Implicit plans only: the tile's quadtree cell (level, column east, row north) of `PlanGrid`. */
  cell?: { level: number; x: number; y: number };
}

/**
 * The square of an implicit plan in the dataset ENU frame (metres): level-0 cell centred at
 * (`centerEast`, `centerNorth`), `halfSize` wide each way; cell (l, x, y) is its 2^l × 2^l subdivision
 * (x eastwards, y northwards), the implicit QUADTREE subdivision of a root box with these axes.
 */
export interface PlanGrid {
  centerEast: number;
  centerNorth: number;
  halfSize: number;
}

/** What the planner reads of the builder: per-building columns (by building index) and the budgets. */
export interface PlanInput {
  count: number;
  centroidX: Column<Float64Array>;
  centroidY: Column<Float64Array>;
  centroidZ: Column<Float64Array>;
  /** Bounding-box diagonal, metres. */
  sizes: Column<Float32Array>;
  vertexCounts: Column<Uint32Array>;
  byteEstimates: Column<Uint32Array>;
  settings: {
    maxBuildingsPerTile: number;
    maxVerticesPerTile: number;
    maxBytesPerTile: number;
    maxBuildingsPerInnerTile: number;
    quantize: boolean;
  };
  compress: boolean;
  /**
   * Plan on the implicit-tiling grid (`PlanGrid`): every split at its cell's midpoint, so that each tile
   * is a cell of the quadtree subdivision of one square (3D Tiles implicit QUADTREE); default false
   * (splits at the midpoint of the centroids' bounds, as explicit tilesets have always been).
   */
  implicit?: boolean;
}

/** Plans the tiles of one tileset (`new TilePlanner(input).plan()`). */
export class TilePlanner {
  /** The dataset's East-North-Up frame (at the centre of the centroids' bounds), set by `plan()`. */
  frame: LocalFrame | undefined;
  /** Implicit plans: the level-0 square, set by `plan()`. */
  grid: PlanGrid | undefined;

  constructor(private readonly input: PlanInput) {}

  /** The quadtree over the buildings' centroids, the largest buildings promoted to inner tiles, empty leaves pruned. */
  plan(): PlanNode {
    const count = this.input.count;
    const x = this.input.centroidX.data;
    const y = this.input.centroidY.data;
    const z = this.input.centroidZ.data;
    const min = [Infinity, Infinity, Infinity];
    const max = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < count; i++) {
      const point = [x[i]!, y[i]!, z[i]!];
      for (let axis = 0; axis < 3; axis++) {
        min[axis] = Math.min(min[axis]!, point[axis]!);
        max[axis] = Math.max(max[axis]!, point[axis]!);
      }
    }
    const datasetFrame = eastNorthUpFrame([
      (min[0]! + max[0]!) / 2,
      (min[1]! + max[1]!) / 2,
      (min[2]! + max[2]!) / 2,
    ]);
    const columns: PlanColumns = {
      order: new Uint32Array(count),
      east: new Float64Array(count),
      north: new Float64Array(count),
      scratch: new Uint32Array(count),
    };
    for (let index = 0; index < count; index++) {
      const [east, north] = ecefToLocal(datasetFrame, x[index]!, y[index]!, z[index]!);
      columns.order[index] = index;
      columns.east[index] = east!;
      columns.north[index] = north!;
    }
    this.frame = datasetFrame;
    if (this.input.implicit) this.grid = this.squareGrid(columns);
    const tree = this.split(columns, 0, count, 0);
    this.promote(tree, columns);
    this.prune(tree);
    return tree;
  }

  /**
   * The implicit level-0 square: the centroids' bounds grown by every building's half size (a building's
   * vertices lie within half its diagonal of its centroid), so the root box holds all content.
   */
  private squareGrid(columns: PlanColumns): PlanGrid {
    const { east, north } = columns;
    const sizes = this.input.sizes.data;
    let minE = Infinity;
    let maxE = -Infinity;
    let minN = Infinity;
    let maxN = -Infinity;
    for (let i = 0; i < this.input.count; i++) {
      const reach = sizes[i]! / 2;
      minE = Math.min(minE, east[i]! - reach);
      maxE = Math.max(maxE, east[i]! + reach);
      minN = Math.min(minN, north[i]! - reach);
      maxN = Math.max(maxN, north[i]! + reach);
    }
    // 1 m margin: rounding of boxes, and a non-degenerate square for a single tiny building.
    const halfSize = Math.max(maxE - minE, maxN - minN) / 2 + 1;
    return { centerEast: (minE + maxE) / 2, centerNorth: (minN + maxN) / 2, halfSize };
  }

  private fits(
    columns: PlanColumns,
    start: number,
    end: number,
    maxBuildings: number,
    maxVertices: number,
    maxBytes: number,
  ): boolean {
    if (end - start > maxBuildings) return false;
    const { order, east, north } = columns;
    let vertices = 0;
    let bytes = 0;
    let largest = 0;
    let minE = Infinity;
    let maxE = -Infinity;
    let minN = Infinity;
    let maxN = -Infinity;
    for (let i = start; i < end; i++) {
      const index = order[i]!;
      vertices += this.input.vertexCounts.data[index]!;
      bytes += this.input.byteEstimates.data[index]!;
      largest = Math.max(largest, this.input.sizes.data[index]!);
      minE = Math.min(minE, east[index]!);
      maxE = Math.max(maxE, east[index]!);
      minN = Math.min(minN, north[index]!);
      maxN = Math.max(maxN, north[index]!);
    }
    // Uncompressed quantised tiles stay small enough for one 16-bit grid at ≤ 5 mm (centroid span plus
    // the largest building); compressed ones need not (wide tiles use meshopt's exponential filter).
    const extent = Math.max(maxE - minE, maxN - minN) + largest;
    const quantizable =
      !this.input.settings.quantize || this.input.compress || extent <= QUANTIZABLE_EXTENT_METRES;
    return vertices <= maxVertices && bytes <= maxBytes && quantizable;
  }

  private split(
    columns: PlanColumns,
    start: number,
    end: number,
    depth: number,
    cell = { level: 0, x: 0, y: 0 },
  ): PlanNode {
    const { maxBuildingsPerTile, maxVerticesPerTile, maxBytesPerTile } = this.input.settings;
    const leaf = (): PlanNode => ({
      start,
      end,
      children: [],
      content: [],
      descendantSize: 0,
      ...(this.grid ? { cell } : {}),
    });
    if (
      end - start === 1 ||
      this.fits(columns, start, end, maxBuildingsPerTile, maxVerticesPerTile, maxBytesPerTile)
    )
      return leaf();
    if (this.grid) return this.splitOnGrid(columns, start, end, depth, cell) ?? leaf();
    const { order, east, north } = columns;
    /** Child ranges, as [start, end) pairs. */
    let groups: [number, number][] = [];
    if (depth < MAX_DEPTH) {
      const { minE, maxE, minN, maxN } = centroidBounds(columns, start, end);
      // Centroids closer than 1 cm (e.g. stacked parts) are treated as coincident: no quadrant split.
      if (Math.max(maxE - minE, maxN - minN) >= 0.01) {
        const midE = (minE + maxE) / 2;
        const midN = (minN + maxN) / 2;
        const quadrant = (index: number) => (east[index]! > midE ? 1 : 0) + (north[index]! > midN ? 2 : 0);
        const { counts, firsts } = partitionQuadrants(columns, start, end, quadrant);
        groups = [0, 1, 2, 3]
          .filter((q) => counts[q]! > 0)
          .map((q) => [firsts[q]!, firsts[q]! + counts[q]!] as [number, number]);
      }
    }
    if (groups.length < 2) {
      // Halves by position then input order (coincident centroids or very deep trees).
      order.subarray(start, end).sort((a, b) => east[a]! - east[b]! || north[a]! - north[b]! || a - b);
      const half = start + Math.ceil((end - start) / 2);
      groups = [
        [start, half],
        [half, end],
      ];
    }
    return {
      start,
      end,
      children: groups.map(([from, to]) => this.split(columns, from, to, depth + 1)),
      content: [],
      descendantSize: 0,
    };
  }

  /**
   * Implicit plans: the four quadrants of the tile's grid cell (empty ones left out, so a tile may have a
   * single child); undefined (a leaf over budget) when the centroids are closer than 1 cm or at MAX_DEPTH.
   */
  private splitOnGrid(
    columns: PlanColumns,
    start: number,
    end: number,
    depth: number,
    cell: { level: number; x: number; y: number },
  ): PlanNode | undefined {
    const grid = this.grid!;
    const { east, north } = columns;
    const { minE, maxE, minN, maxN } = centroidBounds(columns, start, end);
    if (depth >= MAX_DEPTH || Math.max(maxE - minE, maxN - minN) < 0.01) return undefined;
    const cellSize = (2 * grid.halfSize) / 2 ** cell.level;
    const midE = grid.centerEast - grid.halfSize + (cell.x + 0.5) * cellSize;
    const midN = grid.centerNorth - grid.halfSize + (cell.y + 0.5) * cellSize;
    // Quadrant = implicit child index (Morton order): bit 0 east, bit 1 north.
    const quadrant = (index: number) => (east[index]! >= midE ? 1 : 0) + (north[index]! >= midN ? 2 : 0);
    const { counts, firsts } = partitionQuadrants(columns, start, end, quadrant);
    const children = [0, 1, 2, 3]
      .filter((q) => counts[q]! > 0)
      .map((q) =>
        this.split(columns, firsts[q]!, firsts[q]! + counts[q]!, depth + 1, {
          level: cell.level + 1,
          x: cell.x * 2 + (q & 1),
          y: cell.y * 2 + (q >> 1),
        }),
      );
    return { start, end, children, content: [], descendantSize: 0, cell };
  }

  /** Top-down: each inner tile takes the largest not yet placed buildings of its subtree; leaves the rest. */
  private promote(tree: PlanNode, columns: PlanColumns): void {
    const { maxBuildingsPerInnerTile, maxVerticesPerTile, maxBytesPerTile } = this.input.settings;
    const placed = new Uint8Array(this.input.count);
    const sizes = this.input.sizes.data;
    const { order } = columns;
    const visit = (node: PlanNode): void => {
      if (node.children.length === 0) {
        for (let i = node.start; i < node.end; i++) if (!placed[order[i]!]) node.content.push(order[i]!);
        return;
      }
      if (maxBuildingsPerInnerTile > 0) {
        let unplaced = 0;
        for (let i = node.start; i < node.end; i++) if (!placed[order[i]!]) unplaced += 1;
        const candidates = new Uint32Array(unplaced);
        unplaced = 0;
        for (let i = node.start; i < node.end; i++)
          if (!placed[order[i]!]) candidates[unplaced++] = order[i]!;
        // Largest first (ties: input order), taken from a heap: an inner tile takes a few hundred of its
        // subtree's buildings, so sorting all of them at every level was most of the plan's time.
        const largest = largestFirst(candidates, sizes);
        let vertices = 0;
        let bytes = 0;
        for (let index = largest(); index >= 0; index = largest()) {
          if (node.content.length >= maxBuildingsPerInnerTile) break;
          const v = this.input.vertexCounts.data[index]!;
          const b = this.input.byteEstimates.data[index]!;
          if (vertices + v > maxVerticesPerTile / 4 || bytes + b > maxBytesPerTile / 4) continue;
          vertices += v;
          bytes += b;
          node.content.push(index);
          placed[index] = 1;
        }
      }
      node.children.forEach(visit);
    };
    visit(tree);
  }

  /** Drops empty subtrees, computes `descendantSize`, and frees the planning entries. */
  private prune(node: PlanNode): boolean {
    node.children = node.children.filter((child) => this.prune(child));
    let largest = 0;
    for (const child of node.children) {
      largest = Math.max(largest, child.descendantSize);
      for (const index of child.content) largest = Math.max(largest, this.input.sizes.data[index]!);
    }
    node.descendantSize = largest;
    return node.content.length > 0 || node.children.length > 0;
  }
}
