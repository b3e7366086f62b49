import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { ARTIFACTS, foreignRequests, newRecordedPage, openDemo, startE2e } from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';
import { liftOne, pinch, TouchScreen, twist, twoFingerDrag } from './touch.ts';

/** The camera after one frame, as `?cameraTrace=1` marks it (src/app/touch/CameraTrace.tsx). */
interface Frame {
  x: number;
  y: number;
  z: number;
  height: number;
  heading: number;
  pitch: number;
  dx: number;
  dy: number;
  dz: number;
}

/** Largest camera step between two frames, as a share of the height the camera was at (ECEF metres / metres). */
const MAX_STEP_SHARE = 0.2;

/** Waits until the page has drawn its next animation frame. */
function nextFrame(page: Page): Promise<void> {
  return page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve()))');
}

/** The frames marked since the last call (and forgets them). */
async function takeFrames(page: Page): Promise<Frame[]> {
  return page.evaluate(`(() => {
    const frames = performance.getEntriesByName('stadtmodell:camera-frame').map((e) => e.detail);
    performance.clearMarks('stadtmodell:camera-frame');
    return frames;
  })()`);
}

function headingChange(a: number, b: number): number {
  return ((((b - a) % 360) + 540) % 360) - 180;
}

/** Largest step between frames relative to the height before it, and the summed heading change (degrees). */
function pathOf(frames: readonly Frame[]): { maxStepShare: number; heading: number } {
  let maxStepShare = 0;
  let heading = 0;
  for (let i = 1; i < frames.length; i++) {
    const a = frames[i - 1]!;
    const b = frames[i]!;
    maxStepShare = Math.max(maxStepShare, Math.hypot(b.x - a.x, b.y - a.y, b.z - a.z) / a.height);
    heading += headingChange(a.heading, b.heading);
  }
  return { maxStepShare, heading };
}

