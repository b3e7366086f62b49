import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { ARTIFACTS, foreignRequests, newRecordedPage, startE2e } from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';

/** The header's title and notice, where shown, that are cut short (an ellipsis): their texts. */
async function cutTitle(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('.app-title h1, .app-title .notice')]
    .filter((e) => e.getBoundingClientRect().width > 1 && e.scrollWidth > e.clientWidth + 1)
    .map((e) => e.textContent)`);
}

/** Visible controls of the header whose box leaves the viewport, and the page's horizontal overflow. */
async function outside(page: Page): Promise<{ overflow: number; outside: string[] }> {
  return page.evaluate(`(() => {
    const width = window.innerWidth;
    const height = window.innerHeight;
    const outside = [];
    for (const element of document.querySelectorAll('.app-header button, .app-header label, .app-header input')) {
      const box = element.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1 || getComputedStyle(element).visibility === 'hidden') continue;
      if (box.left < 0 || box.right > width + 0.5 || box.top < 0 || box.bottom > height + 0.5) {
        const name = (element.textContent || '').trim() || element.getAttribute('aria-label');
        outside.push(name + ' ' + Math.round(box.left) + '..' + Math.round(box.right));
      }
    }
    return { overflow: document.documentElement.scrollWidth - width, outside };
  })()`);
}

describe('the compact header (production build in Debian Chromium)', () => {
  let e2e: E2eSession;
  let record: RecordedPage;

  beforeAll(async () => {
    e2e = await startE2e();
    record = await newRecordedPage(e2e.browser, { viewport: { width: 390, height: 844 }, hasTouch: true });
    await record.page.goto(`${e2e.baseUrl}?lang=de`);
    await record.page.locator('.app-header').waitFor();
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('fits every width from a 320 px phone to a 3840 px wall, 48 px targets, the title whole where there is height', async () => {
    const { page } = record;
    // Rows of the header: one of 48 px controls plus padding; two from 1800 px (the tools' row), and on a tablet
    // whose row has no room for the whole title and notice beside the controls, but never on a short screen.
    for (const [width, height, rows] of [
      [320, 640, 1],
      [390, 844, 1],
      [844, 390, 1],
      [800, 1000, 2],
      [1024, 768, 2],
      [1280, 800, 1],
      [1920, 1080, 2],
      [3840, 2160, 2],
    ] as const) {
      await page.setViewportSize({ width, height });
      expect(await outside(page), `${width}×${height}`).toEqual({ overflow: 0, outside: [] });
      const header = await page.locator('.app-header').boundingBox();
      expect(header?.height ?? 999, `${width}×${height}`).toBeLessThanOrEqual(rows === 2 ? 128 : 72);
      // The city's title and its notice ("keine amtlichen Daten") are whole where they are shown, but on a
      // phone turned sideways, which keeps its map's height.
      if (height >= 600) expect(await cutTitle(page), `${width}×${height}`).toEqual([]);
      const heights = new Set<number>();
      for (const button of await page
        .locator('.app-header button:visible, .app-header label.tool-button:visible')
        .all()) {
        const box = await button.boundingBox();
        expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
        expect(box?.width ?? 0).toBeGreaterThanOrEqual(48);
        heights.add(Math.round(box?.height ?? 0));
      }
      // Buttons and labels styled as buttons (the file pickers) alike: one height, whatever glyph they show.
      expect([...heights], `${width}×${height}`).toEqual([48]);
      // The language switch is one tap away at every width.
      expect(await page.getByRole('button', { name: 'Sprache: English' }).isVisible()).toBe(true);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    writeFileSync(join(ARTIFACTS, 'header-phone.png'), await page.screenshot());
  });

  it('folds the tools into a menu on a phone that opens, lists every tool by name, and closes by Escape', async () => {
    const { page } = record;
    const menu = page.getByRole('button', { name: 'Menü' });
    const measure = page.getByRole('button', { name: 'Messen', exact: true });
    expect(await measure.isVisible()).toBe(false);
    const controls = async () =>
      Promise.all(
        ['.search-box', '.menu-button'].map(async (selector) => page.locator(selector).boundingBox()),
      );
    const closed = await controls();
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await measure.isVisible()).toBe(true);
    // Opening the menu moves nothing in the header: the search box and the button stay where they were.
    expect(await controls()).toEqual(closed);
    const box = await page.locator('.toolbar').boundingBox();
    expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 999) <= 390).toBe(true);
    writeFileSync(join(ARTIFACTS, 'header-phone-menu.png'), await page.screenshot());
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await measure.isVisible()).toBe(false);
    await expect
      .poll(() => page.evaluate("document.activeElement?.classList.contains('menu-button')"))
      .toBe(true);
    // On a tablet the search and the buttons take a second row where they do not fit beside the whole title: the
    // layers button moving into the opened menu must not let the two rows close up into one under the finger.
    for (const [width, height] of [
      [1024, 768],
      [1180, 800],
    ] as const) {
      await page.setViewportSize({ width, height });
      // the header has re-rendered for the width (the language button names the language in full)
      await expect.poll(() => page.locator('.language-button').textContent()).toBe('English');
      const header = async () => [await page.locator('.app-header').boundingBox(), ...(await controls())];
      const before = await header();
      await menu.click();
      expect(await measure.isVisible()).toBe(true);
      expect(await header(), `${width}×${height}`).toEqual(before);
      await page.keyboard.press('Escape');
      expect(await measure.isVisible()).toBe(false);
    }
    await page.setViewportSize({ width: 390, height: 844 });
  });

  it('closes the menu when a tool is chosen, and the tool opens', async () => {
    const { page } = record;
    await page.getByRole('button', { name: 'Menü' }).tap();
    await page.getByRole('button', { name: 'Sonne', exact: true }).tap();
    await page.locator('#sun-panel').waitFor();
    expect(await page.getByRole('button', { name: 'Menü' }).getAttribute('aria-expanded')).toBe('false');
  });

  it('shows the tools as a row on a wide screen, in English too', async () => {
    const { page } = record;
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByRole('button', { name: 'Sprache: English' }).click();
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Measure', exact: true }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('takes the header controls by Tab in the order they are seen, left to right', async () => {
    const { page } = record;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator('.search-input').focus();
    const lefts: number[] = [];
    for (let step = 0; step < 8; step += 1) {
      const left = Number(
        await page.evaluate(
          "document.activeElement?.closest('.app-header') ? document.activeElement.getBoundingClientRect().left : -1",
        ),
      );
      if (left < 0) break;
      lefts.push(Math.round(left));
      await page.keyboard.press('Tab');
    }
    // Search, home, menu, layers, language.
    expect(lefts.length).toBe(5);
    expect(lefts).toEqual([...lefts].sort((a, b) => a - b));
  });

  it('at 150 and 200 % text lays out for the width left at that size; the menu ends on the screen', async () => {
    const { page } = record;
    for (const [scale, width, height, rows] of [
      [150, 1920, 1080, 1],
      [200, 1280, 800, 2],
      [200, 3840, 2160, 2],
    ] as const) {
      const label = `${scale} % at ${width}×${height}`;
      await page.setViewportSize({ width, height });
      await page.evaluate(`localStorage.setItem('stadtmodell:ui-scale', '${scale}')`);
      await page.goto(`${e2e.baseUrl}?lang=en`);
      await page.locator('.app-header').waitFor();
      expect(await outside(page), label).toEqual({ overflow: 0, outside: [] });
      // A row of tools needs 1 800 px at this text size, as it does at 100 %.
      const row = width / (scale / 100) >= 1800;
      const header = await page.locator('.app-header').boundingBox();
      expect(header?.height ?? 999, label).toBeLessThanOrEqual((scale / 100) * (rows === 2 ? 128 : 72));
      expect(await cutTitle(page), label).toEqual([]);
      const menu = page.getByRole('button', { name: 'Menu' });
      expect(await menu.isVisible(), label).toBe(!row);
      if (row) continue;
      await menu.click();
      const list = await page.locator('.toolbar').boundingBox();
      expect((list?.y ?? 0) + (list?.height ?? 999), label).toBeLessThanOrEqual(height);
      // The last tool, the text size itself, is reachable in the list (it scrolls): a 200 % choice can be undone.
      const size = page.getByRole('combobox', { name: 'Text size' });
      await size.scrollIntoViewIfNeeded();
      const box = await size.boundingBox();
      expect((box?.y ?? 0) + (box?.height ?? 999), label).toBeLessThanOrEqual(height);
      await page.keyboard.press('Escape');
    }
    writeFileSync(join(ARTIFACTS, 'header-200-percent.png'), await page.screenshot());
    await page.evaluate("localStorage.removeItem('stadtmodell:ui-scale')");
  });

  it('requested nothing but localhost and threw no page errors', () => {
    expect(foreignRequests(record.requests)).toEqual([]);
    expect(record.pageErrors).toEqual([]);
  });
});
