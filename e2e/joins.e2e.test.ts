import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, foreignRequests, openDemo, startE2e } from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';
import { changedShare, mapScreenshot } from './pixels.ts';

/** The buildings legend as shown: per entry its label and count, and the stated total. */
interface LegendSnapshot {
  entries: { label: string; count: number; noData: boolean }[];
  total: number;
}

/** The few DOM members read in the page (this file is compiled with Node's lib, not the DOM's). */
interface PageElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
}
interface PageDocument {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

const DATA = resolve(import.meta.dirname, '../../shared/data');
const NRW = join(DATA, 'citygml/nrw-wesel-lod2/LoD2_32_329_5729_1_NW.gml');
const NRW_NAME = 'LoD2_32_329_5729_1_NW.gml';

describe('buildings coloured by another layer, computed in a worker (production build in Debian Chromium)', () => {
  let e2e: E2eSession;
  let main: RecordedPage;
  let before: Buffer;

  beforeAll(async () => {
    e2e = await startE2e();
    main = await openDemo(e2e.browser, e2e.baseUrl);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  /** Reads the legend in one go (entries and total from the same render). */
  async function legend(page: Page, mustContain: string): Promise<LegendSnapshot> {
    await page.waitForFunction(
      (text) => {
        const doc = (globalThis as unknown as { document: PageDocument }).document;
        const total = doc.querySelector('[data-testid="legend-buildings-total"]');
        const list = doc.querySelector('[data-testid="legend-buildings"]');
        return total !== null && list !== null && (list.textContent ?? '').includes(text);
      },
      mustContain,
      { timeout: 60_000 },
    );
    return page.evaluate(() => {
      const doc = (globalThis as unknown as { document: PageDocument }).document;
      const items = Array.from(doc.querySelectorAll('[data-testid="legend-buildings"] li'));
      const total = doc.querySelector('[data-testid="legend-buildings-total"]');
      return {
        entries: items.map((li) => ({
          label: li.textContent ?? '',
          count: Number(li.getAttribute('data-count')),
          noData: li.getAttribute('data-no-data') === 'true',
        })),
        total: Number(total?.getAttribute('data-count')),
      };
    });
  }

  it('colours by the distance to the nearest school: a legend whose counts sum to the loaded buildings', async () => {
    const { page } = main;
    expect(await page.getAttribute('.app', 'data-tileset-demo')).toBe('tiles-loaded');
    await page.click('[data-testid="layer-tree-toggle"]');
    await page.waitForSelector('[data-testid="layer-panel"]');
    before = await mapScreenshot(page);
    await page.selectOption('[data-testid="building-colour-select"]', 'distance:schools');
    const snapshot = await legend(page, '< 250 m');
    expect(snapshot.entries.map((e) => e.label.replace(/\s*\(.*\)$/, ''))).toEqual([
      '< 250 m',
      '250 – 500 m',
      '500 – 1000 m',
      '1000 – 2000 m',
      '≥ 2000 m',
      'keine Angabe',
    ]);
    const sum = snapshot.entries.reduce((s, e) => s + e.count, 0);
    expect(snapshot.total).toBeGreaterThan(100);
    expect(sum).toBe(snapshot.total);
    // every demo building carries its centroid, and the demo district has schools: no building lacks a class
    expect(snapshot.entries.find((e) => e.noData)?.count).toBe(0);
    expect(snapshot.entries.filter((e) => e.count > 0).length).toBeGreaterThanOrEqual(2);
    const coloured = await mapScreenshot(page);
    writeFileSync(join(ARTIFACTS, 'joins-school-distance.png'), coloured);
    expect(await changedShare(page, before, coloured)).toBeGreaterThan(0.01);
  });

  it('colours by the broadband class of the containing area; reset restores the normal colours', async () => {
    const { page } = main;
    await page.selectOption('[data-testid="building-colour-select"]', 'class:broadband-coverage');
    const snapshot = await legend(page, 'Mbit/s');
    expect(snapshot.entries[0]?.label).toContain('< 30 Mbit/s');
    expect(snapshot.entries.at(-1)?.noData).toBe(true);
    expect(snapshot.entries.reduce((s, e) => s + e.count, 0)).toBe(snapshot.total);
    const classed = snapshot.entries.filter((e) => !e.noData).reduce((s, e) => s + e.count, 0);
    expect(classed).toBeGreaterThan(0);
    const coloured = await mapScreenshot(page);
    writeFileSync(join(ARTIFACTS, 'joins-broadband.png'), coloured);
    expect(await changedShare(page, before, coloured)).toBeGreaterThan(0.01);
    await page.click('.building-colours button:has-text("Zurücksetzen")');
    expect(await page.locator('[data-testid="legend-buildings"]').count()).toBe(0);
    // Cesium restyles the tiles it draws over the next frames: poll until the picture is the uncoloured one.
    await expect
      .poll(async () => changedShare(page, before, await mapScreenshot(page)), {
        timeout: 90_000,
        interval: 0,
      })
      .toBeLessThan(0.01);
    expect(foreignRequests(main.requests)).toEqual([]);
    expect(main.pageErrors).toEqual([]);
  });

  it('colours a tileset imported while a colouring is on (NRW, far from every demo school)', async () => {
    const { page } = main;
    if ((await page.locator('[data-testid="layer-panel"]').count()) === 0) {
      await page.click('[data-testid="layer-tree-toggle"]');
      await page.waitForSelector('[data-testid="layer-panel"]');
    }
    await page.selectOption('[data-testid="building-colour-select"]', 'distance:schools');
    await legend(page, '≥ 2000 m');
    await page.setInputFiles('[data-testid="import-input"]', NRW);
    const item = page.locator(`[data-testid="imported-layer"][data-name="${NRW_NAME}"]`);
    await page.waitForSelector(
      `[data-testid="imported-layer"][data-name="${NRW_NAME}"][data-status="ready"]`,
      {
        timeout: 120_000,
      },
    );
    // The open layer panel (with the legend) covers the import list on this viewport: click in the page.
    await item.getByRole('button', { name: 'Hinzoomen' }).dispatchEvent('click');
    // Wesel lies about 60 km from Wuppertal's schools: its 33 buildings join the farthest class.
    await page.waitForFunction(
      () => {
        const doc = (globalThis as unknown as { document: PageDocument }).document;
        const items = Array.from(doc.querySelectorAll('[data-testid="legend-buildings"] li'));
        const far = items.find((li) => (li.textContent ?? '').startsWith('≥ 2000 m'));
        return Number(far?.getAttribute('data-count') ?? 0) >= 33;
      },
      null,
      { timeout: 120_000, polling: 500 },
    );
    const snapshot = await legend(page, '≥ 2000 m');
    expect(snapshot.entries.reduce((s, e) => s + e.count, 0)).toBe(snapshot.total);
    expect(main.pageErrors).toEqual([]);
  });
});
