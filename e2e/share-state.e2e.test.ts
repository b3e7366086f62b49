import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCameraView } from '../src/core/view/camera-view.ts';
import type { CameraView } from '../src/core/view/camera-view.ts';
import { axeViolations } from './axe.ts';
import { changedShare, mapScreenshot } from './pixels.ts';
import { ARTIFACTS, clickUntilAttribute, foreignRequests, openDemo, startE2e } from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';

/** Metres per degree of latitude; of longitude times cos(latitude). */
const METRES_PER_DEGREE = 111_320;
/** The camera comes to rest 0.5 s after its last move (Cesium's cameraEventWaitTime); software frames are slow. */
const REST_TIMEOUT_MS = 30_000;

function viewFrom(text: string | null | undefined): CameraView {
  const parsed = parseCameraView(text ?? '');
  if (!('view' in parsed)) throw new Error(`not a view: ${text}`);
  return parsed.view;
}

/** Distance in metres (local flat approximation, fine for the metres this test allows) and the largest angle off. */
function difference(a: CameraView, b: CameraView): { metres: number; degrees: number } {
  const north = (a.latitude - b.latitude) * METRES_PER_DEGREE;
  const east = (a.longitude - b.longitude) * METRES_PER_DEGREE * Math.cos((a.latitude * Math.PI) / 180);
  const up = a.height - b.height;
  const angle = (x: number, y: number) => Math.abs(((((x - y) % 360) + 540) % 360) - 180);
  return {
    metres: Math.hypot(north, east, up),
    degrees: Math.max(angle(a.heading, b.heading), angle(a.pitch, b.pitch), angle(a.roll, b.roll)),
  };
}

/** `a − b` in degrees, −180..180. */
function signedAngle(a: number, b: number): number {
  return ((((a - b) % 360) + 540) % 360) - 180;
}

/** The camera's pose as the page shows it after the camera came to rest (`data-camera-view`). */
async function restedView(page: Page): Promise<CameraView> {
  await page.waitForSelector('[data-camera-view]', { state: 'attached', timeout: REST_TIMEOUT_MS });
  return viewFrom(await page.getAttribute('[data-camera-view]', 'data-camera-view'));
}

/** A shareable parameter of the page's URL, from the query or the hash (where the app may put long state). */
function urlParam(page: Page, name: string): string | null {
  const url = new URL(page.url());
  return new URLSearchParams(url.hash.slice(1)).get(name) ?? url.searchParams.get(name);
}

