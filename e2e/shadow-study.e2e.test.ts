import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { ARTIFACTS, foreignRequests, openDemo, showTools, startE2e } from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';
import { changedShare } from './pixels.ts';

const MARCH_NOON = '2026-03-21T12:00+01:00';
/** The study itself takes seconds; reading tiles and the first worker start on a loaded machine take longer. */
const STUDY_TIMEOUT_MS = 60_000;

/** The map alone: header, panels, status and credits masked, after render on demand has drawn. */
async function mapOnly(page: Page): Promise<Buffer> {
  await page.waitForTimeout(2500);
  return page.screenshot({
    mask: [
      page.locator('.app-header'),
      page.locator('.status'),
      page.locator('.shadow-panel'),
      page.locator('.sun-panel'),
      page.locator('.cesium-viewer-bottom'),
    ],
    maskColor: '#000000',
    timeout: 120_000,
  });
}

describe('shadow study (production build in Debian Chromium)', () => {
  let e2e: E2eSession;
  let record: RecordedPage | undefined;

  beforeAll(async () => {
    e2e = await startE2e();
  });

  afterAll(async () => {
    if (record) {
      expect(record.pageErrors).toEqual([]);
      expect(foreignRequests(record.requests)).toEqual([]);
    }
    await e2e?.close();
  });

  it('studies the demo plan area on 21 March: heat map and legend, less sun with the plan, axe clean', async () => {
    record = await openDemo(e2e.browser, `${e2e.baseUrl}?lang=en&time=${encodeURIComponent(MARCH_NOON)}`);
    const { page } = record;
    expect(await page.getAttribute('.app', 'data-tileset-demo')).toBe('tiles-loaded');
    await showTools(page);
    await page.click('[data-testid="sun-toggle"]');
    await page.click('[data-testid="shadow-open"]');
    const panel = page.locator('[data-testid="shadow-panel"]');
    await expect.poll(() => panel.isVisible()).toBe(true);
    expect(await panel.textContent()).toContain('Day: 21 Mar 2026');
    // The demo plan is offered (configured, loaded on first use) and chosen first.
    expect(await page.locator('[data-testid="shadow-area"] option:checked').textContent()).toMatch(
      /^Plan area: /,
    );

    await page.click('[data-testid="shadow-run"]');
    const legend = page.locator('[data-testid="shadow-legend"]');
    await legend.waitFor({ state: 'visible', timeout: STUDY_TIMEOUT_MS });
    const live = (await page.locator('[data-testid="shadow-live"]').textContent()) ?? '';
    console.info(`shadow study: ${live}`);
    expect(live).toMatch(/^Today: [\d.]+ to [\d.]+ hours of sun, median [\d.]+ hours;/);
    expect(live).toMatch(/With plan: [\d.]+ to [\d.]+ hours/);
    const losing = /Difference: (\d+) % of the area loses sun, at most ([\d.]+) hours/.exec(live);
    expect(losing).not.toBeNull();
    expect(Number(losing![1])).toBeGreaterThan(0);
    expect(Number(losing![2])).toBeGreaterThan(0);
    expect(await legend.textContent()).toContain('Hours of direct sun');

    // The camera flies to the study; the heat map is drawn where the map showed the ground before.
    const withPlan = await mapOnly(page);
    writeFileSync(join(ARTIFACTS, 'shadow-study-with-plan.png'), withPlan);
    await page.click('[data-testid="shadow-panel"] .panel-header .icon-button');
    await expect.poll(() => panel.count()).toBe(0);
    const without = await mapOnly(page);
    writeFileSync(join(ARTIFACTS, 'shadow-study-closed.png'), without);
    const drawn = await changedShare(page, without, withPlan);
    // Reopened, the result is still there; the difference view draws other colours.
    await showTools(page); // the header's menu closed after its first use
    await page.click('[data-testid="sun-toggle"]');
    await page.click('[data-testid="shadow-open"]');
    await page.click('[data-testid="shadow-view-difference"]');
    expect(await legend.textContent()).toContain('Sun hours lost with the plan');
    const difference = await mapOnly(page);
    writeFileSync(join(ARTIFACTS, 'shadow-study-difference.png'), difference);
    const switched = await changedShare(page, withPlan, difference);
    console.info(
      `changed pixels: heat map shown vs hidden ${(drawn * 100).toFixed(1)} %, with plan → difference ${(switched * 100).toFixed(1)} %`,
    );
    expect(drawn).toBeGreaterThan(0.05);
    expect(switched).toBeGreaterThan(0.02);

    for (const target of await panel.locator('button, select, label:has(input[type="radio"])').all()) {
      const box = await target.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(48);
    }
    writeFileSync(join(ARTIFACTS, 'shadow-study-panel.png'), await page.screenshot());
    expect(await axeViolations(page)).toEqual([]);
  }, 150_000);
});
