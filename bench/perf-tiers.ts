/**
 * Performance tiers benchmark (not a test): for each `?tier=` (and the default, which on a software renderer
 * keeps its own settings and lowers the resolution while the view moves), in the production build at the
 * demo city's home view once its tiles have loaded:
 *
 * - frame time: the wall-clock time between frames rendered one after the other (the measure the tier stepping
 *   uses, `data-frame-ms`) while the view turns by a small step each frame, driven in the page so no round trip
 *   to the benchmark sits between frames; median and 95th percentile of `FRAMES` frames;
 * - memory: the page's JavaScript heap (`performance.memory.usedJSHeapSize`, after a garbage collection), the
 *   city tilesets' tile memory (`totalMemoryUsageInBytes`: their geometry and textures on the GPU) against the
 *   tier's cache budget (`cacheBytes` + `maximumCacheOverflowBytes`), and the drawing buffer (colour + depth,
 *   4 bytes each per sample: width × height × samples × 8 at the tier's resolution scale).
 *
 * Headless Debian Chromium with SwiftShader: every frame is rasterised on the CPU, so the figures show the tiers'
 * relative cost, not a phone's. Needs `npm run build` (with the demo tiles) first. Run: `npm run bench:tiers`
 * (`BENCH_DIST=<folder>` for another build, `BENCH_FRAMES=N`).
 *
 * Recorded 2026-12-04 12:25 UTC (`BENCH_FRAMES=40`, 1280×800 viewport, demo city at its home view, production
 * build with the render loop started after the viewer's children; 2 shared cores, load 6.4 → 7.1 from other
 * work, so frame times are noisy; tile memory is the small demo city's):
 *
 * | ?tier=    | applied  | drawing buffer | MSAA   | first building frame | frame median | frame p95 | JS heap | tiles  | cache budget | drawing buffer |
 * | --------- | -------- | -------------- | ------ | -------------------- | ------------ | --------- | ------- | ------ | ------------ | -------------- |
 * | (default) | software | 452×259        | 1      | 6.3 s                | 407 ms       | 944 ms    | 25.3 MB | 1.3 MB | 1 074 MB     | 0.9 MB         |
 * | low       | low      | 640×367        | 1+FXAA | 5.9 s                | 584 ms       | 1 192 ms  | 24.9 MB | 1.3 MB | 201 MB       | 1.9 MB         |
 * | medium    | medium   | 960×551        | 1+FXAA | 6.4 s                | 938 ms       | 2 793 ms  | 25.5 MB | 1.3 MB | 403 MB       | 4.2 MB         |
 * | high      | high     | 1280×735       | 4      | 6.0 s                | 1 717 ms     | 5 041 ms  | 25.2 MB | 1.3 MB | 1 074 MB     | 30.1 MB        |
 *
 * The default on SwiftShader moves at its adaptive motion scale (0.25–0.5, here about 0.35). Frame time grows
 * with the pixels drawn (and 4× MSAA on high), about 1 : 2.9 from low to high; JS heap and tile memory do not
 * depend on the tier at this view (the demo's 21 tiles all fit every budget).
 */
import { execSync } from 'node:child_process';
import { resolve } from 'node:path';
import { DEMO_LOAD_TIMEOUT_MS, DEMO_SETTLED, launchChromium, VIEWPORT } from '../e2e/browser.ts';
import { startStaticServer } from '../e2e/static-server.ts';
import { FIND_WIDGET_JS } from './page-memory.ts';
import { webglRenderer } from './webgl-renderer.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const TIERS = ['', 'low', 'medium', 'high'];
/** Frames measured per tier. */
const FRAMES = Number(process.env.BENCH_FRAMES ?? 60);

/**
 * Runs in the page (a string: tsx would wrap named functions with a helper the page lacks). Finds the Cesium
 * widget through resium's context (FIND_WIDGET_JS), turns the view by 0.3° a frame for `frames` frames,
 * each asked for from the previous frame's postRender, and resolves with the frame times (ms), the city
 * tilesets' memory and cache budget (bytes) and the drawing buffer's size and samples.
 */
