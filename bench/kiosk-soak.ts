/**
 * Kiosk soak benchmark (not a test): does a foyer screen's page grow as it runs for days? Opens the production
 * build in headless Debian Chromium with `?kiosk=1&idleSeconds=5`, drives `--interactions N` (default 1 000)
 * scripted interactions through the DevTools protocol (touch taps, one-finger pans, two-finger pinches, wheel
 * zooms, panels opened and closed and "Start again" tapped with a finger), and every 100 interactions waits for
 * the idle reset and the attract story, which a tap then stops. Every 100 interactions it measures, after a forced garbage collection
 * (`HeapProfiler.collectGarbage`): the JS heap in use, the DOM node count and event listeners
 * (`Performance.getMetrics`), and the city tileset's cache (`Cesium3DTileset.totalMemoryUsageInBytes`, found
 * through React's fiber of the viewer's container: the app exposes no globals). Prints the values before and
 * after, and the growth per 100 interactions (least-squares slope over the samples after the first 100, so
 * start-up caches filling do not count as growth), and the machine's load (`uptime`).
 *
 * Needs `npx tsx tools/build-demo-tiles.ts && npm run build` first (`E2E_DIST=<folder>`: another build). Run:
 * `npm run bench:soak [-- --interactions 200]` (`--width`/`--height` for the window, default 1920×1080,
 * wide enough for the header's tools; `--render-scale`, default 0.25). A leak grows with what the page holds, not
 * with its pixels, and the software renderer's frames are far cheaper at 0.25 (bench/large-screen.ts, 4K wall:
 * 0.6 s a frame against 1.5 s at 0.5). A gesture's moves go out back to back rather than each after the page's
 * acknowledgement (`stroke`), and controls are tapped rather than clicked after Playwright's stability wait: both
 * waits cost a software frame each and tested nothing. Here, 1 000 interactions with 148 resets took 37 minutes on
 * the shared 2-core machine at load 10–17 (2.1 s an interaction, 12.5 s an idle reset with its story).
 *
 * It also counts Cesium's globe tiles and shader programs, and `--snapshots 100,400` takes V8 heap snapshots there
 * (written to the temp folder, for DevTools) and prints, against the first, the objects allocated since and still
 * alive by constructor, the largest of them with the path that keeps them, and the heap by kind (bench/heap-diff.ts).
 * What the heap gained after the first 100 interactions (400-interaction run, load 8–13): 62 % V8's compiled code
 * (more of Cesium's functions optimised, each once), 15 % shader source strings (a globe surface shader variant
 * Cesium's `GlobeSurfaceShaderSet` had not met before, kept for good: about 0.5 MB with its depth-only and log-depth
 * programs), globe quadtree tiles (trimmed at `Globe.tileCacheSize`) and the browser's capped performance-entry
 * buffers; React's fibers, closures, DOM and listeners stayed the same count. Caches that fill, none of ours.
 * A 600-interaction run (69 resets, load 6–8) with snapshots at 100/300/600 shows the bound: shallow MB of V8 code
 * 12.77 / 13.98 / 14.88, strings 8.49 / 8.47 / 8.47, other objects on V8's heap 7.81 / 7.90 / 7.51; Cesium's
 * shader programs 23 from 100 interactions on, globe tiles between 218 and 294; heap after GC 30.2 -> 32.1 MB
 * (32.8 at 500): only the JIT's code still grows, and that is bounded by the code the page has.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../e2e/browser.ts';
import { productionBuildDir, startStaticServer } from '../e2e/static-server.ts';
import { TouchScreen } from '../e2e/touch.ts';
import type { ScreenPoint } from '../e2e/touch.ts';
import {
  heapKinds,
  largestNewObjects,
  newObjectsBetween,
  printRows,
  takeHeapSnapshot,
  totalsByGroup,
} from './heap-diff.ts';
import type { HeapKinds, HeapSnapshot } from './heap-diff.ts';
import { CESIUM_TILE_BYTES_SCRIPT, FIND_WIDGET_JS } from './page-memory.ts';

/** The number after `--name` on the command line, or `fallback`. */
function numberArgument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at > 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`kiosk-soak: ${name} needs a positive number`);
  return value;
}
const INTERACTIONS = Math.round(numberArgument('--interactions', 1000));
const SCREEN = { width: numberArgument('--width', 1920), height: numberArgument('--height', 1080) };
const RENDER_SCALE = numberArgument('--render-scale', 0.25);
/**
 * `--snapshots 100,400`: heap snapshots at those interaction counts (multiples of 100, where the run measures),
 * each compared with the first: the objects allocated since and still alive, by constructor (bench/heap-diff.ts).
 */
