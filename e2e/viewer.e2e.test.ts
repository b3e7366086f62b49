import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CENTRE_BUILDING_ID } from '../tools/demo-city/landmarks.ts';
import { foreignRequests, launchChromium, newRecordedPage } from './browser.ts';
import type { RecordedPage } from './browser.ts';
import { countBuildingPixels } from './pixels.ts';
import { startAppServer } from './nginx-server.ts';
import type { AppServer } from './nginx-server.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');
/** Software rendering (SwiftShader) draws 2–11 frames per second: allow long waits. */
const LOAD_TIMEOUT_MS = 180_000;
const VIEWPORT = { width: 1280, height: 800 };

type PageRecord = RecordedPage;

describe('viewer on the built-in demo city (production build in Debian Chromium)', () => {
  let server: AppServer | undefined;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startAppServer();
    baseUrl = server.url;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(query = ''): Promise<PageRecord> {
    const record = await newRecordedPage(browser, { viewport: VIEWPORT });
    await record.page.goto(`${baseUrl}${query}`);
    return record;
  }

  /** Screenshot of the map alone: header, panels and status line masked in black for the pixel check. */
  async function mapScreenshot(page: Page): Promise<Buffer> {
    return page.screenshot({
      mask: [page.locator('.app-header'), page.locator('.status'), page.locator('.attribute-panel')],
      maskColor: '#000000',
    });
  }

  async function waitForTiles(page: Page): Promise<void> {
    await page.waitForSelector('.app[data-tileset-demo="tiles-loaded"], .app[data-tileset-demo="error"]', {
      timeout: LOAD_TIMEOUT_MS,
    });
    expect(await page.getAttribute('.app', 'data-tileset-demo')).toBe('tiles-loaded');
  }

  let home: PageRecord;

  it('loads the demo tileset and draws buildings (screenshot + pixel check)', async () => {
    home = await open();
    await waitForTiles(home.page);
    await home.page.waitForTimeout(1500); // let the last frames settle
    writeFileSync(join(ARTIFACTS, 'demo-home.png'), await home.page.screenshot());
    const share = await countBuildingPixels(home.page, await mapScreenshot(home.page));
    // Roofs and walls of the demo city fill a good part of the home view.
    expect(share).toBeGreaterThan(0.05);
    // SwiftShader is a software renderer: the drawing buffer has half the canvas' CSS size each way.
    const size = await home.page.$eval('.cesium-widget canvas', (canvas) => ({
      buffer: (canvas as unknown as { width: number }).width,
      css: (canvas as unknown as { clientWidth: number }).clientWidth,
    }));
    expect(size.buffer / size.css).toBeCloseTo(0.5, 2);
  });

  it('picks the building at the screen centre and shows its attributes as text', async () => {
    const canvas = await home.page.$('.cesium-widget canvas');
    if (!canvas) throw new Error('no Cesium canvas');
    const box = await canvas.boundingBox();
    if (!box) throw new Error('canvas has no box');
    await home.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const idCell = await home.page.waitForSelector(
      '[data-testid="attribute-panel"] td[data-attribute="gml_id"]',
      {
        timeout: 60_000,
      },
    );
    expect(await idCell.textContent()).toBe(DEMO_CENTRE_BUILDING_ID);
    writeFileSync(join(ARTIFACTS, 'demo-picked.png'), await home.page.screenshot());
  });

  it('requested nothing but localhost, used no ion token and threw no page errors', () => {
    expect(home.requests.length).toBeGreaterThan(10);
    const foreign = foreignRequests(home.requests);
    expect(foreign).toEqual([]);
    expect(home.requests.some((url) => /ion|cesium\.com|bing/i.test(new URL(url).hostname))).toBe(false);
    expect(home.pageErrors).toEqual([]);
  });

  it('moves the camera with the keyboard and returns with the Home key', async () => {
    const { page } = home;
    await page.focus('.cesium-widget canvas');
    const before = await mapScreenshot(page);
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('-');
    await page.waitForTimeout(1000);
    const zoomedOut = await mapScreenshot(page);
    expect(Buffer.compare(before, zoomedOut)).not.toBe(0);
    const farShare = await countBuildingPixels(page, zoomedOut);
    const nearShare = await countBuildingPixels(page, before);
    expect(farShare).toBeLessThan(nearShare);
    await page.keyboard.press('Home');
    await page.waitForTimeout(5000); // 1.5 s flight at a few frames per second
    const homeShare = await countBuildingPixels(page, await mapScreenshot(page));
    expect(homeShare).toBeGreaterThan(farShare);
    expect(Math.abs(homeShare - nearShare)).toBeLessThan(0.25 * nearShare);
  });

  it('shows a clear message for a city whose tiles are missing, and keeps working', async () => {
    const { page, pageErrors } = await open('?city=solingen&lang=en');
    await page.waitForSelector('.app[data-tileset-lod2="error"]', { timeout: LOAD_TIMEOUT_MS });
    const status = await page.textContent('.status');
    expect(status).toContain('could not be loaded');
    expect(status).toContain('public/tiles/solingen');
    expect(await page.textContent('h1')).toContain('Solingen');
    await page.waitForTimeout(5000); // let the globe draw
    writeFileSync(join(ARTIFACTS, 'solingen-missing.png'), await page.screenshot());
    const screenshot = await mapScreenshot(page);
    // The pixel check cannot pass without buildings: a city with no tiles has (almost) none.
    expect(await countBuildingPixels(page, screenshot)).toBeLessThan(0.005);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('switches the interface between German and English', async () => {
    const { page } = await open();
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    await page.click('button:has-text("English")');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('.app-header')).toContain('Start view');
    expect(page.url()).toContain('lang=en');
    await page.close();
  });
});
