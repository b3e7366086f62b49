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
  startE2e,
} from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';
import { liftOne, longPress, pinch, TouchScreen, twist } from './touch.ts';

/**
 * A foyer touch wall. The pages draw at a quarter of the resolution (`renderScale=0.25`): software WebGL rasterizes
 * every frame on the CPU, and at full 4K a gesture's frames would take seconds each; the layout is what is checked.
 */
const SCREEN = { width: 3840, height: 2160 };
/** The kiosk's start view (the link's `view=`): above the demo plan area, looking south. */
const START_VIEW = '7.2020131,51.2928346,402.6,172,-38,0';
/** A red freehand sketch line at the demo Rathaus (`sketch=`, src/core/sketch/url.ts). */
const SKETCH = 'fr2:72001234,512887000,22767,15,-3,0,22,-1,4';
/** The camera comes to rest 0.5 s after its last move; software frames at this size are slow. */
const REST_TIMEOUT_MS = 30_000;
/** Smallest control in kiosk mode, CSS px. */
const KIOSK_TARGET = 56;

/** A shareable parameter of the page's URL, from the query or the hash (long values move there). */
function urlParam(page: Page, name: string): string | null {
  const url = new URL(page.url());
  return new URLSearchParams(url.hash.slice(1)).get(name) ?? url.searchParams.get(name);
}

type View = { longitude: number; latitude: number; height: number; heading: number; pitch: number };

/** The camera as the viewer last reported it at rest (`data-camera-view`, the `view=` value). */
async function cameraView(page: Page): Promise<View | undefined> {
  const text = await page.getAttribute('[data-camera-view]', 'data-camera-view').catch(() => null);
  if (!text) return undefined;
  const [longitude, latitude, height, heading, pitch] = text.split(',').map(Number);
  return { longitude: longitude!, latitude: latitude!, height: height!, heading: heading!, pitch: pitch! };
}

/** Metres between two camera positions (flat-earth approximation; fine over a city). */
function metresBetween(a: View, b: View): number {
  const north = (a.latitude - b.latitude) * 111_320;
  const east = (a.longitude - b.longitude) * 111_320 * Math.cos((a.latitude * Math.PI) / 180);
  return Math.hypot(north, east, a.height - b.height);
}

/** Degrees between two headings, −180..180. */
function turn(from: number, to: number): number {
  return ((to - from + 540) % 360) - 180;
}

/** The camera after one drawn frame, as `?cameraTrace=1` marks it (src/app/touch/CameraTrace.tsx). */
interface Frame {
  x: number;
  y: number;
  z: number;
  height: number;
  heading: number;
  pitch: number;
}

/** Waits until the page has drawn its next animation frame. */
function nextFrame(page: Page): Promise<void> {
  return page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve()))');
}

/** The frames marked since the last call (and forgets them). */
function takeFrames(page: Page): Promise<Frame[]> {
  return page.evaluate(`(() => {
    const frames = performance.getEntriesByName('stadtmodell:camera-frame').map((e) => e.detail);
    performance.clearMarks('stadtmodell:camera-frame');
    return frames;
  })()`);
}

/** ECEF metres between the first and the last frame, and the summed heading change in degrees. */
function pathOf(frames: readonly Frame[]): { moved: number; heading: number } {
  const first = frames[0]!;
  const last = frames[frames.length - 1]!;
  let heading = 0;
  for (let i = 1; i < frames.length; i++) heading += turn(frames[i - 1]!.heading, frames[i]!.heading);
  return { moved: Math.hypot(last.x - first.x, last.y - first.y, last.z - first.z), heading };
}

/**
 * The visible controls smaller than `minimum` CSS px either way, described (runs in the page: a string, as the
 * e2e files are compiled without the DOM library).
 */
