import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITIES, DEFAULT_CITY_ID } from '../src/app/config/cities.ts';
import { solarPosition } from '../src/core/sun/solar-position.ts';
import { parseCameraView } from '../src/core/view/camera-view.ts';
import type { CameraView } from '../src/core/view/camera-view.ts';
import { DEMO_CENTRE_BUILDING_ID } from '../tools/demo-city/landmarks.ts';
import { axeViolations } from './axe.ts';
import { ARTIFACTS, foreignRequests, newRecordedPage, showTools, startE2e } from './browser.ts';
import type { E2eSession } from './browser.ts';
import { changedShare, countBuildingPixels } from './pixels.ts';
import { startStaticServer } from './static-server.ts';

/** The demo city's home view as the main viewer shares it (Rathaus Barmen at the centre). */
const VIEW = '7.2037732,51.2949588,663.47,200,-32,0';
/** Software rendering: the first tiles take seconds. */
const DRAWN_TIMEOUT_MS = 60_000;
const DRAWN = '#embed-map[data-tiles-state="drawn"]';
/** A courtyard of the demo city seen from the north, close: flat ground between the blocks. */
const COURTYARD_VIEW = '7.2037732,51.2929588,250,180,-35,0';
/** Two equal patches of that courtyard's flat ground (page pixels): the west one and the east one. */
const WEST_GROUND = { x: 440, y: 340, width: 180, height: 100 };
const EAST_GROUND = { x: 1060, y: 340, width: 180, height: 100 };
/** The demo city's home view target, where the embed (as the main viewer) puts the sun. */
const SUN_PLACE = (() => {
  const city = CITIES.find((candidate) => candidate.id === DEFAULT_CITY_ID);
  if (!city) throw new Error('no default city');
  return city.homeView.target;
})();

interface MarkerAt {
  id: string;
  name: string;
  at?: { x: number; y: number };
}

/** The sun's elevation the embed reports, and NOAA's (core/sun) for `time` over the city. */
async function sunElevations(page: Page, time: string): Promise<[number, number]> {
  const shown = Number(await page.getAttribute('#embed-map', 'data-sun-elevation'));
  const { elevation } = solarPosition(Date.parse(time), SUN_PLACE.longitude, SUN_PLACE.latitude);
  return [shown, elevation];
}

function viewOf(value: string): CameraView {
  const parsed = parseCameraView(value);
  if (!('view' in parsed)) throw new Error(`not a view: ${value}`);
  return parsed.view;
}

/** The view= of the embed's "open in the full viewer" link. */
async function linkedView(page: Page): Promise<CameraView> {
  const href = await page.getAttribute('#embed-open-full', 'href');
  return viewOf(new URL(href ?? '').searchParams.get('view') ?? '');
}

