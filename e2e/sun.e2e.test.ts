import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { ARTIFACTS, foreignRequests, newRecordedPage, openDemo, startE2e, showTools } from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';
import { changedShare, mapScreenshot } from './pixels.ts';

/** The camera comes to rest 0.5 s after its last move; software frames are slow. */
const REST_TIMEOUT_MS = 30_000;
const DECEMBER_MORNING = '2026-12-21T09:00+01:00';
const JUNE_NOON = '2026-06-21T12:00+02:00';
/**
 * The pictures are compared from one steep view over the demo centre (lon, lat, height, heading, pitch,
 * roll): with the horizon out of sight the globe loads less than half the terrain tiles of the start view,
 * which under shadows (every frame drawn into the shadow map too) took over 30 s on a loaded machine.
 */
const STEEP_VIEW = '7.2037732,51.2949588,663.47,200,-55,0';

/** A shareable parameter of the page's URL, from the query or the hash. */
function urlParam(page: Page, name: string): string | null {
  const url = new URL(page.url());
  return new URLSearchParams(url.hash.slice(1)).get(name) ?? url.searchParams.get(name);
}

describe('sun and shadow (production build in Debian Chromium)', () => {
  let e2e: E2eSession;
  const pages: RecordedPage[] = [];

  beforeAll(async () => {
    e2e = await startE2e();
  });

  afterAll(async () => {
    for (const record of pages) {
      expect(record.pageErrors).toEqual([]);
      expect(foreignRequests(record.requests)).toEqual([]);
    }
    await e2e?.close();
  });

  async function open(query: string): Promise<RecordedPage> {
    const record = await openDemo(e2e.browser, `${e2e.baseUrl}?${query}`);
    pages.push(record);
    expect(await record.page.getAttribute('.app', 'data-tileset-demo')).toBe('tiles-loaded');
    return record;
  }

  it('lights and shades the city differently on a December morning and at a June noon, from the same view', async () => {
    const start = await open(`lang=de&time=${encodeURIComponent(DECEMBER_MORNING)}`);
    await expect.poll(() => urlParam(start.page, 'view'), { timeout: REST_TIMEOUT_MS }).not.toBeNull();
    expect(urlParam(start.page, 'time')).toBe(DECEMBER_MORNING); // kept through the view's write-back
    await start.page.close();

    const december = await open(`lang=de&view=${STEEP_VIEW}&time=${encodeURIComponent(DECEMBER_MORNING)}`);
    const decemberPng = await mapScreenshot(december.page);
    writeFileSync(join(ARTIFACTS, 'sun-december-0900.png'), decemberPng);
    await december.page.close();

    const june = await open(`lang=de&view=${STEEP_VIEW}&time=${encodeURIComponent(JUNE_NOON)}`);
    const junePng = await mapScreenshot(june.page);
    writeFileSync(join(ARTIFACTS, 'sun-june-1200.png'), junePng);
    const seasons = await changedShare(june.page, decemberPng, junePng);

    // Shadows off at the same instant: what changes is where the shadows fell.
    await showTools(june.page);
    await june.page.click('[data-testid="sun-toggle"]');
    await june.page.click('[data-testid="sun-shadows"]');
    await june.page.click('[data-testid="sun-panel"] .panel-header .icon-button');
    const unshadedPng = await mapScreenshot(june.page);
    writeFileSync(join(ARTIFACTS, 'sun-june-1200-no-shadows.png'), unshadedPng);
    const shadows = await changedShare(june.page, junePng, unshadedPng);
    console.info(
      `changed pixels: December 9:00 vs June 12:00 ${(seasons * 100).toFixed(1)} %, ` +
        `June 12:00 shadows on vs off ${(shadows * 100).toFixed(1)} %`,
    );
    expect(seasons).toBeGreaterThan(0.05);
    expect(shadows).toBeGreaterThan(0.01);
    await june.page.close();
  });

  it('writes presets, the slider and the date into time=, announces the sun, meets axe and 48 px targets', async () => {
    const { page } = await open(`lang=de&time=${encodeURIComponent(JUNE_NOON)}`);
    await showTools(page);
    await page.click('[data-testid="sun-toggle"]');
    const panel = page.locator('[data-testid="sun-panel"]');
    await panel.locator('[data-sun-hour="15"]').click();
    await expect.poll(() => urlParam(page, 'time')).toBe('2026-06-21T15:00+02:00');
    await panel.locator('[data-sun-date="12"]').click();
    await expect.poll(() => urlParam(page, 'time')).toBe('2026-12-21T15:00+01:00');
    const status = panel.locator('[role="status"]');
    await expect
      .poll(() => status.textContent())
      .toMatch(/^21\.12\.2026, 15:00 MEZ\. Sonne: Azimut \d+,\d Grad/);

    // Keyboard: the slider moves by quarter hours.
    await page.locator('[data-testid="sun-slider"]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => urlParam(page, 'time')).toBe('2026-12-21T15:15+01:00');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => urlParam(page, 'time')).toBe('2026-12-21T14:45+01:00');
    await page.locator('[data-testid="sun-date"]').fill('2026-03-21');
    await expect.poll(() => urlParam(page, 'time')).toBe('2026-03-21T14:45+01:00');

    // Animating steps the time on; pausing stops it.
    await page.click('[data-testid="sun-animate"]');
    await expect.poll(() => urlParam(page, 'time'), { timeout: 10_000 }).not.toBe('2026-03-21T14:45+01:00');
    await page.click('[data-testid="sun-animate"]');
    expect(await page.getAttribute('[data-testid="sun-animate"]', 'aria-pressed')).toBe('false');

    for (const button of await panel.locator('button').all()) {
      const box = await button.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(48);
    }
    writeFileSync(join(ARTIFACTS, 'sun-panel.png'), await page.screenshot());
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('fits a 390 px phone: the panel inside the screen, no axe findings', async () => {
    const phone = await newRecordedPage(e2e.browser, {
      viewport: { width: 390, height: 844 },
      hasTouch: true,
    });
    pages.push(phone);
    await phone.page.goto(`${e2e.baseUrl}?lang=en`);
    await showTools(phone.page);
    await phone.page.getByRole('button', { name: 'Sun', exact: true }).click();
    const box = await phone.page.locator('#sun-panel').boundingBox();
    if (!box) throw new Error('no sun panel');
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await phone.page.locator('[data-sun-hour="9"]').tap();
    await expect.poll(() => urlParam(phone.page, 'time')).toBe('2026-06-21T09:00+02:00');
    writeFileSync(join(ARTIFACTS, 'sun-phone.png'), await phone.page.screenshot());
    expect(await axeViolations(phone.page)).toEqual([]);
    await phone.page.close();
  });
});
