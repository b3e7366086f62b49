/**
 * Viewer start-up benchmark (not a test): time to the first frame that shows buildings, and bytes of
 * JavaScript transferred, for our production build (dist/) and for a bare Cesium Viewer loading the
 * same tileset with the same camera, both served from localhost in headless Debian Chromium with
 * SwiftShader, measured alternately in the same run; median of 5 runs each, printed as ratios.
 *
 * Needs `npm run build` (with the demo tiles) first. Run: `npm run bench`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CITIES } from '../src/app/config/cities.ts';
import { launchChromium } from '../e2e/browser.ts';
import { startStaticServer } from '../e2e/static-server.ts';
import { mountBareViewer } from './bare-viewer/mount.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TIMEOUT_MS = 240_000;

interface Sample {
  firstBuildingFrameMs: number;
  scriptBytes: number;
}

async function measure(browser: Browser, url: string): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  let scriptBytes = 0;
  const pending: Promise<void>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    pending.push(
      response
        .body()
        .then((body) => {
          scriptBytes += body.length;
        })
        .catch(() => {}),
    );
  });
  await page.goto(url);
  // Anonymous callbacks only: tsx would wrap named functions with a `__name` helper the page lacks.
  await page.waitForFunction(
    () => performance.getEntriesByName('stadtmodell:first-building-frame').length > 0,
    null,
    { timeout: TIMEOUT_MS, polling: 50 },
  );
  const firstBuildingFrameMs = await page.evaluate(
    () => performance.getEntriesByName('stadtmodell:first-building-frame')[0]?.startTime ?? Number.NaN,
  );
  await Promise.all(pending);
  await context.close();
  return { firstBuildingFrameMs, scriptBytes };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

if (!existsSync(join(ROOT, 'dist', 'tiles', 'demo', 'tileset.json'))) {
  console.error(
    'bench: dist/ has no demo tiles; run `npx tsx tools/build-demo-tiles.ts && npm run build` first',
  );
  process.exit(1);
}
const city = CITIES.find((c) => c.id === 'wuppertal')!;
const { url: appUrl, server: appServer } = await startStaticServer(join(ROOT, 'dist'));
const bareRoot = mountBareViewer(ROOT);
const { url: bareBase, server: bareServer } = await startStaticServer(bareRoot, { headers: false });
const bareUrl = `${bareBase}?tileset=${encodeURIComponent('tiles/demo/tileset.json')}&view=${encodeURIComponent(JSON.stringify(city.homeView))}`;

const browser = await launchChromium();
const ours: Sample[] = [];
const bare: Sample[] = [];
for (let run = 0; run < RUNS; run += 1) {
  ours.push(await measure(browser, appUrl));
  bare.push(await measure(browser, bareUrl));
  console.error(
    `run ${run + 1}/${RUNS}: ours ${ours.at(-1)!.firstBuildingFrameMs.toFixed(0)} ms, bare ${bare.at(-1)!.firstBuildingFrameMs.toFixed(0)} ms`,
  );
}
await browser.close();
appServer.close();
bareServer.close();

const result = {
  date: new Date().toISOString(),
  runs: RUNS,
  ours: {
    firstBuildingFrameMs: median(ours.map((s) => s.firstBuildingFrameMs)),
    scriptBytes: median(ours.map((s) => s.scriptBytes)),
  },
  bareCesiumViewer: {
    firstBuildingFrameMs: median(bare.map((s) => s.firstBuildingFrameMs)),
    scriptBytes: median(bare.map((s) => s.scriptBytes)),
  },
};
const ratioTime = result.ours.firstBuildingFrameMs / result.bareCesiumViewer.firstBuildingFrameMs;
const ratioBytes = result.ours.scriptBytes / result.bareCesiumViewer.scriptBytes;
console.log(`viewer start-up, median of ${RUNS} runs (headless Chromium, SwiftShader, localhost):`);
console.log(`                         ours        bare Cesium Viewer   ratio (ours / bare)`);
console.log(
  `first building frame  ${result.ours.firstBuildingFrameMs.toFixed(0).padStart(7)} ms   ${result.bareCesiumViewer.firstBuildingFrameMs.toFixed(0).padStart(10)} ms        ${ratioTime.toFixed(2)}`,
);
console.log(
  `JavaScript transferred ${(result.ours.scriptBytes / 1e6).toFixed(2).padStart(6)} MB   ${(result.bareCesiumViewer.scriptBytes / 1e6).toFixed(2).padStart(10)} MB        ${ratioBytes.toFixed(2)}`,
);
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench', 'results', 'viewer-startup.json'),
  `${JSON.stringify({ ...result, ratioTime, ratioBytes }, null, 2)}\n`,
);
