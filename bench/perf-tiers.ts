/**
 * Performance tiers benchmark (not a test): for each `?tier=` (and the default, which on a software
 * renderer keeps its own settings), the production build's first building frame, the median time between
 * frames rendered one after the other while the map is dragged (`data-frame-ms`, the measure the tier
 * stepping uses) and the page's JavaScript heap after loading, in headless Debian Chromium.
 * With SwiftShader every frame is rasterised on the CPU, so the figures show the tiers' relative cost, not a
 * phone's. Needs `npm run build` (with the demo tiles) first. Run: `npm run bench:tiers`
 * (`BENCH_DIST=<folder>` for another build).
 */
import { resolve } from 'node:path';
import { DEMO_LOAD_TIMEOUT_MS, DEMO_SETTLED, launchChromium, VIEWPORT } from '../e2e/browser.ts';
import { startStaticServer } from '../e2e/static-server.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const TIERS = ['', 'low', 'medium', 'high'];
/** Drag steps per measurement: enough frames for a few windows of 20 frames. */
const DRAG_STEPS = 90;

const { url, server } = await startStaticServer(resolve(ROOT, process.env.BENCH_DIST ?? 'dist'));
const browser = await launchChromium();
const rows: string[] = [];
for (const tier of TIERS) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.goto(tier ? `${url}?tier=${tier}` : url);
  await page.waitForSelector(DEMO_SETTLED, { timeout: DEMO_LOAD_TIMEOUT_MS });
  const firstFrameMs = await page.evaluate(
    () => performance.getEntriesByName('stadtmodell:first-building-frame')[0]?.startTime ?? Number.NaN,
  );
  const box = await page.locator('.cesium-widget canvas').boundingBox();
  if (!box) throw new Error('perf-tiers: no Cesium canvas');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let step = 0; step < DRAG_STEPS; step += 1) {
    await page.mouse.move(x + 2 * Math.sin(step / 6) * 40, y + Math.cos(step / 6) * 20);
    // One input event per frame: wait for the frame the move asked for.
    await page.evaluate(
      () =>
        new Promise((resolve) =>
          (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(
            () => resolve(undefined),
          ),
        ),
    );
  }
  await page.mouse.up();
  const [appliedTier, frameMs, heapMb] = await page.evaluate(() => {
    const scope = globalThis as unknown as {
      document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };
    };
    const container = scope.document.querySelector('[data-perf-tier]');
    const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
    return [
      container?.getAttribute('data-perf-tier') ?? '?',
      container?.getAttribute('data-frame-ms') ?? '?',
      memory ? memory.usedJSHeapSize / 1e6 : Number.NaN,
    ] as const;
  });
  rows.push(
    `${(tier || '(default)').padEnd(10)} ${appliedTier.padEnd(9)} ${firstFrameMs.toFixed(0).padStart(8)} ms ${String(frameMs).padStart(8)} ms ${heapMb.toFixed(0).padStart(6)} MB`,
  );
  console.error(rows.at(-1));
  await page.context().close();
}
await browser.close();
server.close();
console.log('?tier=     applied   first building frame   median frame   JS heap');
for (const row of rows) console.log(row);
