import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import {
  ARTIFACTS,
  DEMO_LOAD_TIMEOUT_MS,
  DEMO_SETTLED,
  foreignRequests,
  newRecordedPage,
  showTools,
  startE2e,
} from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';
import { countBuildingPixels, mapScreenshot } from './pixels.ts';

const FIRST_FRAME_MARK = 'stadtmodell:first-building-frame';

/** File names of the JavaScript chunks of the build (`assets/*.js`) the page requested so far. */
function requestedChunks(record: RecordedPage): string[] {
  return record.requests
    .map((url) => new URL(url).pathname)
    .filter((path) => /\/assets\/[^/]+\.js$/.test(path))
    .map((path) => path.slice(path.lastIndexOf('/') + 1));
}

/** How many times the city's buildings were first drawn on this page (once per viewer). */
function buildingFrames(page: Page): Promise<number> {
  return page.evaluate((mark) => performance.getEntriesByName(mark).length, FIRST_FRAME_MARK);
}

describe('speed on a phone: tools on first use, a lost WebGL context, installable and offline', () => {
  let e2e: E2eSession;
  let main: RecordedPage;

  beforeAll(async () => {
    e2e = await startE2e();
    // With the service worker (the other e2e files block it), as a visitor's browser has it.
    main = await newRecordedPage(e2e.browser, { serviceWorkers: 'allow' });
    await main.page.goto(e2e.baseUrl);
    await main.page.waitForSelector(DEMO_SETTLED, { timeout: DEMO_LOAD_TIMEOUT_MS });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('starts without the tools’ code; each panel’s chunk loads when it is opened', async () => {
    const { page } = main;
    expect(await page.getAttribute('.app', 'data-tileset-demo')).toBe('tiles-loaded');
    const atStart = requestedChunks(main);
    expect(atStart.some((name) => name.startsWith('App-'))).toBe(true);
    const panels = [
      ['MeasurePanel-', 'measure-panel'],
      ['CutPanel-', 'cut-panel'],
      ['SunPanel-', 'sun-panel'],
      ['LayerTree-', 'layer-panel'],
    ] as const;
    for (const tool of [
      ...panels.map(([chunk]) => chunk),
      'ShadowStudyPanel-',
      'ImportedLayers-',
      'StoryEditor-',
      'convert-file-',
      'blob-tileset-',
    ]) {
      expect(atStart.filter((name) => name.startsWith(tool))).toEqual([]);
    }
    // The tileset description is preloaded by the entry and Cesium takes that response: one request.
    expect(main.requests.filter((url) => url.endsWith('/tiles/demo/tileset.json'))).toHaveLength(1);
    for (const [chunk, panel] of panels) {
      // The header folds its tools into a menu when they do not fit in a row.
      await showTools(page);
      await page.locator(`button[aria-controls="${panel}"]`).click();
      await page.locator(`#${panel}`).waitFor();
      expect(requestedChunks(main).filter((name) => name.startsWith(chunk))).toHaveLength(1);
      await showTools(page);
      await page.locator(`button[aria-controls="${panel}"]`).click();
      await page.locator(`#${panel}`).waitFor({ state: 'detached' });
    }
    expect(foreignRequests(main.requests)).toEqual([]);
  });

  it('opens the presenter window without the 3D app’s code', async () => {
    const presenter = await newRecordedPage(e2e.browser);
    await presenter.page.goto(`${e2e.baseUrl}?presenter=1`);
    await presenter.page.getByTestId('presenter').waitFor();
    const chunks = requestedChunks(presenter);
    expect(chunks.some((name) => name.startsWith('PresenterPage-'))).toBe(true);
    expect(chunks.filter((name) => name.startsWith('App-'))).toEqual([]);
    expect(presenter.requests.filter((url) => url.includes('/cesium/'))).toEqual([]);
    expect(presenter.pageErrors).toEqual([]);
    await presenter.page.context().close();
  });

  it('links a valid web app manifest with our own icon', async () => {
    const { page } = main;
    const href = await page.getAttribute('link[rel="manifest"]', 'href');
    expect(href).toBeTruthy();
    const manifestUrl = new URL(href!, page.url()).href;
    const response = await page.request.get(manifestUrl);
    expect(response.status()).toBe(200);
    const manifest = JSON.parse(await response.text()) as Record<string, unknown>;
    expect(manifest).toMatchObject({ lang: 'de', display: 'standalone', short_name: 'Stadtmodell' });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    const icons = manifest.icons as { src: string; type: string; sizes: string; purpose: string }[];
    expect(icons.length).toBeGreaterThan(0);
    // Installable: PNG icons of 192 and 512 pixels, and a maskable one (rasterised at build by vite-icons.ts).
    expect(icons.map((i) => `${i.sizes} ${i.type} ${i.purpose}`)).toEqual(
      expect.arrayContaining([
        '192x192 image/png any',
        '512x512 image/png any',
        '512x512 image/png maskable',
      ]),
    );
    for (const icon of icons) {
      const iconUrl = new URL(icon.src, manifestUrl).href;
      expect(iconUrl.startsWith(e2e.baseUrl)).toBe(true);
      const image = await page.request.get(iconUrl);
      expect(image.status()).toBe(200);
      expect(image.headers()['content-type']).toContain(icon.type);
    }
  });

  it('says politely when the WebGL context is lost and draws the buildings again once it is back', async () => {
    const { page } = main;
    const framesBefore = await buildingFrames(page);
    expect(framesBefore).toBeGreaterThan(0);
    await page.evaluate(() => {
      const scope = globalThis as unknown as {
        document: { querySelector(selector: string): { getContext(kind: string): unknown } | null };
        lostContext?: { loseContext(): void; restoreContext(): void };
      };
      const gl = scope.document.querySelector('.cesium-widget canvas')?.getContext('webgl2') as
        | { getExtension(name: string): { loseContext(): void; restoreContext(): void } | null }
        | null
        | undefined;
      const extension = gl?.getExtension('WEBGL_lose_context');
      if (!extension) throw new Error('speed e2e: no WEBGL_lose_context');
      scope.lostContext = extension;
      extension.loseContext();
    });
    const notice = page.locator('[data-testid="context-loss"]');
    await notice.waitFor();
    expect(await notice.getAttribute('role')).toBe('alert');
    // Our notice, not Cesium's render error panel for the frame drawn before the browser reported the loss.
    expect(await page.locator('.cesium-widget-errorPanel').count()).toBe(0);
    expect(await notice.textContent()).toContain('WebGL');
    const button = notice.getByRole('button', { name: '3D-Ansicht neu starten' });
    expect((await button.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(48);
    writeFileSync(join(ARTIFACTS, 'speed-context-lost.png'), await page.screenshot());
    expect(await axeViolations(page)).toEqual([]);

    await page.evaluate(() => {
      (globalThis as unknown as { lostContext: { restoreContext(): void } }).lostContext.restoreContext();
    });
    await page.waitForFunction(
      ([mark, before]) => performance.getEntriesByName(mark as string).length > (before as number),
      [FIRST_FRAME_MARK, framesBefore] as const,
      { timeout: DEMO_LOAD_TIMEOUT_MS, polling: 250 },
    );
    expect(await notice.count()).toBe(0);
    const picture = await mapScreenshot(page);
    writeFileSync(join(ARTIFACTS, 'speed-context-restored.png'), picture);
    expect(await countBuildingPixels(page, picture)).toBeGreaterThan(0.05);
  });

  it('after one visit, reloading offline shows the app from the cache with an offline notice', async () => {
    const { page } = main;
    // The service worker is ready once the shell is cached (install waits for it).
    expect(
      await page.evaluate(async () => {
        const scope = globalThis as unknown as {
          navigator: { serviceWorker: { ready: Promise<{ active: { state: string } | null }> } };
        };
        return (await scope.navigator.serviceWorker.ready).active?.state;
      }),
    ).toBe('activated');
    // Offline for the page, and the server gone too (the service worker's own fetches must fail as well).
    await page.context().setOffline(true);
    await e2e.server.close();
    await page.reload({ waitUntil: 'domcontentloaded' });
    const offline = page.locator('[data-testid="offline-notice"]');
    await offline.waitFor();
    expect(await offline.textContent()).toContain('Keine Verbindung');
    await page.locator('.app').waitFor();
    expect(await page.locator('[data-testid="shell-failure"]').count()).toBe(0);
    expect(await page.locator('#map').count()).toBe(1);
    // The tiles come from the browser's HTTP cache where the server let it keep them (deploy/nginx: an hour),
    // else they fail; either way the status never claims they are missing from the build.
    await page.locator(DEMO_SETTLED).waitFor({ timeout: DEMO_LOAD_TIMEOUT_MS });
    expect(await page.textContent('.status')).not.toContain('npm');
    writeFileSync(join(ARTIFACTS, 'speed-offline.png'), await page.screenshot());
    await page.context().setOffline(false);
  });
});
