/**
 * The shadow study: hours of direct sun per ground point for one day, for today's city and with a plan's
 * permitted envelopes. One ray per point per step towards the sun (NOAA position, geometric elevation), tested
 * against the occluders through a uniform grid (`occluder-grid.ts`). Runs in chunks of points: between chunks it
 * reports progress, asks whether to stop, and awaits `pause` (a worker yields there, so a cancel message is
 * heard). Platform-free: the tiles' bytes come through `load`.
 */
import { CancelledError } from '../errors.ts';
import { definedOnly, enuToLonLat, groundGrid, lonLatToEnu, ringContains, studyFrame } from './grid.ts';
import type { GroundGrid, GroundGridOptions, StudyFrame } from './grid.ts';
import { buildOccluderGrid, rayBlocked, verticalHits } from './occluder-grid.ts';
import type { OccluderGrid } from './occluder-grid.ts';
import { concatTriangles, prismTriangles } from './prisms.ts';
import type { Prism } from './prisms.ts';
import { sunHoursDifference, sunHoursStats } from './stats.ts';
import type { SunHoursDifference, SunHoursStats } from './stats.ts';
import { daySun } from './sun.ts';
import type { DaySun } from './sun.ts';
import { tilesetOccluders } from './tile-occluders.ts';
import type { EnuRect, LoadBytes } from './tile-occluders.ts';

/** An envelope to extrude: outer ring of [lon, lat] degrees, base and top in ellipsoidal metres. */
export interface StudyEnvelope {
  ring: [number, number][];
  base: number;
  top: number;
}

/** What to study. Structured-clone-safe, so it crosses to a worker as it is. */
export interface ShadowStudyRequest {
  /** Outer ring of the studied area, [lon, lat] degrees (WGS84). */
  area: [number, number][];
  /** Berlin calendar day. */
  date: { year: number; month: number; day: number };
  /** The city's ground as the app draws it, ellipsoidal metres: where points stand when no tile surface is below. */
  groundHeight: number;
  /**
   * Where no tile surface is below a point: true puts the ground at the lowest building vertex inside the grid
   * (the floors of LoD1/LoD2 buildings stand on the terrain) instead of `groundHeight`. For places the city's ground
   * does not cover, such as an imported CityGML model far from the city; false or absent: `groundHeight`.
   */
  groundFromBuildings?: boolean;
  /** Absolute URLs of the building tilesets whose buildings cast shadows. */
  tilesetUrls: string[];
  /** The plan's envelopes; the "with plan" study runs only when there are some. */
  envelopes: StudyEnvelope[];
  options?: ShadowStudyOptions;
}

/** How the study samples. */
export interface ShadowStudyOptions {
  /** Minutes between sun positions. */
  stepMinutes?: number;
  /** How far around the area buildings are read, metres: the longest shadow that matters. */
  reachMetres?: number;
  /** Points per chunk between progress reports. */
  chunkPoints?: number;
  /** Height above the ground the rays start at, metres (clear of the surface itself). */
  originLift?: number;
  /** A point with surfaces more than this far apart above it (metres) lies under a roof: no ground value. */
  coveredGap?: number;
  /** Sizing of the ground grid. */
  grid?: GroundGridOptions;
}

export const SHADOW_STUDY_DEFAULTS: Required<Omit<ShadowStudyOptions, 'grid'>> & { grid: GroundGridOptions } =
  {
    stepMinutes: 15,
    reachMetres: 300,
    chunkPoints: 1500,
    originLift: 0.05,
    coveredGap: 0.5,
    grid: {},
  };

/** The grid as the app drapes it: cell rows from south to north, corners in degrees. */
export interface StudyGridInfo {
  columns: number;
  rows: number;
  /** Cell edge, metres. */
  cellSize: number;
  /** Ellipsoidal height of the study's ground where no surface is (the frame's origin, or the lowest building vertex with `groundFromBuildings`), metres. */
  height: number;
  /** The grid's corners, WGS84 degrees. */
  west: number;
  south: number;
  east: number;
  north: number;
}

/** The study's outcome. Hours per cell, row-major, row 0 southernmost; NaN outside the area or under a roof. */
export interface ShadowStudyResult {
  grid: StudyGridInfo;
  today: Float32Array;
  todayStats: SunHoursStats;
  withPlan?: Float32Array;
  withPlanStats?: SunHoursStats;
  difference?: SunHoursDifference;
  /** Hours the sun is up at the steps (an open field's value). */
  dayHours: number;
  stepMinutes: number;
  /** Occluder triangles: the city's and the plan's. */
  cityTriangles: number;
  planTriangles: number;
  tilesRead: number;
}

