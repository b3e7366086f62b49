/**
 * The built-in demo city: a deterministic CityGML 2.0 LoD2 district around Rathaus Barmen, Wuppertal, in
 * EPSG:25832 with DHHN2016 heights. Pure and platform-free: it yields the document as text chunks, so a caller
 * can stream any number of buildings to disk in constant memory.
 *
 * Blocks fill ring by ring (a square spiral around the town hall block) until the requested number of
 * buildings is reached; the rest of the last ring stays open land, so the ground always covers a full square
 * of blocks with its streets, the river and its banks.
 */
import {
  DEMO_CITY_SRS_NAME,
  buildingXml,
  documentHead,
  documentTail,
  groundFeatureXml,
  type GroundFeature,
} from './citygml-writer.ts';
import { DistrictLayout, gridToMap, ringIndices, type Block } from './layout.ts';
import { streetName } from './addresses.ts';
import { isOpenBlock, planBlock, type BuildingPlan } from './plans.ts';
import { buildSolid, roundMm } from './solids.ts';

/** Options of the demo-city generator. */
export interface DemoCityOptions {
  /** Number of buildings to generate (1 to 10 000 000). */
  buildings?: number;
  /** Seed of the pseudo-random layout; any integer (taken modulo 2^32). */
  seed?: number;
  /**
   * Year of the state written: buildings constructed after it are left out, the others keep their gml:ids and
   * the district its ground (an older state of the same district, e.g. "Bestand 2015"). Default: no limit.
   */
  builtBy?: number;
}

/** Defaults: about 1 500 buildings, the district of a few hundred metres around the town hall. */
export const DEMO_CITY_DEFAULTS: Required<DemoCityOptions> = {
  buildings: 1500,
  seed: 1,
  builtBy: Number.POSITIVE_INFINITY,
};

const MAX_BUILDINGS = 10_000_000;

/** What a generated document contains, known before the first byte is written. */
export interface DemoCitySummary {
  /** Buildings written (fewer than requested when `builtBy` leaves the later ones out). */
  buildings: number;
  seed: number;
  /** Rings of blocks around the centre block (0 = only the town hall block). */
  outermostRing: number;
  /** Blocks covered by the ground, (2 * outermostRing + 1)^2. */
  blocks: number;
  srsName: string;
  /** Envelope of all coordinates: EPSG:25832 easting, northing (metres) and DHHN2016 height (metres). */
  lowerCorner: [number, number, number];
  upperCorner: [number, number, number];
}

/** Merges options over the defaults, ignoring undefined values, and validates them. */
export function resolveDemoCityOptions(options: DemoCityOptions = {}): Required<DemoCityOptions> {
  const resolved = { ...DEMO_CITY_DEFAULTS };
  for (const key of Object.keys(options) as (keyof DemoCityOptions)[]) {
    const value = options[key];
    if (value !== undefined) resolved[key] = value;
  }
  if (!Number.isInteger(resolved.buildings) || resolved.buildings < 1 || resolved.buildings > MAX_BUILDINGS) {
    throw new RangeError(
      `Demo city: buildings must be an integer from 1 to ${MAX_BUILDINGS}, got ${resolved.buildings}`,
    );
  }
  if (!Number.isSafeInteger(resolved.seed)) {
    throw new RangeError(`Demo city: seed must be an integer, got ${resolved.seed}`);
  }
  if (!Number.isSafeInteger(resolved.builtBy) && resolved.builtBy !== Number.POSITIVE_INFINITY) {
    throw new RangeError(`Demo city: builtBy must be a year (an integer), got ${resolved.builtBy}`);
  }
  return resolved;
}

/** Where filling stops: the ring and the position within the ring of the last block that holds buildings. */
interface FillPlan {
  ring: number;
  lastBlockInRing: number;
  /** Buildings taken from the last block (its first ones in plan order). */
  takenFromLastBlock: number;
  /** Buildings written: those taken that were built by `builtBy`. */
  written: number;
  maxTop: number;
}

