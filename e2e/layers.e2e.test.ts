import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, clickUntilAttribute, foreignRequests, openDemo, startE2e } from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';
import { changedShare, mapScreenshot } from './pixels.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const XSS_FIXTURE = join(ROOT, 'e2e', 'fixtures', 'schools-xss.geojson');
const PLAN_FILE = join(ROOT, '..', 'shared', 'data', 'xplan', 'plain-gml', 'BPlan002_5-4.gml');
const ENVELOPE_PLAN_FILE = join(ROOT, '..', 'shared', 'data', 'xplan', 'plain-gml', 'Blankenese29.gml');
if (!existsSync(PLAN_FILE)) console.warn(`layers e2e: ${PLAN_FILE} missing, the plan import test is skipped`);

type PageRecord = RecordedPage;

describe('thematic layers on the demo city (production build in Debian Chromium)', () => {
  let e2e: E2eSession;
  let main: PageRecord;

  beforeAll(async () => {
    e2e = await startE2e();
  });

  afterAll(async () => {
    await e2e?.close();
  });

  async function open(query = '', prepare?: (page: Page) => Promise<void>): Promise<PageRecord> {
    const record = await openDemo(e2e.browser, `${e2e.baseUrl}${query}`, prepare);
    expect(await record.page.getAttribute('.app', 'data-tileset-demo')).toBe('tiles-loaded');
    return record;
  }

  it('opens the layer tree from the toolbar with groups, legends and the illustrative badge', async () => {
    main = await open();
    const { page } = main;
    await page.click('[data-testid="layer-tree-toggle"]');
    await page.waitForSelector('[data-testid="layer-panel"]');
    const panel = await page.textContent('[data-testid="layer-panel"]');
    expect(panel).toContain('Schulen');
    expect(panel).toContain('Breitband');
    expect(panel).toContain('illustrativ');
    // Schools are visible by default: their legend is generated from the style.
    const legend = await page.textContent('[data-testid="legend-schools"]');
    expect(legend).toContain('Glasfaser angeschlossen');
    expect(legend).toContain('Anschluss geplant');
    // Checkboxes are at least 48 px touch targets (the label row) and keyboard operable.
    const row = await page.locator('[data-layer="schools"] .layer-toggle').boundingBox();
    expect(row?.height ?? 0).toBeGreaterThanOrEqual(48);
    // The visible layer's attribution is in Cesium's credit line.
    expect(await page.textContent('.cesium-viewer-bottom')).toContain('Schulen: illustrative Demodaten');
  });

  it('each layer toggles and changes the rendered image', async () => {
    const { page } = main;
    for (const id of ['schools', 'broadband-coverage', 'fibre-routes']) {
      const before = await mapScreenshot(page);
      await page.click(`[data-testid="layer-toggle-${id}"]`);
      // Draped polygons are built by Cesium's workers: poll until the image changes (or give up).
      let share = 0;
      for (let attempt = 0; attempt < 10 && share <= 0.001; attempt += 1) {
        const after = await mapScreenshot(page);
        share = await changedShare(page, before, after);
        if (share > 0.001) writeFileSync(join(ARTIFACTS, `layers-${id}.png`), after);
      }
      expect(share, `layer ${id}`).toBeGreaterThan(0.001);
      if (id === 'broadband-coverage') {
        // A building under the coverage areas (drawn onto the buildings too) is still chosen by a click.
        const offsets = [
          [0, 0],
          [30, 40],
          [-40, 60],
          [20, -60],
        ] as const;
        const cell = await clickUntilAttribute(page, 'gml_id', offsets, 1500);
        expect(await cell.count()).toBeGreaterThan(0);
        expect(await cell.first().textContent()).toMatch(/^DEMO_BLDG_/);
        await page.click('[data-testid="attribute-panel"] .icon-button'); // close the panel
        // Keyboard: Space on the focused checkbox switches the coverage off again (and spares the renderer).
        const checkbox = page.locator(`[data-testid="layer-toggle-${id}"]`);
        await checkbox.focus();
        await page.keyboard.press('Space');
        expect(await checkbox.isChecked()).toBe(false);
      }
    }
    expect(await page.textContent('.cesium-viewer-bottom')).toContain(
      'Glasfasertrassen: illustrative Demodaten',
    );
  });

  it('finds a school by name, flies there and shows its attributes with a safe link', async () => {
    const { page } = main;
    await page.fill('[data-testid="layer-search"]', 'Sedan');
    await page.click('.search-result:has-text("Gymnasium Sedanstraße")');
    const panel = page.locator('[data-testid="attribute-panel"]');
    await panel.waitFor({ timeout: 30_000 });
    expect(await panel.locator('td[data-attribute="name"]').textContent()).toBe('Gymnasium Sedanstraße');
    expect(await panel.textContent()).toContain('Illustrative Demodaten');
    const link = panel.locator('a');
    expect(await link.getAttribute('href')).toMatch(/^https:\/\//);
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    await page.waitForTimeout(3000);
    writeFileSync(join(ARTIFACTS, 'layers-school-picked.png'), await page.screenshot({ timeout: 120_000 }));
  });

  it('picks a school by clicking its marker', async () => {
    const { page } = main;
    await page.click('[data-testid="attribute-panel"] .icon-button'); // close the panel
    // After the flight the school's marker stands at the screen centre, a little above it.
    const canvas = await page.locator('.cesium-widget canvas').boundingBox();
    if (!canvas) throw new Error('no canvas');
    const found = await clickUntilPanel(page, canvas);
    expect(found).toBe('Gymnasium Sedanstraße');
  });

  it('shows the Breitbandatlas chart of the municipality with values as text and its attribution', async () => {
    const chart = await main.page.textContent('[data-testid="broadband-chart"]');
    expect(chart).toContain('Wuppertal');
    expect(chart).toContain('93,31 %');
    expect(chart).toContain('Quelle: Breitbandatlas / Gigabit-Grundbuch');
  });

  it('colours the buildings by height with an automatic legend, and resets', async () => {
    const { page } = main;
    const attributeClose = page.locator('[data-testid="attribute-panel"] .icon-button');
    if ((await attributeClose.count()) > 0) await attributeClose.click();
    const before = await mapScreenshot(page);
    await page.selectOption('[data-testid="building-colour-select"]', 'measuredHeight');
    const legend = page.locator('[data-testid="legend-buildings"]');
    await legend.waitFor({ timeout: 30_000 });
    expect(await legend.locator('li').count()).toBeGreaterThanOrEqual(3);
    const coloured = await mapScreenshot(page);
    writeFileSync(join(ARTIFACTS, 'layers-buildings-by-height.png'), coloured);
    expect(await changedShare(page, before, coloured)).toBeGreaterThan(0.01);
    // By function: the AdV codes with their names; a swatch keeps its size beside a label that wraps.
    await page.selectOption('[data-testid="building-colour-select"]', 'function');
    await expect.poll(() => legend.textContent(), { timeout: 30_000 }).toContain('31001_1010 (Wohnhaus)');
    expect(await legend.textContent()).toContain('31001_1120 (Wohngebäude mit Handel und Dienstleistungen)');
    const swatches = new Set<number>();
    for (const swatch of await legend.locator('.swatch').all())
      swatches.add(Math.round((await swatch.boundingBox())?.width ?? 0));
    expect(swatches).toEqual(new Set([20])); // 18 px and its borders
    writeFileSync(join(ARTIFACTS, 'layers-legend-by-function.png'), await page.screenshot());
    await page.click('.building-colours button:has-text("Zurücksetzen")');
    expect(await legend.count()).toBe(0);
    const reset = await mapScreenshot(page);
    expect(await changedShare(page, before, reset)).toBeLessThan(0.01);
  });

  it.skipIf(!existsSync(PLAN_FILE))(
    'imports a plan: it is listed by its name, drawn and picked',
    async () => {
      const { page } = main;
      const attributeClose = page.locator('[data-testid="attribute-panel"] .icon-button');
      if ((await attributeClose.count()) > 0) await attributeClose.click();
      await page.setInputFiles('[data-testid="plan-input"]', PLAN_FILE);
      const row = page.locator('.layer-row', { hasText: 'BPlan002_5-4' }).first();
      await row.waitFor({ timeout: 60_000 });
      expect(await row.textContent()).toContain('BPlan002_5-4');
      // The legend of the plan's areas is generated from the PlanZV colours used.
      expect(await row.locator('.legend').textContent()).toContain('Allgemeines Wohngebiet (WA)');
      await page.waitForTimeout(8000); // flight to the plan, then the draped areas build
      writeFileSync(join(ARTIFACTS, 'layers-plan.png'), await page.screenshot({ timeout: 120_000 }));
      const cell = await clickUntilAttribute(
        page,
        'Planobjekt',
        [
          [0, 0],
          [0, 40],
          [40, 0],
          [-40, 0],
          [0, -40],
          [0, 80],
        ],
        700,
      );
      expect((await cell.count()) > 0 ? await cell.textContent() : null).toMatch(/^(BP|XP|SO)_/);
      // A plan with height statements also lists its permitted envelopes (extruded volumes).
      await page.setInputFiles('[data-testid="plan-input"]', ENVELOPE_PLAN_FILE);
      await page
        .locator('.layer-row', { hasText: 'Blankenese29_Testplan_60: zulässige Baukörper' })
        .waitFor({ timeout: 60_000 });
    },
  );

  it('requested nothing but localhost and threw no page errors', () => {
    const foreign = foreignRequests(main.requests);
    expect(foreign).toEqual([]);
    expect(main.pageErrors).toEqual([]);
    expect(main.dialogs).toEqual([]);
  });

  it('shows a hostile data value as text and runs nothing', async () => {
    const record = await open('', async (page) => {
      await page.route('**/data/demo/schools.geojson', (route) =>
        route.fulfill({ contentType: 'application/json', body: readFileSync(XSS_FIXTURE, 'utf8') }),
      );
    });
    const { page } = record;
    await page.click('[data-testid="layer-tree-toggle"]');
    await page.fill('[data-testid="layer-search"]', 'img');
    await page.click('.search-result');
    const cell = page.locator('[data-testid="attribute-panel"] td[data-attribute="name"]');
    await cell.waitFor({ timeout: 30_000 });
    expect(await cell.textContent()).toBe('<img src=x onerror=alert(1)>');
    expect(await page.locator('[data-testid="attribute-panel"] img').count()).toBe(0);
    expect(await page.locator('[data-testid="attribute-panel"] a').count()).toBe(0); // javascript: is no link
    expect(await page.locator('.search-result').first().textContent()).toBe('<img src=x onerror=alert(1)>');
    await page.waitForTimeout(3000);
    expect(record.dialogs).toEqual([]);
    expect(record.pageErrors).toEqual([]);
    await page.close();
  });
});

/** Clicks a few points above the canvas centre (where the flown-to marker stands) until a panel opens. */
async function clickUntilPanel(
  page: Page,
  canvas: { x: number; y: number; width: number; height: number },
): Promise<string | null> {
  const cx = canvas.x + canvas.width / 2;
  const cy = canvas.y + canvas.height / 2;
  for (const dy of [0, -10, -20, -30, -40, -55, -70, 10]) {
    await page.mouse.click(cx, cy + dy);
    await page.waitForTimeout(700);
    const cell = page.locator('[data-testid="attribute-panel"] td[data-attribute="name"]');
    if ((await cell.count()) > 0) {
      const text = await cell.textContent();
      if (text === 'Gymnasium Sedanstraße') return text;
    }
  }
  return null;
}
