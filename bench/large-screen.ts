/**
 * Large-screen benchmark (not a test): frame times at 3840×2160 CSS pixels (a 65–86" touch wall) while two
 * fingers turn the view (CDP touch input, one move per drawn frame), for our production build at several render
 * scales (`?renderScale=`), device pixel ratios and UI scales, and for a bare Cesium Viewer of the same size with
 * the same tileset and camera, in headless Debian Chromium on SwiftShader (no GPU here; on a GPU machine the same
 * script measures the GPU). A frame time is the interval between two drawn frames during the gesture (the
 * protocol's round trip, a few milliseconds, included alike on both sides).
 *
 * Needs `npm run build` with the demo tiles first. Run: `npm run bench:large`; `BENCH_STEPS=N` moves per gesture
 * (default 12), `BENCH_ONLY=<substring>[|<substring>…]` runs only the rows whose name contains one of them.
 * The first line names the WebGL renderer (SwiftShader here); each row gives median/p90/p95/max and the load.
 *
 * On a lent GPU machine, bench/gpu/ (README.md there) packs Chromium, Node and this script, finds the flags that
 * put WebGL on the GPU and runs it there (`CHROMIUM_GL_ARGS`, no 60 Hz cap). Not yet measured on a GPU: the
 * session of 2026-12-04 that packed it got no machine ("no new device machine is lent at present").
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CITIES } from '../src/app/config/cities.ts';
import { DEMO_SETTLED, launchChromium } from '../e2e/browser.ts';
import { productionBuildDir, startStaticServer } from '../e2e/static-server.ts';
import { TouchScreen, twist } from '../e2e/touch.ts';
import { mountBareViewer } from './bare-viewer/mount.ts';
import { webglRenderer } from './webgl-renderer.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const SIZE = { width: 3840, height: 2160 };
const STEPS = Number(process.env.BENCH_STEPS ?? 12);
const ONLY = process.env.BENCH_ONLY ?? '';
const TIMEOUT_MS = 300_000;

/** One measured set-up. */
interface Row {
  name: string;
  peer: 'app' | 'bare';
  query: string;
  deviceScaleFactor: number;
  /** UI scale in percent, stored in localStorage before the page loads (app only). */
  uiScale?: number;
  /** Cesium's resolutionScale for the bare viewer. */
  bareScale?: number;
}

const ROWS: Row[] = [
  {
    name: 'app, default (software: 0.5 at rest, adapting in 0.25..0.5 while moving), DPR 1, UI 100 %',
    peer: 'app',
    query: '',
    deviceScaleFactor: 1,
  },
  { name: 'app, default, DPR 1, UI 200 %', peer: 'app', query: '', deviceScaleFactor: 1, uiScale: 200 },
  { name: 'app, default, DPR 2, UI 150 %', peer: 'app', query: '', deviceScaleFactor: 2, uiScale: 150 },
  {
    name: 'app, render scale 0.5 pinned (software: the fixed scale before it adapted), DPR 1',
    peer: 'app',
    query: 'renderScale=0.5',
    deviceScaleFactor: 1,
  },
  { name: 'app, render scale 0.25, DPR 1', peer: 'app', query: 'renderScale=0.25', deviceScaleFactor: 1 },
  { name: 'app, render scale 1, DPR 1', peer: 'app', query: 'renderScale=1', deviceScaleFactor: 1 },
  {
    name: 'bare Cesium, resolution scale 1, DPR 1',
    peer: 'bare',
    query: '',
    deviceScaleFactor: 1,
    bareScale: 1,
  },
  {
    name: 'bare Cesium, resolution scale 0.5, DPR 1',
    peer: 'bare',
    query: '',
    deviceScaleFactor: 1,
    bareScale: 0.5,
  },
];

/** Page-side: records the time of every drawn frame into `window.__frames` (bare viewer). */
const RECORD_BARE_FRAMES = `(() => {
  window.__frames = [];
  viewer.scene.postRender.addEventListener(() => window.__frames.push(performance.now()));
})()`;

/** Page-side: the frame times recorded so far (and forgets them), for either peer. */
const TAKE_FRAMES = `(() => {
  if (window.__frames) return window.__frames.splice(0);
  const marks = performance.getEntriesByName('stadtmodell:camera-frame').map((m) => m.startTime);
  performance.clearMarks('stadtmodell:camera-frame');
  return marks;
})()`;