/** Whether a planned building stands in the state of `builtBy` (a year). */
const standsBy = (plan: BuildingPlan, builtBy: number): boolean => plan.yearOfConstruction <= builtBy;

function planFill(layout: DistrictLayout, buildings: number, builtBy: number): FillPlan {
  let count = 0;
  let written = 0;
  let maxTop = -Infinity;
  for (let ring = 0; ; ring++) {
    let position = 0;
    for (const [i, j] of ringIndices(ring)) {
      const plans = planBlock(layout, layout.block(i, j));
      const take = Math.min(plans.length, buildings - count);
      for (let k = 0; k < take; k++) {
        const plan = plans[k]!;
        if (!standsBy(plan, builtBy)) continue;
        written++;
        maxTop = Math.max(maxTop, roundMm(plan.groundHeight + plan.eaveHeight + plan.roofHeight));
      }
      count += take;
      if (count === buildings)
        return { ring, lastBlockInRing: position, takenFromLastBlock: take, written, maxTop };
      position++;
    }
  }
}

/** Grid-frame extent of the ground: all blocks of rings <= R plus the streets around them. */
function groundExtent(
  layout: DistrictLayout,
  ring: number,
): { u0: number; u1: number; v0: number; v1: number } {
  return {
    u0: layout.columns.gap(-ring - 1).start,
    u1: layout.columns.gap(ring).end,
    v0: layout.rows.gap(-ring - 1).start,
    v1: layout.rows.gap(ring).end,
  };
}

function envelope(
  layout: DistrictLayout,
  fill: FillPlan,
): { lowerCorner: [number, number, number]; upperCorner: [number, number, number] } {
  const extent = groundExtent(layout, fill.ring);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const u of [extent.u0, extent.u1]) {
    for (const v of [extent.v0, extent.v1]) {
      const [x, y] = gridToMap(u, v);
      xs.push(roundMm(x));
      ys.push(roundMm(y));
    }
  }
  // Terrain rises away from the river and eastwards: its extremes lie on the outer edges and the water.
  const south = -fill.ring - 1;
  const terrain = [
    layout.terrainHeight(extent.u0, layout.riverEdges().south, -1, true),
    layout.terrainHeight(extent.u1, layout.riverEdges().south, -1, true),
    layout.terrainHeight(extent.u0, extent.v0, south, true),
    layout.terrainHeight(extent.u1, extent.v0, south, true),
    layout.terrainHeight(extent.u0, extent.v1, fill.ring, true),
    layout.terrainHeight(extent.u1, extent.v1, fill.ring, true),
  ].map(roundMm);
  return {
    lowerCorner: [Math.min(...xs), Math.min(...ys), Math.min(...terrain)],
    upperCorner: [Math.max(...xs), Math.max(...ys), Math.max(fill.maxTop, ...terrain)],
  };
}

/** A planned demo city: its summary, known before the first byte, and the document as text chunks. */
export interface DemoCityPlan {
  summary: DemoCitySummary;
  /** Yields the document (head, one chunk per city object, tail); may be called more than once. */
  chunks: () => Generator<string>;
}

/** Plans the district for the options (validating them): summary first, document chunks on demand. */
export function planDemoCity(options: DemoCityOptions = {}): DemoCityPlan {
  const { buildings, seed, builtBy } = resolveDemoCityOptions(options);
  const layout = new DistrictLayout(seed);
  const fill = planFill(layout, buildings, builtBy);
  const summary: DemoCitySummary = {
    buildings: fill.written,
    seed,
    outermostRing: fill.ring,
    blocks: (2 * fill.ring + 1) ** 2,
    srsName: DEMO_CITY_SRS_NAME,
    ...envelope(layout, fill),
  };
  return { summary, chunks: () => documentChunks(layout, fill, summary, builtBy) };
}

/** Plans the district for the options and returns its summary (counts and envelope) without writing anything. */
export function summarizeDemoCity(options: DemoCityOptions = {}): DemoCitySummary {
  return planDemoCity(options).summary;
}

function pad(n: number): string {
  return String(n).padStart(6, '0');
}

