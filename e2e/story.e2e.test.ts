import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../src/core/story/types.ts';
import { parseCameraView } from '../src/core/view/camera-view.ts';
import type { CameraView } from '../src/core/view/camera-view.ts';
import { axeViolations } from './axe.ts';
import {
  ARTIFACTS,
  DEMO_LOAD_TIMEOUT_MS,
  foreignRequests,
  newRecordedPage,
  openDemo,
  startE2e,
  VIEWPORT,
  showTools,
} from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';
import { changedShare, waitForSettledPicture } from './pixels.ts';

const ROOT = new URL('..', import.meta.url).pathname;
/** The three-scene story, served by the test at a same-origin path of the build. */
const STORY_TEXT = readFileSync(join(ROOT, 'e2e', 'fixtures', 'story-three.json'), 'utf8');
const STORY = JSON.parse(STORY_TEXT) as Story;
const STORY_PATH = 'e2e-stories/three.json';
/** A scene arrives after its flight (≤ 3 s) and its tiles (bounded wait); software frames are slow. */
const ARRIVAL_TIMEOUT_MS = 90_000;
/** The camera comes to rest 0.5 s after its last move and the URL follows; software frames are slow. */
const URL_TIMEOUT_MS = 30_000;
const METRES_PER_DEGREE = 111_320;

const PRESENTATION = '[data-testid="story-presentation"]';

/** Serves the fixture story at `STORY_PATH` (and a broken one beside it) from the page's own origin. */
async function serveStories(page: Page): Promise<void> {
  await page.route(`**/${STORY_PATH}`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: STORY_TEXT }),
  );
  const broken = {
    ...STORY,
    scenes: [STORY.scenes[0], { ...STORY.scenes[1], camera: { ...STORY.scenes[1]?.camera, pitch: 'down' } }],
  };
  await page.route('**/e2e-stories/broken.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(broken) }),
  );
}

function viewFrom(text: string | null): CameraView | undefined {
  const parsed = parseCameraView(text ?? '');
  return 'view' in parsed ? parsed.view : undefined;
}

/** Metres between two camera positions and the largest angle between their orientations (flat approximation). */
function difference(a: CameraView, b: CameraView): { metres: number; degrees: number } {
  const north = (a.latitude - b.latitude) * METRES_PER_DEGREE;
  const east = (a.longitude - b.longitude) * METRES_PER_DEGREE * Math.cos((a.latitude * Math.PI) / 180);
  const angle = (x: number, y: number) => Math.abs(((((x - y) % 360) + 540) % 360) - 180);
  return {
    metres: Math.hypot(north, east, a.height - b.height),
    degrees: Math.max(angle(a.heading, b.heading), angle(a.pitch, b.pitch), angle(a.roll, b.roll)),
  };
}

/** The `view` parameter of the page's URL (query or hash). */
function urlView(page: Page): CameraView | undefined {
  const url = new URL(page.url());
  return viewFrom(new URLSearchParams(url.hash.slice(1)).get('view') ?? url.searchParams.get('view'));
}

/** Waits until scene `index` has arrived (flight over, tiles loaded or the bounded wait over). */
async function waitForArrival(page: Page, index: number): Promise<void> {
  // The root has no box of its own (its parts are fixed to the screen): wait for it attached, not visible.
  await page.waitForSelector(`${PRESENTATION}[data-story-arrived="${index}"]`, {
    state: 'attached',
    timeout: ARRIVAL_TIMEOUT_MS,
  });
}

/**
 * The map only: the caption band, the credit line and the panels masked black, so screenshots of the scenes
 * differ by the 3D view alone. Taken once the view rests and a frame has been drawn with every tile loaded: a
 * fixed wait let a still refining tile make the same scene differ by 1.4 % of its pixels on a loaded machine.
 */
async function sceneScreenshot(page: Page, name: string): Promise<Buffer> {
  await waitForSettledPicture(page, 1500);
  const png = await page.screenshot({
    mask: [
      page.locator('.story-band'),
      page.locator('.cesium-viewer-bottom'),
      page.locator('.attribute-panel'),
    ],
    maskColor: '#000000',
    timeout: 120_000,
  });
  writeFileSync(join(ARTIFACTS, `story-${name}.png`), png);
  return png;
}