/** Progress: the phase and how much of it is done. */
export interface StudyProgress {
  phase: 'buildings' | 'today' | 'with-plan';
  done: number;
  total: number;
}

/** Callbacks between chunks. */
export interface StudyHooks {
  onProgress?: (progress: StudyProgress) => void;
  /** True to stop: the study rejects with a CancelledError. */
  shouldStop?: () => boolean;
  /** Awaited between chunks (a worker yields to its message queue there). */
  pause?: () => Promise<void>;
}

/** Runs a whole study (buildings read through `load`). */
export async function runShadowStudy(
  request: ShadowStudyRequest,
  load: LoadBytes,
  hooks: StudyHooks = {},
): Promise<ShadowStudyResult> {
  const options = { ...SHADOW_STUDY_DEFAULTS, ...definedOnly(request.options ?? {}) };
  const stop = () => {
    if (hooks.shouldStop?.()) throw new CancelledError('shadow study cancelled');
  };
  const [lon0, lat0] = centreOf(request.area);
  const frame = studyFrame(lon0, lat0, request.groundHeight);
  const ring = request.area.map(
    ([lon, lat]) => lonLatToEnu(frame, lon, lat, request.groundHeight).slice(0, 2) as [number, number],
  );
  const grid = groundGrid(ring, options.grid);
  const reach: EnuRect = {
    west: grid.west - options.reachMetres,
    south: grid.south - options.reachMetres,
    east: grid.west + grid.columns * grid.cellSize + options.reachMetres,
    north: grid.south + grid.rows * grid.cellSize + options.reachMetres,
  };
  hooks.onProgress?.({ phase: 'buildings', done: 0, total: request.tilesetUrls.length });
  const cityParts: Float64Array[] = [];
  let tilesRead = 0;
  for (const [index, url] of request.tilesetUrls.entries()) {
    const read = await tilesetOccluders(url, frame, reach, load, () => hooks.shouldStop?.() ?? false);
    stop();
    cityParts.push(read.triangles);
    tilesRead += read.tilesRead;
    hooks.onProgress?.({ phase: 'buildings', done: index + 1, total: request.tilesetUrls.length });
  }
  const city = concatTriangles(cityParts);
  const prisms: Prism[] = request.envelopes.map((envelope) => ({
    ring: envelope.ring.map(
      ([lon, lat]) => lonLatToEnu(frame, lon, lat, request.groundHeight).slice(0, 2) as [number, number],
    ),
    base: envelope.base - request.groundHeight,
    top: envelope.top - request.groundHeight,
  }));
  const plan = prismTriangles(prisms);
  const sun = daySun(request.date, lon0, lat0, options.stepMinutes);
  const cityGrid = buildOccluderGrid(city);
  const bare = request.groundFromBuildings ? lowestVertexInside(city, grid) : 0;
  const heights = groundHeights(grid, cityGrid, options.coveredGap, bare);
  const today = await sunHours(grid, heights, cityGrid, sun, options, hooks, 'today');
  const result: ShadowStudyResult = {
    grid: gridInfo(frame, grid, bare),
    today,
    todayStats: sunHoursStats(today),
    dayHours: sun.dayHours,
    stepMinutes: options.stepMinutes,
    cityTriangles: city.length / 9,
    planTriangles: plan.length / 9,
    tilesRead,
  };
  if (plan.length > 0) {
    const planHeights = heights.slice();
    forEachCell(grid, (cell, x, y) => {
      if (prisms.some((prism) => ringContains(prism.ring, x, y))) planHeights[cell] = Number.NaN;
    });
    const withPlan = await sunHours(
      grid,
      planHeights,
      buildOccluderGrid(concatTriangles([city, plan])),
      sun,
      options,
      hooks,
      'with-plan',
    );
    result.withPlan = withPlan;
    result.withPlanStats = sunHoursStats(withPlan);
    result.difference = sunHoursDifference(today, withPlan).summary;
  }
  return result;
}

/** Mean of a ring's distinct corners, degrees. */
function centreOf(ring: [number, number][]): [number, number] {
  const open =
    ring.length > 1 && ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1]
      ? ring.slice(0, -1)
      : ring;
  if (open.length === 0) throw new RangeError('shadow study: the area has no corners');
  const lon = open.reduce((sum, [x]) => sum + x, 0) / open.length;
  const lat = open.reduce((sum, [, y]) => sum + y, 0) / open.length;
  if (!Number.isFinite(lon) || !Number.isFinite(lat))
    throw new RangeError('shadow study: the area has corners that are not numbers');
  return [lon, lat];
}