const FRAMES_SCRIPT = (frames: number) => `(() => {
${FIND_WIDGET_JS}
  if (!viewer) return Promise.reject(new Error('perf-tiers: no Cesium widget'));
  const scene = viewer.scene;
  return new Promise((resolve) => {
    const times = [];
    let step = 0;
    const remove = scene.postRender.addEventListener(() => {
      times.push(performance.now());
      step += 1;
      if (times.length > ${frames}) {
        remove();
        const frameMs = times.slice(1).map((t, i) => t - times[i]);
        let tileBytes = 0;
        let budgetBytes = 0;
        const primitives = scene.primitives;
        for (let i = 0; i < primitives.length; i += 1) {
          const p = primitives.get(i);
          if (typeof p.totalMemoryUsageInBytes !== 'number') continue;
          tileBytes += p.totalMemoryUsageInBytes;
          budgetBytes += p.cacheBytes + p.maximumCacheOverflowBytes;
        }
        resolve({
          frameMs,
          tileBytes,
          budgetBytes,
          width: scene.drawingBufferWidth,
          height: scene.drawingBufferHeight,
          samples: scene.msaaSamples,
          fxaa: scene.postProcessStages.fxaa.enabled,
        });
        return;
      }
      // Back and forth, so the view stays over the city.
      const turn = ((Math.floor(step / 15) % 2) * 2 - 1) * 0.005;
      setTimeout(() => {
        viewer.camera.lookRight(turn);
        scene.requestRender();
      }, 0);
    });
    scene.requestRender();
  });
})()`;

interface Frames {
  frameMs: number[];
  tileBytes: number;
  budgetBytes: number;
  width: number;
  height: number;
  samples: number;
  fxaa: boolean;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const mb = (bytes: number) => (bytes / 1e6).toFixed(1).padStart(7);

const { url, server } = await startStaticServer(resolve(ROOT, process.env.BENCH_DIST ?? 'dist'));
const browser = await launchChromium();
const renderer = await webglRenderer(browser);
const rows: string[] = [];
console.error(`load before: ${execSync('uptime').toString().trim()}`);
for (const tier of TIERS) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.goto(tier ? `${url}?tier=${tier}` : url);
  await page.waitForSelector(DEMO_SETTLED, { timeout: DEMO_LOAD_TIMEOUT_MS });
  const firstFrameMs = await page.evaluate(
    () => performance.getEntriesByName('stadtmodell:first-building-frame')[0]?.startTime ?? Number.NaN,
  );
  const appliedTier = (await page.locator('[data-perf-tier]').getAttribute('data-perf-tier')) ?? '?';
  const frames = (await page.evaluate(FRAMES_SCRIPT(FRAMES))) as Frames;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const bufferBytes = frames.width * frames.height * frames.samples * 8;
  rows.push(
    [
      (tier || '(default)').padEnd(10),
      appliedTier.padEnd(7),
      `${frames.width}×${frames.height}`.padEnd(9),
      `${frames.samples}${frames.fxaa ? '+FXAA' : ''}`.padEnd(6),
      firstFrameMs.toFixed(0).padStart(7),
      quantile(frames.frameMs, 0.5).toFixed(0).padStart(6),
      quantile(frames.frameMs, 0.95).toFixed(0).padStart(6),
      mb(usedSize),
      mb(frames.tileBytes),
      mb(frames.budgetBytes),
      mb(bufferBytes),
    ].join(' '),
  );
  console.error(rows.at(-1));
  await page.context().close();
}
await browser.close();
server.close();
console.log(
  `performance tiers, ${FRAMES} frames each (headless Chromium, WebGL renderer ${renderer}, ${VIEWPORT.width}×${VIEWPORT.height})`,
);
console.log(`load after: ${execSync('uptime').toString().trim()}`);
console.log('?tier=     applied buffer    MSAA   first     frame ms      JS heap  tiles   budget  drawing');
console.log('                                     frame ms median   p95      MB      MB      MB  buffer MB');
for (const row of rows) console.log(row);