/** The 1-minute load average, for the line printed with every figure. */
function load(): string {
  return loadavg()[0]!.toFixed(1);
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function measure(
  browser: Browser,
  row: Row,
  appUrl: string,
  bareUrl: string,
): Promise<{ intervals: number[]; scale: string }> {
  const context = await browser.newContext({ viewport: SIZE, deviceScaleFactor: row.deviceScaleFactor });
  try {
    const page: Page = await context.newPage();
    if (row.uiScale) {
      await page.addInitScript({ content: `localStorage.setItem('stadtmodell:ui-scale', '${row.uiScale}')` });
    }
    if (row.peer === 'app') {
      await page.goto(`${appUrl}?cameraTrace=1${row.query ? `&${row.query}` : ''}`);
      await page.waitForSelector(DEMO_SETTLED, { timeout: TIMEOUT_MS });
    } else {
      await page.goto(bareUrl);
      await page.waitForFunction(
        () => performance.getEntriesByName('stadtmodell:first-building-frame').length > 0,
        null,
        { timeout: TIMEOUT_MS, polling: 100 },
      );
      await page.evaluate(
        `viewer.resolutionScale = ${row.bareScale ?? 1}; viewer.scene.msaaSamples = 1; ${RECORD_BARE_FRAMES}`,
      );
    }
    const frame = async () => {
      await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve()))');
    };
    for (let i = 0; i < 5; i++) await frame();
    await page.evaluate(TAKE_FRAMES);
    const touch = await TouchScreen.attach(page);
    await twist(touch, { x: SIZE.width / 2, y: SIZE.height / 2 }, 600, 30, {
      steps: STEPS,
      afterStep: frame,
    });
    // The scale drawn at the gesture's end, before the camera comes to rest (the app adapts it while moving).
    const scale =
      row.peer === 'app' ? await page.getAttribute('[data-render-scale]', 'data-render-scale') : null;
    await touch.detach();
    const times = (await page.evaluate(TAKE_FRAMES)) as number[];
    const intervals: number[] = [];
    for (let i = 1; i < times.length; i++) intervals.push(times[i]! - times[i - 1]!);
    return { intervals: intervals.sort((a, b) => a - b), scale: scale ?? String(row.bareScale ?? '?') };
  } finally {
    await context.close();
  }
}

const DIST = productionBuildDir();
if (!existsSync(join(DIST, 'tiles', 'demo', 'tileset.json'))) {
  console.error(
    `bench: ${DIST} has no demo tiles; run \`npx tsx tools/build-demo-tiles.ts && npm run build\` first (E2E_DIST: another build folder)`,
  );
  process.exit(1);
}
const city = CITIES[0]!;
const { url: appUrl, server: appServer } = await startStaticServer(DIST);
const bareRoot = mountBareViewer(ROOT);
const { url: bareBase, server: bareServer } = await startStaticServer(bareRoot, { headers: false });
const bareUrl = `${bareBase}?tileset=${encodeURIComponent('tiles/demo/tileset.json')}&view=${encodeURIComponent(JSON.stringify(city.homeView))}`;
const browser = await launchChromium();
try {
  console.log(
    `Frame times at ${SIZE.width}×${SIZE.height} CSS px, twist gesture of ${STEPS} moves (ms between frames)`,
  );
  console.log(`WebGL renderer: ${await webglRenderer(browser)}; load ${load()}`);
  console.log('set-up | frames | median | p90 | p95 | max | render scale at the end | load');
  for (const row of ROWS.filter((r) => ONLY.split('|').some((part) => r.name.includes(part)))) {
    const { intervals, scale } = await measure(browser, row, appUrl, bareUrl);
    const f = (n: number) => n.toFixed(n < 100 ? 1 : 0);
    console.log(
      `${row.name} | ${intervals.length + 1} | ${f(quantile(intervals, 0.5))} | ${f(quantile(intervals, 0.9))} | ${f(quantile(intervals, 0.95))} | ${f(intervals[intervals.length - 1] ?? Number.NaN)} | ${scale} | ${load()}`,
    );
  }
} finally {
  await browser.close();
  appServer.close();
  bareServer.close();
}
