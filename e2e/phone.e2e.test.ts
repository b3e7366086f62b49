import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  DEMO_LOAD_TIMEOUT_MS,
  DEMO_SETTLED,
  foreignRequests,
  newRecordedPage,
  showTools,
  startE2e,
} from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';
import { axeViolations } from './axe.ts';
import { waitForMapAtRest } from './pixels.ts';

/** The shared Flächennutzungsplan: 563 areas of many classes, some named in long words (LP_SchutzBestimmterTeileVonNatur…). */
const FNP = join(import.meta.dirname, '..', '..', 'shared', 'data', 'xplan', 'zipped', 'FNP_Test_60.zip');
if (!existsSync(FNP)) console.warn(`phone e2e: ${FNP} missing, the plan legend test is skipped`);

/** The page's horizontal overflow and the visible controls whose box leaves the viewport. */
async function overflowAndOutside(page: Page): Promise<{ overflow: number; outside: string[] }> {
  return page.evaluate(`(() => {
    const width = window.innerWidth;
    const height = window.innerHeight;
    const outside = [];
    const controls = document.querySelectorAll('button, a[href], input, select, textarea, [tabindex="0"]');
    for (const element of controls) {
      if (element.closest('.skip-link')) continue; // off screen until focused, by design
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden' || style.display === 'none') continue;
      if (box.left < -0.5 || box.right > width + 0.5 || box.top < -0.5 || box.bottom > height + 0.5) {
        const name = (element.getAttribute('aria-label') || element.textContent || element.tagName).trim().slice(0, 40);
        outside.push(name + ' ' + Math.round(box.left) + ',' + Math.round(box.top) + '..' + Math.round(box.right) + ',' + Math.round(box.bottom));
      }
    }
    return { overflow: document.documentElement.scrollWidth - width, outside };
  })()`);
}

/** Writes a GeoJSON file `name` into ARTIFACTS with one point (lon/lat degrees) and its properties; its path. */
function onePointGeoJson(name: string, point: [number, number], properties: Record<string, string>): string {
  const file = join(ARTIFACTS, name);
  const feature = { type: 'Feature', properties, geometry: { type: 'Point', coordinates: point } };
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [feature] }));
  return file;
}

/** A one-finger drag through the DevTools protocol (real touch events, so pointerType is "touch"). */
async function touchDrag(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number },
): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const point = (p: { x: number; y: number }) => [
    { x: p.x, y: p.y, id: 1, radiusX: 4, radiusY: 4, force: 1 },
  ];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(from) });
  for (let i = 1; i <= 8; i += 1) {
    const at = { x: from.x + ((to.x - from.x) * i) / 8, y: from.y + ((to.y - from.y) * i) / 8 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(at) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/**
 * Rows (CSS pixels from the top) of a screenshot's pixels that look like the selection highlight (#ffd400 under
 * Cesium's lighting: blue near 0, red and green well above it), decoded with the browser's own PNG decoder.
 */
async function highlightRows(page: Page, png: Buffer): Promise<number[]> {
  return page.evaluate(async (base64) => {
    const scope = globalThis as unknown as {
      fetch(url: string): Promise<{ blob(): Promise<Blob> }>;
      createImageBitmap(blob: Blob): Promise<{ width: number; height: number }>;
      OffscreenCanvas: new (
        w: number,
        h: number,
      ) => {
        getContext(kind: '2d'): {
          drawImage(image: unknown, x: number, y: number): void;
          getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
        } | null;
      };
    };
    const bitmap = await scope.createImageBitmap(
      await (await scope.fetch(`data:image/png;base64,${base64}`)).blob(),
    );
    const context = new scope.OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
    if (!context) return [];
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    const rows: number[] = [];
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i] as number, data[i + 1] as number, data[i + 2] as number];
      if (b < 16 && r > 60 && g > 30) rows.push(Math.floor(i / 4 / bitmap.width));
    }
    return rows;
  }, png.toString('base64'));
}