describe('shareable state in the URL (production build in Debian Chromium)', () => {
  let e2e: E2eSession;
  let selectedId = '';
  let homeView: CameraView;

  beforeAll(async () => {
    e2e = await startE2e();
  });

  afterAll(async () => {
    await e2e?.close();
  });

  async function open(path: string): Promise<RecordedPage> {
    const record = await openDemo(e2e.browser, `${e2e.baseUrl}${path}`);
    expect(await record.page.getAttribute('.app', 'data-tileset-demo')).toBe('tiles-loaded');
    return record;
  }

  it('writes the view, selection and colouring into the URL; a keyboard move changes the view once it rests', async () => {
    const record = await open('');
    const { page } = record;
    homeView = await restedView(page);
    await expect.poll(() => urlParam(page, 'view'), { timeout: REST_TIMEOUT_MS }).not.toBeNull();
    expect(difference(viewFrom(urlParam(page, 'view')), homeView).metres).toBeLessThan(1);
    expect(urlParam(page, 'city')).toBe('wuppertal'); // the demo district's city
    expect(urlParam(page, 'lang')).toBe('de');

    const cell = await clickUntilAttribute(
      page,
      'gml_id',
      [
        [0, 0],
        [0, 30],
        [30, 0],
        [-30, 0],
        [0, -30],
      ],
      1500,
    );
    expect(await cell.count()).toBe(1);
    selectedId = (await cell.textContent()) ?? '';
    expect(selectedId).not.toBe('');
    await expect.poll(() => urlParam(page, 'selected')).toBe(selectedId);

    await page.click('[data-testid="layer-tree-toggle"]');
    await page.selectOption('[data-testid="building-colour-select"]', 'measuredHeight');
    await expect.poll(() => urlParam(page, 'colour')).toBe('measuredHeight');
    await page.click('[data-testid="layer-panel"] .panel-header .icon-button');

    const before = urlParam(page, 'view');
    await page.locator('.cesium-widget canvas').focus();
    await page.keyboard.press('q'); // turn left by 5°
    await expect.poll(() => urlParam(page, 'view'), { timeout: REST_TIMEOUT_MS }).not.toBe(before);
    const turnedText = urlParam(page, 'view');
    const turned = viewFrom(turnedText);
    expect(difference(turned, homeView).degrees).toBeGreaterThan(1);
    // around the point at the centre: the camera moves on its orbit at the same height, the horizon stays level
    const start = viewFrom(before);
    expect(signedAngle(turned.heading, start.heading)).toBeCloseTo(-5, 0);
    expect(Math.abs(turned.pitch - start.pitch)).toBeLessThan(0.2);
    expect(Math.abs(turned.roll)).toBeLessThan(0.1);
    expect(Math.abs(turned.height - start.height)).toBeLessThan(1);
    expect(difference(turned, start).metres).toBeGreaterThan(20);

    await page.keyboard.press('ArrowUp'); // over the ground along the heading, at the same height
    await expect.poll(() => urlParam(page, 'view'), { timeout: REST_TIMEOUT_MS }).not.toBe(turnedText);
    const pannedText = urlParam(page, 'view');
    const panned = viewFrom(pannedText);
    const north = (panned.latitude - turned.latitude) * METRES_PER_DEGREE;
    const east =
      (panned.longitude - turned.longitude) * METRES_PER_DEGREE * Math.cos((turned.latitude * Math.PI) / 180);
    expect(Math.hypot(north, east)).toBeGreaterThan(20);
    expect(Math.abs(signedAngle((Math.atan2(east, north) * 180) / Math.PI, turned.heading))).toBeLessThan(2);
    expect(Math.abs(panned.height - turned.height)).toBeLessThan(1);
    expect(difference(panned, turned).degrees).toBeLessThan(0.2);

    await page.keyboard.press('Shift+ArrowUp'); // tilt towards the horizon by 5°, around the centre
    await expect.poll(() => urlParam(page, 'view'), { timeout: REST_TIMEOUT_MS }).not.toBe(pannedText);
    const tilted = viewFrom(urlParam(page, 'view'));
    expect(tilted.pitch - panned.pitch).toBeCloseTo(5, 0);
    expect(Math.abs(tilted.roll)).toBeLessThan(0.1);
    expect(foreignRequests(record.requests)).toEqual([]);
    expect(record.pageErrors).toEqual([]);
    await page.close();
  });

  it('restores a view from the query within 1 m and 0.1°, with the selected building, the colouring and the time', async () => {
    const wanted: CameraView = {
      ...homeView,
      height: homeView.height + 60,
      heading: (homeView.heading + 25) % 360,
      pitch: homeView.pitch - 5,
    };
    // More decimals than the app writes: the URL the app writes back comes from the camera, not from this text.
    const view = [
      wanted.longitude.toFixed(9),
      wanted.latitude.toFixed(9),
      wanted.height.toFixed(4),
      wanted.heading.toFixed(4),
      wanted.pitch.toFixed(4),
      wanted.roll.toFixed(4),
    ].join(',');
    const record = await open(
      `?view=${view}&selected=${encodeURIComponent(selectedId)}&colour=measuredHeight&time=2026-06-21T18:30:00%2B02:00&renderScale=0.5`,
    );
    const { page } = record;
    const restored = await restedView(page);
    const off = difference(restored, wanted);
    expect(off.metres).toBeLessThan(1);
    expect(off.degrees).toBeLessThan(0.1);
    expect(urlParam(page, 'view')).not.toBe(view);
    expect(new URL(page.url()).searchParams.get('renderScale')).toBe('0.5');
    expect(urlParam(page, 'time')).toBe('2026-06-21T18:30:00+02:00');

    const cell = page.locator('[data-testid="attribute-panel"] td[data-attribute="gml_id"]');
    await cell.waitFor({ timeout: REST_TIMEOUT_MS });
    expect(await cell.textContent()).toBe(selectedId);
    await page.click('[data-testid="layer-tree-toggle"]');
    expect(await page.inputValue('[data-testid="building-colour-select"]')).toBe('measuredHeight');
    await page.locator('[data-testid="legend-buildings"]').waitFor({ timeout: REST_TIMEOUT_MS });
    writeFileSync(join(ARTIFACTS, 'share-state-restored.png'), await page.screenshot({ timeout: 120_000 }));

    // The highlight survives the colouring's restyling: the colouring is switched off and on again while the
    // building is selected (its classes arrive after the highlight and restyle every building), then closing
    // the panel (selection cleared) must change the selected building's pixels clearly more than the same
    // view changes by itself. The panel is hidden in the pictures (through the CSSOM: the page's CSP refuses
    // inline style elements) so that only the map is compared.
    const colourSelect = page.locator('[data-testid="building-colour-select"]');
    await colourSelect.selectOption('');
    await colourSelect.selectOption('measuredHeight');
    await page.locator('[data-testid="legend-buildings"]').waitFor({ timeout: REST_TIMEOUT_MS });
    const panel = page.locator('[data-testid="attribute-panel"]');
    const setPanelVisibility = (value: string) =>
      panel.evaluate(
        (element, visibility) =>
          ((element as unknown as { style: { visibility: string } }).style.visibility = visibility),
        value,
      );
    await setPanelVisibility('hidden');
    const selectedShot = await mapScreenshot(page);
    await setPanelVisibility('');
    await page.click('[data-testid="attribute-panel"] button');
    const clearedShot = await mapScreenshot(page);
    const againShot = await mapScreenshot(page);
    const highlightShare = await changedShare(page, selectedShot, clearedShot);
    const noiseShare = await changedShare(page, clearedShot, againShot);
    expect(highlightShare).toBeGreaterThan(Math.max(0.0005, 3 * noiseShare));
    expect(record.pageErrors).toEqual([]);
    await page.close();
  });

  it('restores a view from the hash and moves the state into the query once the camera rests', async () => {
    const wanted: CameraView = { ...homeView, heading: (homeView.heading + 300) % 360 };
    const view = [wanted.longitude, wanted.latitude, wanted.height, wanted.heading, wanted.pitch, 0].join(
      ',',
    );
    const record = await open(`?lang=en#view=${view}`);
    const { page } = record;
    const off = difference(await restedView(page), wanted);
    expect(off.metres).toBeLessThan(1);
    expect(off.degrees).toBeLessThan(0.1);
    await expect.poll(() => new URL(page.url()).hash).toBe('');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    expect(record.pageErrors).toEqual([]);
    await page.close();
  });

  it('ignores a bad view with a polite, dismissable message that fits a phone; the viewer works and axe finds nothing', async () => {
    const record = await open('?view=7.2,NaN,500,0,-30,0&time=tomorrow');
    const { page } = record;
    const notice = page.locator('[data-testid="share-problems"]');
    expect(await notice.getAttribute('role')).toBe('status');
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain('„view=7.2,NaN,500,0,-30,0“ wurde ignoriert');
    expect(text).toContain('Die Breite „NaN“ ist keine Zahl.');
    expect(text).toContain('„time=tomorrow“ wurde ignoriert');
    // The city's home view is shown instead.
    expect(difference(await restedView(page), homeView).metres).toBeLessThan(1);
    writeFileSync(join(ARTIFACTS, 'share-state-bad-view.png'), await page.screenshot({ timeout: 120_000 }));
    expect(await axeViolations(page)).toEqual([]);
    // On a 390 px phone the notice keeps 12 px to either edge (its padding and border inside its width).
    await page.setViewportSize({ width: 390, height: 844 });
    const onPhone = await notice.boundingBox();
    expect(onPhone && [Math.round(onPhone.x), Math.round(onPhone.x + onPhone.width)]).toEqual([12, 378]);
    const dismiss = notice.locator('button');
    const box = await dismiss.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
    await dismiss.focus();
    await page.keyboard.press('Enter');
    expect(await notice.count()).toBe(0);
    expect(urlParam(page, 'view')).not.toContain('NaN');
    expect(record.pageErrors).toEqual([]);
    await page.close();
  });
});
