import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import type { AxeFinding } from './axe.ts';
import {
  ARTIFACTS,
  clickUntilAttribute,
  DEMO_LOAD_TIMEOUT_MS,
  DEMO_SETTLED,
  foreignRequests,
  newRecordedPage,
  hideTools,
  showTools,
  startE2e,
} from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';

type Language = 'de' | 'en';

/** A panel: how to open (and, pressed again, close) it, and the element that shows it. */
interface PanelCase {
  name: string;
  opener: (page: Page, language: Language) => Locator;
  panel: string;
}

const PANELS: PanelCase[] = [
  {
    name: 'layer tree',
    opener: (p) => p.locator('[data-testid="layer-tree-toggle"]'),
    panel: '[data-testid="layer-panel"]',
  },
  {
    name: 'in view',
    opener: (p) => p.locator('[data-testid="in-view-toggle"]'),
    panel: '[data-testid="in-view-panel"]',
  },
  {
    name: 'measure',
    opener: (p, l) => p.getByRole('button', { name: l === 'de' ? 'Messen' : 'Measure', exact: true }),
    panel: '#measure-panel',
  },
  { name: 'cut', opener: (p) => p.locator('button[aria-controls="cut-panel"]'), panel: '#cut-panel' },
  { name: 'sun', opener: (p) => p.locator('[data-testid="sun-toggle"]'), panel: '[data-testid="sun-panel"]' },
  { name: 'stories menu', opener: (p) => p.locator('[data-testid="stories-menu"]'), panel: '.stories-list' },
  {
    name: 'embed',
    opener: (p) => p.locator('[data-testid="embed-toggle"]'),
    panel: '[data-testid="embed-panel"]',
  },
];

/** Which element has the keyboard focus: tag, id, class and test id, for readable assertions. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const e = document.activeElement;
    if (!e) return '';
    return [e.tagName.toLowerCase(), e.id && '#' + e.id, e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '', e.getAttribute('data-testid') ? '[' + e.getAttribute('data-testid') + ']' : ''].join('');
  })()`);
}

/**
 * Elements of the panel `selector` (the panel included) that scroll sideways: their content is wider than they
 * are, so a swipe or a focused control can shift the whole panel out of view. Described by tag, class and widths.
 */
async function sidewaysScrolling(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(`(() => {
    const found = [];
    for (const panel of document.querySelectorAll(${JSON.stringify(selector)})) {
      for (const e of [panel, ...panel.querySelectorAll('*')]) {
        const overflow = getComputedStyle(e).overflowX;
        if ((overflow === 'auto' || overflow === 'scroll') && e.scrollWidth > e.clientWidth + 1) {
          found.push(e.tagName.toLowerCase() + '.' + String(e.className).split(' ').join('.') + ': ' + e.scrollWidth + ' px of content in ' + e.clientWidth + ' px');
        }
      }
    }
    return found;
  })()`);
}

/**
 * Check boxes and radio buttons in the panel `selector` drawn narrower than high: squeezed by a long label beside
 * them (every box of the app is square by design).
 */
async function squeezedBoxes(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(`(() => {
    const found = [];
    for (const panel of document.querySelectorAll(${JSON.stringify(selector)})) {
      for (const box of panel.querySelectorAll('input[type="checkbox"], input[type="radio"]')) {
        const { width, height } = box.getBoundingClientRect();
        if (height > 0 && width < height - 1) {
          const label = box.closest('label')?.textContent?.trim().slice(0, 60) ?? '';
          found.push(Math.round(width) + ' × ' + Math.round(height) + ' px: ' + label);
        }
      }
    }
    return found;
  })()`);
}

/**
 * Texts of the status line (loading, errors, the hint to pick a building) that the panel `selector` lies over,
 * on screens where panels float over the map (on phones they are bottom sheets, drawn over everything below).
 */
async function coveredStatus(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(`(() => {
    if (window.innerWidth <= 600 || window.innerHeight <= 500) return [];
    const found = [];
    for (const panel of document.querySelectorAll(${JSON.stringify(selector)})) {
      const p = panel.getBoundingClientRect();
      for (const line of document.querySelectorAll('.app > .status p')) {
        const b = line.getBoundingClientRect();
        if (b.width > 0 && b.left < p.right && p.left < b.right && b.top < p.bottom && p.top < b.bottom)
          found.push(line.textContent.trim());
      }
    }
    return found;
  })()`);
}

/** Presses `key` until the focus matches `pattern` (at most `limit` times); returns the focus description. */
async function pressUntil(page: Page, key: string, pattern: RegExp, limit = 40): Promise<string> {
  let now = await focused(page);
  for (let i = 0; i < limit && !pattern.test(now); i += 1) {
    await page.keyboard.press(key);
    now = await focused(page);
  }
  return now;
}

