/**
 * Shadow study benchmark (not a test): the demo plan's area, one day (21 March), 15-minute steps, today and with
 * the plan's envelopes.
 *   (a) In headless Debian Chromium on the production build: from the click on "Compute" until the result is
 *       announced (worker start, tiles fetched and decoded, both studies), and the main thread's long tasks
 *       (PerformanceObserver 'longtask', over 50 ms) in that time, against the same observer over an idle
 *       stretch of the same length before it.
 *   (b) In Node, the same study through the core (uniform occluder grid), and its peer: brute force (every ray
 *       against every triangle) on a subsample of the points, the same sun steps and occluders, checked to give
 *       the same hours, extrapolated to all points; the ratio is printed.
 * Medians of `--runs` runs (default 3). Needs `npx tsx tools/build-demo-tiles.ts && npm run build` first (or
 * `E2E_DIST` naming a build). Run: `npm run bench:shadow [-- --runs 3 --sample 50 --node-only]`.
 *
 * Measured 2026-12-04 (2 cores shared with other jobs, load average 10.9–12.4; `E2E_DIST` build, 3 runs, medians):
 * 19 999 ground points, 49 sun steps, 12 320 occluder triangles (30 of the plan).
 *   (a) click → result announced 8.6 s (8.0 / 8.6 / 9.7 s); main-thread long tasks during the study 4 (longest
 *       189 ms) against 3 (longest 118 ms; one run 1 787 ms) in an idle stretch of the same length: under this load
 *       the idle page has long tasks too, so the 50 ms goal could not be separated from the machine's noise here.
 *   (b) Node, whole study 2.2 s; ray casting of the with-plan study 0.82 s with the grid against 264 s brute force
 *       (400 of 19 999 points, extrapolated): 322×, same hours on every sampled point.
 * Again with nothing else running (load average 2.3, still falling after a CI run; `npm run build`, 3 runs):
 *   (a) click → result 1.44 s (4.77 / 1.44 / 1.44 s); long tasks during the study 0, 0 and, in the first run of the
 *       fresh browser, 2 (longest 1 256 ms); idle baseline 0 in every run.
 *   (b) Node 0.56 s; grid 0.225 s against 100.5 s brute force: 446×, 0 hours differing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../e2e/browser.ts';
import { productionBuildDir, startStaticServer } from '../e2e/static-server.ts';
import { DEMO_LAYERS } from '../src/app/layers/demo-config.ts';
import { studyRequest } from '../src/app/shadow/study-request.ts';
import { planLayerData } from '../src/core/layers/xplan/plan-data.ts';
import { groundGrid, lonLatToEnu, studyFrame } from '../src/core/shadow/grid.ts';
import { buildOccluderGrid, rayBlocked, rayBlockedBruteForce } from '../src/core/shadow/occluder-grid.ts';
import { concatTriangles, prismTriangles } from '../src/core/shadow/prisms.ts';
import { groundHeights, runShadowStudy, SHADOW_STUDY_DEFAULTS } from '../src/core/shadow/study.ts';
import { daySun } from '../src/core/shadow/sun.ts';
import { tilesetOccluders } from '../src/core/shadow/tile-occluders.ts';
import { median } from './stats.ts';

const ROOT = new URL('..', import.meta.url).pathname;
function numberArgument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}
const RUNS = numberArgument('--runs', 3);
/** Brute force takes every n-th point. */
const SAMPLE = numberArgument('--sample', 50);
/** `--node-only`: skip the browser part (no build needed). */
const NODE_ONLY = process.argv.includes('--node-only');
const DATE = { year: 2026, month: 3, day: 21 };
const TIME = '2026-03-21T12:00+01:00';
const dist = productionBuildDir();
if (
  (!NODE_ONLY && !existsSync(join(dist, 'index.html'))) ||
  !existsSync(join(ROOT, 'public/tiles/demo/tileset.json'))
) {
  console.error(
    'bench:shadow needs the demo tiles and a production build: npx tsx tools/build-demo-tiles.ts && npm run build',
  );
  process.exit(1);
}

