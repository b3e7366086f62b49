/**
 * Embed viewer vs main viewer (not a test): the same demo tiles, the same camera (`view=`), the same headless
 * Debian Chromium (SwiftShader), measured alternately in one run. Per page: time to the first frame that drew
 * buildings (the `stadtmodell:first-building-frame` mark both viewers set, waited for as in viewer-startup.ts),
 * JavaScript fetched up to that frame and by the time the page settled (raw and gzip bytes), the JS heap after
 * garbage collection (CDP `Performance.getMetrics`), and the renderers' own GPU-side estimates (Cesium's
 * `totalMemoryUsageInBytes` of the city tilesets; 3d-tiles-renderer's cached tile bytes plus three.js' counts).
 *
 * Needs a build with the demo tiles: `npx vite build --outDir <dir>` and `BENCH_DIST=<dir>` (default dist/).
 * Run: `npm run bench:embed` (`BENCH_RUNS=N`, default 3). Targets: embed JS ≤ 300 KB gzip; first building frame
 * ≤ 0.5× the main viewer's.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../e2e/browser.ts';
import { startStaticServer } from '../e2e/static-server.ts';
import { FIRST_FRAME_MARK } from '../src/app/viewer/first-frame.ts';
import { CESIUM_TILE_BYTES_SCRIPT } from './page-memory.ts';
import { median } from './stats.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DIST = resolve(ROOT, process.env.BENCH_DIST ?? 'dist');
const TIMEOUT_MS = 240_000;
/** Time after the first building frame for the rest of the start (lazy chunks, more tiles) before the totals. */
const SETTLE_MS = 3000;
/** The demo city's home view as the main viewer shares it. */
const VIEW = '7.2037732,51.2949588,663.47,200,-32,0';

interface Sample {
  firstBuildingFrameMs: number;
  /** Scripts (page and workers) whose response arrived before the first building frame. */
  jsBeforeFrame: { bytes: number; gzipBytes: number };
  /** Every script fetched by the time the page settled. */
  jsTotal: { bytes: number; gzipBytes: number };
  heapBytes: number;
  /** The renderer's estimate of tile geometry and textures, bytes. */
  gpuTileBytes: number;
}

const isScript = (url: string, type: string) =>
  type === 'script' || /\.m?js(?:$|\?)/.test(new URL(url).pathname);

async function measure(browser: Browser, url: string, gpuScript: string): Promise<Sample> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const arrived: { at: number; body: Promise<Buffer | undefined> }[] = [];
  page.on('response', (response) => {
    if (!isScript(response.url(), response.request().resourceType())) return;
    arrived.push({ at: Date.now(), body: response.body().catch(() => undefined) });
  });
  await page.goto(url);
  // An anonymous function with the mark as its argument: a string predicate would be eval'd, which the CSP refuses.
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, FIRST_FRAME_MARK, {
    timeout: TIMEOUT_MS,
    polling: 50,
  });
  const [firstBuildingFrameMs, timeOrigin] = await page.evaluate<[number, number]>(
    `[performance.getEntriesByName(${JSON.stringify(FIRST_FRAME_MARK)})[0].startTime, performance.timeOrigin]`,
  );
  await page.waitForTimeout(SETTLE_MS);
  const frameAt = timeOrigin + firstBuildingFrameMs;
  const jsBeforeFrame = { bytes: 0, gzipBytes: 0 };
  const jsTotal = { bytes: 0, gzipBytes: 0 };
  for (const { at, body } of arrived) {
    const bytes = await body;
    if (!bytes) continue;
    const gzipBytes = gzipSync(bytes).length;
    jsTotal.bytes += bytes.length;
    jsTotal.gzipBytes += gzipBytes;
    if (at <= frameAt) {
      jsBeforeFrame.bytes += bytes.length;
      jsBeforeFrame.gzipBytes += gzipBytes;
    }
  }
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heapBytes = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
  const gpuTileBytes = await page.evaluate<number>(gpuScript);
  await context.close();
  return { firstBuildingFrameMs, jsBeforeFrame, jsTotal, heapBytes, gpuTileBytes };
}

