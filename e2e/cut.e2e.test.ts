/**
 * The cut and compare tools in Debian Chromium on the production build: a test plan over the demo Rathaus
 * (`e2e/fixtures/cut-plan.gml`, one 200 m × 200 m WA area) is opened, its area chosen in the cut panel hides the
 * buildings inside it — the roofs in the middle of the home view vanish, the map left of the area stays as it was,
 * and a page opened with the link (`clip=`) hides them too — and the compare divider, dragged by the mouse and
 * moved by the keyboard, brings today's buildings back on its left. Opening the measure, cut or sketch panel
 * closes the other two. Axe on the open panel and divider; no page errors; localhost only.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { ARTIFACTS, foreignRequests, newRecordedPage, openDemo, startE2e, showTools } from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';
import { changedShare, countBuildingPixels, waitForSettledPicture } from './pixels.ts';

const PLAN_FILE = join(new URL('.', import.meta.url).pathname, 'fixtures', 'cut-plan.gml');

type Box = { x: number; y: number; width: number; height: number };

/** Boxes of the map (page CSS pixels): the middle of the area around the Rathaus, and a strip left of the area. */
async function regions(page: Page): Promise<{ inside: Box; outside: Box; canvas: Box }> {
  const canvas = await page.locator('.cesium-widget canvas').boundingBox();
  if (!canvas) throw new Error('no Cesium canvas');
  const cx = canvas.x + canvas.width / 2;
  const cy = canvas.y + canvas.height / 2;
  return {
    canvas,
    inside: { x: cx - 60, y: cy - 30, width: 120, height: 60 },
    outside: { x: canvas.x + 20, y: cy - 60, width: 220, height: 120 },
  };
}

async function expectCount(locator: ReturnType<Page['locator']>, count: number): Promise<void> {
  await locator.first().waitFor({ state: count === 0 ? 'detached' : 'attached' });
  expect(await locator.count()).toBe(count);
}

/** The texts of Cesium's render error panel (empty while the scene renders). */
async function renderErrors(page: Page): Promise<string[]> {
  return page.locator('.cesium-widget-errorPanel').allTextContents();
}

async function shot(page: Page, clip: Box): Promise<Buffer> {
  return page.screenshot({ clip, timeout: 120_000 });
}

