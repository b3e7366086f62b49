/**
 * Sketches in Debian Chromium on the production build: a freehand line drawn with a pen (CDP mouse events with
 * `pointerType: 'pen'`; with no tool chosen, the pen takes the pen tool) changes the picture where it was drawn;
 * undo takes it away and redo brings it back; the URL carries `sketch=` and a reload restores it; the GeoJSON
 * export has heights and re-imports to the same sketch; a finger drag (CDP touch) moves the map and draws
 * nothing, a palm neither draws nor moves it even when fingers draw; axe finds nothing with the panel open.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKETCH_MARKER } from '../src/core/sketch/geojson.ts';
import { axeViolations } from './axe.ts';
import {
  ARTIFACTS,
  DEMO_LOAD_TIMEOUT_MS,
  DEMO_SETTLED,
  foreignRequests,
  openDemo,
  showTools,
  startE2e,
} from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';
import { changedShare, mapScreenshot } from './pixels.ts';
import { TouchScreen, oneFingerPan } from './touch.ts';

/** The stroke: a zigzag across the left half of the map, clear of the panel at the lower right. */
function zigzag(box: { x: number; y: number; width: number; height: number }) {
  const points: { x: number; y: number }[] = [];
  for (let i = 0; i <= 24; i++) {
    points.push({
      x: box.x + box.width * (0.15 + 0.3 * (i / 24)),
      y: box.y + box.height * (0.45 + (i % 2 === 0 ? -0.06 : 0.06)),
    });
  }
  return points;
}

/** A pen stroke through `points`, as a tablet's pen sends it (pointerType 'pen', pressed while it moves). */
async function penStroke(cdp: CDPSession, points: readonly { x: number; y: number }[]): Promise<void> {
  const send = (type: 'mousePressed' | 'mouseMoved' | 'mouseReleased', p: { x: number; y: number }) =>
    cdp.send('Input.dispatchMouseEvent', {
      type,
      x: p.x,
      y: p.y,
      button: 'left',
      buttons: type === 'mouseReleased' ? 0 : 1,
      clickCount: type === 'mouseMoved' ? 0 : 1,
      pointerType: 'pen',
    });
  await send('mouseMoved', points[0]!);
  await send('mousePressed', points[0]!);
  for (const p of points.slice(1)) await send('mouseMoved', p);
  await send('mouseReleased', points[points.length - 1]!);
}

const count = (page: Page) => page.locator('#sketch-panel').getAttribute('data-sketch-count');
const sketchParam = (page: Page) =>
  Promise.resolve(page.url()).then((href) => {
    const url = new URL(href);
    return new URLSearchParams(url.hash.slice(1)).get('sketch') ?? url.searchParams.get('sketch');
  });

async function openPanel(page: Page): Promise<void> {
  await showTools(page);
  await page.locator('button[aria-controls="sketch-panel"]').click();
  await page.locator('#sketch-panel').waitFor();
}