describe('touch navigation on the map (real two-finger input over CDP)', () => {
  let session: E2eSession;
  let main: RecordedPage;
  let touch: TouchScreen;
  const centre = { x: 640, y: 440 };
  const settle = async () => {
    for (let i = 0; i < 3; i++) await nextFrame(main.page);
  };
  const options = () => ({ steps: 6, afterStep: () => nextFrame(main.page) });
  /** One line of figures per gesture in the log, for the record (largest step, heading, height, pitch). */
  const report = (name: string, frames: readonly Frame[]) => {
    const first = frames[0]!;
    const last = frames[frames.length - 1]!;
    const path = pathOf(frames);
    console.info(
      `touch: ${name}: ${frames.length} frames, largest step ${(path.maxStepShare * 100).toFixed(1)} % of the height,` +
        ` heading ${path.heading.toFixed(2)}°, height ${first.height.toFixed(0)} → ${last.height.toFixed(0)} m,` +
        ` pitch ${first.pitch.toFixed(1)} → ${last.pitch.toFixed(1)}°`,
    );
  };

  beforeAll(async () => {
    session = await startE2e();
    main = await openDemo(session.browser, `${session.baseUrl}?cameraTrace=1`);
    touch = await TouchScreen.attach(main.page);
    await settle();
    await takeFrames(main.page);
  });

  afterAll(async () => {
    await touch?.detach();
    await session?.close();
  });

  it('pinch zooms towards the centre without turning; the page itself never zooms', async () => {
    const { page } = main;
    await pinch(touch, centre, 200, 500, options());
    await settle();
    const frames = await takeFrames(page);
    report('pinch 200 → 500 px', frames);
    expect(frames.length).toBeGreaterThan(3);
    const first = frames[0]!;
    const last = frames[frames.length - 1]!;
    expect(last.height).toBeLessThan(first.height * 0.85);
    // Towards the centre: the camera moved along its line of sight (the ray through the screen centre).
    const move = [last.x - first.x, last.y - first.y, last.z - first.z];
    const along = (move[0]! * first.dx + move[1]! * first.dy + move[2]! * first.dz) / Math.hypot(...move);
    expect(along).toBeGreaterThan(0.9);
    const path = pathOf(frames);
    expect(Math.abs(path.heading)).toBeLessThan(1);
    expect(Math.abs(last.pitch - first.pitch)).toBeLessThan(1);
    expect(path.maxStepShare).toBeLessThan(MAX_STEP_SHARE);
    expect(await page.evaluate('visualViewport.scale')).toBe(1);
  }, 60_000);

  it('twist rotates about the centre at about the same height', async () => {
    const { page } = main;
    await twist(touch, centre, 300, 40, options());
    await settle();
    const frames = await takeFrames(page);
    report('twist 40°', frames);
    const path = pathOf(frames);
    expect(Math.abs(path.heading)).toBeGreaterThan(20);
    const first = frames[0]!;
    const last = frames[frames.length - 1]!;
    expect(Math.abs(last.height - first.height)).toBeLessThan(first.height * 0.05);
    expect(path.maxStepShare).toBeLessThan(MAX_STEP_SHARE);
  }, 60_000);

  it('two fingers dragged up tilt the view; lifting one of them does not move the camera', async () => {
    const { page } = main;
    await twoFingerDrag(touch, { x: 640, y: 500 }, 200, -120, { ...options(), keepDown: true });
    await settle();
    const frames = await takeFrames(page);
    report('two fingers 120 px up', frames);
    const first = frames[0]!;
    const last = frames[frames.length - 1]!;
    expect(Math.abs(last.pitch - first.pitch)).toBeGreaterThan(5);
    expect(pathOf(frames).maxStepShare).toBeLessThan(MAX_STEP_SHARE);

    await liftOne(touch);
    await settle();
    const after = await takeFrames(page);
    const still = [last, ...after];
    report('one of two fingers lifted', still);
    expect(pathOf(still).maxStepShare * last.height).toBeLessThan(0.5);
    await touch.upAll();
    await settle();
    writeFileSync(join(ARTIFACTS, 'touch-after-gestures.png'), await page.screenshot());
    expect(await page.evaluate('visualViewport.scale')).toBe(1);
  }, 60_000);

  it('keeps a kiosk camera sent outside the city back inside its bounds', async () => {
    // 20 km south of the demo district, far outside the bounds derived from its home view (5 km each way).
    const outside = await newRecordedPage(session.browser);
    try {
      await outside.page.goto(`${session.baseUrl}?kiosk=1&view=7.2,51.1,900,0,-30,0`);
      // The camera is reported when it comes to rest (no string evaluation under the page's CSP: read the attribute).
      const latitudeOf = (view: string | null) => Number((view ?? '').split(',')[1]);
      let view = await outside.page.getAttribute('[data-camera-view]', 'data-camera-view', {
        timeout: 30_000,
      });
      for (let i = 0; i < 25 && !(latitudeOf(view) > 51.2); i++) {
        await outside.page.waitForTimeout(200);
        view = await outside.page.getAttribute('[data-camera-view]', 'data-camera-view');
      }
      const [longitude, latitude] = (view ?? '').split(',').map(Number);
      expect(latitude).toBeGreaterThan(51.2889 - 5_000 / 111_132 - 1e-4);
      expect(longitude).toBeCloseTo(7.2, 3);
      expect(outside.pageErrors).toEqual([]);
    } finally {
      await outside.page.close();
    }
  }, 45_000);

  it('enlarges text and controls at 3840×2160 by the chosen UI scale, kept across a reload, never the map', async () => {
    const wall = await newRecordedPage(session.browser, { viewport: { width: 3840, height: 2160 } });
    try {
      const { page } = wall;
      await page.goto(session.baseUrl);
      const select = page.locator('.ui-scale-control select');
      await select.waitFor();
      const titleHeight = async () => (await page.locator('.app-title h1').boundingBox())?.height ?? 0;
      // A panel grows with the header (panels sit in their sheet's boxless host on large screens).
      await page.click('[data-testid="layer-tree-toggle"]');
      const panelHeading = page.locator('.layer-panel h2').first();
      const headingHeight = async () => (await panelHeading.boundingBox())?.height ?? 0;
      const before = await titleHeight();
      const headingBefore = await headingHeight();
      expect(headingBefore).toBeGreaterThan(0);
      await select.selectOption('200');
      expect(await titleHeight()).toBeGreaterThan(before * 1.8);
      expect(await headingHeight()).toBeGreaterThan(headingBefore * 1.8);
      await page.reload();
      await select.waitFor();
      expect(await select.inputValue()).toBe('200');
      expect(await titleHeight()).toBeGreaterThan(before * 1.8);
      expect((await page.locator('.cesium-widget canvas').boundingBox())?.width).toBe(3840);
      for (const button of await page.locator('.header-controls button:visible').all()) {
        expect((await button.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(96);
      }
      writeFileSync(join(ARTIFACTS, 'touch-wall-ui-200.png'), await page.screenshot());
      expect(await axeViolations(page)).toEqual([]);
      expect(wall.pageErrors).toEqual([]);
    } finally {
      await wall.page.close();
    }
  }, 120_000);

  it('keeps the map alone free of browser gestures, is axe clean and stays on localhost', async () => {
    const { page } = main;
    const touchAction = (selector: string) =>
      page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).touchAction`);
    expect(await touchAction('.cesium-widget canvas')).toBe('none');
    expect(await touchAction('body')).not.toBe('none');
    expect(await axeViolations(page)).toEqual([]);
    expect(foreignRequests(main.requests)).toEqual([]);
    expect(main.pageErrors).toEqual([]);
  }, 60_000);
});