/** A rectangle of terrain in grid-frame metres, counter-clockwise from above, as mm-rounded map coordinates. */
function terrainRectangle(
  layout: DistrictLayout,
  u0: number,
  u1: number,
  v0: number,
  v1: number,
  row: number,
  gap: boolean,
): number[] {
  const ring: number[] = [];
  for (const [u, v] of [
    [u0, v0],
    [u1, v0],
    [u1, v1],
    [u0, v1],
  ] as const) {
    const [x, y] = gridToMap(u, v);
    ring.push(roundMm(x), roundMm(y), roundMm(layout.terrainHeight(u, v, row, gap)));
  }
  return ring;
}

interface LandUseClass {
  functionCode: string;
  cover: 'versiegelt' | 'begruent';
}

/** ALKIS Objektart and surface cover of a block's ground. */
function landUseOf(block: Block): LandUseClass {
  switch (block.kind) {
    case 'rows':
      return { functionCode: block.ring <= 2 ? '41006' : '41001', cover: 'versiegelt' };
    case 'townhall':
    case 'church':
    case 'school':
      return { functionCode: '41007', cover: 'versiegelt' };
    case 'commercial':
      return { functionCode: '41002', cover: 'versiegelt' };
    case 'square':
      return { functionCode: '42009', cover: 'versiegelt' };
    case 'detached':
      return { functionCode: '41001', cover: 'begruent' };
    case 'park':
      return { functionCode: '41008', cover: 'begruent' };
    case 'cemetery':
      return { functionCode: '41009', cover: 'begruent' };
    case 'open':
      return { functionCode: '43001', cover: 'begruent' };
  }
}

/**
 * Yields the CityGML 2.0 document as text chunks (head, one chunk per city object, tail). Same options give the
 * same bytes on any machine. Memory stays constant in the number of buildings.
 */
export function generateDemoCityChunks(options: DemoCityOptions = {}): Generator<string> {
  return planDemoCity(options).chunks();
}

function* documentChunks(
  layout: DistrictLayout,
  fill: FillPlan,
  summary: DemoCitySummary,
  builtBy: number,
): Generator<string> {
  yield documentHead(summary.lowerCorner, summary.upperCorner, summary.buildings, summary.seed);

  let buildingNumber = 0;
  let landUseNumber = 0;
  for (let ring = 0; ring <= fill.ring; ring++) {
    let position = 0;
    for (const [i, j] of ringIndices(ring)) {
      const block = layout.block(i, j);
      const afterLast = ring === fill.ring && position > fill.lastBlockInRing;
      const isLast = ring === fill.ring && position === fill.lastBlockInRing;
      position++;
      if (afterLast) block.kind = 'open';
      const landUse = landUseOf(block);
      const landUseFeature: GroundFeature = {
        element: 'luse:LandUse',
        id: `DEMO_LUSE_${pad(++landUseNumber)}`,
        functionCode: landUse.functionCode,
        cover: landUse.cover,
        polygons: [terrainRectangle(layout, block.u0, block.u1, block.v0, block.v1, j, false)],
      };
      if (block.name !== undefined) landUseFeature.name = block.name;
      yield groundFeatureXml(landUseFeature);
      if (afterLast || isOpenBlock(block.kind)) continue;
      let plans: BuildingPlan[] = planBlock(layout, block);
      if (isLast) plans = plans.slice(0, fill.takenFromLastBlock);
      for (const plan of plans) {
        // Counted even when left out, so a building keeps its gml:id in every state of the district.
        const id = `DEMO_BLDG_${pad(++buildingNumber)}`;
        if (standsBy(plan, builtBy)) yield buildingXml(id, plan, buildSolid(plan));
      }
    }
  }
  yield* groundFeatures(layout, fill.ring, landUseNumber);
  yield documentTail();
}