// --- (b) Node: the core with its grid, and brute force on a subsample ---
const plan = {
  ...planLayerData(readFileSync(join(ROOT, 'public/data/demo/bplan-demo.gml')), 'bplan-demo.gml'),
  planId: 'bplan-demo',
};
const request = studyRequest(
  { plan },
  { date: DATE, ground: DEMO_LAYERS.ground, tilesetUrls: ['file:///tiles/demo/tileset.json'] },
)!;
const loadFile = async (url: string) => readFileSync(join(ROOT, 'public', url.replace('file:///', '')));
const nodeMs: number[] = [];
let points = 0;
for (let run = 0; run < RUNS; run++) {
  const start = performance.now();
  const result = await runShadowStudy(request, loadFile);
  nodeMs.push(performance.now() - start);
  points = result.todayStats.points;
}
// The same inputs by hand, to time the ray casting alone with and without the grid.
const [lon0, lat0] = [
  request.area.reduce((s, [x]) => s + x, 0) / request.area.length,
  request.area.reduce((s, [, y]) => s + y, 0) / request.area.length,
];
const frame = studyFrame(lon0, lat0, request.groundHeight);
const toEnu = ([lon, lat]: [number, number]) =>
  lonLatToEnu(frame, lon, lat, request.groundHeight).slice(0, 2) as [number, number];
const grid = groundGrid(request.area.map(toEnu));
const reach = SHADOW_STUDY_DEFAULTS.reachMetres;
const city = await tilesetOccluders(
  'file:///tiles/demo/tileset.json',
  frame,
  {
    west: grid.west - reach,
    south: grid.south - reach,
    east: grid.west + grid.columns * grid.cellSize + reach,
    north: grid.south + grid.rows * grid.cellSize + reach,
  },
  loadFile,
);
const planTriangles = prismTriangles(
  request.envelopes.map((e) => ({
    ring: e.ring.map(toEnu),
    base: e.base - request.groundHeight,
    top: e.top - request.groundHeight,
  })),
);
const triangles = concatTriangles([city.triangles, planTriangles]);
const sun = daySun(DATE, lon0, lat0, 15);
const occluders = buildOccluderGrid(triangles);
const heights = groundHeights(grid, buildOccluderGrid(city.triangles), SHADOW_STUDY_DEFAULTS.coveredGap);
const cells: number[] = [];
heights.forEach((h, cell) => {
  if (!Number.isNaN(h)) cells.push(cell);
});
const sample = cells.filter((_, i) => i % SAMPLE === 0);
const castAll = (blocked: typeof rayBlocked, which: number[]) => {
  const hours: number[] = [];
  for (const cell of which) {
    const x = grid.west + ((cell % grid.columns) + 0.5) * grid.cellSize;
    const y = grid.south + (Math.floor(cell / grid.columns) + 0.5) * grid.cellSize;
    const z = heights[cell]! + SHADOW_STUDY_DEFAULTS.originLift;
    let lit = 0;
    for (const {
      direction: [dx, dy, dz],
    } of sun.steps)
      if (!blocked(occluders, x, y, z, dx, dy, dz)) lit++;
    hours.push(lit * sun.stepHours);
  }
  return hours;
};
const gridMs: number[] = [];
const bruteMs: number[] = [];
let mismatches = 0;
for (let run = 0; run < RUNS; run++) {
  let start = performance.now();
  const fast = castAll(rayBlocked, cells);
  gridMs.push(performance.now() - start);
  start = performance.now();
  const slow = castAll(rayBlockedBruteForce, sample);
  bruteMs.push(((performance.now() - start) * cells.length) / sample.length);
  sample.forEach((cell, i) => {
    if (fast[cells.indexOf(cell)] !== slow[i]) mismatches++;
  });
}