describe('story presentation (production build in Debian Chromium)', () => {
  let e2e: E2eSession;
  let record: RecordedPage;

  beforeAll(async () => {
    e2e = await startE2e();
  });

  afterAll(async () => {
    await e2e?.close();
  });

  /** Checks the scene shown: caption, announcement, the view in the URL; returns its screenshot. */
  async function checkScene(index: number, name: string): Promise<Buffer> {
    const { page } = record;
    await waitForArrival(page, index);
    const scene = STORY.scenes[index];
    if (!scene) throw new Error(`no scene ${index}`);
    const caption = page.locator('[data-testid="story-caption"]');
    expect(await caption.locator('h2').textContent()).toContain(scene.title);
    expect(await page.textContent('[data-testid="story-announcer"]')).toBe(
      `Szene ${index + 1} von 3: ${scene.title}`,
    );
    await expect
      .poll(
        () => {
          const view = urlView(page);
          return view ? difference(view, scene.camera).metres : Number.POSITIVE_INFINITY;
        },
        { timeout: URL_TIMEOUT_MS },
      )
      .toBeLessThan(1);
    const view = urlView(page);
    if (!view) throw new Error('no view in the URL');
    expect(difference(view, scene.camera).degrees).toBeLessThan(0.1);
    const share = Number(await page.getAttribute(PRESENTATION, 'data-story-tiles-share'));
    expect(share).toBeGreaterThanOrEqual(0);
    expect(share).toBeLessThanOrEqual(1);
    console.log(
      `story e2e: scene ${index + 1} tiles share at flight end ${share}, loaded ${await page.getAttribute(PRESENTATION, 'data-story-tiles-loaded')}`,
    );
    return sceneScreenshot(page, name);
  }

  it('opens a three-scene story by URL; PageDown twice and PageUp once show each scene, and returning gives the same picture', async () => {
    record = await openDemo(e2e.browser, `${e2e.baseUrl}?story=${STORY_PATH}`, serveStories);
    const { page } = record;
    await page.waitForSelector(PRESENTATION, { state: 'attached', timeout: DEMO_LOAD_TIMEOUT_MS });
    // Presentation mode: the header is hidden, the caption band holds the scene's text and a real, safe link.
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    const first = await checkScene(0, '1');
    const link = page.locator('[data-testid="story-caption"] a');
    expect(await link.getAttribute('href')).toBe('https://example.org/rathaus');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    // The band never reaches the centre of the view.
    const band = await page.locator('.story-band').boundingBox();
    expect(band?.y ?? 0).toBeGreaterThan(VIEWPORT.height / 2);

    await page.keyboard.press('PageDown');
    const second = await checkScene(1, '2');
    // Markup in a caption is text.
    expect(await page.textContent('[data-testid="story-caption"]')).toContain('<b>kein HTML</b>');
    expect(await page.locator('[data-testid="story-caption"] b').count()).toBe(0);

    await page.keyboard.press('PageDown');
    const third = await checkScene(2, '3');

    await page.keyboard.press('PageUp');
    const secondAgain = await checkScene(1, '2-again');

    const shares = {
      '1-2': await changedShare(page, first, second),
      '2-3': await changedShare(page, second, third),
      '1-3': await changedShare(page, first, third),
      '2-2again': await changedShare(page, second, secondAgain),
    };
    console.log(`story e2e: changed pixel shares ${JSON.stringify(shares)}`);
    expect(shares['1-2']).toBeGreaterThan(0.05);
    expect(shares['2-3']).toBeGreaterThan(0.05);
    expect(shares['1-3']).toBeGreaterThan(0.05);
    expect(shares['2-2again']).toBeLessThan(0.01);
  });

  it('blacks the screen with B and lights it again without moving on', async () => {
    const { page } = record;
    await page.keyboard.press('b');
    expect(await page.getAttribute(PRESENTATION, 'data-story-black')).toBe('true');
    expect(await page.locator('[data-testid="story-black"]').isVisible()).toBe(true);
    expect(await page.textContent('[data-testid="story-announcer"]')).toContain('Schwarzbild');
    await page.keyboard.press('PageDown');
    expect(await page.getAttribute(PRESENTATION, 'data-story-black')).toBe('false');
    expect(await page.getAttribute(PRESENTATION, 'data-story-index')).toBe('1');
  });

  it('autoplay advances on its own and any key pauses it', async () => {
    const { page } = record;
    await page.click('[data-testid="story-autoplay"]');
    expect(await page.getAttribute(PRESENTATION, 'data-story-autoplay')).toBe('true');
    // Arrived at scene 2 with its caption, checked in the page at once: the dwell there is 1 s, which a loaded
    // machine can spend between two separate checks (the caption then already showed scene 1 again).
    const arrivedWithCaption = `[
      document.querySelector(${JSON.stringify(PRESENTATION)})?.getAttribute('data-story-arrived'),
      document.querySelector('[data-testid="story-caption"] h2')?.textContent ?? '',
    ]`;
    await expect
      .poll(() => page.evaluate(arrivedWithCaption), { timeout: ARRIVAL_TIMEOUT_MS, interval: 50 })
      .toEqual(['2', expect.stringContaining(STORY.scenes[2]?.title ?? '?')]);
    await waitForArrival(page, 0); // loops back to the first scene
    await page.keyboard.press('Shift');
    expect(await page.getAttribute(PRESENTATION, 'data-story-autoplay')).toBe('false');
  });

  it('has no accessibility violations, 48 px buttons, and Escape leaves', async () => {
    const { page } = record;
    expect(await axeViolations(page)).toEqual([]);
    for (const button of await page.locator('.story-controls button').all()) {
      const box = await button.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(48);
    }
    await page.keyboard.press('Escape');
    await page.waitForSelector(PRESENTATION, { state: 'detached' });
    expect(new URL(page.url()).searchParams.get('story')).toBeNull();
    expect(await page.locator('.app-header').isVisible()).toBe(true);
    // The focus is not lost on <body>: opened by a link, the story hands it to the stories menu or the map.
    expect(
      await page.evaluate(
        `document.activeElement?.matches('[data-testid="stories-menu"], .cesium-widget canvas')`,
      ),
    ).toBe(true);
    expect(record.pageErrors).toEqual([]);
    expect(foreignRequests(record.requests)).toEqual([]);
  });

  it('opens a story from the Stories menu', async () => {
    const { page } = record;
    await showTools(page);
    await page.click('[data-testid="stories-menu"]');
    await page.click('[data-testid="story-open-demo-de"]');
    await waitForArrival(page, 0);
    expect(await page.textContent('[data-testid="story-caption"] h2')).toContain('Überblick');
    expect(new URL(page.url()).searchParams.get('story')).toBe('stories/demo.de.json');
    await page.click('[data-testid="story-leave"]');
    await page.waitForSelector(PRESENTATION, { state: 'detached' });
    expect(await page.evaluate(`document.activeElement === document.body`)).toBe(false);
    expect(record.pageErrors).toEqual([]);
  });

  it('opens a dropped or chosen story file, and a touch swipe goes to the next scene', async () => {
    const { page } = record;
    await page.setInputFiles(
      '[data-testid="import-input"]',
      join(ROOT, 'e2e', 'fixtures', 'story-three.json'),
    );
    await waitForArrival(page, 0);
    expect(await page.textContent('[data-testid="story-caption"] h2')).toContain(STORY.scenes[0]?.title);
    expect(new URL(page.url()).searchParams.get('story')).toBeNull(); // a file has no address to share
    expect(await page.locator('.imported-layer').count()).toBe(0); // not imported as vector data
    // A swipe to the left with one finger on the caption band (DevTools touch input: Chromium makes touch
    // pointer events). On the band a swipe may be slow, as these events are on a busy software renderer.
    const band = await page.locator('.story-band').boundingBox();
    if (!band) throw new Error('no caption band');
    const y = band.y + 20;
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: type === 'touchEnd' ? [] : [{ x, y, id: 1 }],
      });
    await touch('touchStart', 900);
    for (const x of [850, 780, 700]) await touch('touchMove', x);
    await touch('touchEnd', 700);
    await waitForArrival(page, 1);
    await page.click('[data-testid="story-leave"]');
    await page.waitForSelector(PRESENTATION, { state: 'detached' });
    expect(new URL(page.url()).searchParams.get('scene')).toBeNull(); // a file's scene is not in the link
    expect(record.pageErrors).toEqual([]);
    expect(foreignRequests(record.requests)).toEqual([]);
  });

  it('keeps the scene in the link, and a copied link opens the presentation at its scene', async () => {
    const { page } = record;
    await page.goto(`${e2e.baseUrl}?story=${STORY_PATH}&scene=3`);
    await waitForArrival(page, 2);
    expect(await page.textContent('[data-testid="story-caption"] h2')).toContain(STORY.scenes[2]?.title);
    await page.keyboard.press('PageUp');
    await waitForArrival(page, 1);
    await expect.poll(() => new URL(page.url()).searchParams.get('scene')).toBe('2');
    await page.keyboard.press('Escape');
    await page.waitForSelector(PRESENTATION, { state: 'detached' });
    expect(new URL(page.url()).searchParams.get('scene')).toBeNull();
    expect(new URL(page.url()).searchParams.get('story')).toBeNull();
    expect(record.pageErrors).toEqual([]);
  });

  it('names a bad scene and plays the others; refuses another origin without asking it', async () => {
    const broken = await newRecordedPage(e2e.browser, { viewport: VIEWPORT });
    await serveStories(broken.page);
    await broken.page.goto(`${e2e.baseUrl}?story=e2e-stories/broken.json`);
    const notice = broken.page.locator('[data-testid="story-problems"]');
    await notice.waitFor({ timeout: DEMO_LOAD_TIMEOUT_MS });
    const text = await notice.textContent();
    expect(text).toContain('1 von 2 Szenen ausgelassen');
    expect(text).toContain('Szene 2 „Zweite Szene: Überblick von Süden“, Feld „camera.pitch“');
    expect(await broken.page.locator(PRESENTATION).count()).toBe(1);
    await broken.page.close();

    const foreign = await newRecordedPage(e2e.browser, { viewport: VIEWPORT });
    await foreign.page.goto(`${e2e.baseUrl}?story=${encodeURIComponent('https://stories.example/s.json')}`);
    const refusal = foreign.page.locator('[data-testid="story-problems"]');
    await refusal.waitFor({ timeout: DEMO_LOAD_TIMEOUT_MS });
    expect(await refusal.textContent()).toContain('liegt nicht auf diesem Server');
    expect(await foreign.page.locator(PRESENTATION).count()).toBe(0);
    expect(foreignRequests(foreign.requests)).toEqual([]);
    expect(foreign.pageErrors).toEqual([]);
    await foreign.page.close();
  });
});
