/**
 * The measure tools in Debian Chromium on the production build: the demo Rathaus's height and its ridge length
 * measured by clicking real pixels, found by projecting the Rathaus's CityGML vertices (through the project's
 * reader and ECEF transform, as the tiles were made) with the camera the page reports in its `view=` URL state;
 * picks a few pixels off the roof's corners snap to the tile's own corners (ridge length and hip area to the
 * centimetre, "snapped to a point" in the live region); the keyboard path (Enter at the crosshair, Backspace, Escape); axe on the open panel.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCityGml } from '../src/core/citygml/index.ts';
import { ConversionSession } from '../src/core/convert/session.ts';
import { measureArea, measureSegment } from '../src/core/measure/geometry.ts';
import type { EcefPoint } from '../src/core/measure/geometry.ts';
import {
  eastNorthUpFrame,
  ecefDirectionToLocal,
  ecefToGeodetic,
  geodeticToEcef,
  transformPoint,
} from '../src/core/tiles/ellipsoid.ts';
import { parseCameraView } from '../src/core/view/camera-view.ts';
import type { CameraView } from '../src/core/view/camera-view.ts';
import { generateDemoCityChunks } from '../tools/demo-city/generate.ts';
import { DEMO_CENTRE_BUILDING_ID } from '../tools/demo-city/landmarks.ts';
import { axeViolations } from './axe.ts';
import {
  ARTIFACTS,
  DEMO_LOAD_TIMEOUT_MS,
  DEMO_SETTLED,
  newRecordedPage,
  startE2e,
  showTools,
} from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';

/**
 * Tolerance of a measurement with one end picked on the ground (not snapped), metres: at the chosen view one
 * drawing-buffer pixel (two CSS pixels under software rendering) spans about 17 cm, so a pick lands within about that
 * of the point aimed at; the other end is snapped to the ridge's tile corner.
 */
const PIXEL_TOLERANCE_METRES = 0.35;
/** A wide page, so the Rathaus lies clear of the measure panel at the lower right. */
const VIEWPORT = { width: 1600, height: 1000 };
const DEG = 180 / Math.PI;
/** How far the area test aims from the centre of the roof face towards each corner. */
const INWARD = 0.97;

interface Rathaus {
  measuredHeight: number;
  /** Hip-roof apexes (the ridge's ends), ECEF metres. */
  ridgeWest: EcefPoint;
  ridgeEast: EcefPoint;
  /** Corners of the west hip (a triangle: two eave corners and the ridge's west end), ECEF metres. */
  westHip: EcefPoint[];
  /** The ground 2 m outside the lowest (south-west) corner, ECEF metres, at the building's base height. */
  groundOutside: EcefPoint;
  /** A local East-North-Up frame at the south-west base corner. */
  frame: ReturnType<typeof eastNorthUpFrame>;
}

/** The Rathaus's geometry as the tiles carry it: the demo CityGML through the reader and the ECEF transform. */
async function readRathaus(): Promise<Rathaus> {
  const objects = readCityGml(generateDemoCityChunks(), { file: 'demo-city.gml', maxLod: 2 });
  for (;;) {
    const next = await objects.next();
    if (next.done) throw new Error('Rathaus not found in the demo city');
    const building = next.value;
    if (building.id !== DEMO_CENTRE_BUILDING_ID) continue;
    const transformer = new ConversionSession().transformerFor(building.srsName);
    const points = (semantic: string) =>
      building.polygons
        .filter((p) => p.semantic === semantic)
        .flatMap((p) => {
          const ecef = transformer.toEcef(p.positions);
          const out: EcefPoint[] = [];
          for (let i = 0; i < ecef.length; i += 3) out.push([ecef[i]!, ecef[i + 1]!, ecef[i + 2]!]);
          return out;
        });
    const height = (p: EcefPoint) => ecefToGeodetic(p[0], p[1], p[2]).height;
    const roof = points('roof');
    const top = Math.max(...roof.map(height));
    const apexes = roof.filter((p) => height(p) > top - 0.05);
    const base = points('ground')[0]!;
    const frame = eastNorthUpFrame(base);
    const east = (p: EcefPoint) =>
      ecefDirectionToLocal(frame, p[0] - base[0], p[1] - base[1], p[2] - base[2])[0];
    apexes.sort((a, b) => east(a) - east(b));
    const local = (p: EcefPoint) =>
      ecefDirectionToLocal(frame, p[0] - base[0], p[1] - base[1], p[2] - base[2]);
    // The west hip: the triangular roof face lying furthest west (clear of the panel at the lower right).
    const hips = building.polygons
      .filter((p) => p.semantic === 'roof' && p.positions.length === 9)
      .map((p) => {
        const ecef = transformer.toEcef(p.positions);
        return [0, 3, 6].map((i): EcefPoint => [ecef[i]!, ecef[i + 1]!, ecef[i + 2]!]);
      });
    const eastOf = (face: EcefPoint[]) => face.reduce((sum, p) => sum + local(p)[0], 0);
    const westHip = hips.reduce((best, face) => (eastOf(face) < eastOf(best) ? face : best));
    return {
      westHip,
      measuredHeight: building.attributes.measuredHeight!,
      ridgeWest: apexes[0]!,
      ridgeEast: apexes[apexes.length - 1]!,
      groundOutside: transformPoint(frame.enuToEcef, -1.5, -1.5, 0),
      frame,
    };
  }
}