const SNAPSHOTS = (() => {
  const at = process.argv.indexOf('--snapshots');
  if (at < 0) return [];
  const list = (process.argv[at + 1] ?? '').split(',').map(Number);
  if (list.some((n) => !Number.isInteger(n) || n < 0 || n % 100 !== 0)) {
    throw new Error(
      'kiosk-soak: --snapshots needs interaction counts that are multiples of 100, e.g. 100,400',
    );
  }
  return list;
})();
const SAMPLE_EVERY = 100;
const IDLE_RESET_EVERY = 100;
const LOAD_TIMEOUT_MS = 240_000;

/**
 * Cesium's two bounded caches that filled during a soak (runs in the page, found as `CESIUM_TILE_BYTES_SCRIPT`
 * finds the widget): the globe's quadtree tiles that hold data (`TileReplacementQueue`, trimmed to
 * `Globe.tileCacheSize`, 100, beyond the tiles the frame uses) and the compiled shader programs
 * (`ShaderCache`: the globe's surface shaders are kept per number of imagery textures and flag set, never evicted).
 * Private Cesium fields, read-only: -1 where a Cesium release renamed them.
 */
const CESIUM_CACHES_SCRIPT = `(() => {
${FIND_WIDGET_JS}
  const scene = viewer?.scene;
  const tiles = scene?.globe?._surface?._tileReplacementQueue?.count;
  const shaders = scene?.context?.shaderCache?.numberOfShaders;
  return [typeof tiles === 'number' ? tiles : -1, typeof shaders === 'number' ? shaders : -1];
})()`;

/** One measurement after a forced garbage collection. */
interface Sample {
  interactions: number;
  heapBytes: number;
  domNodes: number;
  listeners: number;
  tileCacheBytes: number;
  /** Globe tiles holding data (Cesium's terrain/imagery tile cache). */
  globeTiles: number;
  /** Shader programs in Cesium's cache. */
  shaderPrograms: number;
  resets: number;
}

async function measure(page: Page, cdp: CDPSession, interactions: number): Promise<Sample> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage'); // a second pass frees what the first one's finalizers released
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  const tileCacheBytes = await page.evaluate<number>(CESIUM_TILE_BYTES_SCRIPT);
  const [globeTiles, shaderPrograms] = await page.evaluate<[number, number]>(CESIUM_CACHES_SCRIPT);
  const resets = Number(await page.getAttribute('[data-testid="kiosk-bar"]', 'data-kiosk-resets'));
  return {
    interactions,
    heapBytes: metric('JSHeapUsedSize'),
    domNodes: metric('Nodes'),
    listeners: metric('JSEventListeners'),
    tileCacheBytes,
    globeTiles,
    shaderPrograms,
    resets,
  };
}

