import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import {
  ARTIFACTS,
  clickUntilAttribute,
  foreignRequests,
  newRecordedPage,
  openDemo,
  startE2e,
} from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';
import { changedShare, waitForSettledPicture } from './pixels.ts';

/** From the north across Toelleturm-Park onto the plan's building zones, at the canvas centre (the tour's planning
 * scene looks a little further south, so the zones stand above its caption band). */
const PLAN_VIEW = '7.2020131,51.2928346,402.6,172,-38,0';
const AREAS = 'bplan-demo';
const ENVELOPES = 'bplan-demo:envelopes';

/** A box around the canvas centre, where the plan's building zones are in PLAN_VIEW. */
async function centreShot(page: Page): Promise<Buffer> {
  const box = await page.locator('.cesium-widget canvas').boundingBox();
  if (!box) throw new Error('no Cesium canvas');
  const clip = { x: box.x + box.width / 2 - 180, y: box.y + box.height / 2 - 120, width: 360, height: 240 };
  return page.screenshot({ clip, timeout: 120_000 });
}

/** Takes centre shots until one differs from `before` by more than `share` (bounded: 12 tries, 1 s apart). */
async function centreChange(page: Page, before: Buffer, share: number): Promise<number> {
  let changed = 0;
  for (let attempt = 0; attempt < 12 && changed <= share; attempt += 1) {
    await page.waitForTimeout(1000);
    changed = await changedShare(page, before, await centreShot(page));
  }
  return changed;
}

describe('the demo city development plan (production build in Debian Chromium)', () => {
  let e2e: E2eSession;
  let main: RecordedPage;

  beforeAll(async () => {
    e2e = await startE2e();
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('is listed in the tree, shown from ?layers= and its envelopes change the picture at the plan area', async () => {
    main = await openDemo(e2e.browser, `${e2e.baseUrl}?view=${PLAN_VIEW}&layers=${AREAS}:1`);
    const { page } = main;
    expect(await page.getAttribute('.app', 'data-tileset-demo')).toBe('tiles-loaded');
    await page.click('[data-testid="layer-tree-toggle"]');
    const areasRow = page.locator(`[data-layer="${AREAS}"]`);
    const envelopesRow = page.locator(`[data-layer="${ENVELOPES}"]`);
    expect(await areasRow.textContent()).toContain('Bebauungsplan Am Toelleturm-Park');
    expect(await areasRow.textContent()).toContain('illustrativ');
    expect(await envelopesRow.textContent()).toContain('zulässige Baukörper');
    const areasToggle = page.locator(`[data-testid="layer-toggle-${AREAS}"]`);
    const envelopesToggle = page.locator(`[data-testid="layer-toggle-${ENVELOPES}"]`);
    expect(await areasToggle.isChecked()).toBe(true); // from ?layers=
    expect(await envelopesToggle.isChecked()).toBe(false); // hidden by config
    expect(await page.textContent(`[data-testid="legend-${AREAS}"]`)).toContain('Mischgebiet (MI)');

    // The areas layer fetched the plan from the origin (read in a worker) and drapes its areas.
    await expect
      .poll(() => main.requests.some((url) => url.endsWith('/data/demo/bplan-demo.gml')), { timeout: 30_000 })
      .toBe(true);
    await waitForSettledPicture(page, 2500);
    const before = await centreShot(page);
    writeFileSync(join(ARTIFACTS, 'demo-plan-areas.png'), await page.screenshot({ timeout: 120_000 }));

    // Keyboard: Space on the focused checkbox shows the envelopes; the picture changes at the plan area.
    await envelopesToggle.focus();
    await page.keyboard.press('Space');
    expect(await envelopesToggle.isChecked()).toBe(true);
    expect(await centreChange(page, before, 0.02)).toBeGreaterThan(0.02);
    writeFileSync(join(ARTIFACTS, 'demo-plan-envelopes.png'), await page.screenshot({ timeout: 120_000 }));

    // The link in the address bar brings both back, the envelopes too, whose id has a colon.
    await expect.poll(() => page.url()).toContain('envelopes');
    const shared = await newRecordedPage(e2e.browser);
    await shared.page.goto(page.url());
    await shared.page.click('[data-testid="layer-tree-toggle"]');
    for (const id of [AREAS, ENVELOPES]) {
      expect(await shared.page.locator(`[data-testid="layer-toggle-${id}"]`).isChecked(), id).toBe(true);
    }
    expect(await shared.page.locator('[data-testid="share-problems"]').count()).toBe(0);
    await shared.page.close();

    // Clicking a volume shows its permitted height.
    await page.click('[data-testid="layer-tree-toggle"]'); // close the tree: the canvas centre is free
    const cell = await clickUntilAttribute(
      page,
      'zulässige Höhe',
      [
        [0, 0],
        [0, -25],
        [40, 0],
        [-40, 0],
        [0, 25],
      ],
      700,
    );
    expect(await cell.count()).toBeGreaterThan(0);
    expect(await cell.textContent()).toMatch(/^\d+(\.\d+)? m \(/);
    expect(await axeViolations(page)).toEqual([]);
    await page.click('[data-testid="attribute-panel"] .icon-button'); // close the panel

    // The envelopes draw on their own too.
    await page.click('[data-testid="layer-tree-toggle"]');
    await areasToggle.click();
    await page.waitForTimeout(2000);
    writeFileSync(
      join(ARTIFACTS, 'demo-plan-envelopes-only.png'),
      await page.screenshot({ timeout: 120_000 }),
    );
    await areasToggle.click();

    // Hidden again: the picture at the plan area is as before.
    await envelopesToggle.click();
    expect(await envelopesToggle.isChecked()).toBe(false);
    await waitForSettledPicture(page, 2000);
    expect(await changedShare(page, before, await centreShot(page))).toBeLessThan(0.02);
    expect(await axeViolations(page)).toEqual([]);
  }, 150_000);

  it('is hidden at first start and fetched only once shown (English)', async () => {
    const record = await openDemo(e2e.browser, `${e2e.baseUrl}?lang=en`);
    const { page } = record;
    await page.click('[data-testid="layer-tree-toggle"]');
    const fetched = () => record.requests.some((url) => url.endsWith('/data/demo/bplan-demo.gml'));
    expect(await page.textContent(`[data-layer="${AREAS}"]`)).toContain(
      'Development plan Am Toelleturm-Park',
    );
    expect(await page.textContent(`[data-layer="${ENVELOPES}"]`)).toContain('permitted envelopes');
    expect(await page.locator(`[data-testid="layer-toggle-${ENVELOPES}"]`).isChecked()).toBe(false);
    await page.waitForTimeout(1500);
    expect(fetched()).toBe(false);
    await page.click(`[data-testid="layer-toggle-${ENVELOPES}"]`);
    await expect.poll(fetched, { timeout: 30_000 }).toBe(true);
    expect(foreignRequests(record.requests)).toEqual([]);
    expect(record.pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  it('requested nothing but localhost and threw no page errors', () => {
    expect(foreignRequests(main.requests)).toEqual([]);
    expect(main.pageErrors).toEqual([]);
    expect(main.dialogs).toEqual([]);
  });
});