/** A camera view (degrees, ellipsoidal metres) at `eye` looking at `target`, both in the frame's ENU metres. */
function viewLookingAt(
  frame: Rathaus['frame'],
  eye: [number, number, number],
  target: [number, number, number],
) {
  const eyeEcef = transformPoint(frame.enuToEcef, ...eye);
  const targetEcef = transformPoint(frame.enuToEcef, ...target);
  const at = eastNorthUpFrame(eyeEcef);
  const [e, n, u] = ecefDirectionToLocal(
    at,
    targetEcef[0] - eyeEcef[0],
    targetEcef[1] - eyeEcef[1],
    targetEcef[2] - eyeEcef[2],
  );
  const geodetic = ecefToGeodetic(...eyeEcef);
  const heading = (Math.atan2(e, n) * DEG + 360) % 360;
  const pitch = Math.atan2(u, Math.hypot(e, n)) * DEG;
  return [geodetic.longitude * DEG, geodetic.latitude * DEG, geodetic.height, heading, pitch, 0]
    .map((value, i) => value.toFixed(i < 2 ? 7 : 2))
    .join(',');
}

/**
 * Page pixel of an ECEF point seen by `view` on a canvas at `box`: Cesium's perspective camera (60° field of view
 * across the wider side), oriented by heading, pitch and roll in the East-North-Up frame at its position.
 */
function project(
  view: CameraView,
  box: { x: number; y: number; width: number; height: number },
  point: EcefPoint,
) {
  const eye = eastNorthUpFrame(geodeticToEcef(view.longitude / DEG, view.latitude / DEG, view.height));
  const h = view.heading / DEG;
  const p = view.pitch / DEG;
  const direction = [Math.sin(h) * Math.cos(p), Math.cos(h) * Math.cos(p), Math.sin(p)];
  const up = [-Math.sin(h) * Math.sin(p), -Math.cos(h) * Math.sin(p), Math.cos(p)];
  const right = [Math.cos(h), -Math.sin(h), 0];
  const eyeEcef = eye.origin;
  const v = ecefDirectionToLocal(eye, point[0] - eyeEcef[0], point[1] - eyeEcef[1], point[2] - eyeEcef[2]);
  const dot = (a: number[]) => a[0]! * v[0] + a[1]! * v[1] + a[2]! * v[2];
  const depth = dot(direction);
  const aspect = box.width / box.height;
  const tanX = aspect >= 1 ? Math.tan(Math.PI / 6) : Math.tan(Math.PI / 6) * aspect;
  const tanY = tanX / aspect;
  return {
    x: box.x + box.width / 2 + (dot(right) / depth / tanX) * (box.width / 2),
    y: box.y + box.height / 2 - (dot(up) / depth / tanY) * (box.height / 2),
  };
}

/** The camera the page has now, from the `view=` it keeps in its URL. */
function pageView(page: Page): CameraView {
  const url = new URL(page.url());
  const value = new URLSearchParams(url.hash.slice(1)).get('view') ?? url.searchParams.get('view');
  const parsed = parseCameraView(value ?? '');
  if (!('view' in parsed)) throw new Error(`no usable view= in ${page.url()}`);
  return parsed.view;
}

/** The first number of the result headline (English: "12.34 m"). */
async function headlineMetres(page: Page): Promise<number> {
  const text = (await page.locator('.measure-headline').textContent()) ?? '';
  const match = /(-?[\d,]+\.\d+)\s*m/.exec(text);
  if (!match) throw new Error(`no metres in "${text}"`);
  return Number(match[1]!.replace(/,/g, ''));
}

