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

/** The camera flies 2 s and is written when it rests; the picked building's tile must load after it. */
const ARRIVAL_TIMEOUT_MS = 45_000;

/** A shareable parameter of the page's URL, from the query or the hash. */
function urlParam(page: Page, name: string): string | null {
  const url = new URL(page.url());
  return new URLSearchParams(url.hash.slice(1)).get(name) ?? url.searchParams.get(name);
}

/** Longitude and latitude (degrees) of the camera in `view=`. */
function viewPosition(page: Page): [number, number] | undefined {
  const view = urlParam(page, 'view');
  if (!view) return undefined;
  const [lon, lat] = view.split(',').map(Number);
  return lon === undefined || lat === undefined ? undefined : [lon, lat];
}

/** Distance in metres between two lon/lat points (degrees), equirectangular: fine for a city. */
function metresBetween([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const x = (lon2 - lon1) * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180) * 111_320;
  const y = (lat2 - lat1) * 111_320;
  return Math.hypot(x, y);
}

describe('search: addresses, schools and ids, offline, as you type (production build in Debian Chromium)', () => {
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

  async function open(query: string, options: Parameters<typeof newRecordedPage>[1]): Promise<RecordedPage> {
    const record = await newRecordedPage(e2e.browser, options);
    pages.push(record);
    await record.page.goto(`${e2e.baseUrl}?${query}`);
    await record.page.waitForSelector(DEMO_SETTLED, { timeout: DEMO_LOAD_TIMEOUT_MS });
    expect(await record.page.getAttribute('.app', 'data-tileset-demo')).toBe('tiles-loaded');
    return record;
  }

  /** axe findings (WCAG 2.1 A/AA) on the whole page, the search box and its open list included. */
  async function searchFindings(page: Page) {
    return axeViolations(page);
  }

  /** Types `text` into the search box and waits for the listbox's options for all of it, indexes loaded. */
  async function typeQuery(page: Page, text: string, tap = false) {
    const input = page.getByRole('combobox', { name: /^(Suche|Search)$/ });
    if (tap) await input.tap();
    else await input.focus();
    await input.fill('');
    await input.pressSequentially(text);
    const answered = `[role="listbox"][data-query=${JSON.stringify(text)}]:not([aria-busy="true"])`;
    await page.locator(`${answered} [role="option"]`).first().waitFor({ timeout: 30_000 });
    return input;
  }

  /** Chooses the first result by keyboard, checks the URL and the attribute panel; returns the option's label. */
  async function chooseFirstAddress(page: Page, gmlId: string, target: [number, number]) {
    const input = page.getByTestId('search-input');
    const before = viewPosition(page);
    await input.press('ArrowDown');
    const active = await input.getAttribute('aria-activedescendant');
    expect(active).toBeTruthy();
    expect(await page.locator(`[id="${active}"]`).getAttribute('aria-selected')).toBe('true');
    await input.press('Enter');
    await expect.poll(() => urlParam(page, 'selected'), { timeout: ARRIVAL_TIMEOUT_MS }).toBe(gmlId);
    await expect
      .poll(
        () => {
          const now = viewPosition(page);
          return now && (!before || metresBetween(now, before) > 1) ? metresBetween(now, target) : Infinity;
        },
        { timeout: ARRIVAL_TIMEOUT_MS },
      )
      .toBeLessThan(600);
    await expect
      .poll(() => page.locator('[data-testid="attribute-panel"] td[data-attribute="gml_id"]').textContent(), {
        timeout: ARRIVAL_TIMEOUT_MS,
      })
      .toBe(gmlId);
    expect(await page.getByRole('listbox').count()).toBe(0); // closed after choosing
  }

  it(
    'desktop, German: "Huenefeld 5" (ü typed as ue, no "straße") flies to the building and selects it; a school by name',
    { timeout: 90_000 },
    async () => {
      const { page } = await open('lang=de', { viewport: { width: 1280, height: 800 } });
      const search = page.getByRole('search', { name: 'Suche' });
      expect(await search.count()).toBe(1);
      await typeQuery(page, 'Huenefeld 5');
      const first = page.locator('[role="option"]').first();
      expect(await first.locator('.search-option-label').textContent()).toBe('Hünefeldstraße 5');
      expect(await page.getByTestId('search-input').getAttribute('aria-expanded')).toBe('true');
      expect(await page.locator('[data-testid="search-status"]').textContent()).toMatch(/Treffer/);
      writeFileSync(join(ARTIFACTS, 'search-desktop-de-list.png'), await page.screenshot());
      expect(await searchFindings(page)).toEqual([]);
      await chooseFirstAddress(page, 'DEMO_BLDG_001154', [7.200971, 51.285721]);
      writeFileSync(join(ARTIFACTS, 'search-desktop-de-chosen.png'), await page.screenshot());

      // A school by its name: its layer's feature opens in the attribute panel.
      await typeQuery(page, 'Gymnasium Sed');
      expect(await page.locator('[role="option"][data-kind="school"]').first().textContent()).toMatch(
        /Gymnasium Sedanstraße/,
      );
      await page.getByTestId('search-input').press('ArrowDown');
      await page.getByTestId('search-input').press('Enter');
      await expect
        .poll(() => page.locator('[data-testid="attribute-panel"]').textContent(), {
          timeout: ARRIVAL_TIMEOUT_MS,
        })
        .toMatch(/Gymnasium Sedanstraße/);

      // Escape closes the list, a second Escape empties the box; nothing found is said politely.
      await typeQuery(page, 'Huenefeld');
      await page.getByTestId('search-input').press('Escape');
      expect(await page.getByRole('listbox').count()).toBe(0);
      await page.getByTestId('search-input').press('Escape');
      expect(await page.getByTestId('search-input').inputValue()).toBe('');
      await page.getByTestId('search-input').pressSequentially('Xyzzystraße');
      await expect
        .poll(() => page.locator('.search-empty').textContent(), { timeout: 10_000 })
        .toBe('Keine Treffer für „Xyzzystraße“.');

      // In English (switched in the page), with the list open: labelled "Search", axe still finds nothing.
      await page.locator('.language-button').click();
      expect(await page.getByRole('search', { name: 'Search' }).count()).toBe(1);
      // the live region's last message is said in the new language, not left in German
      expect(await page.locator('[data-testid="search-status"]').textContent()).toBe(
        'Nothing found for “Xyzzystraße”.',
      );
      await typeQuery(page, 'Hünefeldstr. 23');
      expect(await page.locator('[role="option"] .search-option-label').first().textContent()).toBe(
        'Hünefeldstraße 23',
      );
      expect(await page.locator('[role="option"] .search-option-detail').first().textContent()).toMatch(
        /^Address/,
      );
      expect(await searchFindings(page)).toEqual([]);
      writeFileSync(join(ARTIFACTS, 'search-desktop-en-list.png'), await page.screenshot());
      await page.close();
    },
  );

  it(
    'phone 390×844 with touch, English: "Loens 3" (ö typed as oe), keyboard choice, 48 px options, axe',
    { timeout: 90_000 },
    async () => {
      const { page } = await open('lang=en', {
        viewport: { width: 390, height: 844 },
        hasTouch: true,
        isMobile: true,
      });
      expect(await page.getByRole('search', { name: 'Search' }).count()).toBe(1);
      const input = await typeQuery(page, 'Loens 3', true);
      const box = await input.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390 && box.height >= 48).toBe(true);
      const options = page.locator('[role="option"]');
      expect(await options.first().locator('.search-option-label').textContent()).toBe('Lönsstraße 3');
      for (const option of await options.all()) {
        const optionBox = await option.boundingBox();
        expect(
          optionBox && optionBox.height >= 48 && optionBox.x >= 0 && optionBox.x + optionBox.width <= 390,
        ).toBe(true);
      }
      expect(await page.evaluate('document.documentElement.scrollWidth <= innerWidth')).toBe(true);
      writeFileSync(join(ARTIFACTS, 'search-phone-en-list.png'), await page.screenshot());
      expect(await searchFindings(page)).toEqual([]);
      await chooseFirstAddress(page, 'DEMO_BLDG_001139', [7.202912, 51.285554]);
      writeFileSync(join(ARTIFACTS, 'search-phone-en-chosen.png'), await page.screenshot());

      // One address on two buildings (the town hall and its tower): the two results name their buildings' ids.
      await typeQuery(page, 'Johannes', true);
      const details = await page
        .locator('[role="option"]', { hasText: 'Johannes-Rau-Platz 1' })
        .locator('.search-option-detail')
        .allTextContents();
      expect(details.sort()).toEqual([
        'Address · 42275 Wuppertal · DEMO_BLDG_000001',
        'Address · 42275 Wuppertal · DEMO_BLDG_000002',
      ]);
      // A tap on a result of the previous query, typed over before its results came, chooses nothing of it.
      // The new text and the click come in one task of the page, so the debounce cannot settle between them.
      await typeQuery(page, 'Huenefeld', true);
      expect(await options.first().locator('.search-option-label').textContent()).toMatch(/^Hünefeldstraße/);
      await page.evaluate(`(() => {
        const input = document.querySelector('[data-testid="search-input"]');
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, 'Johannes');
        input.dispatchEvent(new Event('input', { bubbles: true }));
        document.querySelector('[role="option"]').click();
      })()`);
      expect(await input.inputValue()).toBe('Johannes');
      await page.locator('[role="listbox"][data-query="Johannes"]').waitFor({ timeout: 30_000 });

      // The narrowest phone: box and list stay on the screen.
      await page.setViewportSize({ width: 320, height: 640 });
      await typeQuery(page, 'Loens', true);
      for (const element of [page.getByTestId('search-input'), ...(await options.all())]) {
        const b = await element.boundingBox();
        expect(b && b.x >= 0 && b.x + b.width <= 320).toBe(true);
      }
      expect(await page.evaluate('document.documentElement.scrollWidth <= innerWidth')).toBe(true);
      writeFileSync(join(ARTIFACTS, 'search-phone-320-list.png'), await page.screenshot());
      await page.close();
    },
  );
});
