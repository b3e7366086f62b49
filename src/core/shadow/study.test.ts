import { describe, expect, it } from 'vitest';
import { solarPosition } from '../sun/solar-position.ts';
import { fromBerlin } from '../sun/berlin-time.ts';
import { groundGrid, lonLatToEnu, studyFrame } from './grid.ts';
import { sunHoursDifference, sunHoursStats } from './stats.ts';
import { runShadowStudy } from './study.ts';
import type { ShadowStudyRequest } from './study.ts';
import { daySun } from './sun.ts';
import { initTileCompression } from '../tiles/compression.ts';
import { syntheticBoxBuilding } from '../tiles/test-fixtures.ts';
import { buildTileset } from '../tiles/tileset.ts';

const LON = 7.2;
const LAT = 51.29;
const GROUND = 204.6;

/** A square of `half` metres around (LON, LAT), as [lon, lat] degrees. */
function square(half: number, dx = 0, dy = 0): [number, number][] {
  const mLon = 111_320 * Math.cos((LAT * Math.PI) / 180);
  const mLat = 111_250;
  return [
    [-half, -half],
    [half, -half],
    [half, half],
    [-half, half],
  ].map(([x, y]) => [LON + (x! + dx) / mLon, LAT + (y! + dy) / mLat]);
}

/** Sunrise to sunset (hours) by bisection on NOAA's geometric elevation. */
function dayLength(year: number, month: number, day: number): number {
  const noon = fromBerlin({ year, month, day, hour: 13, minute: 30 });
  const cross = (from: number, to: number) => {
    let [a, b] = [from, to];
    for (let i = 0; i < 50; i++) {
      const mid = (a + b) / 2;
      const up = solarPosition(mid, LON, LAT).elevation > 0;
      if (up === solarPosition(a, LON, LAT).elevation > 0) a = mid;
      else b = mid;
    }
    return (a + b) / 2;
  };
  const rise = cross(noon - 12 * 3_600_000, noon);
  const set = cross(noon, noon + 12 * 3_600_000);
  return (set - rise) / 3_600_000;
}

const noTiles = async (url: string): Promise<Uint8Array> => {
  throw new Error(`no tiles in this test (${url})`);
};