describe('cut and compare (e2e)', () => {
  let session: E2eSession;
  let main: RecordedPage;

  beforeAll(async () => {
    session = await startE2e();
    main = await openDemo(session.browser, `${session.baseUrl}?lang=de`);
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  it('hides the buildings inside a plan area only, and the divider brings them back on its left', async () => {
    const { page } = main;
    await page.click('[data-testid="layer-tree-toggle"]');
    await page.setInputFiles('[data-testid="plan-input"]', PLAN_FILE);
    const rows = page.locator('.layer-row', { hasText: 'Schnitt-Testplan' });
    await rows.first().waitFor({ timeout: 60_000 });
    // The plan's own colours would count as roofs: its layers are switched off, the area stays choosable.
    for (const toggle of await rows.locator('input[type="checkbox"]').all()) await toggle.uncheck();
    await page.click('[data-testid="layer-tree-toggle"]');
    await page.click('.home-button');
    await waitForSettledPicture(page, 2500); // the flight home, then tiles
    const { inside, outside } = await regions(page);
    const insideBefore = await shot(page, inside);
    const outsideBefore = await shot(page, outside);
    expect(await countBuildingPixels(page, insideBefore)).toBeGreaterThan(0.05);

    await showTools(page);
    await page.click('.toolbar button:has-text("Schnitt")');
    const panel = page.locator('#cut-panel');
    await panel.waitFor();
    // No two plan areas read alike (areas of one kind are numbered).
    const labels = await panel.locator('select option').allTextContents();
    expect(new Set(labels).size).toBe(labels.length);
    await panel.locator('select').selectOption({ label: 'Schnitt-Testplan: Allgemeines Wohngebiet (WA)' });
    await panel.locator('[data-action="hide-chosen"]').click();
    await page.locator('#cut-panel:not([data-cut-hidden=""])').waitFor({ timeout: 30_000 });
    const hidden = Number(await panel.getAttribute('data-cut-hidden'));
    expect(hidden).toBeGreaterThan(0);
    expect(await panel.locator('[role="status"]').textContent()).toContain(
      `${hidden} Gebäude im Bereich ausgeblendet`,
    );
    await waitForSettledPicture(page, 2500);
    const insideAfter = await shot(page, inside);
    const outsideAfter = await shot(page, outside);
    writeFileSync(join(ARTIFACTS, 'cut-area.png'), await page.screenshot({ timeout: 120_000 }));
    const roofsBefore = await countBuildingPixels(page, insideBefore);
    const roofsAfter = await countBuildingPixels(page, insideAfter);
    expect(roofsAfter).toBeLessThan(roofsBefore * 0.3);
    expect(await changedShare(page, outsideBefore, outsideAfter)).toBeLessThan(0.02);

    // The link carries the area (clip=): a page opened with it hides the same buildings, without the plan file.
    await expect.poll(() => page.url()).toContain('clip=1:');
    const shared = await openDemo(session.browser, page.url());
    try {
      const restored = shared.page;
      // Its tiles have loaded (openDemo): roofs outside the area, none inside it.
      const outsideRoofs = await countBuildingPixels(page, outsideBefore);
      expect(await countBuildingPixels(restored, await shot(restored, outside))).toBeGreaterThan(
        0.5 * outsideRoofs,
      );
      await expect
        .poll(async () => countBuildingPixels(restored, await shot(restored, inside)), { timeout: 30_000 })
        .toBeLessThan(roofsBefore * 0.3);
      writeFileSync(
        join(ARTIFACTS, 'cut-area-restored.png'),
        await restored.screenshot({ timeout: 120_000 }),
      );
      expect(shared.pageErrors).toEqual([]);
      expect(foreignRequests(shared.requests)).toEqual([]);
    } finally {
      await shared.page.close();
    }

    // Compare: today (whole) left of the divider, the cut city right of it.
    await showTools(page);
    await page.click('.toolbar button:has-text("Vergleichen")');
    const handle = page.locator('.compare-handle');
    await handle.waitFor();
    expect(await handle.getAttribute('aria-valuenow')).toBe('50');
    expect(await page.locator('[data-testid="compare-no-plan"]').count()).toBe(0); // the plan area is hidden
    const box = await handle.boundingBox();
    if (!box) throw new Error('no divider handle');
    expect(box.width).toBeGreaterThanOrEqual(48);
    expect(box.height).toBeGreaterThanOrEqual(48);
    await page.waitForTimeout(5000); // the "today" copy of the city loads
    const halfway = await shot(page, inside);
    // Dragged to the right edge of the area: all of the middle box shows today's buildings.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(inside.x + inside.width + 200, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    expect(Number(await handle.getAttribute('aria-valuenow'))).toBeGreaterThan(60);
    await page.waitForTimeout(2500);
    const dragged = await shot(page, inside);
    writeFileSync(join(ARTIFACTS, 'cut-compare-dragged.png'), await page.screenshot({ timeout: 120_000 }));
    expect(await countBuildingPixels(page, dragged)).toBeGreaterThan(
      roofsAfter + 0.5 * (roofsBefore - roofsAfter),
    );
    expect(await changedShare(page, halfway, dragged)).toBeGreaterThan(0.05);

    // Keyboard: Home moves the divider to the left edge, the cut city fills the box again.
    await handle.focus();
    await page.keyboard.press('Home');
    expect(await handle.getAttribute('aria-valuenow')).toBe('0');
    await page.keyboard.press('ArrowRight');
    expect(await handle.getAttribute('aria-valuenow')).toBe('5');
    await page.waitForTimeout(2500);
    const keyed = await shot(page, inside);
    expect(await countBuildingPixels(page, keyed)).toBeLessThan(roofsBefore * 0.3);

    expect(await axeViolations(page)).toEqual([]);
  }, 150_000);

  it('cuts with the section plane (north side kept) and hides a drawn area', async () => {
    const { page } = main;
    // Compare off and the area reset, whichever of them the test before left on.
    if ((await page.locator('.compare-handle').count()) > 0) {
      await showTools(page);
      await page.click('.toolbar button:has-text("Vergleichen")');
      await expectCount(page.locator('.compare-handle'), 0);
      await page.waitForTimeout(1500);
      expect(await renderErrors(page)).toEqual([]);
    }
    const panel = page.locator('#cut-panel');
    if ((await panel.count()) === 0) {
      await showTools(page);
      await page.click('.toolbar button:has-text("Schnitt")');
    }
    if ((await panel.getAttribute('data-cut-area')) === 'yes') {
      await panel.locator('button:has-text("Bereich zurücksetzen")').click();
    }
    await waitForSettledPicture(page, 2500);
    expect(await renderErrors(page)).toEqual([]);
    const { canvas } = await regions(page);
    // The home view looks south-south-west (heading 200°): north of the Rathaus is near the camera.
    const far: Box = { x: canvas.x + 20, y: canvas.y + 40, width: 600, height: 120 };
    const near: Box = { x: canvas.x + 20, y: canvas.y + canvas.height - 200, width: 600, height: 120 };
    const farBefore = await shot(page, far);
    const nearBefore = await shot(page, near);
    await panel.locator('label:has-text("Schnittebene an") input').check();
    await waitForSettledPicture(page, 2500);
    writeFileSync(join(ARTIFACTS, 'cut-plane.png'), await page.screenshot({ timeout: 120_000 }));
    const farAfter = await shot(page, far);
    const nearAfter = await shot(page, near);
    expect(await countBuildingPixels(page, farAfter)).toBeLessThan(
      0.3 * (await countBuildingPixels(page, farBefore)),
    );
    expect(await changedShare(page, nearBefore, nearAfter)).toBeLessThan(0.05);
    const status = panel.locator('[role="status"]');
    expect(await status.textContent()).toContain('Richtung 0°, Neigung 0°, Abstand 0 m');
    // Arrow keys on the plane's group move and turn it.
    await panel.locator('button:has-text("5 m vor")').focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowRight');
    expect(await status.textContent()).toContain('Richtung 15°, Neigung 0°, Abstand 5 m');
    await panel.locator('label:has-text("Schnittebene an") input').uncheck();
    expect(await status.textContent()).toContain('Schnittebene aus');

    // Draw an area around the middle of the map by clicks; Enter closes it.
    await panel.locator('button:has-text("Bereich zeichnen")').click();
    const cx = canvas.x + canvas.width / 2;
    const cy = canvas.y + canvas.height / 2;
    for (const [dx, dy] of [
      [-90, -50],
      [90, -50],
      [90, 50],
      [-90, 50],
    ] as const) {
      await page.mouse.click(cx + dx, cy + dy);
      await page.waitForTimeout(300);
    }
    expect(await status.textContent()).toContain('Punkte: 4');
    await page.keyboard.press('Enter');
    await page.locator('#cut-panel:not([data-cut-hidden=""])').waitFor({ timeout: 30_000 });
    expect(Number(await panel.getAttribute('data-cut-hidden'))).toBeGreaterThan(0);
    expect(await status.textContent()).toContain('gezeichneter Bereich');
    writeFileSync(join(ARTIFACTS, 'cut-drawn.png'), await page.screenshot({ timeout: 120_000 }));
    // Three points on a line enclose nothing: refused politely, the area stays.
    await panel.locator('button:has-text("Bereich zeichnen")').click();
    for (let i = 0; i < 3; i++) await panel.locator('button:has-text("Punkt in der Kartenmitte")').click();
    await panel.locator('button:has-text("Fertig")').click();
    expect(await status.textContent()).toContain('mindestens drei verschiedene Punkte');
    await page.keyboard.press('Escape');
    expect(await status.textContent()).toContain('Zeichnen abgebrochen');
    expect(await panel.getAttribute('data-cut-area')).toBe('yes');
  }, 90_000);

  it('picks a plan area by one click in the map and drags the divider by touch', async () => {
    const { page } = main;
    const panel = page.locator('#cut-panel');
    if ((await panel.count()) === 0) {
      await showTools(page);
      await page.click('.toolbar button:has-text("Schnitt")');
    }
    if ((await panel.getAttribute('data-cut-area')) === 'yes') {
      await panel.locator('button:has-text("Bereich zurücksetzen")').click();
    }
    // The plan's layers back on: a click on its area (draped, or its envelope) picks it.
    await page.click('[data-testid="layer-tree-toggle"]');
    for (const toggle of await page
      .locator('.layer-row', { hasText: 'Schnitt-Testplan' })
      .locator('input[type="checkbox"]')
      .all())
      await toggle.check();
    await page.click('[data-testid="layer-tree-toggle"]');
    await page.waitForTimeout(2500);
    await panel.locator('button:has-text("Planfläche in der Karte anklicken")').click();
    const { canvas } = await regions(page);
    await page.mouse.click(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2 + 20);
    await page.locator('#cut-panel:not([data-cut-hidden=""])').waitFor({ timeout: 30_000 });
    expect(Number(await panel.getAttribute('data-cut-hidden'))).toBeGreaterThan(0);
    expect(await panel.locator('[role="status"]').textContent()).toContain('Schnitt-Testplan');
    expect(await page.locator('[data-testid="attribute-panel"]').count()).toBe(0);

    // Touch: a finger drags the divider's handle (Pointer Events with capture).
    await showTools(page);
    await page.click('.toolbar button:has-text("Vergleichen")');
    const handle = page.locator('.compare-handle');
    await handle.waitFor();
    const box = await handle.boundingBox();
    if (!box) throw new Error('no divider handle');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
    const y = box.y + box.height / 2;
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: type === 'touchEnd' ? [] : [{ x, y }],
      });
    await touch('touchStart', box.x + box.width / 2);
    for (let step = 1; step <= 6; step++) await touch('touchMove', box.x + box.width / 2 - step * 40);
    await touch('touchEnd', box.x + box.width / 2 - 240);
    const afterHandle = Number(await handle.getAttribute('aria-valuenow'));
    expect(afterHandle).toBeLessThan(40);
    // Anywhere on the divider line, far below its handle, a finger drags it too (back to the right).
    const line = await handle.boundingBox();
    if (!line) throw new Error('no divider handle');
    const lineX = line.x + line.width / 2;
    const lineTouch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: type === 'touchEnd' ? [] : [{ x, y: y + 300 }],
      });
    await lineTouch('touchStart', lineX);
    for (let step = 1; step <= 6; step++) await lineTouch('touchMove', lineX + step * 30);
    await lineTouch('touchEnd', lineX + 180);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
    expect(Number(await handle.getAttribute('aria-valuenow'))).toBeGreaterThan(afterHandle + 5);
    expect(await renderErrors(page)).toEqual([]);

    // Two states: "Bestand 2000" (generated without the buildings built since) left, today right. The divider at
    // the left edge shows today across the map, at the right edge 2000: only the later buildings differ.
    const compare = page.locator('#compare-panel');
    await compare.locator('label:has-text("Zwei Stände") input').check();
    await expect.poll(() => compare.getAttribute('data-compare-mode')).toBe('tilesets');
    expect(await compare.locator('select[data-side="left"]').inputValue()).toBe('demo-2000');
    expect(await compare.locator('select[data-side="right"]').inputValue()).toBe('demo');
    await page.locator('#compare-panel[data-compare-tiles="loaded"]').waitFor({ timeout: 60_000 });
    expect(await handle.getAttribute('aria-label')).toBe(
      'Vergleichsschieber: links Bestand 2000 (Demo), rechts Gebäude und Gelände (Demo)',
    );
    const { canvas: map } = await regions(page);
    // The map between the handle's two edge positions, above the panels.
    const middle: Box = { x: map.x + 40, y: map.y + 110, width: map.width - 80, height: map.height / 2 };
    await handle.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => handle.getAttribute('aria-valuenow')).toBe('0');
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
    const today = await shot(page, middle);
    await page.keyboard.press('End');
    await expect.poll(() => handle.getAttribute('aria-valuenow')).toBe('100');
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
    const earlier = await shot(page, middle);
    writeFileSync(join(ARTIFACTS, 'compare-2000.png'), await page.screenshot({ timeout: 120_000 }));
    const changed = await changedShare(page, today, earlier);
    // The later buildings differ (fewer roofs in 2000); the ground and the older buildings, most of it, do not.
    expect(changed).toBeGreaterThan(0.004);
    expect(changed).toBeLessThan(0.1);
    expect(await countBuildingPixels(page, earlier)).toBeLessThan(await countBuildingPixels(page, today));
    expect(await renderErrors(page)).toEqual([]);
    await expect.poll(() => page.url()).toContain('compare=100:demo-2000,demo');
    // Closed by its × from the keyboard, the panel hands the focus back to its toolbar button, or to the
    // header's menu button while the toolbar is folded into the closed menu.
    await compare.locator('.panel-header .icon-button').focus();
    await page.keyboard.press('Enter');
    await expectCount(page.locator('#compare-panel'), 0);
    const compareButtonShown = await page.locator('[aria-controls="compare-panel"]').isVisible();
    await expect
      .poll(() =>
        page.evaluate(
          'document.activeElement?.matches(\'[aria-controls="compare-panel"]\') ? "compare" : ' +
            'document.activeElement?.matches(".menu-button") ? "menu" : String(document.activeElement?.outerHTML)',
        ),
      )
      .toBe(compareButtonShown ? 'compare' : 'menu');
  }, 90_000);

  it('fits a 390 px phone in English with 48 px targets (axe)', async () => {
    const phone = await newRecordedPage(session.browser, { viewport: { width: 390, height: 844 } });
    try {
      await phone.page.goto(`${session.baseUrl}?lang=en`);
      await showTools(phone.page);
      await phone.page.click('.toolbar button:has-text("Cut")');
      const panel = phone.page.locator('#cut-panel');
      await panel.waitFor();
      const box = await panel.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      for (const button of await panel.locator('button').all()) {
        expect((await button.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(48);
      }
      await showTools(phone.page);
      await phone.page.click('.toolbar button:has-text("Compare")');
      const handle = phone.page.locator('.compare-handle');
      expect(await handle.getAttribute('aria-label')).toContain('today on the left');
      const compare = phone.page.locator('#compare-panel');
      await compare.waitFor(); // its chunk loads on first use
      // Nothing is cut yet: the panel says why both sides look alike, and where to change that.
      expect(await compare.locator('[data-testid="compare-no-plan"]').textContent()).toContain(
        'Both sides show the same so far',
      );
      for (const control of await compare.locator('button, select, label').all()) {
        expect((await control.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(48);
      }
      writeFileSync(join(ARTIFACTS, 'compare-phone.png'), await phone.page.screenshot({ timeout: 120_000 }));
      expect(await axeViolations(phone.page)).toEqual([]);
      expect(phone.pageErrors).toEqual([]);
    } finally {
      await phone.page.close();
    }
  }, 60_000);

  it('keeps one of the measure, cut and sketch panels open at a time (each places points with clicks)', async () => {
    const desk = await newRecordedPage(session.browser, { viewport: { width: 1280, height: 800 } });
    try {
      const { page } = desk;
      await page.goto(`${session.baseUrl}?lang=en`);
      const panels = ['#measure-panel', '#cut-panel', '#sketch-panel'];
      const open = async () => {
        const shown: string[] = [];
        for (const panel of panels) if ((await page.locator(panel).count()) > 0) shown.push(panel);
        return shown;
      };
      const steps: [opener: string, panel: string][] = [
        ['button[aria-controls="measure-panel"]', '#measure-panel'],
        ['button[aria-controls="cut-panel"]', '#cut-panel'],
        ['button[aria-controls="sketch-panel"]', '#sketch-panel'],
        ['button[aria-controls="measure-panel"]', '#measure-panel'],
        ['button[aria-controls="sketch-panel"]', '#sketch-panel'],
        ['button[aria-controls="cut-panel"]', '#cut-panel'],
        ['button[aria-controls="measure-panel"]', '#measure-panel'],
      ]; // every one of the six ways from one panel to another
      for (const [opener, panel] of steps) {
        await showTools(page);
        await page.locator(opener).click();
        await page.locator(panel).waitFor();
        await expect.poll(open).toEqual([panel]);
      }
      expect(desk.pageErrors).toEqual([]);
    } finally {
      await desk.page.close();
    }
  }, 60_000);

  it('requested nothing but localhost and threw no page errors', () => {
    expect(foreignRequests(main.requests)).toEqual([]);
    expect(main.pageErrors).toEqual([]);
  });
});