if (!existsSync(join(DIST, 'tiles', 'demo', 'tileset.json')) || !existsSync(join(DIST, 'embed.html'))) {
  console.error(
    `bench: ${DIST} has no demo tiles or no embed.html; build it first (see the header of this file)`,
  );
  process.exit(1);
}
const { url, server } = await startStaticServer(DIST);
const browser = await launchChromium();
const pages = {
  main: { url: `${url}?view=${VIEW}`, gpu: CESIUM_TILE_BYTES_SCRIPT, samples: [] as Sample[] },
  embed: {
    url: `${url}embed.html?view=${VIEW}`,
    gpu: 'globalThis.__embedStats().tileBytes',
    samples: [] as Sample[],
  },
};
for (let run = 0; run < RUNS; run += 1) {
  for (const [name, target] of Object.entries(pages)) {
    target.samples.push(await measure(browser, target.url, target.gpu));
    console.error(
      `run ${run + 1}/${RUNS} ${name}: ${target.samples.at(-1)!.firstBuildingFrameMs.toFixed(0)} ms`,
    );
  }
}
await browser.close();
server.close();

const summary = (samples: Sample[]) => ({
  firstBuildingFrameMs: median(samples.map((s) => s.firstBuildingFrameMs)),
  jsBeforeFrameGzipBytes: median(samples.map((s) => s.jsBeforeFrame.gzipBytes)),
  jsBeforeFrameBytes: median(samples.map((s) => s.jsBeforeFrame.bytes)),
  jsTotalGzipBytes: median(samples.map((s) => s.jsTotal.gzipBytes)),
  jsTotalBytes: median(samples.map((s) => s.jsTotal.bytes)),
  heapBytes: median(samples.map((s) => s.heapBytes)),
  gpuTileBytes: median(samples.map((s) => s.gpuTileBytes)),
});
const main = summary(pages.main.samples);
const embed = summary(pages.embed.samples);
const ratioFrame = embed.firstBuildingFrameMs / main.firstBuildingFrameMs;
const kb = (bytes: number) => `${(bytes / 1e3).toFixed(1)} kB`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
console.log(
  `embed vs main viewer, median of ${RUNS} runs (headless Chromium, SwiftShader, localhost, view=${VIEW}):`,
);
const rows: [string, string, string, string][] = [
  [
    'first building frame',
    `${main.firstBuildingFrameMs.toFixed(0)} ms`,
    `${embed.firstBuildingFrameMs.toFixed(0)} ms`,
    ratioFrame.toFixed(2),
  ],
  [
    'JS before that frame, gzip',
    kb(main.jsBeforeFrameGzipBytes),
    kb(embed.jsBeforeFrameGzipBytes),
    (embed.jsBeforeFrameGzipBytes / main.jsBeforeFrameGzipBytes).toFixed(2),
  ],
  [
    'JS in all (settled), gzip',
    kb(main.jsTotalGzipBytes),
    kb(embed.jsTotalGzipBytes),
    (embed.jsTotalGzipBytes / main.jsTotalGzipBytes).toFixed(2),
  ],
  [
    'JS in all (settled), raw',
    mb(main.jsTotalBytes),
    mb(embed.jsTotalBytes),
    (embed.jsTotalBytes / main.jsTotalBytes).toFixed(2),
  ],
  [
    'JS heap after GC',
    mb(main.heapBytes),
    mb(embed.heapBytes),
    (embed.heapBytes / main.heapBytes).toFixed(2),
  ],
  [
    'tile GPU estimate',
    mb(main.gpuTileBytes),
    mb(embed.gpuTileBytes),
    (embed.gpuTileBytes / main.gpuTileBytes).toFixed(2),
  ],
];
console.log(
  `${''.padEnd(28)}${'main viewer'.padStart(14)}${'embed'.padStart(14)}${'embed/main'.padStart(12)}`,
);
for (const [label, a, b, ratio] of rows)
  console.log(`${label.padEnd(28)}${a.padStart(14)}${b.padStart(14)}${ratio.padStart(12)}`);
console.log(
  `targets: embed JS ≤ 300 kB gzip: ${embed.jsTotalGzipBytes <= 300_000 ? 'met' : 'MISSED'}; ` +
    `first building frame ≤ 0.5× main: ${ratioFrame <= 0.5 ? 'met' : 'MISSED'}`,
);
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench', 'results', 'embed-startup.json'),
  `${JSON.stringify({ date: new Date().toISOString(), runs: RUNS, dist: DIST, view: VIEW, main, embed, ratioFrame }, null, 2)}\n`,
);