function forEachCell(grid: GroundGrid, visit: (cell: number, x: number, y: number) => void): void {
  for (let row = 0; row < grid.rows; row++) {
    for (let column = 0; column < grid.columns; column++) {
      const cell = row * grid.columns + column;
      if (grid.inside[cell])
        visit(cell, grid.west + (column + 0.5) * grid.cellSize, grid.south + (row + 0.5) * grid.cellSize);
    }
  }
}

/**
 * Lowest z (ENU metres) of the triangles' vertices whose plan-view position lies within the grid's rectangle; 0 when
 * none does (the frame's ground stays).
 */
export function lowestVertexInside(triangles: Float64Array, grid: GroundGrid): number {
  const east = grid.west + grid.columns * grid.cellSize;
  const north = grid.south + grid.rows * grid.cellSize;
  let lowest = Infinity;
  for (let i = 0; i + 2 < triangles.length; i += 3) {
    const x = triangles[i]!;
    const y = triangles[i + 1]!;
    if (x >= grid.west && x <= east && y >= grid.south && y <= north)
      lowest = Math.min(lowest, triangles[i + 2]!);
  }
  return Number.isFinite(lowest) ? lowest : 0;
}

/**
 * Ground height (ENU z, metres) per cell: the tile surface below the centre when there is one and nothing stands
 * more than `coveredGap` above it (else NaN: under a roof), `bare` (default the frame's ground, z = 0) where no
 * surface is; NaN outside the area.
 */
export function groundHeights(
  grid: GroundGrid,
  occluders: OccluderGrid,
  coveredGap: number,
  bare = 0,
): Float64Array {
  const heights = new Float64Array(grid.columns * grid.rows).fill(Number.NaN);
  forEachCell(grid, (cell, x, y) => {
    const hits = verticalHits(occluders, x, y);
    if (hits.length === 0) heights[cell] = bare;
    else if (hits[0]! - hits[hits.length - 1]! > coveredGap) heights[cell] = Number.NaN;
    else heights[cell] = hits[0]!;
  });
  return heights;
}

/** Hours of direct sun per cell (NaN where `heights` is NaN), computed in chunks with the hooks in between. */
export async function sunHours(
  grid: GroundGrid,
  heights: Float64Array,
  occluders: OccluderGrid,
  sun: DaySun,
  options: Pick<Required<ShadowStudyOptions>, 'chunkPoints' | 'originLift'>,
  hooks: StudyHooks,
  phase: StudyProgress['phase'],
): Promise<Float32Array> {
  const hours = new Float32Array(heights.length).fill(Number.NaN);
  const cells: number[] = [];
  for (let cell = 0; cell < heights.length; cell++) if (!Number.isNaN(heights[cell]!)) cells.push(cell);
  for (let start = 0; start < cells.length; start += options.chunkPoints) {
    if (hooks.shouldStop?.()) throw new CancelledError('shadow study cancelled');
    hooks.onProgress?.({ phase, done: start, total: cells.length });
    const end = Math.min(cells.length, start + options.chunkPoints);
    for (let k = start; k < end; k++) {
      const cell = cells[k]!;
      const x = grid.west + ((cell % grid.columns) + 0.5) * grid.cellSize;
      const y = grid.south + (Math.floor(cell / grid.columns) + 0.5) * grid.cellSize;
      const z = heights[cell]! + options.originLift;
      let lit = 0;
      for (const step of sun.steps) {
        const [dx, dy, dz] = step.direction;
        if (!rayBlocked(occluders, x, y, z, dx, dy, dz)) lit++;
      }
      hours[cell] = lit * sun.stepHours;
    }
    if (hooks.pause) await hooks.pause();
  }
  if (hooks.shouldStop?.()) throw new CancelledError('shadow study cancelled');
  hooks.onProgress?.({ phase, done: cells.length, total: cells.length });
  return hours;
}

/** The grid's extent in degrees (corners through the frame); its ground `bare` metres above the frame's origin. */
function gridInfo(frame: StudyFrame, grid: GroundGrid, bare: number): StudyGridInfo {
  const [west, south] = enuToLonLat(frame, grid.west, grid.south, 0);
  const [east, north] = enuToLonLat(
    frame,
    grid.west + grid.columns * grid.cellSize,
    grid.south + grid.rows * grid.cellSize,
    0,
  );
  return {
    columns: grid.columns,
    rows: grid.rows,
    cellSize: grid.cellSize,
    height: frame.height + bare,
    west,
    south,
    east,
    north,
  };
}