describe('shadow study', () => {
  it('gives open flat ground the whole day length, sunrise to sunset, within one step', async () => {
    for (const [month, day] of [
      [3, 21],
      [6, 21],
      [12, 21],
    ] as const) {
      const request: ShadowStudyRequest = {
        area: square(20),
        date: { year: 2026, month, day },
        groundHeight: GROUND,
        tilesetUrls: [],
        envelopes: [],
      };
      const result = await runShadowStudy(request, noTiles);
      const expected = dayLength(2026, month, day);
      expect(Math.abs(result.dayHours - expected)).toBeLessThanOrEqual(0.25);
      expect(result.todayStats.min).toBe(result.dayHours);
      expect(result.todayStats.max).toBe(result.dayHours);
      expect(result.todayStats.points).toBeGreaterThan(1000);
    }
    // The counted day is about 16.4 h at midsummer and 7.8 h at midwinter at 51.3° N.
    expect(daySun({ year: 2026, month: 6, day: 21 }, LON, LAT, 15).dayHours).toBeCloseTo(16.5, 0);
    expect(daySun({ year: 2026, month: 12, day: 21 }, LON, LAT, 15).dayHours).toBeCloseTo(7.75, 0);
  });

  it('with a plan envelope, the ground north of it loses sun, the ground south does not, and under it has no value', async () => {
    const request: ShadowStudyRequest = {
      area: square(60),
      date: { year: 2026, month: 3, day: 21 },
      groundHeight: GROUND,
      tilesetUrls: [],
      envelopes: [{ ring: square(10), base: GROUND, top: GROUND + 30 }],
    };
    const result = await runShadowStudy(request, noTiles);
    const { grid, today, withPlan, difference } = result;
    expect(withPlan).toBeDefined();
    const frame = studyFrame(LON, LAT, GROUND);
    const cellAt = (x: number, y: number) => {
      const [wx, wy] = lonLatToEnu(frame, grid.west, grid.south, GROUND);
      return Math.floor((y - wy) / grid.cellSize) * grid.columns + Math.floor((x - wx) / grid.cellSize);
    };
    const north = cellAt(0, 20);
    const south = cellAt(0, -25);
    const under = cellAt(0, 0);
    expect(today[north]).toBe(result.dayHours);
    expect(withPlan![north]!).toBeLessThan(result.dayHours - 3);
    expect(withPlan![south]).toBe(result.dayHours);
    expect(Number.isNaN(withPlan![under]!)).toBe(true);
    expect(difference!.shareLosing).toBeGreaterThan(0.05);
    expect(difference!.maxLoss).toBeGreaterThan(3);
  });

  it('stops between chunks when asked, with an AbortError', async () => {
    let calls = 0;
    const request: ShadowStudyRequest = {
      area: square(60),
      date: { year: 2026, month: 3, day: 21 },
      groundHeight: GROUND,
      tilesetUrls: [],
      envelopes: [],
      options: { chunkPoints: 100 },
    };
    const progress: number[] = [];
    await expect(
      runShadowStudy(request, noTiles, {
        shouldStop: () => ++calls > 3,
        onProgress: (p) => progress.push(p.done),
        pause: () => Promise.resolve(),
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(progress.length).toBeGreaterThan(1);
  });

  it('sizes the grid for 10 000–40 000 points on a plan-sized area and caps large areas', () => {
    const ring: [number, number][] = [
      [0, 0],
      [80, 0],
      [80, 90],
      [0, 90],
    ];
    const plan = groundGrid(ring);
    expect(plan.count).toBeGreaterThanOrEqual(10_000);
    expect(plan.count).toBeLessThanOrEqual(40_000);
    const city = groundGrid(ring.map(([x, y]) => [x * 50, y * 50]));
    expect(city.count).toBeLessThanOrEqual(40_000);
    expect(city.cellSize).toBeGreaterThan(plan.cellSize * 30);
    expect(() => groundGrid(ring.slice(0, 2))).toThrow(/at least 3/);
  });

  it('summarises hours: median, shares ≥ 2 h and ≥ 4 h, and the change a plan brings', () => {
    const today = Float32Array.from([1, 2, 3, 5, Number.NaN, 8]);
    const stats = sunHoursStats(today);
    expect(stats).toMatchObject({
      points: 5,
      min: 1,
      median: 3,
      max: 8,
      shareAtLeast2h: 0.8,
      shareAtLeast4h: 0.4,
    });
    const withPlan = Float32Array.from([1, 1, 3, 4, 4, Number.NaN]);
    const { change, summary } = sunHoursDifference(today, withPlan);
    expect(Array.from(change.subarray(0, 4))).toEqual([0, -1, 0, -1]);
    expect(summary).toMatchObject({ points: 4, shareLosing: 0.5, maxLoss: 1, shareFallingBelow2h: 0.25 });
  });
});

describe('shadow study of buildings far from the city ground', () => {
  it("with groundFromBuildings, stands the points on the buildings' floor, not on the given ground", async () => {
    await initTileCompression();
    // One 20 × 20 × 25 m box whose floor is 70 m above the given ground (an import where the city has no ground).
    const floor = GROUND + 70;
    const { files } = buildTileset(
      [syntheticBoxBuilding({ id: 'A', lonDeg: LON, latDeg: LAT, height: floor, size: [20, 20, 25] })],
      { compress: true },
    );
    const byUrl = new Map(files.map((file) => [`mem:/set/${file.path}`, file.bytes]));
    const load = async (url: string) => byUrl.get(url) ?? Promise.reject(new Error(`missing ${url}`));
    const request = (groundFromBuildings: boolean): ShadowStudyRequest => ({
      area: square(40),
      date: { year: 2026, month: 3, day: 21 },
      groundHeight: GROUND,
      groundFromBuildings,
      tilesetUrls: ['mem:/set/tileset.json'],
      envelopes: [],
      options: { grid: { targetPoints: 1600 } },
    });
    const onFloor = await runShadowStudy(request(true), load);
    expect(onFloor.grid.height).toBeCloseTo(floor, 1);
    /** Hours at the cell x metres east, y metres north of the box's centre. */
    const at = (result: typeof onFloor, x: number, y: number) => {
      const { west, south, east, north, columns, rows } = result.grid;
      const lon = LON + x / (111_320 * Math.cos((LAT * Math.PI) / 180));
      const lat = LAT + y / 111_250;
      const column = Math.floor(((lon - west) / (east - west)) * columns);
      const row = Math.floor(((lat - south) / (north - south)) * rows);
      return result.today[row * columns + column]!;
    };
    // Just north of the box: shaded for most of the day; just south: the whole day; under it: no value.
    expect(at(onFloor, 0, 13)).toBeLessThan(onFloor.dayHours - 2);
    expect(at(onFloor, 0, -13)).toBe(onFloor.dayHours);
    expect(Number.isNaN(at(onFloor, 0, 0))).toBe(true);
    // On the given ground 70 m below, the box floats too high to shade the cell north of it.
    const below = await runShadowStudy(request(false), load);
    expect(below.grid.height).toBeCloseTo(GROUND, 6);
    expect(at(below, 0, 13)).toBe(below.dayHours);
  });
});