function smallControlsScript(minimum: number): string {
  return `[...document.querySelectorAll(
    'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="slider"], [role="switch"], [role="checkbox"]',
  )].flatMap((element) => {
    const box = element.getBoundingClientRect();
    const shown =
      element.checkVisibility({ visibilityProperty: true, opacityProperty: true }) &&
      box.width > 1 && box.height > 1 && box.right > 0 && box.bottom > 0 &&
      box.left < innerWidth && box.top < innerHeight;
    if (!shown || (box.width >= ${minimum} && box.height >= ${minimum})) return [];
    const name = (element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40);
    return [element.tagName.toLowerCase() + '.' + element.className + ' "' + name + '" ' + box.width + 'x' + box.height];
  })`;
}

describe('kiosk mode on a 3840×2160 touch wall (production build in Debian Chromium)', () => {
  let e2e: E2eSession;
  let record: RecordedPage;

  beforeAll(async () => {
    e2e = await startE2e();
    record = await newRecordedPage(e2e.browser, { viewport: SCREEN });
  });

  afterAll(async () => {
    if (record) {
      expect(record.pageErrors).toEqual([]);
      expect(foreignRequests(record.requests)).toEqual([]);
    }
    await e2e?.close();
  });

  async function open(query: string): Promise<Page> {
    const { page } = record;
    await page.goto(`${e2e.baseUrl}?${query}`);
    await page.waitForSelector(DEMO_SETTLED, { timeout: DEMO_LOAD_TIMEOUT_MS });
    expect(await page.getAttribute('.app', 'data-tileset-demo')).toBe('tiles-loaded');
    expect(await page.getAttribute('.app', 'data-kiosk')).toBe('');
    return page;
  }

  it('offers only large controls, nothing to import, export or edit, no context menu; axe clean', async () => {
    // An idle time beyond the 3600 s maximum: used as 3600 s (nothing resets during this and the next test), and said so.
    const page = await open(
      `kiosk=1&idleSeconds=99999&lang=de&cameraTrace=1&renderScale=0.25&view=${START_VIEW}&sketch=${SKETCH}`,
    );
    await page.locator('[data-testid="kiosk-start-again"]').waitFor();
    expect(await page.locator('[data-testid="kiosk-notice"]').textContent()).toContain(
      '„idleSeconds=99999“ liegt nicht zwischen 5 und 3600 Sekunden; es gelten 3600 s.',
    );
    expect(urlParam(page, 'sketch')).toBe(SKETCH); // kept: no reset yet

    // Every visible control, in the header, over the map and in Cesium's credit line.
    const small = await page.evaluate<string[]>(smallControlsScript(KIOSK_TARGET));
    expect(small).toEqual([]);
    // Read from two metres: the wall starts at 150 % text.
    expect(await page.getAttribute('html', 'data-ui-scale')).toBe('150');
    const gone = [
      '[data-testid="import-input"]',
      '[data-testid="export-picture"]',
      '[data-testid="story-editor-toggle"]',
      '[data-testid="presenter-open"]',
      '.drop-zone',
    ];
    for (const selector of gone) expect(await page.locator(selector).count(), selector).toBe(0);

    // No context menu: the page cancels the event, which a long press on a touch screen and a right click both
    // raise. Headless Chromium on Linux raises it for neither a held CDP touch nor a synthesised long tap (both
    // tried: no event in 10 s), so the right click stands for both here; the next test holds real touches.
    await page.evaluate(`globalThis.contextMenus = [];
      addEventListener('contextmenu', (event) => globalThis.contextMenus.push(event.defaultPrevented));`);
    await page.mouse.click(SCREEN.width / 2, SCREEN.height / 2, { button: 'right' });
    await expect.poll(() => page.evaluate<number>('globalThis.contextMenus.length')).toBe(1);
    const menus = await page.evaluate<boolean[]>('globalThis.contextMenus');
    expect(menus.every(Boolean)).toBe(true);
    expect(await page.evaluate("getComputedStyle(document.querySelector('.app')).userSelect")).toBe('none');

    writeFileSync(join(ARTIFACTS, 'kiosk-3840.png'), await page.screenshot());
    expect(await axeViolations(page)).toEqual([]);

    // "Start again" covers no panel: the layer tree (left) and the sun panel open beside it, not under it.
    await page.click('[data-testid="layer-tree-toggle"]');
    await page.click('[data-testid="sun-toggle"]');
    const bar = await page.locator('[data-testid="kiosk-bar"]').boundingBox();
    // It grows with the wall's text size (150 % here) like the rest of the controls: 56 px × 1.5.
    expect(bar?.height).toBeGreaterThanOrEqual(84);
    for (const panel of ['.layer-panel', '[data-testid="sun-panel"]']) {
      const box = await page.locator(panel).boundingBox();
      if (!bar || !box) throw new Error(`no box for the kiosk bar or ${panel}`);
      const apart =
        bar.x >= box.x + box.width ||
        box.x >= bar.x + bar.width ||
        bar.y >= box.y + box.height ||
        box.y >= bar.y + bar.height;
      expect(apart, panel).toBe(true);
    }
    await page.click('[data-testid="sun-toggle"]');
    await page.click('[data-testid="layer-tree-toggle"]');
    await page.locator('.layer-panel').waitFor({ state: 'detached' });
    // Nor the compare divider's handle, which stands near the map's top centre too.
    const compare = page.getByRole('button', { name: 'Vergleichen', exact: true });
    await compare.click();
    const handle = await page.locator('.compare-handle').boundingBox();
    const barNow = await page.locator('[data-testid="kiosk-bar"]').boundingBox();
    if (!barNow || !handle) throw new Error('no box for the kiosk bar or the compare handle');
    expect(handle.y).toBeGreaterThanOrEqual(barNow.y + barNow.height);
    await compare.click();
    await page.locator('.compare-handle').waitFor({ state: 'detached' });
  }, 120_000);

  it('goes full screen on touch; a held finger selects nothing, opens no menu, moves nothing; Start again resets', async () => {
    const page = record.page; // the same kiosk page: idle time one hour, the kiosk notice still open
    const started = Date.now();
    // Outside kiosk mode the same held touch on a panel's text raises an uncancelled `selectstart` (tried); here
    // `.app` is `user-select: none`. Any `contextmenu` must arrive cancelled (see the previous test).
    await page.evaluate(`globalThis.contextMenus = [];
      globalThis.selectStarts = [];
      addEventListener('contextmenu', (event) => globalThis.contextMenus.push(event.defaultPrevented));
      addEventListener('selectstart', (event) => globalThis.selectStarts.push(event.defaultPrevented));
      globalThis.fullscreenAsks = 0;
      {
        const ask = Element.prototype.requestFullscreen;
        Element.prototype.requestFullscreen = function (...args) {
          globalThis.fullscreenAsks += 1;
          return ask.apply(this, args);
        };
      }`);
    const touch = await TouchScreen.attach(page);
    try {
      const text = await page.locator('[data-testid="kiosk-notice"] li').first().boundingBox();
      expect(text).not.toBeNull();
      await longPress(touch, { x: text!.x + 20, y: text!.y + text!.height / 2 }, 1000);
      // The first touch asks for full screen (no browser UI on the foyer screen), unless an earlier input got it.
      expect(
        await page.evaluate('document.fullscreenElement !== null || globalThis.fullscreenAsks > 0'),
      ).toBe(true);
      const restBefore = await cameraView(page);
      await takeFrames(page);
      await longPress(touch, { x: SCREEN.width / 2, y: SCREEN.height / 2 }, 1000);
      await nextFrame(page);
      await nextFrame(page);
      const held = await takeFrames(page);
      const still = held.length > 1 ? pathOf(held) : { moved: 0, heading: 0 };
      console.info(
        `kiosk: two 1 s long presses in ${((Date.now() - started) / 1000).toFixed(1)} s, camera ` +
          `${still.moved.toFixed(3)} m / ${still.heading.toFixed(3)}° over ${held.length} frames`,
      );
      expect(restBefore).toBeDefined();
      expect(still.moved).toBeLessThan(0.01); // metres, over every frame drawn while held and just after
      expect(Math.abs(still.heading)).toBeLessThan(0.01);
      expect(await cameraView(page)).toEqual(restBefore);
    } finally {
      await touch.detach();
    }
    expect(await page.evaluate<string>('getSelection().toString()')).toBe('');
    expect(
      await page.evaluate<boolean[]>('globalThis.selectStarts.filter((prevented) => !prevented)'),
    ).toEqual([]);
    expect(
      await page.evaluate<boolean[]>('globalThis.contextMenus.filter((prevented) => !prevented)'),
    ).toEqual([]);

    // "Start again" resets at once (the idle time here is an hour): the sketch goes, no attract loop starts.
    const bar = page.locator('[data-testid="kiosk-bar"]');
    const resets = Number(await bar.getAttribute('data-kiosk-resets'));
    expect(urlParam(page, 'sketch')).toBe(SKETCH);
    await page.click('[data-testid="kiosk-start-again"]');
    await expect.poll(async () => Number(await bar.getAttribute('data-kiosk-resets'))).toBe(resets + 1);
    await expect.poll(() => urlParam(page, 'sketch')).toBeNull();
    expect(await bar.getAttribute('data-kiosk-attract')).toBe('none');
  }, 60_000);

  it('zooms with a two-finger pinch, turns with a twist, and stays put when one finger lifts', async () => {
    const page = record.page; // the same kiosk page: idle time one hour, nothing resets meanwhile
    const centre = { x: SCREEN.width / 2, y: SCREEN.height / 2 };
    const options = { steps: 6, afterStep: () => nextFrame(page) };
    const settle = async () => {
      for (let i = 0; i < 3; i++) await nextFrame(page);
    };
    const touch = await TouchScreen.attach(page);
    try {
      await settle();
      await takeFrames(page);
      await pinch(touch, centre, 400, 1200, options);
      await settle();
      const zoom = await takeFrames(page);
      expect(zoom.length).toBeGreaterThan(3);
      expect(zoom[zoom.length - 1]!.height).toBeLessThan(zoom[0]!.height * 0.9); // spread fingers: closer

      await twist(touch, centre, 800, 40, { ...options, keepDown: true });
      await settle();
      const twisted = await takeFrames(page);
      expect(Math.abs(pathOf(twisted).heading)).toBeGreaterThan(15);

      // Two fingers still down; one lifts, the other stays: the camera does not move.
      await liftOne(touch);
      await settle();
      await touch.upAll();
      await settle();
      const lifted = await takeFrames(page);
      const height = twisted[twisted.length - 1]!.height;
      const path = lifted.length > 1 ? pathOf(lifted) : { moved: 0, heading: 0 };
      console.info(
        `kiosk: pinch ${zoom[0]!.height.toFixed(0)} → ${zoom[zoom.length - 1]!.height.toFixed(0)} m, ` +
          `twist ${pathOf(twisted).heading.toFixed(1)}°, after lifting a finger ${path.moved.toFixed(2)} m / ` +
          `${path.heading.toFixed(2)}° over ${lifted.length} frames`,
      );
      expect(path.moved).toBeLessThan(height * 0.01);
      expect(Math.abs(path.heading)).toBeLessThan(0.5);
    } finally {
      await touch.detach();
    }
  }, 120_000);

  it('after the idle time: start view, panels closed, sketch cleared, then the attract story until a tap', async () => {
    const page = await open(
      `kiosk=1&idleSeconds=12&lang=de&cameraTrace=1&renderScale=0.25&view=${START_VIEW}&sketch=${SKETCH}`,
    );
    const bar = page.locator('[data-testid="kiosk-bar"]');
    const presentation = page.locator('[data-testid="story-presentation"]');
    // Loading took longer than 5 s: the kiosk may have reset and started its tour already. A tap stops it.
    await page.mouse.click(SCREEN.width / 2, SCREEN.height / 3);
    await presentation.waitFor({ state: 'detached' });

    // Someone switches to English, types a search, opens "In view", enlarges the text and opens the sun panel;
    // then turns the view.
    await page.click('.language-button');
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
    await page.fill('.search-input', 'Schule');
    await page.click('[data-testid="in-view-toggle"]');
    await page.locator('[data-testid="in-view-panel"]').waitFor();
    await page.locator('.ui-scale-control select').selectOption('200');
    await page.click('[data-testid="sun-toggle"]');
    await page.locator('[data-testid="sun-panel"]').waitFor();
    await page.focus('.cesium-widget canvas');
    await takeFrames(page);
    for (let i = 0; i < 3; i++) await page.keyboard.press('q');
    await nextFrame(page);
    const resetsBefore = Number(await bar.getAttribute('data-kiosk-resets'));
    const turned = await takeFrames(page);
    expect(turned.length).toBeGreaterThan(0);
    expect(Math.abs(turn(172, turned[turned.length - 1]!.heading))).toBeGreaterThan(1);

    // The idle time later, nobody having touched it: reset.
    await expect
      .poll(async () => Number(await bar.getAttribute('data-kiosk-resets')), { timeout: 30_000 })
      .toBeGreaterThan(resetsBefore);
    const start = { longitude: 7.2020131, latitude: 51.2928346, height: 402.6, heading: 172, pitch: -38 };
    await expect
      .poll(
        async () => {
          const view = await cameraView(page);
          return view ? metresBetween(view, start) + Math.abs(turn(start.heading, view.heading)) : Infinity;
        },
        { timeout: REST_TIMEOUT_MS },
      )
      .toBeLessThan(0.5);
    expect(await page.locator('[data-testid="sun-panel"]').count()).toBe(0);
    expect(await page.locator('[data-testid="kiosk-notice"]').count()).toBe(0);
    // The next visitor meets the page as it opened: German, no search, "In view" closed, the wall's 150 % text
    // (the visitor's 200 % was never stored).
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(await page.locator('.language-button').textContent()).toBe('English');
    expect(await page.inputValue('.search-input')).toBe('');
    expect(await page.locator('[data-testid="in-view-panel"]').count()).toBe(0);
    expect(await page.getAttribute('html', 'data-ui-scale')).toBe('150');
    expect(await page.locator('.ui-scale-control select').inputValue()).toBe('150');
    expect(await page.evaluate("localStorage.getItem('stadtmodell:ui-scale')")).toBeNull();
    await expect.poll(() => urlParam(page, 'sketch')).toBeNull(); // the sketch layer cleared itself
    writeFileSync(join(ARTIFACTS, 'kiosk-reset.png'), await page.screenshot());

    // The attract loop: the city's first story, autoplay on, "Start again" still there.
    await expect.poll(() => bar.getAttribute('data-kiosk-attract'), { timeout: 30_000 }).toBe('story');
    await presentation.waitFor({ state: 'attached', timeout: 30_000 }); // the region itself has no box: its parts are fixed
    expect(await presentation.getAttribute('data-story-autoplay')).toBe('true');
    expect(urlParam(page, 'story')).toBe('stories/demo.de.json'); // the page's language
    expect(await page.locator('[data-testid="kiosk-start-again"]').isVisible()).toBe(true);
    writeFileSync(join(ARTIFACTS, 'kiosk-attract.png'), await page.screenshot());

    // A tap stops it.
    await page.mouse.click(SCREEN.width / 2, SCREEN.height / 3);
    await presentation.waitFor({ state: 'detached' });
    expect(await bar.getAttribute('data-kiosk-attract')).toBe('none');
    expect(urlParam(page, 'story')).toBeNull();
  }, 180_000);
});