/** Streets (tran:Road), the Wupper (wtr:WaterBody) and its green banks (luse:LandUse) for rings <= R. */
function* groundFeatures(
  layout: DistrictLayout,
  outerRing: number,
  landUsesSoFar: number,
): Generator<string> {
  const segmentOf = (index: number): number => Math.floor(index / 4);
  let roadNumber = 0;
  let landUseNumber = landUsesSoFar;
  const first = -outerRing - 1;
  const edges = layout.riverEdges();

  // Streets along u (with all intersections), one feature per named segment.
  for (let gap = first; gap <= outerRing; gap++) {
    if (gap === -1) continue;
    const band = layout.rows.gap(gap);
    for (let segment = segmentOf(first); segment <= segmentOf(outerRing); segment++) {
      const polygons: number[][] = [];
      for (let c = first; c <= outerRing; c++) {
        if (c > first && segmentOf(c) === segment) {
          const column = layout.columns.block(c);
          polygons.push(terrainRectangle(layout, column.start, column.end, band.start, band.end, gap, true));
        }
        if (segmentOf(c) === segment) {
          const crossing = layout.columns.gap(c);
          polygons.push(
            terrainRectangle(layout, crossing.start, crossing.end, band.start, band.end, gap, true),
          );
        }
      }
      if (polygons.length === 0) continue;
      yield groundFeatureXml({
        element: 'tran:Road',
        id: `DEMO_ROAD_${pad(++roadNumber)}`,
        name: streetName('ew', gap, segment),
        functionCode: '42001',
        cover: 'versiegelt',
        polygons,
      });
    }
  }

  // Streets along v between the intersections, with their bridges over the Wupper. The river lies in the gap
  // after row -1, which belongs to the district even when only row 0 does (ring 0).
  const riverGap = layout.rows.gap(-1);
  const bridgeBands = [
    [riverGap.start, edges.south],
    [edges.south, edges.north],
    [edges.north, riverGap.end],
  ] as const;
  for (let gap = first; gap <= outerRing; gap++) {
    const band = layout.columns.gap(gap);
    for (let segment = segmentOf(first); segment <= segmentOf(outerRing); segment++) {
      const polygons: number[][] = [];
      for (let j = first; j <= outerRing; j++) {
        if (segmentOf(j) !== segment) continue;
        if (j > first) {
          const row = layout.rows.block(j);
          polygons.push(terrainRectangle(layout, band.start, band.end, row.start, row.end, j, false));
        }
        if (j === -1) {
          for (const [v0, v1] of bridgeBands) {
            polygons.push(terrainRectangle(layout, band.start, band.end, v0, v1, -1, true));
          }
        }
      }
      if (polygons.length === 0) continue;
      yield groundFeatureXml({
        element: 'tran:Road',
        id: `DEMO_ROAD_${pad(++roadNumber)}`,
        name: streetName('ns', gap, segment),
        functionCode: '42001',
        cover: 'versiegelt',
        polygons,
      });
    }
  }

  // The Wupper between the bridges, and its green banks.
  let waterNumber = 0;
  for (let segment = segmentOf(-outerRing); segment <= segmentOf(outerRing); segment++) {
    const water: number[][] = [];
    for (let i = -outerRing; i <= outerRing; i++) {
      if (segmentOf(i) !== segment) continue;
      const column = layout.columns.block(i);
      water.push(terrainRectangle(layout, column.start, column.end, edges.south, edges.north, -1, true));
      yield groundFeatureXml({
        element: 'luse:LandUse',
        id: `DEMO_LUSE_${pad(++landUseNumber)}`,
        name: 'Wupperufer',
        functionCode: '41008',
        cover: 'begruent',
        polygons: [
          terrainRectangle(layout, column.start, column.end, riverGap.start, edges.south, -1, true),
          terrainRectangle(layout, column.start, column.end, edges.north, riverGap.end, -1, true),
        ],
      });
    }
    if (water.length === 0) continue;
    yield groundFeatureXml({
      element: 'wtr:WaterBody',
      id: `DEMO_WTR_${pad(++waterNumber)}`,
      name: 'Wupper',
      functionCode: '44001',
      cover: 'Wasser',
      polygons: water,
    });
  }
}