/** Least-squares slope of `y` over `x`. */
function slope(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i += 1) {
    num += (x[i]! - mx) * (y[i]! - my);
    den += (x[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** A deterministic pseudo-random sequence (mulberry32), so every run drives the same interactions. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Taps a control with a finger (CDP touch, as on the kiosk's screen) if it is there and shown: the sun and layer
 * panels' toggles, "Start again". A tap, not Playwright's `click()`: that first waits for the control to stand still
 * over two animation frames, which costs seconds a control on the software renderer and tests nothing here.
 */
async function tap(page: Page, touch: TouchScreen, testId: string): Promise<void> {
  const box = await page.locator(`[data-testid="${testId}"]`).boundingBox();
  if (box) await tapAt(touch, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
}

/** A finger's tap at `at`: down and up sent back to back (see `stroke`). */
async function tapAt(touch: TouchScreen, at: ScreenPoint): Promise<void> {
  await Promise.all([touch.press(at), touch.upAll()]);
}

/**
 * One finger (or two) moving through `steps` (the fingers down after `start`, by id, and where they go). The moves
 * are sent back to back, without waiting for the page to acknowledge each: a finger on a real panel moves on while
 * a frame draws, and Chromium merges the moves queued meanwhile as it does for a real screen. Waiting for every
 * acknowledgement cost a software frame (about 1 s on this shared machine) per move and tested nothing more.
 */
async function stroke(
  touch: TouchScreen,
  start: ScreenPoint[],
  steps: (ids: number[]) => Map<number, ScreenPoint>[],
): Promise<void> {
  const ids = await touch.press(...start);
  await Promise.all(steps(ids).map((moves) => touch.move(moves)));
  await touch.upAll();
}

async function main(): Promise<void> {
  const dist = productionBuildDir();
  if (!existsSync(join(dist, 'index.html'))) throw new Error('kiosk-soak: build first (npm run build)');
  const { server, url } = await startStaticServer(dist);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: SCREEN });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}?kiosk=1&idleSeconds=5&lang=de&renderScale=${RENDER_SCALE}`);
    await page.waitForSelector('.app[data-tileset-demo="tiles-loaded"]', { timeout: LOAD_TIMEOUT_MS });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const touch = await TouchScreen.attach(page);
    const next = random(14);
    const point = () => ({
      x: SCREEN.width * (0.25 + 0.5 * next()),
      y: SCREEN.height * (0.3 + 0.5 * next()),
    });
    const samples: Sample[] = [await measure(page, cdp, 0)];
    let firstSnapshot: HeapSnapshot | undefined;
    const kinds: (HeapKinds & { interactions: number })[] = [];
    const snapshot = async (done: number) => {
      if (!SNAPSHOTS.includes(done)) return;
      const file = join(tmpdir(), `kiosk-soak-${done}.heapsnapshot`);
      const taken = await takeHeapSnapshot(cdp, file);
      kinds.push({ interactions: done, ...heapKinds(taken) });
      console.info(`heap snapshot at ${done} interactions: ${taken.nodeCount} objects, written to ${file}`);
      if (!firstSnapshot) {
        firstSnapshot = taken;
        printRows(`  whole heap at ${done}`, totalsByGroup(taken), 15);
        return;
      }
      printRows(
        `  allocated since ${SNAPSHOTS[0]} interactions and alive at ${done}`,
        newObjectsBetween(firstSnapshot, taken),
        30,
      );
      console.info('  largest of them:');
      for (const object of largestNewObjects(firstSnapshot, taken, 8)) {
        console.info(
          `  ${(object.bytes / 1e3).toFixed(1).padStart(9)} kB  ${object.group} ${JSON.stringify(object.name)}`,
        );
        console.info(`             via ${object.path}`);
      }
    };
    await snapshot(0);
    const started = Date.now();
    let resetMs = 0; // hands off: the idle time, the reset, the attract story and the tap that stops it
    for (let done = 1; done <= INTERACTIONS; done += 1) {
      const kind = done % 10;
      if (kind <= 2) {
        await tapAt(touch, point());
      } else if (kind <= 4) {
        const from = point();
        const to = point();
        await stroke(touch, [from], ([id]) =>
          [1, 2, 3, 4].map(
            (step) =>
              new Map([
                [id!, { x: from.x + ((to.x - from.x) * step) / 4, y: from.y + ((to.y - from.y) * step) / 4 }],
              ]),
          ),
        );
      } else if (kind === 5) {
        const centre = point();
        const spread = next() < 0.5;
        const [from, to] = spread ? [200, 500] : [500, 200];
        const at = (d: number, side: number) => ({ x: centre.x + (side * d) / 2, y: centre.y });
        await stroke(touch, [at(from, 1), at(from, -1)], ([a, b]) =>
          [1, 2, 3, 4].map((step) => {
            const d = from + ((to - from) * step) / 4;
            return new Map([
              [a!, at(d, 1)],
              [b!, at(d, -1)],
            ]);
          }),
        );
      } else if (kind === 6) {
        const at = point();
        await page.mouse.move(at.x, at.y);
        await page.mouse.wheel(0, next() < 0.5 ? -300 : 300);
      } else if (kind === 7) {
        await tap(page, touch, 'sun-toggle');
      } else if (kind === 8) {
        await tap(page, touch, 'layer-tree-toggle');
      } else {
        await tap(page, touch, 'kiosk-start-again');
      }
      if (done % IDLE_RESET_EVERY === 0) {
        const handsOff = Date.now();
        // Hands off: the idle reset, then the attract story, which a tap stops.
        const before = Number(await page.getAttribute('[data-testid="kiosk-bar"]', 'data-kiosk-resets'));
        // Polled from here: a string predicate would be evaluated in the page, which its CSP forbids.
        const deadline = Date.now() + 60_000;
        while (Number(await page.getAttribute('[data-testid="kiosk-bar"]', 'data-kiosk-resets')) <= before) {
          if (Date.now() > deadline) throw new Error('kiosk-soak: no idle reset within 60 s');
          await page.waitForTimeout(250);
        }
        // A locator, not page.waitForSelector: that returns an element handle, and a handle never disposed keeps
        // the closed presentation's whole DOM (and React's fibers behind it) alive, which this run would then
        // count as the page's growth (45 DOM nodes and 6 listeners a reset).
        const presentation = page.locator('[data-testid="story-presentation"]');
        await presentation.waitFor({ state: 'attached', timeout: 60_000 });
        await touch.press({ x: SCREEN.width / 2, y: SCREEN.height / 3 });
        await touch.upAll();
        await presentation.waitFor({ state: 'detached', timeout: 30_000 });
        resetMs += Date.now() - handsOff;
      }
      if (done % SAMPLE_EVERY === 0 || done === INTERACTIONS) {
        const sample = await measure(page, cdp, done);
        samples.push(sample);
        console.info(
          `${String(done).padStart(5)} interactions: heap ${(sample.heapBytes / 1e6).toFixed(1)} MB, ` +
            `${sample.domNodes} DOM nodes, ${sample.listeners} listeners, ` +
            `tile cache ${(sample.tileCacheBytes / 1e6).toFixed(1)} MB, ${sample.globeTiles} globe tiles, ` +
            `${sample.shaderPrograms} shader programs, ${sample.resets} resets, ` +
            `${((Date.now() - started) / 1000).toFixed(0)} s`,
        );
        await snapshot(done);
      }
    }
    await touch.detach();
    const seconds = (Date.now() - started) / 1000;
    const first = samples[0]!;
    const last = samples[samples.length - 1]!;
    const steady = samples.filter((s) => s.interactions >= SAMPLE_EVERY);
    const per100 = (pick: (s: Sample) => number) =>
      steady.length >= 2
        ? slope(
            steady.map((s) => s.interactions),
            steady.map(pick),
          ) * 100
        : Number.NaN;
    const rows: [string, (s: Sample) => number, number, string][] = [
      ['JS heap (after GC)', (s) => s.heapBytes, 1e6, 'MB'],
      ['DOM nodes', (s) => s.domNodes, 1, ''],
      ['event listeners', (s) => s.listeners, 1, ''],
      ['tile cache', (s) => s.tileCacheBytes, 1e6, 'MB'],
      ['globe tiles', (s) => s.globeTiles, 1, ''],
      ['shader programs', (s) => s.shaderPrograms, 1, ''],
    ];
    console.info(
      `\nkiosk soak: ${INTERACTIONS} interactions and ${last.resets} resets in ${seconds.toFixed(0)} s ` +
        `(${SCREEN.width}×${SCREEN.height}, render scale ${RENDER_SCALE}, production build, Debian Chromium, ` +
        'software WebGL)',
    );
    console.info(
      `  time: ${((seconds * 1000 - resetMs) / INTERACTIONS).toFixed(0)} ms an interaction, ` +
        `${(resetMs / 1000 / Math.max(1, Math.floor(INTERACTIONS / IDLE_RESET_EVERY))).toFixed(1)} s an idle reset ` +
        'with its attract story (measuring included in the interactions)',
    );
    for (const [label, pick, unit, suffix] of rows) {
      const f = (v: number) => `${(v / unit).toFixed(unit === 1 ? 0 : 1)}${suffix ? ` ${suffix}` : ''}`;
      const growth = per100(pick);
      console.info(
        `  ${label.padEnd(20)} before ${f(pick(first)).padStart(10)}  after ${f(pick(last)).padStart(10)}  ` +
          (Number.isNaN(growth)
            ? 'growth not measured (it needs two samples after the first 100 interactions)'
            : `growth per 100 interactions ${(growth / unit).toFixed(unit === 1 ? 1 : 2)}${suffix ? ` ${suffix}` : ''}`),
      );
    }
    if (kinds.length > 0) {
      console.info(
        '  heap snapshots, shallow MB (V8 code / strings / other objects on V8 heap / outside it):',
      );
      for (const k of kinds) {
        const mb = (v: number) => (v / 1e6).toFixed(2);
        console.info(
          `  ${String(k.interactions).padStart(7)} interactions: ${mb(k.code)} / ${mb(k.strings)} / ` +
            `${mb(k.objects)} / ${mb(k.outside)}`,
        );
      }
    }
    console.info(`  page errors: ${errors.length === 0 ? 'none' : errors.join(' | ')}`);
    console.info(`  load: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