// --- (a) the browser ---
const browserMs: number[] = [];
const longTasks: { count: number; longest: number; idleCount: number; idleLongest: number }[] = [];
if (!NODE_ONLY) await measureBrowser();
async function measureBrowser() {
  const { url, server } = await startStaticServer(dist);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // As a string: the bench compiles without the DOM library.
    await page.addInitScript(`
      globalThis.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          globalThis.__longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
    `);
    await page.goto(`${url}?lang=en&time=${encodeURIComponent(TIME)}`);
    await page.waitForSelector('.app[data-tileset-demo="tiles-loaded"]', { timeout: 180_000 });
    const menu = page.locator('.menu-button');
    if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
    await page.click('[data-testid="sun-toggle"]');
    await page.click('[data-testid="shadow-open"]');
    const tasksBetween = (from: number, to: number) =>
      page.evaluate(
        ([a, b]) =>
          (
            globalThis as unknown as { __longTasks: { start: number; duration: number }[] }
          ).__longTasks.filter((t) => t.start >= a && t.start <= b),
        [from, to] as const,
      );
    const now = () => page.evaluate(() => performance.now());
    for (let run = 0; run < RUNS; run++) {
      // Let the last run's heat map settle, then an idle stretch as long as the study for the baseline.
      await page.waitForTimeout(3000);
      const idleFrom = await now();
      await page.waitForTimeout(browserMs.length ? median(browserMs) : 5000);
      const idle = await tasksBetween(idleFrom, await now());
      const start = await now();
      await page.click('[data-testid="shadow-run"]');
      // "Compute" is disabled from the click until the study ends; then the live region holds the result.
      await page.locator('[data-testid="shadow-run"]:enabled').waitFor({ timeout: 120_000 });
      await page
        .locator('[data-testid="shadow-live"]', { hasText: /^Today:/ })
        .waitFor({ state: 'attached', timeout: 5_000 });
      const end = await now();
      browserMs.push(end - start);
      const during = await tasksBetween(start, end);
      longTasks.push({
        count: during.length,
        longest: Math.max(0, ...during.map((t) => t.duration)),
        idleCount: idle.length,
        idleLongest: Math.max(0, ...idle.map((t) => t.duration)),
      });
      console.log(
        `run ${run + 1}/${RUNS}: browser ${(end - start).toFixed(0)} ms, long tasks ${during.length}`,
      );
    }
    await context.close();
  } finally {
    await browser.close();
    server.close();
  }
}

const load = loadavg()
  .map((v) => v.toFixed(2))
  .join(', ');
console.log(
  `\nShadow study, demo plan area, ${DATE.day}.${DATE.month}.${DATE.year}, 15-min steps, today + with plan`,
);
console.log(
  `  ${points} ground points, ${sun.steps.length} sun steps, ${triangles.length / 9} occluder triangles (${planTriangles.length / 9} of the plan), ${RUNS} runs, medians; load average ${load}`,
);
if (!NODE_ONLY) {
  console.log(`(a) browser, click → result announced: ${median(browserMs).toFixed(0)} ms`);
  console.log(
    `    main-thread long tasks during the study: ${median(longTasks.map((t) => t.count))} (longest ${median(longTasks.map((t) => t.longest)).toFixed(0)} ms); idle baseline of the same length: ${median(longTasks.map((t) => t.idleCount))} (longest ${median(longTasks.map((t) => t.idleLongest)).toFixed(0)} ms)`,
  );
}
console.log(
  `(b) Node, whole study through the core (tiles read, today and with plan): ${median(nodeMs).toFixed(0)} ms`,
);
console.log(`    ray casting with-plan study, uniform grid: ${median(gridMs).toFixed(0)} ms`);
console.log(
  `    brute force (every ray × every triangle), ${sample.length} of ${cells.length} points, extrapolated: ${median(bruteMs).toFixed(0)} ms`,
);
console.log(
  `    brute force / grid: ${(median(bruteMs) / median(gridMs)).toFixed(0)}×; hours differing on the sample: ${mismatches}`,
);
console.log(JSON.stringify({ browserMs, longTasks, nodeMs, gridMs, bruteMs, load }));
