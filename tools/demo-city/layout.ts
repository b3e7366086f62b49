/**
 * Street grid, terrain and block plan of the demo district around Rathaus Barmen (Wuppertal).
 *
 * Two frames are used:
 * - the **grid frame** (u, v) in metres: u runs along the Wupper valley (roughly east-north-east), v across it
 *   (north-north-west), origin at the district centre;
 * - the **map frame** EPSG:25832 (ETRS89 / UTM 32N) easting/northing in metres, heights DHHN2016 in metres
 *   above NHN. `gridToMap` turns the first into the second (a proper rotation plus a shift).
 *
 * Blocks are indexed (i, j): column i along u, row j along v; block (0, 0) holds the town hall, the river
 * runs in the gap between rows -1 and 0. Every length and code is drawn from hash-seeded generators, per
 * index, so any block can be rebuilt on its own and the layout does not depend on the number of buildings.
 */
import { hashInts, SeededRandom } from '../../src/core/util/random.ts';

/** Easting of the district centre near Rathaus Barmen, EPSG:25832 metres. */
export const CENTRE_EASTING = 374_500;
/** Northing of the district centre near Rathaus Barmen, EPSG:25832 metres. */
export const CENTRE_NORTHING = 5_683_500;
/** Rotation of the street grid against grid north-east, degrees counter-clockwise (the valley axis). */
export const GRID_ROTATION_DEGREES = 8;
/** Water level of the Wupper at u = 0, DHHN2016 metres above NHN. */
export const RIVER_LEVEL = 151.5;
/** Rise of the valley floor per metre of u (upstream is east). */
const VALLEY_GRADIENT = 0.0018;
/** Slopes of the valley sides next to the river (rise per metre), easing off with distance. */
const NORTH_SLOPE = 0.035;
const SOUTH_SLOPE = 0.045;
const SLOPE_EASE_METRES = 2500;
/** Width of the green bank on either side of the water, metres. */
export const RIVER_BANK_WIDTH = 12;
/** Width of the water surface, metres. */
export const RIVER_WATER_WIDTH = 28;
const RIVER_GAP = 2 * RIVER_BANK_WIDTH + RIVER_WATER_WIDTH;

// cos and sin of GRID_ROTATION_DEGREES as literals: the generator uses only IEEE-exact arithmetic (+ - * /,
// rounding), never engine-dependent transcendental functions, so its bytes are the same everywhere.
const COS = 0.9902680687415704;
const SIN = 0.13917310096006544;

/** Grid-frame metres (u, v) to EPSG:25832 easting/northing metres. */
export function gridToMap(u: number, v: number): [number, number] {
  return [CENTRE_EASTING + u * COS - v * SIN, CENTRE_NORTHING + u * SIN + v * COS];
}

/** Salts that keep the hash streams of different quantities apart. */
const Salt = {
  ColumnWidth: 11,
  ColumnGap: 12,
  RowDepth: 13,
  RowGap: 14,
  BlockKind: 15,
  BlockContent: 16,
} as const;

interface Band {
  start: number;
  end: number;
}

/**
 * Positions of block columns (or rows) along one grid axis, computed outwards from index 0 on demand.
 * Gap `g` is the street between index g and g + 1.
 */
class GridAxis {
  private readonly positive: Band[] = [];
  private readonly negative: Band[] = [];

  constructor(
    private readonly blockWidth: (index: number) => number,
    private readonly gapWidth: (gap: number) => number,
  ) {}

  /** Extent of block `index` along the axis, grid metres. */
  block(index: number): Band {
    if (index >= 0) {
      while (this.positive.length <= index) {
        const k = this.positive.length;
        const previous = this.positive[k - 1];
        const start = previous === undefined ? -this.blockWidth(0) / 2 : previous.end + this.gapWidth(k - 1);
        this.positive.push({ start, end: start + this.blockWidth(k) });
      }
      return this.positive[index]!;
    }
    while (this.negative.length < -index) {
      const k = -this.negative.length - 1;
      const next = k === -1 ? this.block(0) : this.negative[this.negative.length - 1]!;
      const end = next.start - this.gapWidth(k);
      this.negative.push({ start: end - this.blockWidth(k), end });
    }
    return this.negative[-index - 1]!;
  }