describe('phone layout: bottom sheet, no overflow from 320 px to 4K (production build in Debian Chromium)', () => {
  let e2e: E2eSession;
  let record: RecordedPage;

  beforeAll(async () => {
    e2e = await startE2e();
    record = await newRecordedPage(e2e.browser, { viewport: { width: 390, height: 844 }, hasTouch: true });
    await record.page.goto(`${e2e.baseUrl}?lang=de`);
    await record.page.waitForSelector(DEMO_SETTLED, { timeout: DEMO_LOAD_TIMEOUT_MS });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('has no horizontal overflow and keeps every visible control inside the screen at every width', async () => {
    const { page } = record;
    for (const [width, height] of [
      [320, 640],
      [390, 844],
      [844, 390],
      [1280, 800],
      [3840, 2160],
    ] as const) {
      await page.setViewportSize({ width, height });
      expect(await overflowAndOutside(page), `${width}×${height}`).toEqual({ overflow: 0, outside: [] });
      // the search box's placeholder is read whole, not cut at the box's edge (chosen once the box has its new size)
      await expect
        .poll(
          () =>
            page.evaluate(`(() => {
              const input = document.querySelector('[data-testid="search-input"]');
              const style = getComputedStyle(input);
              const context = document.createElement('canvas').getContext('2d');
              context.font = style.font;
              const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
              return room - context.measureText(input.placeholder).width;
            })()`),
          { message: `placeholder at ${width}×${height}`, timeout: 5000 },
        )
        .toBeGreaterThanOrEqual(0);
    }
    // 200 % text zoom at 1280 px (root font size doubled): nothing leaves the screen, no two controls overlap.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.evaluate(`document.documentElement.style.fontSize = '200%'`);
    expect(await overflowAndOutside(page), '200 %').toEqual({ overflow: 0, outside: [] });
    const overlaps: string[] = await page.evaluate(`(() => {
      const boxes = [...document.querySelectorAll('.app-header button, .app-header input, .app-header a[href]')]
        .map((e) => [e, e.getBoundingClientRect()])
        .filter(([e, b]) => b.width > 1 && b.height > 1 && getComputedStyle(e).visibility !== 'hidden');
      const out = [];
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const [ea, a] = boxes[i]; const [eb, b] = boxes[j];
        if (ea.contains(eb) || eb.contains(ea)) continue;
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
          out.push((ea.textContent || '').trim() + ' / ' + (eb.textContent || '').trim());
      }
      return out;
    })()`);
    expect(overlaps).toEqual([]);
    writeFileSync(join(ARTIFACTS, 'text-zoom-200.png'), await page.screenshot());
    await page.evaluate(`document.documentElement.style.fontSize = ''`);
    await page.setViewportSize({ width: 390, height: 844 });
    writeFileSync(join(ARTIFACTS, 'phone-start.png'), await page.screenshot());
    // The credit line wraps on a phone: each of its lines starts the same few pixels in from the edge.
    const lineStarts: number[] = await page.evaluate(`(() => {
      const starts = new Map();
      for (const credit of document.querySelectorAll('.cesium-credit-textContainer .cesium-credit-wrapper'))
        for (const box of credit.getClientRects())
          if (box.width > 0) starts.set(Math.round(box.y), Math.min(starts.get(Math.round(box.y)) ?? 1e9, box.x));
      return [...starts.values()].map(Math.round);
    })()`);
    expect(lineStarts.length).toBeGreaterThan(1);
    expect(new Set(lineStarts)).toEqual(new Set([5]));
    // The status line ("Gebäude antippen …") sits 12 px above the wrapped credit line, not over it and not
    // floating, and follows it when the line wraps to fewer rows (the phone turned) and to more again.
    const gapAboveCredits = async () => {
      const [status, credits] = await Promise.all(
        ['.app > .status', '.cesium-viewer-bottom'].map((selector) =>
          page.locator(selector).first().boundingBox(),
        ),
      );
      return Math.round((credits?.y ?? 0) - (status?.y ?? 0) - (status?.height ?? 999));
    };
    for (const [width, height] of [
      [390, 844],
      [844, 390],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await expect.poll(gapAboveCredits, { message: `${width}×${height}`, timeout: 5000 }).toBe(12);
    }
  });

  it('opens a tapped building in a bottom sheet above which the building stays; drag, cycle, Escape', async () => {
    const { page } = record;
    // Reduced motion: the sheet jumps between heights (no transition), so the handle's box is final at once.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const canvas = await page.locator('.cesium-widget canvas').boundingBox();
    if (!canvas) throw new Error('no Cesium canvas');
    const sheet = page.locator('[data-testid="attribute-sheet"]');
    // Tap low on the screen, where the half-open sheet will lie: the camera must turn the building into view.
    for (const [dx, dy] of [
      [0, 0.3],
      [-0.2, 0.28],
      [0.2, 0.32],
      [0, 0.22],
      [0.1, 0.12],
    ] as const) {
      await page.touchscreen.tap(canvas.x + canvas.width * (0.5 + dx), canvas.y + canvas.height * (0.5 + dy));
      if (
        await sheet.waitFor({ timeout: 3000 }).then(
          () => true,
          () => false,
        )
      )
        break;
    }
    await sheet.waitFor();
    expect(await sheet.getAttribute('data-snap')).toBe('half');
    await page.locator('[data-selection-y]').waitFor();
    const box = await sheet.boundingBox();
    const selectionY = Number(await page.locator('[data-selection-y]').getAttribute('data-selection-y'));
    expect(box && box.x === 0 && box.width === 390).toBe(true);
    const sheetTop = box?.y ?? 0;
    const header = (await page.locator('.app-header').boundingBox()) ?? { y: 0, height: 0 };
    expect(selectionY).toBeLessThan(sheetTop - 24);
    expect(selectionY).toBeGreaterThan(header.y + header.height);
    const shot = await page.screenshot();
    writeFileSync(join(ARTIFACTS, 'phone-sheet-half.png'), shot);
    // The highlighted building is drawn in the free map above the sheet (not only at its edge).
    const rows = await highlightRows(page, shot);
    expect(rows.filter((y) => y < sheetTop - 24).length).toBeGreaterThan(30);

    const handle = page.locator('[data-testid="attribute-sheet-handle"]');
    const handleBox = await handle.boundingBox();
    expect(handleBox?.height ?? 0).toBeGreaterThanOrEqual(48);
    // Tap cycles: half → full; the handle's name says the state.
    await handle.tap();
    await expect.poll(() => sheet.getAttribute('data-snap')).toBe('full');
    expect(await handle.getAttribute('aria-label')).toContain('ganz geöffnet');
    // A finger drags it down to the peek, and up again to half.
    const hb = (await handle.boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
    const middle = { x: hb.x + hb.width / 2, y: hb.y + hb.height / 2 };
    await touchDrag(page, middle, { x: middle.x, y: 844 - 60 });
    await expect.poll(() => sheet.getAttribute('data-snap')).toBe('peek');
    // Up by 190 px: released below the half height, so the half snap wins whether the drag counts as slow
    // (nearest) or as a fling (next snap upwards).
    const peekY = ((await handle.boundingBox())?.y ?? 0) + 20;
    await touchDrag(page, { x: middle.x, y: peekY }, { x: middle.x, y: peekY - 190 });
    await expect.poll(() => sheet.getAttribute('data-snap')).toBe('half');
    // Scrolled to its end, the half-open sheet keeps its heading and close button in view.
    await page.evaluate(
      `(() => { const body = document.querySelector('[data-testid="attribute-sheet"] .sheet-body'); body.scrollTop = body.scrollHeight; })()`,
    );
    expect(
      await page.evaluate(`document.querySelector('[data-testid="attribute-sheet"] .sheet-body').scrollTop`),
    ).toBeGreaterThan(0);
    const halfTop = (await sheet.boundingBox())?.y ?? 0;
    for (const kept of [sheet.locator('h2'), sheet.getByRole('button', { name: 'Schließen' })]) {
      expect((await kept.boundingBox())?.y ?? 0).toBeGreaterThanOrEqual(halfTop);
    }
    writeFileSync(join(ARTIFACTS, 'phone-sheet-scrolled.png'), await page.screenshot());
    // Keyboard: Enter on the handle cycles on, Escape closes the sheet.
    await handle.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => sheet.getAttribute('data-snap')).toBe('full');
    writeFileSync(join(ARTIFACTS, 'phone-sheet-full.png'), await page.screenshot());
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
  });

  it('shows the layer tree as a bottom sheet in landscape too', async () => {
    const { page } = record;
    await page.setViewportSize({ width: 844, height: 390 });
    const menu = page.locator('.menu-button');
    if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
    await page.click('[data-testid="layer-tree-toggle"]');
    const sheet = page.locator('[data-testid="layer-sheet"]');
    await sheet.waitFor();
    const box = await sheet.boundingBox();
    expect(box && box.y + box.height <= 390.5 && box.width === 844).toBe(true);
    expect(await overflowAndOutside(page)).toMatchObject({ overflow: 0 });
    writeFileSync(join(ARTIFACTS, 'phone-landscape-layers.png'), await page.screenshot());
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
  });

  it('shows the sheet opened last on top, whichever panel it is; the one under it comes back when it closes', async () => {
    const { page } = record;
    await page.setViewportSize({ width: 390, height: 844 });
    const open = async (toggle: string, sheet: string) => {
      await showTools(page);
      await page.click(`[data-testid="${toggle}"]`);
      await page.locator(`[data-testid="${sheet}"]`).waitFor();
    };
    /** The test id of the sheet that the point in the middle of `sheet`'s handle belongs to. */
    const sheetAtHandle = (sheet: string) =>
      page.evaluate(`(() => {
        const handle = document.querySelector('[data-testid="${sheet}"] .sheet-handle').getBoundingClientRect();
        const hit = document.elementFromPoint(handle.x + handle.width / 2, handle.y + handle.height / 2);
        return hit?.closest('.bottom-sheet')?.getAttribute('data-testid') ?? null;
      })()`);
    // The sun sheet comes after the layer tree in the page; opened first, it must still go under it.
    await open('sun-toggle', 'sun-sheet');
    await open('layer-tree-toggle', 'layer-sheet');
    expect(await sheetAtHandle('layer-sheet')).toBe('layer-sheet');
    expect(await page.locator('[data-testid="sun-sheet"]').getAttribute('data-under')).not.toBeNull();
    writeFileSync(join(ARTIFACTS, 'phone-two-sheets.png'), await page.screenshot());
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="layer-sheet"]').waitFor({ state: 'detached' });
    expect(await sheetAtHandle('sun-sheet')).toBe('sun-sheet');
    expect(await page.locator('[data-testid="sun-sheet"]').getAttribute('data-under')).toBeNull();
    await page.locator('[data-testid="sun-sheet"] .panel-header button').click();
    await page.locator('[data-testid="sun-sheet"]').waitFor({ state: 'detached' });
  });

  it('opens the sketch panel by keyboard as a sheet: focus on its heading, back to the menu on Escape', async () => {
    const { page } = record;
    await page.setViewportSize({ width: 390, height: 844 });
    // Keyboard alone: Enter on the menu button shows the folded tools, Enter on "Skizzieren" opens the panel.
    const menu = page.locator('.menu-button');
    await menu.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('true');
    await page.locator('button[aria-controls="sketch-panel"]').focus();
    await page.keyboard.press('Enter');
    const sheet = page.locator('[data-testid="sketch-sheet"]');
    await sheet.waitFor();
    await expect
      .poll(() =>
        page.evaluate(
          `document.activeElement?.closest('#sketch-panel') ? document.activeElement.tagName : ''`,
        ),
      )
      .toBe('H2');
    // A sheet at the bottom, the whole width, half the screen at most: the map above stays free for drawing.
    const box = (await sheet.boundingBox()) ?? { x: -1, y: 0, width: 0, height: 0 };
    expect([box.x, box.width, Math.round(box.y + box.height)]).toEqual([0, 390, 844]);
    expect(box.height).toBeLessThanOrEqual(844 / 2);
    expect(await overflowAndOutside(page)).toMatchObject({ overflow: 0 });
    expect(await axeViolations(page)).toEqual([]);
    // The handle cycles it by keyboard too (half → full), and Escape closes it: the focus goes back to the
    // menu button, since the sketch button is folded into the closed menu.
    await page.locator('[data-testid="sketch-sheet-handle"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => sheet.getAttribute('data-snap')).toBe('full');
    writeFileSync(join(ARTIFACTS, 'phone-sketch-sheet.png'), await page.screenshot());
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.evaluate(`document.activeElement?.classList.contains('menu-button')`))
      .toBe(true);
    expect(foreignRequests(record.requests)).toEqual([]);
    expect(record.pageErrors).toEqual([]);
  });
  it('presents a story on a phone: the caption first, the buttons as one row of icons; a long caption scrolls on its own', async () => {
    const { page } = record;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${e2e.baseUrl}?lang=de&story=stories/demo.de.json`);
    const presentation = page.locator('[data-testid="story-presentation"]');
    await presentation.waitFor({ state: 'attached', timeout: DEMO_LOAD_TIMEOUT_MS });
    const caption = page.locator('[data-testid="story-caption"]');
    await expect.poll(() => caption.textContent()).toContain('Überblick');
    // One snapshot of the visible buttons: the full-screen button goes once the page is full screen (asked for
    // when the story starts), and a button measured one at a time could be gone by its turn.
    const boxes = async (): Promise<{ x: number; y: number; width: number; height: number }[]> =>
      page.evaluate(`[...document.querySelectorAll('.story-controls button')]
        .filter((button) => button.getClientRects().length > 0 && getComputedStyle(button).visibility !== 'hidden')
        .map((button) => { const r = button.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; })`);
    // Upright: the caption above the buttons, the buttons in one row of 48 px targets inside the screen, each named
    // by its words (hidden on screen, where an icon stands in for them).
    const upright = await boxes();
    const captionBox = (await caption.boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
    expect(upright.length).toBeGreaterThanOrEqual(5);
    expect(new Set(upright.map((box) => Math.round(box.y))).size).toBe(1);
    expect(captionBox.y + captionBox.height).toBeLessThanOrEqual((upright[0]?.y ?? 0) + 0.5);
    for (const box of upright) {
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(48);
      expect(box.x >= 0 && box.x + box.width <= 390 && box.y + box.height <= 844).toBe(true);
    }
    expect(await page.locator('[data-testid="story-leave"]').textContent()).toBe('Präsentation beenden');
    expect((await page.locator('.story-band').boundingBox())?.y ?? 0).toBeGreaterThan(844 / 2);
    expect(await overflowAndOutside(page)).toEqual({ overflow: 0, outside: [] });
    expect(await axeViolations(page)).toEqual([]);
    writeFileSync(join(ARTIFACTS, 'phone-story.png'), await page.screenshot());
    // On its side the caption sits beside the buttons and is longer than the band: it fades at the end that hides
    // text, takes the focus, and the arrow keys scroll it to its end.
    await page.setViewportSize({ width: 844, height: 390 });
    await expect.poll(() => caption.getAttribute('data-more')).toBe('below');
    const side = await boxes();
    const sideCaption = (await caption.boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
    expect(side.every((box) => box.x >= sideCaption.x + sideCaption.width)).toBe(true);
    expect(await overflowAndOutside(page)).toEqual({ overflow: 0, outside: [] });
    expect(await axeViolations(page)).toEqual([]);
    writeFileSync(join(ARTIFACTS, 'phone-landscape-story.png'), await page.screenshot());
    await caption.focus();
    for (let i = 0; i < 12; i += 1) await page.keyboard.press('ArrowDown');
    await expect.poll(() => caption.getAttribute('data-more')).toBe('above');
    expect(await presentation.getAttribute('data-story-index')).toBe('0');
    await page.locator('[data-testid="story-leave"]').click();
    await presentation.waitFor({ state: 'detached' });
    expect(foreignRequests(record.requests)).toEqual([]);
    expect(record.pageErrors).toEqual([]);
  });

  it("breaks a story's long words and addresses within the caption instead of cutting them off", async () => {
    const { page } = record;
    await page.setViewportSize({ width: 390, height: 844 });
    const word = 'Donnerstagnachmittagsbürgerversammlungsprotokoll';
    const story = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', 'public', 'stories', 'demo.de.json'), 'utf8'),
    ) as { scenes: { title: string; caption: string }[] };
    story.scenes[0]!.title = `${word}zusammenfassung`;
    story.scenes[0]!.caption = `Siehe https://www.wuppertal.de/${'stadtentwicklung_'.repeat(8)}plan.pdf und ${word}.`;
    await page.route('**/stories/long-words.json', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify(story) }),
    );
    await page.goto(`${e2e.baseUrl}?lang=de&story=stories/long-words.json`);
    const caption = page.locator('[data-testid="story-caption"]');
    await expect.poll(() => caption.textContent(), { timeout: DEMO_LOAD_TIMEOUT_MS }).toContain(word);
    // nothing of the caption lies beyond its right edge, where it would be cut off (it scrolls only up and down)
    const hidden = await page.evaluate(
      `(() => { const caption = document.querySelector('[data-testid="story-caption"]'); return caption.scrollWidth - caption.clientWidth; })()`,
    );
    expect(hidden).toBeLessThanOrEqual(0);
    await page.locator('[data-testid="story-leave"]').click();
    await page.locator('[data-testid="story-presentation"]').waitFor({ state: 'detached' });
    await page.unroute('**/stories/long-words.json');
  });

  // Last: the import flies the camera to the imported point, away from the buildings the tests above tap.
  it("keeps the list of imported files inside the screen, 12 px from either edge, and a picked feature's sheet with its close button", async () => {
    const { page } = record;
    await page.setViewportSize({ width: 390, height: 844 });
    // a long file name without a space, as portals name their downloads: it is the picked feature's heading
    const name = 'Schulstandorte_der_Stadt_Wuppertal_mit_Ganztagsangebot_Stand_2026.geojson';
    const file = onePointGeoJson(name, [7.2, 51.27], { name: 'Schule' });
    await page.setInputFiles('[data-testid="import-input"]', file);
    const entry = page.locator(`[data-testid="imported-layer"][data-name="${name}"]`);
    await expect.poll(() => entry.getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
    const panel = await page.locator('.imported-layers').boundingBox();
    expect(panel && [Math.round(panel.x), Math.round(panel.x + panel.width)]).toEqual([12, 378]);
    expect(await overflowAndOutside(page)).toEqual({ overflow: 0, outside: [] });
    // Zoomed to, the point lies at the map's centre; tapped, its sheet names the file in a heading that wraps, and
    // the close button beside it stays on the screen.
    await entry.getByRole('button', { name: 'Hinzoomen' }).click();
    // (the flight has ended once the link's view is beside the point and the map rests)
    await expect
      .poll(
        () => {
          const [lon = NaN, lat = NaN] = (new URL(page.url()).searchParams.get('view') ?? '')
            .split(',')
            .map(Number);
          return Math.abs(lon - 7.2) < 0.005 && Math.abs(lat - 51.27) < 0.01;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await waitForMapAtRest(page);
    const canvas = (await page.locator('.cesium-widget canvas').boundingBox()) ?? {
      x: 0,
      y: 0,
      width: 0,
      height: 0,
    };
    const sheet = page.locator('[data-testid="attribute-sheet"]');
    // Due north of the camera, the marker is on the map's vertical centre line; how high depends on the terrain
    // loaded when the flight set out, so the taps go up that line in 8 px steps (the marker is 14 px wide).
    for (let dy = 40; dy >= -160 && (await sheet.count()) === 0; dy -= 8) {
      await page.touchscreen.tap(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2 + dy);
      await page.waitForTimeout(300);
    }
    await sheet.waitFor();
    expect(await sheet.locator('.panel-header h2').textContent()).toBe(name);
    const close = await sheet.locator('.panel-header button').boundingBox();
    expect(close && close.x >= 0 && close.x + close.width <= 390).toBe(true);
    await sheet.locator('.panel-header button').click();
    await sheet.waitFor({ state: 'detached' });
    await entry.getByRole('button', { name: 'Entfernen' }).click();
    await expect.poll(() => entry.count()).toBe(0);
  });

  it.skipIf(!existsSync(FNP))(
    'keeps the layer sheet within the screen with a dropped Flächennutzungsplan, its legend in words, and a file with a long name',
    async () => {
      const { page } = record;
      await page.setViewportSize({ width: 390, height: 844 });
      // a file named without spaces, as portals name their downloads: its layer row in the group "Importiert"
      const longName = 'Breitbandausbau_Foerdergebiete_Wuppertal_Stand_2026_Quartal_3.geojson';
      const longFile = onePointGeoJson(longName, [7.21, 51.28], {});
      await page.setInputFiles('[data-testid="import-input"]', [FNP, longFile]);
      const plan = page.locator('[data-testid="imported-layer"][data-name="FNP_Test_60.zip"]');
      const file = page.locator(`[data-testid="imported-layer"][data-name="${longName}"]`);
      await expect.poll(() => plan.getAttribute('data-status'), { timeout: 60_000 }).toBe('ready');
      await expect.poll(() => file.getAttribute('data-status'), { timeout: 60_000 }).toBe('ready');
      expect(await plan.textContent()).toContain('Flächennutzungsplan · 563 Flächen');
      await showTools(page);
      await page.click('[data-testid="layer-tree-toggle"]');
      const sheet = page.locator('[data-testid="layer-sheet"]');
      await sheet.waitFor();
      // its legend names each class in words (the class itself is one long word: LP_SchutzBestimmterTeile…)
      expect(await sheet.textContent()).toContain('Schutzgebiet (Natur und Landschaft)');
      expect(await sheet.textContent()).not.toContain('LP_SchutzBestimmterTeileVonNaturUndLandschaft');
      expect(await sheet.textContent()).toContain(longName);
      // every box in the sheet, scrolled out of sight or not, ends within the screen's width
      const right = await page.evaluate(
        `Math.max(...[...document.querySelectorAll('[data-testid="layer-sheet"] *')].map((e) => e.getBoundingClientRect().right))`,
      );
      expect(right).toBeLessThanOrEqual(390.5);
      // a layer's badge ("illustrativ") is one short word: neither broken by the group's word breaking nor
      // squeezed by a long layer name beside it
      const brokenBadges =
        await page.evaluate(`[...document.querySelectorAll('[data-testid="layer-sheet"] .badge')]
        .filter((badge) => {
          const range = document.createRange();
          range.selectNodeContents(badge);
          return new Set([...range.getClientRects()].map((line) => Math.round(line.top))).size > 1;
        })
        .map((badge) => badge.parentElement.textContent.trim())`);
      expect(brokenBadges).toEqual([]);
      expect(await page.locator('[data-testid="layer-sheet"] .badge').count()).toBeGreaterThan(3);
      await page.keyboard.press('Escape');
      await sheet.waitFor({ state: 'detached' });
      await plan.getByRole('button', { name: 'Entfernen' }).click();
      await expect.poll(() => plan.count()).toBe(0);
      await file.getByRole('button', { name: 'Entfernen' }).click();
      await expect.poll(() => file.count()).toBe(0);
    },
  );
});