describe('sketches', () => {
  let session: E2eSession;
  let record: RecordedPage;
  let page: Page;
  let cdp: CDPSession;
  let canvasBox: { x: number; y: number; width: number; height: number };

  beforeAll(async () => {
    session = await startE2e();
    record = await openDemo(session.browser, `${session.baseUrl}?lang=en`);
    page = record.page;
    cdp = await page.context().newCDPSession(page);
    const box = await page.locator('.cesium-widget canvas').boundingBox();
    if (!box) throw new Error('no Cesium canvas');
    canvasBox = box;
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  it('draws a freehand line with a pen; undo removes it, redo brings it back; the URL carries it', async () => {
    await openPanel(page);
    // No tool chosen: the hint says a pen draws anyway, and the pen's first stroke takes the pen tool.
    const pen = page.locator('#sketch-panel [data-tool="freehand"]');
    expect(await pen.getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('#sketch-panel .sketch-hint').textContent()).toBe(
      'Choose a tool – or simply draw on the map with a pen.',
    );
    expect(await axeViolations(page)).toEqual([]);
    const before = await mapScreenshot(page);
    await penStroke(cdp, zigzag(canvasBox));
    await page.waitForSelector('#sketch-panel[data-sketch-count="1"]');
    expect(await pen.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => sketchParam(page)).toMatch(/^fr2:/);
    const shared = await sketchParam(page);
    const drawn = await mapScreenshot(page);
    writeFileSync(join(ARTIFACTS, 'sketch-pen.png'), drawn);
    expect(await changedShare(page, before, drawn)).toBeGreaterThan(0.005);
    await expect.poll(() => page.locator('.sketch-status').textContent()).toMatch(/Pen added \(1 sketch\)\./);

    await page.keyboard.press('Control+z');
    await page.waitForSelector('#sketch-panel[data-sketch-count="0"]');
    await expect.poll(() => sketchParam(page)).toBeNull();
    const undone = await mapScreenshot(page);
    expect(await changedShare(page, before, undone)).toBeLessThan(0.002);
    await page.locator('#sketch-panel button', { hasText: 'Redo' }).click();
    await page.waitForSelector('#sketch-panel[data-sketch-count="1"]');
    await expect.poll(() => page.locator('.sketch-status').textContent()).toMatch(/Redone/);
    expect(await sketchParam(page)).toBe(shared);
  }, 90_000);

  it('a finger drag moves the map and draws nothing; a palm does neither, even when fingers draw', async () => {
    const touch = await TouchScreen.attach(page);
    const centre = { x: canvasBox.x + canvasBox.width * 0.4, y: canvasBox.y + canvasBox.height * 0.4 };
    const before = await mapScreenshot(page);
    await oneFingerPan(touch, centre, { x: centre.x + 120, y: centre.y + 60 });
    const panned = await mapScreenshot(page);
    expect(await count(page)).toBe('1');
    expect(await changedShare(page, before, panned)).toBeGreaterThan(0.05);

    await page.locator('.sketch-finger input').check();
    // A palm: one contact 50 px wide dragged across the map.
    const palm = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: type === 'touchEnd' ? [] : [{ x, y, id: 7, radiusX: 25, radiusY: 25, force: 1 }],
      });
    await palm('touchStart', centre.x, centre.y);
    for (let i = 1; i <= 10; i++) await palm('touchMove', centre.x - 12 * i, centre.y - 6 * i);
    await palm('touchEnd', centre.x - 120, centre.y - 60);
    const afterPalm = await mapScreenshot(page);
    expect(await count(page)).toBe('1');
    expect(await changedShare(page, panned, afterPalm)).toBeLessThan(0.001);
    await page.locator('.sketch-finger input').uncheck();
    await touch.detach();
  }, 60_000);

  it('exports GeoJSON with heights that re-imports to the same sketch; a reload restores it', async () => {
    const exportTo = async (name: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#sketch-panel button', { hasText: 'Export as GeoJSON' }).click(),
      ]);
      const file = join(ARTIFACTS, name);
      await download.saveAs(file);
      return file;
    };
    const file = await exportTo('sketch-export.geojson');
    const json = JSON.parse(readFileSync(file, 'utf8')) as {
      [SKETCH_MARKER]: number;
      features: { geometry: { coordinates: number[][] }; properties: Record<string, string> }[];
    };
    expect(json[SKETCH_MARKER]).toBe(1);
    expect(json.features).toHaveLength(1);
    expect(json.features[0]!.properties).toMatchObject({ kind: 'freehand', colour: 'red', width: 'medium' });
    const coordinates = json.features[0]!.geometry.coordinates;
    expect(coordinates.length).toBeGreaterThanOrEqual(2);
    for (const position of coordinates) {
      expect(position).toHaveLength(3);
      // Ellipsoidal heights of the demo city's ground and roofs (about 150 to 400 m).
      expect(position[2]).toBeGreaterThan(100);
      expect(position[2]).toBeLessThan(500);
    }

    await page.locator('#sketch-panel button', { hasText: 'Clear all' }).click();
    await page.locator('#sketch-panel button', { hasText: 'Yes, clear all' }).click();
    await page.waitForSelector('#sketch-panel[data-sketch-count="0"]');
    await page.locator('#sketch-panel input[type="file"]').setInputFiles(file);
    await page.waitForSelector('#sketch-panel[data-sketch-count="1"]');
    await expect.poll(() => page.locator('.sketch-status').textContent()).toMatch(/\b1 sketch taken/);
    // The same sketch: exported again, the file is the same.
    expect(readFileSync(await exportTo('sketch-reexport.geojson'), 'utf8')).toBe(readFileSync(file, 'utf8'));
    await expect.poll(() => sketchParam(page)).toMatch(/^fr2:/);
    const shared = await sketchParam(page);

    await page.reload();
    await page.waitForSelector(DEMO_SETTLED, { timeout: DEMO_LOAD_TIMEOUT_MS });
    await openPanel(page);
    expect(await count(page)).toBe('1');
    expect(await sketchParam(page)).toBe(shared);
    await page.locator('#sketch-panel button[aria-label="Close sketch"]').click();
    // The restored sketch is drawn: hiding the layer in the layer tree changes the picture.
    await showTools(page);
    await page.locator('[data-testid="layer-tree-toggle"]').click();
    const shown = await mapScreenshot(page);
    writeFileSync(join(ARTIFACTS, 'sketch-reloaded.png'), shown);
    await page.locator('[data-layer="sketches"] input').uncheck();
    expect(await changedShare(page, shown, await mapScreenshot(page))).toBeGreaterThan(0.003);
    await page.locator('[data-layer="sketches"] input').check();
    expect(record.pageErrors).toEqual([]);
    expect(foreignRequests(record.requests)).toEqual([]);
  }, 150_000);
});