describe('embed viewer (three.js + 3d-tiles-renderer) on the demo tiles', () => {
  let session: E2eSession;
  let host: Server;
  let hostUrl: string;
  let forbidden: Server;
  let forbiddenUrl: string;
  const forbiddenHits: string[] = [];
  let hostRoot: string;

  beforeAll(async () => {
    session = await startE2e();
    // A school's page on another origin (another port) that embeds the viewer in an iframe.
    hostRoot = mkdtempSync(join(tmpdir(), 'embed-host-'));
    writeFileSync(
      join(hostRoot, 'index.html'),
      `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Schule</title></head><body><main>` +
        `<h1>Unser Schulgebäude</h1><iframe id="frame" src="${session.baseUrl}embed.html?view=${VIEW}" ` +
        `width="800" height="500" title="3D-Stadtmodell"></iframe></main></body></html>`,
    );
    ({ server: host, url: hostUrl } = await startStaticServer(hostRoot, { headers: false }));
    // An origin the city does not allow: records every request that reaches it.
    forbidden = createServer((request, response) => {
      forbiddenHits.push(request.url ?? '');
      response.writeHead(404).end();
    });
    await new Promise<void>((done) => forbidden.listen(0, '127.0.0.1', done));
    const address = forbidden.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    forbiddenUrl = `http://127.0.0.1:${address.port}/`;
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    host?.close();
    forbidden?.close();
    if (hostRoot) rmSync(hostRoot, { recursive: true, force: true });
    await session?.close();
  });

  it('draws buildings from view=, shows a clicked building’s gml:id as text, is axe clean, stays local', async () => {
    const record = await newRecordedPage(session.browser);
    const { page } = record;
    await page.goto(`${session.baseUrl}embed.html?view=${VIEW}&lang=en&layers=schools:1`);
    await page.waitForSelector(DRAWN, { timeout: DRAWN_TIMEOUT_MS });
    // "drawn" is the first frame with tiles; on a loaded machine more tiles arrive after it (CI once counted 3.6 %).
    let picture: Buffer = Buffer.alloc(0);
    await expect
      .poll(
        async () => {
          picture = await page.screenshot({ mask: [page.locator('.embed-footer')], maskColor: '#000000' });
          return countBuildingPixels(page, picture);
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBeGreaterThan(0.05);
    writeFileSync(join(ARTIFACTS, 'embed-view.png'), picture);
    // The map ends where the footer begins, so nothing of it (its focus ring included) lies under the footer.
    const [mapBox, footerBox] = await Promise.all(
      ['#embed-map', '.embed-footer'].map((selector) => page.locator(selector).boundingBox()),
    );
    expect(Math.abs((mapBox?.y ?? 0) + (mapBox?.height ?? 0) - (footerBox?.y ?? -99))).toBeLessThan(1);
    await page.mouse.click(
      (mapBox?.x ?? 0) + (mapBox?.width ?? 0) / 2,
      (mapBox?.y ?? 0) + (mapBox?.height ?? 0) / 2,
    );
    const idCell = page.locator('#embed-attributes td[data-attribute="gml_id"]');
    await expect.poll(() => idCell.textContent()).toBe(DEMO_CENTRE_BUILDING_ID);
    expect(await page.textContent('#embed-attributes')).toContain('Identifier (gml:id)');
    expect(Number(await page.getAttribute('#embed-map', 'data-highlight-triangles'))).toBeGreaterThan(0);
    await expect
      .poll(async () =>
        new URL((await page.getAttribute('#embed-open-full', 'href')) ?? '').searchParams.get('selected'),
      )
      .toBe(DEMO_CENTRE_BUILDING_ID);
    // The camera stands where view= put it: the full-viewer link carries the camera's own pose once it was used.
    const shown = await linkedView(page);
    const given = viewOf(VIEW);
    expect(shown.longitude).toBeCloseTo(given.longitude, 6);
    expect(shown.latitude).toBeCloseTo(given.latitude, 6);
    expect(shown.height).toBeCloseTo(given.height, 1);
    expect(shown.heading).toBeCloseTo(given.heading, 1);
    expect(shown.pitch).toBeCloseTo(given.pitch, 1);
    writeFileSync(join(ARTIFACTS, 'embed-picked.png'), await page.screenshot());
    // Keyboard alone: '+' zooms in along the view, Home returns to the start view.
    await page.focus('#embed-map');
    await page.keyboard.press('+');
    await expect.poll(async () => (await linkedView(page)).height).toBeLessThan(given.height - 10);
    await page.keyboard.press('Home');
    await expect.poll(async () => (await linkedView(page)).height).toBeCloseTo(given.height, 1);
    // By touch or mouse: the start-view button (48 px, named) does what Home does.
    await page.keyboard.press('+');
    await expect.poll(async () => (await linkedView(page)).height).toBeLessThan(given.height - 10);
    const homeButton = page.getByRole('button', { name: 'Back to the start view' });
    const homeBox = await homeButton.boundingBox();
    expect(Math.min(homeBox?.width ?? 0, homeBox?.height ?? 0)).toBeGreaterThanOrEqual(48);
    await homeButton.click();
    await expect.poll(async () => (await linkedView(page)).height).toBeCloseTo(given.height, 1);
    await page.focus('#embed-map');
    // Escape closes the building's attributes; Enter shows those of the building at the centre.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.isHidden('#embed-attributes')).toBe(true);
    expect(await page.evaluate('document.activeElement?.id')).toBe('embed-map');
    await page.keyboard.press('Enter');
    await expect.poll(() => idCell.textContent()).toMatch(/^DEMO_BLDG_/);
    // Shift+← turns by 10° around the ground point at the centre: the camera moves on its orbit, same height.
    await page.keyboard.press('Shift+ArrowLeft');
    await expect
      .poll(async () => (await linkedView(page)).heading)
      .toBeCloseTo((given.heading + 350) % 360, 1);
    const turned = await linkedView(page);
    expect(turned.height).toBeCloseTo(given.height, 0);
    expect(turned.pitch).toBeCloseTo(given.pitch, 1);
    expect(
      Math.abs(turned.longitude - given.longitude) + Math.abs(turned.latitude - given.latitude),
    ).toBeGreaterThan(1e-4);
    await page.keyboard.press('Home');
    await expect.poll(async () => (await linkedView(page)).heading).toBeCloseTo(given.heading, 1);
    // layers=schools:1: the city's school markers, drawn where the points are; a tap on one shows its name.
    await expect.poll(() => page.getAttribute('#embed-map', 'data-markers')).toBe('5');
    const markers = (await page.evaluate('globalThis.__embedMarkers()')) as MarkerAt[];
    const gymnasium = markers.find((marker) => marker.name === 'Gymnasium Sedanstraße');
    expect(gymnasium?.at).toBeDefined();
    writeFileSync(join(ARTIFACTS, 'embed-schools.png'), await page.screenshot());
    await page.mouse.click(gymnasium?.at?.x ?? 0, gymnasium?.at?.y ?? 0);
    const nameCell = page.locator('#embed-attributes td[data-attribute="name"]');
    await expect.poll(() => nameCell.textContent()).toBe('Gymnasium Sedanstraße');
    expect(await page.textContent('#embed-attributes h2')).toBe('Schools');
    expect(await page.getAttribute('#embed-map', 'data-selected-feature')).toBe(gymnasium?.id);
    expect(await page.textContent('#embed-announcer')).toBe('Gymnasium Sedanstraße selected.');
    // The keyboard's way: the list of the layer's markers, each a 48 px button.
    await page.focus('#embed-layers summary');
    await page.keyboard.press('Enter');
    const kluserpfad = page.locator('.embed-feature-button', { hasText: 'Grundschule Kluserpfad' });
    expect((await kluserpfad.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(48);
    await kluserpfad.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => nameCell.textContent()).toBe('Grundschule Kluserpfad');
    expect(await kluserpfad.getAttribute('aria-pressed')).toBe('true');
    // In a Windows contrast theme (forced colours) the legend keeps its colour keys and the chosen marker's button
    // is drawn unlike the others.
    await page.emulateMedia({ forcedColors: 'active' });
    const fillsOf = (selector: string): Promise<string[]> =>
      page.evaluate(
        `[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => getComputedStyle(e).backgroundColor)`,
      );
    const swatches = new Set(await fillsOf('.embed-swatch'));
    expect(swatches.size).toBeGreaterThan(1);
    const [pressedFill] = await fillsOf('.embed-feature-button[aria-pressed="true"]');
    const otherFills = await fillsOf('.embed-feature-button[aria-pressed="false"]');
    expect(otherFills.length).toBeGreaterThan(0);
    for (const other of otherFills) expect(other).not.toBe(pressedFill);
    await page.emulateMedia({ forcedColors: 'none' });
    expect(
      new URL((await page.getAttribute('#embed-open-full', 'href')) ?? '').searchParams.get('layers'),
    ).toBe('schools:1');
    // No time=: the main viewer's default scene time (21 June, 12:00 UTC) lights the city, with shadows.
    const [noonShown, noonNoaa] = await sunElevations(page, '2026-06-21T12:00:00Z');
    expect(noonShown).toBeCloseTo(noonNoaa, 1);
    expect(await page.getAttribute('#embed-map', 'data-shadows')).toBe('on');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await axeViolations(page)).toEqual([]);
    expect(foreignRequests(record.requests)).toEqual([]);
    expect(record.pageErrors).toEqual([]);
    await page.close();
  });

  it('lights the city at time= as the main viewer does: the sun where NOAA puts it, shadows on the ground', async () => {
    const record = await newRecordedPage(session.browser);
    const { page } = record;
    const pictures: Buffer[] = [];
    const shadowed: number[] = [];
    for (const time of ['2026-06-21T12:00:00Z', '2026-06-21T18:00:00+02:00']) {
      await page.goto(`${session.baseUrl}embed.html?view=${COURTYARD_VIEW}&time=${encodeURIComponent(time)}`);
      await page.waitForSelector(DRAWN, { timeout: DRAWN_TIMEOUT_MS });
      await page.waitForTimeout(1500);
      const [shown, noaa] = await sunElevations(page, time);
      expect(shown).toBeCloseTo(noaa, 1);
      expect(await page.getAttribute('#embed-map', 'data-shadows')).toBe('on');
      pictures.push(await page.screenshot());
      // Two patches of the same flat ground differ only where a building's shadow falls on one of them.
      shadowed.push(
        await changedShare(
          page,
          await page.screenshot({ clip: WEST_GROUND }),
          await page.screenshot({ clip: EAST_GROUND }),
        ),
      );
    }
    writeFileSync(join(ARTIFACTS, 'embed-time-noon.png'), pictures[0] ?? Buffer.alloc(0));
    writeFileSync(join(ARTIFACTS, 'embed-time-evening.png'), pictures[1] ?? Buffer.alloc(0));
    // Noon: the courtyard's ground is lit alike; the evening sun in the west shades its east side.
    expect(shadowed[0]).toBeLessThan(0.2);
    expect(shadowed[1]).toBeGreaterThan(0.8);
    expect(
      await changedShare(page, pictures[0] ?? Buffer.alloc(0), pictures[1] ?? Buffer.alloc(0)),
    ).toBeGreaterThan(0.1);
    expect(record.pageErrors).toEqual([]);
    await page.close();
  });

  it('refuses a tileset from an origin the city does not allow, with a message, and requests nothing there', async () => {
    const record = await newRecordedPage(session.browser);
    const { page } = record;
    const refused = `${forbiddenUrl}tiles/tileset.json`;
    await page.goto(`${session.baseUrl}embed.html?tileset=${encodeURIComponent(refused)}&select=B1`);
    const message = page.locator('#embed-messages [data-message="refused"]');
    await message.waitFor();
    expect(await message.textContent()).toContain(forbiddenUrl.replace(/\/$/, ''));
    expect(await page.getAttribute('#embed-map', 'data-tiles-state')).toBe('none');
    expect(record.requests.filter((url) => url.startsWith(forbiddenUrl))).toEqual([]);
    expect(forbiddenHits).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    expect(record.pageErrors).toEqual([]);
    await page.close();
  });

  it('draws inside an iframe of a page on another origin', async () => {
    const record = await newRecordedPage(session.browser);
    const { page } = record;
    await page.goto(hostUrl);
    const frame = page.frameLocator('#frame');
    await frame.locator(DRAWN).waitFor({ timeout: DRAWN_TIMEOUT_MS });
    let picture: Buffer = Buffer.alloc(0);
    await expect
      .poll(
        async () => {
          picture = await page.locator('#frame').screenshot();
          return countBuildingPixels(page, picture);
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBeGreaterThan(0.03);
    writeFileSync(join(ARTIFACTS, 'embed-iframe.png'), picture);
    expect(record.pageErrors).toEqual([]);
    await page.close();
  });

  it('the main viewer’s Embed button gives a copyable snippet that opens the same view and selection', async () => {
    const record = await newRecordedPage(session.browser);
    const { page } = record;
    // A shared scene time travels into the snippet (the embed's sun and shadows follow it).
    const time = '2026-12-21T10:00:00+01:00';
    await page.goto(
      `${session.baseUrl}?view=${VIEW}&selected=${DEMO_CENTRE_BUILDING_ID}&time=${encodeURIComponent(time)}`,
    );
    await showTools(page);
    await page.click('[data-testid="embed-toggle"]');
    const code = page.locator('[data-testid="embed-code"]');
    await code.waitFor();
    await page.fill('[data-testid="embed-width"]', '720');
    await page.fill('[data-testid="embed-title"]', 'Rathaus <Barmen>');
    await expect.poll(() => code.inputValue()).toContain('width="720"');
    const snippet = await code.inputValue();
    expect(snippet).toContain('title="Rathaus &lt;Barmen&gt;"');
    expect(snippet).toMatch(/^<iframe src="[^"]*embed\.html\?[^"]*view=/);
    expect(await axeViolations(page)).toEqual([]);
    const buttonBox = await page.locator('[data-testid="embed-copy"]').boundingBox();
    expect(buttonBox?.height ?? 0).toBeGreaterThanOrEqual(48);
    const src = /src="([^"]+)"/.exec(snippet)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const params = new URL(src).searchParams;
    const snippetView = viewOf(params.get('view') ?? '');
    expect(snippetView.longitude).toBeCloseTo(viewOf(VIEW).longitude, 6);
    expect(snippetView.heading).toBeCloseTo(viewOf(VIEW).heading, 1);
    expect(params.get('select')).toBe(DEMO_CENTRE_BUILDING_ID);
    expect(params.get('time')).toBe(time);
    await page.close();

    const embed = await newRecordedPage(session.browser);
    await embed.page.goto(src);
    await embed.page.waitForSelector(DRAWN, { timeout: DRAWN_TIMEOUT_MS });
    await expect
      .poll(() => embed.page.getAttribute('#embed-map', 'data-selected'), { timeout: DRAWN_TIMEOUT_MS })
      .toBe(DEMO_CENTRE_BUILDING_ID);
    const shown = await linkedView(embed.page);
    const given = viewOf(VIEW);
    expect(shown.longitude).toBeCloseTo(given.longitude, 6);
    expect(shown.heading).toBeCloseTo(given.heading, 1);
    const [sunShown, sunNoaa] = await sunElevations(embed.page, time);
    expect(sunShown).toBeCloseTo(sunNoaa, 1);
    writeFileSync(join(ARTIFACTS, 'embed-from-snippet.png'), await embed.page.screenshot());
    expect(embed.pageErrors).toEqual([]);
    expect(record.pageErrors).toEqual([]);
    await embed.page.close();
  });
});