describe('measure tools on the demo city (production build in Debian Chromium)', () => {
  let session: E2eSession;
  let record: RecordedPage;
  let rathaus: Rathaus;
  /** Cesium's console warnings about `Scene.snap` (it needs float colour buffers), reported with the figures. */
  const snapWarnings: string[] = [];

  beforeAll(async () => {
    rathaus = await readRathaus();
    session = await startE2e();
    // Above the Rathaus from the south, looking down steeply: both ridge ends and the ground at the south-west
    // corner in view, the tower (58 m, on the south side) off the lines of sight.
    const view = viewLookingAt(rathaus.frame, [32, -17, 131], [32, 14, 15]);
    record = await newRecordedPage(session.browser, { viewport: VIEWPORT });
    record.page.on('console', (message) => {
      if (/snap/i.test(message.text())) snapWarnings.push(message.text());
    });
    await record.page.goto(`${session.baseUrl}?lang=en&view=${view}`);
    await record.page.waitForSelector(DEMO_SETTLED, { timeout: DEMO_LOAD_TIMEOUT_MS });
    expect(await record.page.getAttribute('.app', 'data-tileset-demo')).toBe('tiles-loaded');
    await record.page.waitForTimeout(3000); // the last tiles and frames at this view
  });

  afterAll(async () => {
    await session?.close();
  });

  async function canvasBox() {
    const box = await record.page.locator('.cesium-widget canvas').boundingBox();
    if (!box) throw new Error('no Cesium canvas');
    return box;
  }

  async function clickAt(point: EcefPoint, double = false) {
    const pixel = project(pageView(record.page), await canvasBox(), point);
    if (double) await record.page.mouse.dblclick(pixel.x, pixel.y);
    else await record.page.mouse.click(pixel.x, pixel.y);
    await record.page.waitForTimeout(700);
    return pixel;
  }

  it('opens the panel from the toolbar, one tool at a time, with no axe findings', async () => {
    const { page } = record;
    await showTools(page);
    await page.getByRole('button', { name: 'Measure', exact: true }).click();
    await page.locator('#measure-panel').waitFor();
    await page.locator('[data-tool="height"]').click();
    expect(await page.locator('[data-tool="height"]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('[data-tool="distance"]').getAttribute('aria-pressed')).toBe('false');
    const sizes = await page
      .locator('#measure-panel button')
      .evaluateAll((buttons) =>
        buttons.map((b) =>
          (
            b as unknown as { getBoundingClientRect(): { width: number; height: number } }
          ).getBoundingClientRect(),
        ),
      );
    for (const size of sizes) expect(Math.min(size.width, size.height)).toBeGreaterThanOrEqual(48);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('measures the Rathaus height by clicking its ridge and the ground, matching measuredHeight', async () => {
    const { page } = record;
    const top = await clickAt(rathaus.ridgeWest);
    await page.locator('[data-measure-result="yes"]').waitFor({ timeout: 20_000 });
    const result = page.locator('.measure-result');
    expect(await result.textContent()).toContain(
      `Stored height (measuredHeight): ${rathaus.measuredHeight.toFixed(2)}`,
    );
    const sampled = await headlineMetres(page);
    const topNotice = await page.locator('.measure-notice').allTextContents();
    await clickAt(rathaus.groundOutside);
    await expect
      .poll(() => result.textContent(), { timeout: 20_000 })
      .toContain('Ground at the chosen point.');
    const measured = await headlineMetres(page);
    writeFileSync(join(ARTIFACTS, 'measure-height.png'), await page.screenshot());
    console.info(
      `Rathaus height via the UI: ${measured} m (ground sampled below the ridge: ${sampled} m), ` +
        `measuredHeight ${rathaus.measuredHeight} m; Scene.snap warnings: ${snapWarnings.join(' ') || 'none'}; ridge clicked at ${top.x.toFixed(1)},${top.y.toFixed(1)} (${topNotice.join(' ') || 'not snapped'})`,
    );
    expect(topNotice).toEqual(['snapped to a point']);
    expect(Math.abs(measured - rathaus.measuredHeight)).toBeLessThan(PIXEL_TOLERANCE_METRES);
    // Kept as a layer: in the kept list and in the shareable measure value.
    await page.getByRole('button', { name: 'Keep as layer' }).click();
    await expect.poll(() => page.locator('.measure-kept li').count()).toBe(1);
    await expect.poll(() => decodeURIComponent(page.url())).toMatch(/measure=h:7\.\d+,51\.\d+,\d+\.\d+,/);
  });

  it('measures the ridge length between its two apexes, snapped to the tile corners, finished by a double click', async () => {
    const { page } = record;
    await page.locator('[data-tool="distance"]').click();
    await clickAt(rathaus.ridgeWest);
    // Snapping (on by default) moved the pick onto the tile's corner there, and the live region says so.
    await expect
      .poll(() => page.locator('.measure-notice').textContent(), { timeout: 20_000 })
      .toBe('snapped to a point');
    await clickAt(rathaus.ridgeEast, true);
    await page.locator('.measure-headline').waitFor({ timeout: 20_000 });
    expect(await page.getByRole('button', { name: 'Finish' }).isDisabled()).toBe(true);
    const measured = await headlineMetres(page);
    const expected = measureSegment(rathaus.ridgeWest, rathaus.ridgeEast).length;
    writeFileSync(join(ARTIFACTS, 'measure-distance.png'), await page.screenshot());
    console.info(`Rathaus ridge via the UI (snapped): ${measured} m, CityGML ${expected.toFixed(3)} m`);
    // The snapped ends are the tile's corners: within their 5 mm quantisation of the CityGML vertices, and the
    // result is shown to 1 cm.
    expect(Math.abs(measured - expected)).toBeLessThanOrEqual(0.015);
  });

  it('measures the west hip of the roof by its three corners: true area and horizontal projection', async () => {
    const { page } = record;
    await page.locator('[data-tool="area"]').click();
    // Aimed 3 % of the way in from each corner towards the centre (a few pixels: a pick on the silhouette itself may
    // show the street 19 m below); snapping takes the tile's corners, so the area is the whole face's, not 0.97² of it.
    const centre = [0, 1, 2].map((axis) => rathaus.westHip.reduce((sum, p) => sum + p[axis]!, 0) / 3);
    const inner = rathaus.westHip.map(
      (p): EcefPoint =>
        [0, 1, 2].map((axis) => centre[axis]! + INWARD * (p[axis]! - centre[axis]!)) as unknown as EcefPoint,
    );
    for (const corner of inner) await clickAt(corner);
    await expect.poll(() => page.locator('.measure-result').textContent()).toContain('Points: 3');
    await page.getByRole('button', { name: 'Finish' }).click();
    await page.locator('.measure-headline').waitFor({ timeout: 20_000 });
    const text = (await page.locator('.measure-headline').textContent()) ?? '';
    const match = /Area ([\d,]+\.\d+)\s*m² \(3D\), horizontal projection ([\d,]+\.\d+)\s*m²/.exec(text);
    if (!match) throw new Error(`no areas in "${text}"`);
    const [area, horizontal] = [Number(match[1]!.replace(/,/g, '')), Number(match[2]!.replace(/,/g, ''))];
    const expected = measureArea(rathaus.westHip);
    await page.waitForTimeout(1500); // the area's lines and fill are built by Cesium's workers
    writeFileSync(join(ARTIFACTS, 'measure-area.png'), await page.screenshot());
    console.info(
      `Rathaus west hip via the UI: ${area} m² (horizontal ${horizontal} m²), ` +
        `CityGML ${expected.area.toFixed(2)} m² (horizontal ${expected.horizontal.toFixed(2)} m²)`,
    );
    // Each corner the tile's, within its 5 mm quantisation of the CityGML vertex: the area within perimeter × 1 cm
    // (and the shown value's rounding); the aimed-at triangle would be 6 % smaller.
    const tolerance = expected.perimeter * 0.01;
    expect(Math.abs(area - expected.area)).toBeLessThan(tolerance);
    expect(Math.abs(horizontal - expected.horizontal)).toBeLessThan(tolerance);
  });

  it('fits a 390 px phone: the panel inside the screen, the upper map free, no axe findings', async () => {
    const phone = await newRecordedPage(session.browser, {
      viewport: { width: 390, height: 844 },
      hasTouch: true,
    });
    try {
      await phone.page.goto(`${session.baseUrl}?lang=de`);
      await showTools(phone.page);
      await phone.page.getByRole('button', { name: 'Messen', exact: true }).click();
      await phone.page.locator('[data-tool="distance"]').click();
      const box = await phone.page.locator('#measure-panel').boundingBox();
      if (!box) throw new Error('no measure panel');
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(box.y).toBeGreaterThan(844 / 2);
      writeFileSync(join(ARTIFACTS, 'measure-phone.png'), await phone.page.screenshot());
      expect(await axeViolations(phone.page)).toEqual([]);
      expect(phone.pageErrors).toEqual([]);
    } finally {
      await phone.page.close();
    }
  });

  it('places points with Enter at the crosshair, removes one with Backspace and cancels with Escape', async () => {
    const { page } = record;
    await page.locator('.cesium-widget canvas').focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('.measure-result').textContent(), { timeout: 20_000 })
      .toContain('Points: 1');
    await page.keyboard.press('ArrowLeft'); // the app's keyboard navigation moves the camera under the crosshair
    await page.waitForTimeout(1000);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('.measure-result').textContent(), { timeout: 20_000 })
      .toContain('Points: 2');
    await page.keyboard.press('Backspace');
    await expect.poll(() => page.locator('.measure-result').textContent()).toContain('Points: 1');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.measure-result').textContent()).toContain('Measuring cancelled.');
    expect(await axeViolations(page)).toEqual([]);
    expect(record.pageErrors).toEqual([]);
  });
});
