import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { imageStatistics } from './pixels.ts';
import { ARTIFACTS, foreignRequests, openDemo, startE2e, showTools } from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';

/** A capture waits up to 20 s for tiles, and software rendering draws 4K frames slowly. */
const EXPORT_TIMEOUT_MS = 120_000;

/** Width and height from a PNG's IHDR chunk (after the 8-byte signature, the chunk length and type). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('picture export of the current view (production build in Debian Chromium)', () => {
  let e2e: E2eSession;
  let record: RecordedPage;

  beforeAll(async () => {
    e2e = await startE2e();
    record = await openDemo(e2e.browser, `${e2e.baseUrl}?lang=de`);
    expect(await record.page.getAttribute('.app', 'data-tileset-demo')).toBe('tiles-loaded');
  });

  afterAll(async () => {
    await e2e?.close();
  });

  async function openDialog(page: Page): Promise<void> {
    await showTools(page);
    await page.click('[data-testid="export-picture"]');
    await page.waitForSelector('[data-testid="export-dialog"][open]');
  }

  /** Saves a PNG at the chosen size; returns its bytes and file name. */
  async function exportPng(page: Page, size: string): Promise<{ bytes: Buffer; name: string }> {
    await page.check(`[data-testid="export-size-${size}"]`);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: EXPORT_TIMEOUT_MS }),
      page.click('[data-testid="export-save"]'),
    ]);
    const path = await download.path();
    return { bytes: readFileSync(path), name: download.suggestedFilename() };
  }

  it('offers the export in an accessible dialog', async () => {
    const { page } = record;
    await openDialog(page);
    const dialog = page.locator('[data-testid="export-dialog"]');
    expect(await dialog.getByRole('heading').textContent()).toBe('Bild exportieren');
    expect(await dialog.textContent()).toContain('1920 × 1080');
    expect(await dialog.textContent()).toContain('Aktuelles Fenster (1280 × ');
    // Touch targets: the buttons and each size's whole row.
    for (const target of [
      dialog.getByTestId('export-save'),
      dialog.getByTestId('export-print'),
      dialog.locator('label.export-size').first(),
    ]) {
      expect((await target.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(48);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'export-dialog.png') });
    expect(await axeViolations(page)).toEqual([]);
    // Escape closes it, and the focus returns to the toolbar button; at 1280 px that button is folded into the
    // closed header menu, so the menu button takes it. It opens again for the next tests.
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid="export-dialog"][open]').count()).toBe(0);
    // The dialog's close event is an ordinary task: on a busy page (tiles still loading, software frames) it can
    // wait behind frames longer than expect.poll's default second, while evaluate is answered before it.
    await expect
      .poll(() => page.evaluate(`document.activeElement?.className`), { timeout: 15_000 })
      .toContain('menu-button');
  });

  it('saves the view as a 1920×1080 PNG that shows the city, and gives the map back its size', async () => {
    const { page } = record;
    const canvasBefore = await page.evaluate(`(() => {
      const canvas = document.querySelector('.cesium-widget canvas');
      return [canvas.width, canvas.height];
    })()`);
    await openDialog(page);
    const { bytes, name } = await exportPng(page, 'full-hd');
    writeFileSync(join(ARTIFACTS, 'export-1920x1080.png'), bytes);
    expect(pngSize(bytes)).toEqual({ width: 1920, height: 1080 });
    expect(name).toMatch(/^wuppertal-barmen-demo-\d{4}-\d\d-\d\d-1920x1080\.png$/);
    const statistics = await imageStatistics(page, `data:image/png;base64,${bytes.toString('base64')}`);
    expect(statistics.variance).toBeGreaterThan(100);
    expect(statistics.colours).toBeGreaterThan(500);
    expect(await page.textContent('[data-testid="export-status"]')).toContain(`Gespeichert: ${name}`);
    // The map is drawn at its own size again.
    const canvasAfter = await page.evaluate(`(() => {
      const canvas = document.querySelector('.cesium-widget canvas');
      return [canvas.width, canvas.height, canvas.style.width, canvas.style.transform];
    })()`);
    expect(canvasAfter).toEqual([...(canvasBefore as number[]), '', '']);
  });

  it('saves a 3840×2160 PNG', async () => {
    const { page } = record;
    const { bytes } = await exportPng(page, 'uhd');
    expect(pngSize(bytes)).toEqual({ width: 3840, height: 2160 });
    const statistics = await imageStatistics(page, `data:image/png;base64,${bytes.toString('base64')}`);
    expect(statistics.variance).toBeGreaterThan(100);
    expect(statistics.colours).toBeGreaterThan(500);
  });

  it('prepares an A4 landscape print page with title, date, picture and sources', async () => {
    const { page } = record;
    // Record print() instead of opening the print dialog.
    await page.evaluate('window.__printed = 0; window.print = () => { window.__printed += 1; };');
    await page.click('[data-testid="export-print"]');
    await page.waitForFunction(
      () => (globalThis as unknown as { __printed?: number }).__printed === 1,
      undefined,
      {
        timeout: EXPORT_TIMEOUT_MS,
      },
    );
    // The dialog closed for the print; the sheet shows only in print.
    expect(await page.locator('[data-testid="export-dialog"][open]').count()).toBe(0);
    const sheet = page.locator('[data-testid="print-sheet"]');
    expect(await sheet.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await sheet.isVisible()).toBe(true);
    expect(await page.locator('.app').isVisible()).toBe(false);
    expect(await sheet.locator('h1').textContent()).toBe('Stadtmodell · Wuppertal-Barmen (Demo)');
    expect(await sheet.locator('.print-date').textContent()).toMatch(/\d{4}/);
    expect(await sheet.locator('.print-sources').textContent()).toContain('Natural Earth');
    expect(
      await sheet.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(1920);
    await page.screenshot({ path: join(ARTIFACTS, 'export-print.png') });
    // Chromium's PDF of the page: one A4 landscape sheet (842 × 595 points).
    const pdf = await page.pdf({ preferCSSPageSize: true });
    writeFileSync(join(ARTIFACTS, 'export-print.pdf'), pdf);
    const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)];
    expect(boxes.map(([, w, h]) => [Math.round(Number(w)), Math.round(Number(h))])).toEqual([[842, 595]]);
    await page.emulateMedia({ media: 'screen' });
  });

  it('refuses a size the graphics cannot draw with a message naming the limit; the map stays as it was', async () => {
    const { page } = record;
    // A window of 10 device pixels per CSS pixel: "current window" is then far beyond WebGL's largest side.
    await page.evaluate(
      "Object.defineProperty(window, 'devicePixelRatio', { configurable: true, get: () => 10 })",
    );
    await openDialog(page);
    await page.check('[data-testid="export-size-window"]');
    await page.click('[data-testid="export-save"]');
    const error = await page.waitForSelector('[data-testid="export-error"]');
    expect(await error.textContent()).toMatch(
      /^Diese Größe kann dieser Browser nicht zeichnen \(höchstens \d+ Pixel je Seite .*kleinere Größe wählen\.$/,
    );
    expect(await page.evaluate("document.querySelector('.cesium-widget canvas').style.transform")).toBe('');
    await page.evaluate('delete window.devicePixelRatio');
    await page.keyboard.press('Escape');
  });

  it('fits a 390 px phone: the button is in the header menu with its name, the dialog fits', async () => {
    const { page } = record;
    await page.setViewportSize({ width: 390, height: 844 });
    await showTools(page);
    const button = page.getByRole('button', { name: 'Bild exportieren' });
    expect(await button.count()).toBe(1);
    const box = await button.boundingBox();
    expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 999) <= 390).toBe(true);
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
    await openDialog(page);
    const dialog = await page.locator('[data-testid="export-dialog"]').boundingBox();
    expect(dialog?.x ?? -1).toBeGreaterThanOrEqual(0);
    expect((dialog?.x ?? 0) + (dialog?.width ?? 1000)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS, 'export-dialog-phone.png') });
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('requested nothing but localhost and threw no page errors', () => {
    expect(foreignRequests(record.requests)).toEqual([]);
    expect(record.pageErrors).toEqual([]);
  });
});
