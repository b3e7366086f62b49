/**
 * An implicit tileset written by our converter (`--tiling implicit`, NRW Wesel LoD2) in CesiumJS: the
 * benchmark page of bench/tiling-layouts (a plain Cesium Viewer) loads it, reports every tile of the view
 * loaded, and draws buildings that disappear when the tileset is hidden.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecefToGeodetic } from '../src/core/tiles/ellipsoid.ts';
import { parseSubtreeFile } from '../src/core/tiles/subtree.ts';
import { writeTilingPage } from './tiling-page.ts';
import { runConvertCli } from '../tools/convert/cli.ts';
import { launchChromium, VIEWPORT } from './browser.ts';
import { changedShare } from './pixels.ts';
import { startStaticServer } from './static-server.ts';

const ROOT = resolve(import.meta.dirname, '..');
const wesel = resolve(ROOT, '../shared/data/citygml/nrw-wesel-lod2');

type Bench = {
  start(view: unknown): Promise<number>;
  show(flag: boolean): number;
  status(): {
    contentReady: number;
    loadedSince?: number;
    loadedFrames: number;
    frames: number;
    error?: string;
  };
};

describe.runIf(existsSync(wesel))('implicit tileset from the converter in CesiumJS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-implicit-'));
  let browser: Browser;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const out = join(dir, 'implicit');
    expect(
      await runConvertCli([wesel, '--out', out, '--tiling', 'implicit', '--jobs', '1', '--quiet'], () => {}),
    ).toBe(0);
    writeTilingPage(dir);
    symlinkSync(join(ROOT, 'node_modules/cesium/Build/Cesium'), join(dir, 'cesium'));
    ({ url, server } = await startStaticServer(dir, { headers: false }));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads every tile of the view and draws them', async () => {
    // Look at the smallest tile of the root subtree (a leaf full of buildings), from its metadata box.
    const tileset = JSON.parse(readFileSync(join(dir, 'implicit/tileset.json'), 'utf8')) as {
      root: { transform: number[] };
    };
    const parsed = parseSubtreeFile(
      new Uint8Array(readFileSync(join(dir, 'implicit/subtrees/0/0/0.subtree'))),
    );
    if ('error' in parsed) throw new Error(parsed.error);
    const table = parsed.json.propertyTables![0]!;
    const view = parsed.json.bufferViews![table.properties.boundingBox!.values]!;
    const boxes = new Float64Array(
      parsed.binary.slice(view.byteOffset, view.byteOffset + view.byteLength).buffer,
    );
    let best = 0;
    for (let row = 0; row < table.count; row++) if (boxes[row * 12 + 3]! < boxes[best * 12 + 3]!) best = row;
    const [x, y, z] = [0, 1, 2].map((k) => boxes[best * 12 + k]!);
    const t = tileset.root.transform;
    const ecef = [0, 1, 2].map((k) => t[k]! * x! + t[4 + k]! * y! + t[8 + k]! * z! + t[12 + k]!);
    const { longitude, latitude, height } = ecefToGeodetic(ecef[0]!, ecef[1]!, ecef[2]!);
    const target = {
      longitude: (longitude * 180) / Math.PI,
      latitude: (latitude * 180) / Math.PI,
      height,
      heading: 0,
      pitch: -60,
      range: 4 * Math.max(boxes[best * 12 + 3]!, boxes[best * 12 + 7]!, 60),
    };

    const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
    await page.goto(`${url}index.html?tileset=implicit/tileset.json`);
    await expect.poll(() => page.evaluate(() => 'tilingBench' in globalThis), { timeout: 60_000 }).toBe(true);
    await page.evaluate(
      (v) => (globalThis as unknown as { tilingBench: Bench }).tilingBench.start(v),
      target,
    );
    const status = () =>
      page.evaluate(() => (globalThis as unknown as { tilingBench: Bench }).tilingBench.status());
    await expect
      .poll(
        async () => {
          const s = await status();
          if (s.error) throw new Error(s.error);
          return s.contentReady > 0 && s.loadedSince !== undefined && s.loadedFrames >= 5;
        },
        { timeout: 120_000, interval: 250 },
      )
      .toBe(true);
    const shown = await page.screenshot();
    const frame = await page.evaluate(() =>
      (globalThis as unknown as { tilingBench: Bench }).tilingBench.show(false),
    );
    await expect.poll(async () => (await status()).frames, { timeout: 30_000 }).toBeGreaterThan(frame + 2);
    const hidden = await page.screenshot();
    // The buildings: pixels that change when the tileset is hidden (here ~1 % of the view).
    expect(await changedShare(page, shown, hidden)).toBeGreaterThan(0.002);
  });
});
