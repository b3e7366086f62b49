/**
 * Story flights benchmark (not a test): for the demo story, per flight between scenes, the time until the
 * scene is complete (flight plus the wait for its tiles) and the share of the scene's tiles already drawn in
 * the first frame after the flight, for
 *   (a) our production build playing the story (`?story=`, PageDown from scene to scene: `applyScene`'s
 *       `camera.flyTo` with the tilesets' `preloadFlightDestinations`, then the bounded wait for the tiles),
 *   (b) a bare Cesium Viewer flying the same cameras with plain `camera.flyTo` of the same durations,
 *       `preloadFlightDestinations` off (the peer the issue names), and
 *   (c) the same bare viewer with Cesium's default preloading on (to tell Cesium's part from ours),
 * all served from localhost in headless Debian Chromium with SwiftShader, measured alternately in the same run;
 * medians over runs and flights. "Tiles drawn" is the same measure on both sides: the tiles whose
 * `tileVisible` event fired in a rendered frame (see `src/app/story/tile-arrival.ts`).
 *
 * Tiles come from localhost, where they arrive faster than any flight; so every page's network is throttled
 * through the DevTools protocol to a mobile/hall-WiFi link (`--latency-ms`, default 80 ms per request;
 * `--mbit`, default 10 Mbit/s down), the same for all three. `--latency-ms 0` measures without throttling.
 *
 * Needs `npx tsx tools/build-demo-tiles.ts && npm run build` first. Run: `npm run bench:story [-- --runs 3]`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CITIES } from '../src/app/config/cities.ts';
import { flightSeconds } from '../src/core/story/flight.ts';
import type { Story } from '../src/core/story/types.ts';
import type { CameraView } from '../src/core/view/camera-view.ts';
import { launchChromium } from '../e2e/browser.ts';
import { startStaticServer } from '../e2e/static-server.ts';
import { mountBareViewer } from './bare-viewer/mount.ts';
import { median } from './stats.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const STORY_PATH = 'stories/demo.de.json';
/** The number after `--name` on the command line, or `fallback`. */
function numberArgument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}
const RUNS = numberArgument('--runs', 3);
const LATENCY_MS = numberArgument('--latency-ms', 80);
const MBIT = numberArgument('--mbit', 10);
const VIEWPORT = { width: 1280, height: 800 };
/** Longest wait for one scene (flight ≤ 3 s, tiles in software rendering). */
const SCENE_TIMEOUT_MS = 120_000;
/** The app's bounded wait for tiles after a flight (SCENE_ARRIVAL_DEFAULTS.timeoutMs); the peer waits as long. */
const TILES_TIMEOUT_MS = 15_000;
const ARRIVED_MARK = 'stadtmodell:story-scene-arrived';

/** One flight between two scenes. */
interface Flight {
  /** Planned flight duration, seconds (the same on both sides). */
  flightSeconds: number;
  /** Milliseconds from the start of the flight until the scene's tiles were loaded (or the bounded wait ended). */
  completeMs: number;
  /** Share (0..1) of the settled scene's drawn tiles that were drawn in the first frame after the flight. */
  share: number;
  targetTiles: number;
  tilesLoaded: boolean;
}

/** A new page whose network is throttled as set on the command line (none with `--latency-ms 0`). */
async function throttledPage(browser: Browser): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  if (LATENCY_MS > 0) {
    const cdp = await context.newCDPSession(page);
    const bytesPerSecond = (MBIT * 1e6) / 8;
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: LATENCY_MS,
      downloadThroughput: bytesPerSecond,
      uploadThroughput: bytesPerSecond,
    });
  }
  return { page, close: () => context.close() };
}