/**
 * Small empty elements (colour keys, grips) in `selector` whose own background colour a forced-colours theme
 * replaces: each measured as the theme draws it and with `forced-color-adjust: none` (as the author drew it).
 */
async function coloursLostToTheme(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(`(() => {
    const found = [];
    for (const e of document.querySelectorAll(${JSON.stringify(`${selector} *`)})) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.width > 60 || r.height > 60 || e.textContent.trim() !== '') continue;
      if (e.matches('input, select, textarea, canvas, svg, svg *')) continue;
      const themed = getComputedStyle(e).backgroundColor;
      const before = e.style.forcedColorAdjust;
      e.style.forcedColorAdjust = 'none';
      const own = getComputedStyle(e).backgroundColor;
      e.style.forcedColorAdjust = before;
      if (themed !== own && own !== 'rgba(0, 0, 0, 0)') found.push(e.className + ': ' + own + ' drawn as ' + themed);
    }
    return found;
  })()`);
}

describe('accessibility: keyboard alone, axe on every panel in German and English, desktop and phone', () => {
  let e2e: E2eSession;
  let record: RecordedPage;

  beforeAll(async () => {
    e2e = await startE2e();
    record = await newRecordedPage(e2e.browser, { viewport: { width: 1280, height: 800 } });
    await record.page.goto(`${e2e.baseUrl}?lang=de`);
    await record.page.waitForSelector(DEMO_SETTLED, { timeout: DEMO_LOAD_TIMEOUT_MS });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('goes skip link → map → layer tree → a building’s attributes by keyboard alone', async () => {
    const { page } = record;
    await page.keyboard.press('Tab');
    expect(await focused(page)).toContain('.skip-link');
    const skip = await page.locator('.skip-link').boundingBox();
    expect(skip && skip.x >= 0 && skip.y >= 0).toBe(true); // visible when focused
    await page.keyboard.press('Enter');
    // The skip link lands on the map's canvas, which takes the keys at once (no trap: Shift+Tab goes back).
    expect(await focused(page)).toMatch(/^canvas/);
    // Back to the header's layer tree button, open it, and switch the schools with Space.
    expect(await pressUntil(page, 'Shift+Tab', /\[layer-tree-toggle\]/)).toContain('[layer-tree-toggle]');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="layer-panel"]').waitFor();
    // Tab goes on through the rest of the header, then into the map's panels in page order.
    expect(await pressUntil(page, 'Tab', /\[layer-toggle-schools\]/)).toContain('[layer-toggle-schools]');
    // Its focus ring stands out from the white panel by 3:1 at least (WCAG 1.4.11).
    expect(await focusRingContrast(page)).toBeGreaterThanOrEqual(3);
    await page.keyboard.press('Space');
    expect(await page.locator('[data-testid="layer-toggle-schools"]').isChecked()).toBe(false);
    await page.keyboard.press('Space');
    expect(await page.locator('[data-testid="layer-toggle-schools"]').isChecked()).toBe(true);
    // Escape closes the layer tree; Tab reaches the map again, and Enter there selects the building at the centre.
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="layer-panel"]').waitFor({ state: 'detached' });
    expect(await pressUntil(page, 'Tab', /^canvas/)).toMatch(/^canvas/);
    writeFileSync(join(ARTIFACTS, 'a11y-map-focus.png'), await page.screenshot());
    await page.keyboard.press('Enter');
    await page
      .locator('[data-testid="attribute-panel"] td[data-attribute="gml_id"]')
      .waitFor({ timeout: 15_000 });
    // The live region says what was selected.
    await expect
      .poll(() => page.textContent('[data-testid="announcer"]'), { timeout: 5000 })
      .toMatch(/^Ausgewählt: /);
    writeFileSync(join(ARTIFACTS, 'a11y-keyboard-attributes.png'), await page.screenshot());
    // Escape on the map clears the selection; Enter selects again (the next test checks the panel with axe).
    expect(await focused(page)).toMatch(/^canvas/);
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="attribute-panel"]').waitFor({ state: 'detached' });
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="attribute-panel"]').waitFor();
  });

  /**
   * The contrast ratio (WCAG) between the focused element's outline and the first opaque background behind it.
   */
  async function focusRingContrast(page: Page): Promise<number> {
    return page.evaluate<number>(`(() => {
      const rgb = (text) => (text.match(/[\\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]) => {
        const linear = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
      };
      const element = document.activeElement;
      const style = getComputedStyle(element);
      if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2) return 0;
      let behind = element.parentElement;
      while (behind && rgb(getComputedStyle(behind).backgroundColor)[3] === 0) behind = behind.parentElement;
      const ring = luminance(rgb(style.outlineColor));
      const back = luminance(rgb(behind ? getComputedStyle(behind).backgroundColor : 'rgb(255, 255, 255)'));
      return (Math.max(ring, back) + 0.05) / (Math.min(ring, back) + 0.05);
    })()`);
  }

  /**
   * Opens each panel in turn (closing the one before) and returns axe's findings per state, and per panel the
   * elements that scroll sideways (`sidewaysScrolling`) and the boxes squeezed by their labels (`squeezedBoxes`).
   */
  async function axeOnEveryPanel(
    page: Page,
    language: Language,
  ): Promise<Record<string, AxeFinding[] | string[]>> {
    const findings: Record<string, AxeFinding[] | string[]> = {};
    const found = await axeViolations(page);
    if (found.length > 0) findings.start = found;
    for (const panel of PANELS) {
      if ((await page.locator(panel.panel).count()) === 0) {
        await showTools(page);
        await panel.opener(page, language).click();
      }
      await page.locator(panel.panel).first().waitFor();
      const violations = await axeViolations(page);
      if (violations.length > 0) findings[panel.name] = violations;
      const sideways = await sidewaysScrolling(page, panel.panel);
      if (sideways.length > 0) findings[`${panel.name}: scrolls sideways`] = sideways;
      const squeezed = await squeezedBoxes(page, panel.panel);
      if (squeezed.length > 0) findings[`${panel.name}: squeezed boxes`] = squeezed;
      const hidden = await coveredStatus(page, panel.panel);
      if (hidden.length > 0) findings[`${panel.name}: covers the status line`] = hidden;
      await showTools(page);
      await panel.opener(page, language).click();
      await page.locator(panel.panel).first().waitFor({ state: 'detached' });
    }
    await hideTools(page);
    return findings;
  }

  it('has no axe findings on the start view and with each panel open: desktop, German', async () => {
    const { page } = record;
    // The attribute panel is open from the keyboard path.
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('[data-testid="attribute-panel"] button[aria-label="Schließen"]').click();
    expect(await axeOnEveryPanel(page, 'de')).toEqual({});
    // A panel on each side (sun at the left, measure at the right): the status line keeps to the gap between them.
    await showTools(page);
    await page.locator('[data-testid="sun-toggle"]').click();
    await showTools(page);
    await page.getByRole('button', { name: 'Messen', exact: true }).click();
    await page.locator('#measure-panel').waitFor();
    expect(await page.locator('[data-testid="sun-panel"]').count()).toBe(1);
    expect(await coveredStatus(page, '[data-testid="sun-panel"], #measure-panel')).toEqual([]);
    expect(await page.locator('.app > .status p').count()).toBeGreaterThan(0);
    writeFileSync(join(ARTIFACTS, 'a11y-status-between-panels.png'), await page.screenshot());
    await showTools(page);
    await page.getByRole('button', { name: 'Messen', exact: true }).click();
    await showTools(page);
    await page.locator('[data-testid="sun-toggle"]').click();
    await page.locator('[data-testid="sun-panel"]').waitFor({ state: 'detached' });
    await hideTools(page);
    // The panels at the map's left share one column: layer tree, "in view" and sun open together cover neither
    // one another nor the status line, and the long layer tree gives way first (the sun panel keeps more height).
    for (const opener of ['layer-tree-toggle', 'in-view-toggle', 'sun-toggle']) {
      await showTools(page);
      await page.locator(`[data-testid="${opener}"]`).click();
    }
    const left = ['layer-panel', 'in-view-panel', 'sun-panel'].map((id) => `[data-testid="${id}"]`);
    for (const panel of left) await page.locator(panel).waitFor();
    await hideTools(page);
    const boxes = await Promise.all(left.map(async (panel) => (await page.locator(panel).boundingBox())!));
    for (const [i, a] of boxes.entries()) {
      expect(a.height).toBeGreaterThanOrEqual(120);
      expect(a.y + a.height).toBeLessThanOrEqual(800);
      for (const b of boxes.slice(i + 1)) expect(a.y + a.height <= b.y || b.y + b.height <= a.y).toBe(true);
    }
    expect(boxes[0]!.height).toBeLessThan(boxes[2]!.height);
    expect(await coveredStatus(page, left.join(', '))).toEqual([]);
    writeFileSync(join(ARTIFACTS, 'a11y-left-dock.png'), await page.screenshot());
    expect(await axeViolations(page)).toEqual([]);
    for (const opener of ['sun-toggle', 'in-view-toggle', 'layer-tree-toggle']) {
      await showTools(page);
      await page.locator(`[data-testid="${opener}"]`).click();
    }
    for (const panel of left) await page.locator(panel).waitFor({ state: 'detached' });
    await hideTools(page);
    // The in-view list names the schools in view: the text alternative to the picture.
    await showTools(page);
    await page.click('[data-testid="in-view-toggle"]');
    await expect
      .poll(() => page.textContent('[data-testid="in-view-panel"]'))
      .toContain('Gymnasium Sedanstraße');
    writeFileSync(join(ARTIFACTS, 'a11y-in-view.png'), await page.screenshot());
    await page.click('[data-testid="in-view-panel"] .icon-button');
    // Keyboard alone on a wide screen (every tool in the header): Enter on the sun button moves the focus to
    // the panel's heading (not a Tab stop: Tab goes on to its first control); Escape closes the panel and
    // hands the focus back to that button.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.locator('[data-testid="sun-toggle"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page), { timeout: 15_000 }).toMatch(/^h2/);
    expect(await page.evaluate(`document.activeElement?.closest('#sun-panel') !== null`)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(`document.activeElement?.getAttribute('aria-label')`)).toBe(
      'Sonne und Schatten schließen',
    );
    await page.keyboard.press('Escape');
    await page.locator('#sun-panel').waitFor({ state: 'detached' });
    await expect.poll(() => focused(page), { timeout: 15_000 }).toContain('[sun-toggle]');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('has no axe findings on a 390 px phone in English, the attribute sheet included', async () => {
    const { page } = record;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('.language-button').click();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
    // the credit line speaks the page's language too (names and licences stay as written)
    await expect
      .poll(() => page.textContent('.cesium-viewer-bottom'))
      .toContain('Schools: illustrative demo data');
    const credits = await page.textContent('.cesium-viewer-bottom');
    expect(credits).toContain('Demo city model: generated, illustrative');
    expect(credits).toContain('Natural Earth II');
    expect(credits).not.toMatch(/Demodaten|generiert/);
    expect(await axeOnEveryPanel(page, 'en')).toEqual({});
    const cell = await clickUntilAttribute(
      page,
      'gml_id',
      [
        [0, 0],
        [30, 40],
        [-40, 60],
        [20, -60],
      ],
      1500,
    );
    expect(await cell.count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    writeFileSync(join(ARTIFACTS, 'a11y-phone-en-attributes.png'), await page.screenshot());
    expect(foreignRequests(record.requests)).toEqual([]);
    expect(record.pageErrors).toEqual([]);
  });

  it('keeps colour keys and pressed buttons recognisable in a Windows contrast theme (forced colours)', async () => {
    const { page } = record;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ forcedColors: 'active' });
    try {
      expect(await page.evaluate(`matchMedia('(forced-colors: active)').matches`)).toBe(true);
      // The schools' legend (its colours are the markers' on the map) and the sheet's grip.
      await page.locator('[data-testid="attribute-panel"] .icon-button').first().click();
      await showTools(page);
      await page.click('[data-testid="layer-tree-toggle"]');
      await page.locator('[data-testid="layer-sheet"]').waitFor();
      expect(await page.locator('[data-testid="layer-sheet"] .swatch').count()).toBeGreaterThan(2);
      expect(await coloursLostToTheme(page, '[data-testid="layer-sheet"]')).toEqual([]);
      await page.keyboard.press('Escape');
      // The sketch's colour choices.
      await showTools(page);
      await page.click('button[aria-controls="sketch-panel"]');
      await page.locator('#sketch-panel .sketch-swatch-colour').first().waitFor();
      expect(await coloursLostToTheme(page, '#sketch-panel')).toEqual([]);
      await page.keyboard.press('Escape');
      // The sun's presets: the pressed date (21 June) is drawn unlike the others.
      await showTools(page);
      await page.click('[data-testid="sun-toggle"]');
      const presets = page.locator('[data-testid="sun-panel"] .sun-presets').first().locator('button');
      await presets.first().waitFor();
      const fills: string[] = await page.evaluate(`[...document
        .querySelector('[data-testid="sun-panel"] .sun-presets')
        .querySelectorAll('button')].map((b) => b.getAttribute('aria-pressed') + ' ' + getComputedStyle(b).backgroundColor)`);
      const pressed = fills.filter((f) => f.startsWith('true')).map((f) => f.split(' ').slice(1).join(' '));
      const unpressed = fills
        .filter((f) => f.startsWith('false'))
        .map((f) => f.split(' ').slice(1).join(' '));
      expect(pressed).toHaveLength(1);
      expect(unpressed.length).toBeGreaterThan(0);
      for (const fill of unpressed) expect(fill).not.toBe(pressed[0]);
      writeFileSync(join(ARTIFACTS, 'a11y-forced-colours-sun.png'), await page.screenshot());
      await page.keyboard.press('Escape');
    } finally {
      await page.emulateMedia({ forcedColors: 'none' });
    }
  });
});