  /** Extent of gap (street) `gap`, between blocks gap and gap + 1, grid metres. */
  gap(gap: number): Band {
    return { start: this.block(gap).end, end: this.block(gap + 1).start };
  }
}

/** Kinds of block content. */
export type BlockKind =
  | 'townhall'
  | 'church'
  | 'school'
  | 'rows'
  | 'detached'
  | 'commercial'
  | 'park'
  | 'cemetery'
  | 'square'
  | 'open';

/** One street block: indices, ring (Chebyshev distance from the centre block) and its grid-frame rectangle. */
export interface Block {
  i: number;
  j: number;
  ring: number;
  kind: BlockKind;
  /** Proper name of special blocks (park, cemetery, square). */
  name?: string;
  u0: number;
  u1: number;
  v0: number;
  v1: number;
}

/** Blocks placed by hand near the centre; everything else is drawn at random per ring. */
const FIXED_BLOCKS: Record<string, { kind: BlockKind; name?: string }> = {
  '0,0': { kind: 'townhall' },
  '-1,1': { kind: 'church' },
  '1,1': { kind: 'school' },
  '-2,0': { kind: 'square', name: 'Alter Markt' },
  '0,-3': { kind: 'park', name: 'Barmer Anlagen' },
  '-3,-2': { kind: 'cemetery', name: 'Unterbarmer Friedhof' },
  '2,2': { kind: 'park', name: 'Toelleturm-Park' },
};

/**
 * The deterministic layout of one demo district: street grid, terrain and block kinds for a seed.
 * All lengths are grid-frame metres, heights DHHN2016 metres.
 */
export class DistrictLayout {
  readonly columns: GridAxis;
  readonly rows: GridAxis;
  /** Height offset above the river level at the start/end of each row band, cached outwards. */
  private readonly rowHeights = new Map<number, { start: number; end: number }>();

  constructor(readonly seed: number) {
    this.columns = new GridAxis(
      (i) => 64 + 48 * this.unit(Salt.ColumnWidth, i),
      (c) => (((c % 5) + 5) % 5 === 2 ? 22 : 12 + 6 * this.unit(Salt.ColumnGap, c)),
    );
    this.rows = new GridAxis(
      (j) => 56 + 36 * this.unit(Salt.RowDepth, j),
      (g) => (g === -1 ? RIVER_GAP : 12 + 6 * this.unit(Salt.RowGap, g)),
    );
  }

  private unit(salt: number, index: number): number {
    return hashInts(this.seed, salt, index) / 4294967296;
  }

  /** A random stream for the content of one block, independent of every other block. */
  blockRandom(i: number, j: number): SeededRandom {
    return new SeededRandom(hashInts(this.seed, Salt.BlockContent, i, j));
  }

  /** Grid-frame v of the lower (south) and upper (north) water edges of the Wupper. */
  riverEdges(): { south: number; north: number } {
    const gap = this.rows.gap(-1);
    return { south: gap.start + RIVER_BANK_WIDTH, north: gap.end - RIVER_BANK_WIDTH };
  }

  /** Side slope (rise per metre away from the river) at grid v, easing off with distance. */
  private sideSlope(v: number): number {
    const edges = this.riverEdges();
    if (v >= edges.north) return NORTH_SLOPE / (1 + (v - edges.north) / SLOPE_EASE_METRES);
    return SOUTH_SLOPE / (1 + (edges.south - v) / SLOPE_EASE_METRES);
  }