/** (a) Our app: opens the story, waits for scene 0, then PageDown through every scene. */
async function measureOurs(browser: Browser, appUrl: string, story: Story): Promise<Flight[]> {
  const { page, close } = await throttledPage(browser);
  await page.goto(`${appUrl}?story=${STORY_PATH}`);
  const arrived = (index: number) =>
    page.waitForSelector(`[data-testid="story-presentation"][data-story-arrived="${index}"]`, {
      state: 'attached',
      timeout: SCENE_TIMEOUT_MS,
    });
  await arrived(0);
  const flights: Flight[] = [];
  for (let index = 1; index < story.scenes.length; index += 1) {
    const started = await page.evaluate(() => performance.now());
    await page.keyboard.press('PageDown');
    await arrived(index);
    const detail = await page.evaluate(
      ({ mark, index }) => {
        const entries = performance.getEntriesByName(mark) as unknown as {
          startTime: number;
          detail: unknown;
        }[];
        const entry = entries.reverse().find((e) => (e.detail as { index: number }).index === index);
        return entry ? { startTime: entry.startTime, ...(entry.detail as object) } : undefined;
      },
      { mark: ARRIVED_MARK, index },
    );
    if (!detail) throw new Error(`story-flights: no arrival mark for scene ${index}`);
    const d = detail as {
      startTime: number;
      flightSeconds: number;
      tilesShare: number;
      targetTiles: number;
      tilesLoaded: boolean;
    };
    flights.push({
      flightSeconds: d.flightSeconds,
      completeMs: d.startTime - started,
      share: d.tilesShare,
      targetTiles: d.targetTiles,
      tilesLoaded: d.tilesLoaded,
    });
  }
  await close();
  return flights;
}

/** The bare viewer's camera position now, degrees and ellipsoidal metres (orientation in degrees). */
async function bareCamera(page: Page): Promise<CameraView> {
  return page.evaluate(`(() => {
    const c = viewer.camera.positionCartographic;
    const deg = Cesium.Math.toDegrees;
    return { longitude: deg(c.longitude), latitude: deg(c.latitude), height: c.height,
      heading: deg(viewer.camera.heading), pitch: deg(viewer.camera.pitch), roll: deg(viewer.camera.roll) };
  })()`);
}

/**
 * The page-side measurement of one flight in the bare viewer: plain `camera.flyTo`, then the same measure as the
 * app's `awaitSceneTiles`. A string, so that tsx's helpers never reach the page.
 */
const BARE_FLIGHT = `async ({ camera, seconds, preload, timeoutMs }) => {
  const v = viewer;
  const tilesets = () => {
    const result = [];
    for (let i = 0; i < v.scene.primitives.length; i++) {
      const p = v.scene.primitives.get(i);
      if (p instanceof Cesium.Cesium3DTileset && p.show) result.push(p);
    }
    return result;
  };
  for (const t of tilesets()) t.preloadFlightDestinations = preload;
  const nextFrameTiles = () => new Promise((resolve) => {
    const tiles = new Set();
    const removers = [];
    let collecting = false;
    for (const t of tilesets()) removers.push(t.tileVisible.addEventListener((tile) => { if (collecting) tiles.add(tile); }));
    removers.push(v.scene.preRender.addEventListener(() => { collecting = true; }));
    removers.push(v.scene.postRender.addEventListener(() => {
      if (!collecting) return;
      removers.forEach((remove) => remove());
      resolve(tiles);
    }));
    v.scene.requestRender();
  });
  const loaded = () => new Promise((resolve) => {
    const start = performance.now();
    const remove = v.scene.postRender.addEventListener(() => {
      const sets = tilesets();
      if (sets.length > 0 && sets.every((t) => t.tilesLoaded)) { remove(); resolve(true); }
      else if (performance.now() - start > timeoutMs) { remove(); resolve(false); }
    });
    v.scene.requestRender();
  });
  const started = performance.now();
  const toRad = Cesium.Math.toRadians;
  await new Promise((resolve) => v.camera.flyTo({
    destination: Cesium.Cartesian3.fromDegrees(camera.longitude, camera.latitude, camera.height),
    orientation: { heading: toRad(camera.heading), pitch: toRad(camera.pitch), roll: toRad(camera.roll) },
    duration: seconds,
    complete: resolve,
    cancel: resolve,
  }));
  const atEnd = await nextFrameTiles();
  const tilesLoaded = await loaded();
  const completeMs = performance.now() - started;
  const settled = await nextFrameTiles();
  let present = 0;
  for (const tile of settled) if (atEnd.has(tile)) present += 1;
  return { completeMs, share: settled.size === 0 ? 1 : present / settled.size, targetTiles: settled.size, tilesLoaded };
}`;