  /**
   * Height above the river level at the start and end (in v) of row band j. The terrain is linear in v within
   * each row band and each street band, so every ground polygon that stays inside one band is planar.
   */
  private rowHeight(j: number): { start: number; end: number } {
    const cached = this.rowHeights.get(j);
    if (cached) return cached;
    const band = this.rows.block(j);
    const rise = (from: number, to: number): number => this.sideSlope((from + to) / 2) * Math.abs(to - from);
    let result: { start: number; end: number };
    if (j === 0) {
      const start = rise(this.riverEdges().north, band.start);
      result = { start, end: start + rise(band.start, band.end) };
    } else if (j === -1) {
      const end = rise(band.end, this.riverEdges().south);
      result = { start: end + rise(band.start, band.end), end };
    } else if (j > 0) {
      // Iterate outwards so long districts do not recurse deeply.
      let previous = this.rowHeight(0);
      for (let k = 1; k <= j; k++) {
        const cachedK = this.rowHeights.get(k);
        if (cachedK) {
          previous = cachedK;
          continue;
        }
        const gap = this.rows.gap(k - 1);
        const own = this.rows.block(k);
        const start = previous.end + rise(gap.start, gap.end);
        previous = { start, end: start + rise(own.start, own.end) };
        this.rowHeights.set(k, previous);
      }
      result = previous;
    } else {
      let previous = this.rowHeight(-1);
      for (let k = -2; k >= j; k--) {
        const cachedK = this.rowHeights.get(k);
        if (cachedK) {
          previous = cachedK;
          continue;
        }
        const gap = this.rows.gap(k);
        const own = this.rows.block(k);
        const end = previous.start + rise(gap.start, gap.end);
        previous = { start: end + rise(own.start, own.end), end };
        this.rowHeights.set(k, previous);
      }
      result = previous;
    }
    this.rowHeights.set(j, result);
    return result;
  }

  /**
   * Terrain height, DHHN2016 metres, at grid point (u, v) lying in row band `j` (v between the row's start
   * and end) or, with `gap` set, in the street band after row `j` (between rows j and j + 1).
   */
  terrainHeight(u: number, v: number, j: number, gap = false): number {
    const base = RIVER_LEVEL + VALLEY_GRADIENT * u;
    if (!gap) {
      const band = this.rows.block(j);
      const h = this.rowHeight(j);
      return base + h.start + ((h.end - h.start) * (v - band.start)) / (band.end - band.start);
    }
    const band = this.rows.gap(j);
    if (j === -1) {
      const edges = this.riverEdges();
      if (v <= edges.south) return base + (this.rowHeight(-1).end * (edges.south - v)) / RIVER_BANK_WIDTH;
      if (v >= edges.north) return base + (this.rowHeight(0).start * (v - edges.north)) / RIVER_BANK_WIDTH;
      return base;
    }
    const from = this.rowHeight(j).end;
    const to = this.rowHeight(j + 1).start;
    return base + from + ((to - from) * (v - band.start)) / (band.end - band.start);
  }

  /** The block at column i, row j, with its kind. */
  block(i: number, j: number): Block {
    const ring = Math.max(Math.abs(i), Math.abs(j));
    const column = this.columns.block(i);
    const row = this.rows.block(j);
    const fixed = FIXED_BLOCKS[`${i},${j}`];
    const chosen = fixed ?? { kind: this.randomKind(i, j, ring) };
    const block: Block = {
      i,
      j,
      ring,
      kind: chosen.kind,
      u0: column.start,
      u1: column.end,
      v0: row.start,
      v1: row.end,
    };
    if (chosen.name !== undefined) block.name = chosen.name;
    return block;
  }

  private randomKind(i: number, j: number, ring: number): BlockKind {
    if (ring <= 1) return 'rows';
    const random = new SeededRandom(hashInts(this.seed, Salt.BlockKind, i, j));
    const draw = random.next();
    const byRiver = j === -1 || j === 0;
    const thresholds: [BlockKind, number][] = [
      ['park', 0.035],
      ['cemetery', ring >= 4 ? 0.012 : 0],
      ['school', 0.025],
      ['church', 0.018],
      ['commercial', byRiver && ring >= 3 ? 0.4 : 0.05],
      ['detached', Math.min(0.75, Math.max(0, (ring - 3) / 6))],
    ];
    let cumulative = 0;
    for (const [kind, probability] of thresholds) {
      cumulative += probability;
      if (draw < cumulative) return kind;
    }
    return 'rows';
  }
}

/** Blocks of ring r in spiral order: along the north row eastwards, down the east side, back west, up the west side. */
export function* ringIndices(ring: number): Generator<[number, number]> {
  if (ring === 0) {
    yield [0, 0];
    return;
  }
  for (let i = -ring; i <= ring; i++) yield [i, ring];
  for (let j = ring - 1; j >= -ring; j--) yield [ring, j];
  for (let i = ring - 1; i >= -ring; i--) yield [i, -ring];
  for (let j = -ring + 1; j <= ring - 1; j++) yield [-ring, j];
}