/** (b)/(c) The bare viewer: jumps to scene 0, waits for its tiles, then flies through the other scenes. */
async function measureBare(
  browser: Browser,
  bareUrl: string,
  story: Story,
  preload: boolean,
): Promise<Flight[]> {
  const { page, close } = await throttledPage(browser);
  await page.goto(bareUrl);
  await page.waitForFunction(
    () => performance.getEntriesByName('stadtmodell:first-building-frame').length > 0,
    null,
    { timeout: SCENE_TIMEOUT_MS, polling: 100 },
  );
  const fly = (camera: CameraView, seconds: number) =>
    page.evaluate(
      `(${BARE_FLIGHT})(${JSON.stringify({ camera, seconds, preload, timeoutMs: TILES_TIMEOUT_MS })})`,
    ) as Promise<Omit<Flight, 'flightSeconds'>>;
  const first = story.scenes[0]!;
  await fly(first.camera, 0);
  const flights: Flight[] = [];
  for (let index = 1; index < story.scenes.length; index += 1) {
    const camera = story.scenes[index]!.camera;
    const seconds = flightSeconds(await bareCamera(page), camera, false);
    flights.push({ flightSeconds: seconds, ...(await fly(camera, seconds)) });
  }
  await close();
  return flights;
}

function summary(label: string, flights: Flight[]): string {
  const share = median(flights.map((f) => f.share));
  const complete = median(flights.map((f) => f.completeMs));
  const flight = median(flights.map((f) => f.flightSeconds));
  const full = flights.filter((f) => f.share >= 0.999).length;
  const loaded = flights.filter((f) => f.tilesLoaded).length;
  return (
    `${label.padEnd(44)} flight ${flight.toFixed(2)} s, complete ${(complete / 1000).toFixed(2)} s, ` +
    `tiles drawn at flight end ${(share * 100).toFixed(0)} % (all drawn in ${full}/${flights.length} flights; ` +
    `loaded within the bounded wait in ${loaded}/${flights.length})`
  );
}

if (!existsSync(join(ROOT, 'dist', 'tiles', 'demo', 'tileset.json'))) {
  console.error(
    'bench: dist/ has no demo tiles; run `npx tsx tools/build-demo-tiles.ts && npm run build` first',
  );
  process.exit(1);
}
const story = JSON.parse(readFileSync(join(ROOT, 'public', STORY_PATH), 'utf8')) as Story;
const city = CITIES.find((c) => c.id === 'wuppertal')!;
const { url: appUrl, server: appServer } = await startStaticServer(join(ROOT, 'dist'));
const bareRoot = mountBareViewer(ROOT);
const { url: bareBase, server: bareServer } = await startStaticServer(bareRoot, { headers: false });
const bareUrl = `${bareBase}?tileset=${encodeURIComponent('tiles/demo/tileset.json')}&view=${encodeURIComponent(JSON.stringify(city.homeView))}`;

const browser = await launchChromium();
const ours: Flight[] = [];
const plain: Flight[] = [];
const preloaded: Flight[] = [];
try {
  for (let run = 0; run < RUNS; run += 1) {
    ours.push(...(await measureOurs(browser, appUrl, story)));
    plain.push(...(await measureBare(browser, bareUrl, story, false)));
    preloaded.push(...(await measureBare(browser, bareUrl, story, true)));
    console.log(`run ${run + 1}/${RUNS} done`);
  }
} finally {
  await browser.close();
  appServer.close();
  bareServer.close();
}
const network = LATENCY_MS > 0 ? `network ${LATENCY_MS} ms latency, ${MBIT} Mbit/s` : 'no throttling';
console.log(
  `\nDemo story "${story.title}", ${story.scenes.length - 1} flights × ${RUNS} runs (${network}), medians:`,
);
console.log(summary('(a) Stadtmodell story player', ours));
console.log(summary('(b) bare Cesium, flyTo, no preloading', plain));
console.log(summary('(c) bare Cesium, flyTo, Cesium preloading', preloaded));
const ratio = median(ours.map((f) => f.share)) / Math.max(1e-9, median(plain.map((f) => f.share)));
console.log(`\nshare of tiles drawn at flight end, (a) / (b): ${ratio.toFixed(2)}×`);
console.log(JSON.stringify({ ours, plain, preloaded }));
