/**
 * Terrain in the viewer (production build in Debian Chromium): a real quantized-mesh tileset from elsewhere (AHN
 * around Maastricht, levels 0–15, octvertexnormals), served on the build's origin from the shared data without a
 * copy, is streamed by Cesium's CesiumTerrainProvider: the globe's height at Vrijthof, sampled on the most detailed
 * tile and on the tiles drawn, agrees with this test's own decoding of the tile; a terrain that is missing leaves
 * the ellipsoid and the buildings with a polite notice; axe finds nothing; no request leaves the machine. A DGM
 * GeoTIFF dropped on the page (the official NRW DGM1 tile, read from the shared data at test time) becomes the
 * globe's terrain through the terrain worker: its height at a point is GDAL's plus the buildings' EGM96; the same tile
 * cut in two by GDAL and dropped as two files replaces it as one terrain of the whole tile's size. The demo
 * city opens on its own terrain (no link parameter): its buildings meet the ground, and the layer list's switch
 * turns it off (`terrain=none` in the link) and on.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import {
  ARTIFACTS,
  DEMO_LOAD_TIMEOUT_MS,
  DEMO_SETTLED,
  foreignRequests,
  hideTools,
  newRecordedPage,
  showTools,
  startE2e,
} from './browser.ts';
import type { E2eSession } from './browser.ts';
import { colourSpot, countBuildingPixels, waitForMapAtRest } from './pixels.ts';
import type { BrowserImages } from './pixels.ts';
import { sampleTileset } from './quantized-mesh.ts';
import { readCityGml } from '../src/core/citygml/index.ts';
import { ConversionSession } from '../src/core/convert/session.ts';
import { ecefToGeodetic } from '../src/core/tiles/ellipsoid.ts';
import { builtinEgm96 } from '../src/core/crs/geoid.ts';
import { generateDemoCityChunks } from '../tools/demo-city/generate.ts';
import { DEMO_CENTRE_BUILDING_ID } from '../tools/demo-city/landmarks.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const MAASTRICHT = join(ROOT, '..', 'shared', 'data', 'terrain', 'quantized-mesh-maastricht');
const haveMaastricht = existsSync(join(MAASTRICHT, 'layer.json'));
const DEMO_TERRAIN_DIR = join(ROOT, 'public', 'terrain', 'demo');
const DEMO_TERRAIN = join(DEMO_TERRAIN_DIR, 'layer.json');
const haveDemoTerrain = existsSync(DEMO_TERRAIN);
if (!haveDemoTerrain)
  console.warn(`terrain e2e: ${DEMO_TERRAIN} missing (npm run demo:tiles), the demo terrain test is skipped`);
if (!haveMaastricht)
  console.warn(`terrain e2e: ${MAASTRICHT} missing, the Maastricht terrain test is skipped`);

const DGM = join(ROOT, '..', 'shared', 'data', 'terrain', 'nrw-dgm1', 'dgm1_32_280_5652_1_nw_2022.tif');
const haveDgm = existsSync(DGM) && spawnSync('gdallocationinfo', ['--version']).status === 0;
if (!haveDgm) console.warn(`terrain e2e: ${DGM} or gdal-bin missing, the dropped DGM test is skipped`);
/** A point inside the NRW DGM1 tile (degrees), and its EPSG:25832 position by PROJ. */
const DGM_POINT = [5.872, 50.983] as const;

/** The DGM's height (metres, DHHN2016) at DGM_POINT: bilinear between the pixel centres GDAL reads around it. */
function dgmHeight(): number {
  const [e = 0, n = 0] = execFileSync('gdaltransform', ['-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:25832'], {
    input: DGM_POINT.join(' '),
  })
    .toString()
    .trim()
    .split(/\s+/)
    .map(Number);
  const column = e - 280000 - 0.5;
  const row = 5653000 - n - 0.5;
  const [c0, r0] = [Math.floor(column), Math.floor(row)];
  const corners = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ].map(([dc = 0, dr = 0]) => `${c0 + dc + 0.5} ${r0 + dr + 0.5}`);
  const [v00 = 0, v10 = 0, v01 = 0, v11 = 0] = execFileSync('gdallocationinfo', ['-valonly', DGM], {
    input: corners.join('\n'),
  })
    .toString()
    .trim()
    .split('\n')
    .map(Number);
  const [fx, fy] = [column - c0, row - r0];
  return (v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy;
}

/** A point on the Maas valley floor in Maastricht (degrees): the probed point. */
const VALLEY = [5.698, 50.834] as const;
/** 800 m up over Maastricht's centre, looking south-south-west over the valley to Sint-Pietersberg and its quarry. */
const MAASTRICHT_VIEW = '5.7000,50.8400,800,208,-22,0';
const PROBE_MARK = 'stadtmodell:terrain-probe';
const DEG = 180 / Math.PI;
/** A small page: fewer terrain tiles and faster frames under software rendering. */
const SMALL = { width: 800, height: 500 };

interface Probe {
  sampled: number | null;
  drawn: number | null;
  terrain: boolean;
  error?: string;
}

/**
 * The page's terrain probe (`?terrainProbe=`), once its mark is set (polled: the CSP forbids waitForFunction's
 * eval); with `after`, once more than that many marks are set (the probe marks again for each new terrain).
 */
async function probeOf(page: Page, after = 0): Promise<Probe> {
  const read = `(() => { const m = performance.getEntriesByName('${PROBE_MARK}'); return m.length > ${after} ? m[m.length - 1].detail : null; })()`;
  let probe: Probe | null = null;
  await expect
    .poll(async () => (probe = (await page.evaluate(read)) as Probe | null), {
      timeout: 60_000,
      interval: 250,
    })
    .not.toBeNull();
  return probe as unknown as Probe;
}

/** The map alone (header and status masked), once the demo's tiles and the globe have loaded. */
async function mapPicture(page: Page): Promise<Buffer> {
  return page.screenshot({
    mask: [page.locator('.app-header'), page.locator('.status'), page.locator('.cesium-viewer-bottom')],
    maskColor: '#ff00ff', // not black: black is the sky the pictures are checked for
  });
}

/** The demo terrain's credit (its city config's attribution). */
const DEMO_TERRAIN_CREDIT = 'Demo-Gelände: generiert, illustrativ';

/**
 * Where the dropped DGM lies in the picture after the drop's flight to it (from the south at 35° down, 2.5 bounding
 * radii away, on the SMALL page): a box about the 1 km tile's middle, page pixels (the import list may cover a
 * part of it; `reliefShading` leaves out pixels that are alike in both pictures).
 */
const DGM_BOX = { left: 200, top: 150, right: 600, bottom: 380 };

/**
 * The map at `hour` (the sun panel's preset on the page's date), shadow maps off, the panel closed again; the
 * credit line and header masked.
 */
async function litPicture(page: Page, hour: string): Promise<Buffer> {
  await showTools(page);
  await page.click('[data-testid="sun-toggle"]');
  const panel = page.locator('[data-testid="sun-panel"]');
  await panel.locator(`[data-sun-hour="${hour}"]`).click();
  // Choosing a time switches shadows on; off, the pictures differ by the light alone (and frames stay cheap).
  await panel.locator('[data-testid="sun-shadows"]').setChecked(false);
  await panel.locator('.panel-header .icon-button').click();
  await expect.poll(() => panel.isVisible()).toBe(false);
  await hideTools(page);
  // Render on demand: give the changed light a few software-rendered frames.
  await page.waitForTimeout(2000);
  await waitForMapAtRest(page);
  return mapPicture(page);
}

/**
 * Per pixel of `box`, the ratio of its brightness in picture `a` to that in `b` (decoded by the browser); the
 * shares of pixels more than 6 % above and below the plane fitted to the ratios (`atCorner`: the plane's ratio at
 * the box's top left corner), and the share of the box that is ground (not alike in both). Light that changes
 * alike everywhere, or smoothly across the picture (one normal for the whole area, the atmosphere), leaves both
 * shares near 0.
 */
async function reliefShading(
  page: Page,
  a: Buffer,
  b: Buffer,
  box: { left: number; top: number; right: number; bottom: number },
): Promise<{ brighter: number; darker: number; atCorner: number; ground: number }> {
  return page.evaluate(
    async ([images, area]) => {
      const browser = globalThis as unknown as BrowserImages;
      const [first, second] = await Promise.all(
        images.map(async (base64) => {
          const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
          const bitmap = await browser.createImageBitmap(blob);
          const canvas = new browser.OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext('2d');
          if (!context) throw new Error('reliefShading: no 2d context');
          context.drawImage(bitmap, 0, 0);
          const { left, top, right, bottom } = area;
          return context.getImageData(left, top, right - left, bottom - top).data;
        }),
      );
      if (!first || !second) throw new Error('reliefShading: two pictures needed');
      const width = area.right - area.left;
      const luminance = (d: Uint8ClampedArray, i: number) =>
        0.299 * (d[i] ?? 0) + 0.587 * (d[i + 1] ?? 0) + 0.114 * (d[i + 2] ?? 0);
      // Log brightness ratio per pixel, and the plane a + b·x + c·y fitted to it (least squares): light that
      // changes smoothly across the picture (one normal, the atmosphere's gradient) is the plane; relief shading
      // is what stands off it.
      const ratios: number[] = [];
      const sums = [0, 0, 0, 0, 0, 0, 0, 0, 0]; // n, x, y, xx, xy, yy, r, xr, yr
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = 0; i < first.length; i += 4) {
        // A pixel alike in both pictures is no ground under the sun: a panel, a mask, a label.
        if (first[i] === second[i] && first[i + 1] === second[i + 1] && first[i + 2] === second[i + 2])
          continue;
        const r = Math.log((luminance(first, i) + 1) / (luminance(second, i) + 1));
        const x = (i / 4) % width;
        const y = Math.floor(i / 4 / width);
        ratios.push(r);
        xs.push(x);
        ys.push(y);
        for (const [k, value] of [1, x, y, x * x, x * y, y * y, r, x * r, y * r].entries())
          sums[k] = (sums[k] ?? 0) + value;
      }
      const [n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0, sr = 0, sxr = 0, syr = 0] = sums;
      // Normal equations solved by Cramer's rule.
      const det3 = (m: number[]) =>
        m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) -
        m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) +
        m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
      const d = det3([n, sx, sy, sx, sxx, sxy, sy, sxy, syy]);
      const a = det3([sr, sx, sy, sxr, sxx, sxy, syr, sxy, syy]) / d;
      const b = det3([n, sr, sy, sx, sxr, sxy, sy, syr, syy]) / d;
      const c = det3([n, sx, sr, sx, sxx, sxr, sy, sxy, syr]) / d;
      let brighter = 0;
      let darker = 0;
      for (const [k, r] of ratios.entries()) {
        const off = r - (a + b * xs[k]! + c * ys[k]!);
        if (off > Math.log(1.06)) brighter += 1;
        else if (off < -Math.log(1.06)) darker += 1;
      }
      return {
        brighter: brighter / n,
        darker: darker / n,
        atCorner: Math.exp(a),
        ground: n / (first.length / 4),
      };
    },
    [[a.toString('base64'), b.toString('base64')], box] as const,
  );
}

/**
 * The demo Rathaus's ground corners (degrees) with the floor's height and the demo terrain's height there
 * (ellipsoidal metres; the terrain decoded by this test from public/terrain/demo), as the tiles carry them.
 */
async function rathausCorners(): Promise<
  { longitude: number; latitude: number; floor: number; terrain: number }[]
> {
  const objects = readCityGml(generateDemoCityChunks(), { file: 'demo-city.gml', maxLod: 2 });
  for (;;) {
    const next = await objects.next();
    if (next.done) throw new Error('Rathaus not found in the demo city');
    const building = next.value;
    if (building.id !== DEMO_CENTRE_BUILDING_ID) continue;
    const transformer = new ConversionSession().transformerFor(building.srsName);
    return building.polygons
      .filter((p) => p.semantic === 'ground')
      .flatMap((p) => {
        const ecef = transformer.toEcef(p.positions);
        const out: { longitude: number; latitude: number; floor: number; terrain: number }[] = [];
        for (let i = 0; i < ecef.length; i += 3) {
          const point = ecefToGeodetic(ecef[i]!, ecef[i + 1]!, ecef[i + 2]!);
          const [longitude, latitude] = [point.longitude * DEG, point.latitude * DEG];
          const terrain = sampleTileset(DEMO_TERRAIN_DIR, longitude, latitude, 16).height;
          out.push({ longitude, latitude, floor: point.height, terrain });
        }
        return out;
      });
  }
}

describe('terrain (production build in Debian Chromium)', () => {
  let e2e: E2eSession;

  beforeAll(async () => {
    e2e = await startE2e({ mounts: haveMaastricht ? { '/terrain/maastricht/': MAASTRICHT } : {} });
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it.skipIf(!haveMaastricht)(
    'streams a real quantized-mesh tileset (AHN, Maastricht) onto the globe',
    async () => {
      const expected = sampleTileset(MAASTRICHT, VALLEY[0], VALLEY[1], 15);
      expect(expected.level).toBe(15);
      const record = await newRecordedPage(e2e.browser, { viewport: SMALL });
      const { page, requests } = record;
      await page.goto(
        `${e2e.baseUrl}?terrain=maastricht&terrainProbe=${VALLEY.join(',')}&view=${MAASTRICHT_VIEW}`,
      );
      await page.waitForSelector('.app[data-terrain="ready"], .app[data-terrain="error"]', {
        timeout: 60_000,
      });
      expect(await page.getAttribute('.app', 'data-terrain')).toBe('ready');
      const probe = await probeOf(page);
      expect(probe.error).toBeUndefined();
      expect(probe.terrain).toBe(true);
      // The most detailed tile, as Cesium decodes and interpolates it, against this test's own decoding (float32 and
      // quantisation round-off only). AHN4 on the valley floor: about 44 m NAP, + 46.9 m geoid = 91 m ellipsoidal.
      expect(probe.sampled).toBeCloseTo(expected.height, 1);
      expect(expected.height).toBeGreaterThan(86);
      expect(expected.height).toBeLessThan(96);
      // The globe's drawn tiles may be a level or two coarser at this distance: within a few metres.
      expect(Math.abs((probe.drawn ?? 0) - expected.height)).toBeLessThan(4);
      expect(requests.some((url) => /\/terrain\/maastricht\/1[345]\/\d+\/\d+\.terrain/.test(url))).toBe(true);
      writeFileSync(join(ARTIFACTS, 'terrain-maastricht.png'), await page.screenshot());
      expect(foreignRequests(requests)).toEqual([]);
      expect(record.pageErrors).toEqual([]);
      await page.close();
    },
  );

  it('a missing terrain leaves the ellipsoid, with a polite notice (axe clean)', async () => {
    const record = await newRecordedPage(e2e.browser, { viewport: SMALL });
    const { page, requests } = record;
    await page.goto(`${e2e.baseUrl}?terrain=nowhere&view=${MAASTRICHT_VIEW}`);
    await page.waitForSelector('.app[data-terrain="error"]', { timeout: 30_000 });
    const notice = page.getByTestId('terrain-error');
    await expect
      .poll(() => notice.textContent())
      .toContain('Das Gelände „Gelände nowhere“ konnte nicht geladen werden');
    expect(await page.locator('.status').getAttribute('role')).toBe('status');
    expect(await axeViolations(page)).toEqual([]);
    expect(requests.some((url) => url.includes('/terrain/nowhere/layer.json'))).toBe(true);
    expect(foreignRequests(requests)).toEqual([]);
    expect(record.pageErrors).toEqual([]);
    await page.close();
  });

  it.skipIf(!haveDgm || !haveDemoTerrain)(
    'a dropped DGM GeoTIFF becomes the lit terrain (GDAL + EGM96, slopes shaded by the sun) named in the credits; replaced by the same tile cut in two and dropped as two tiles; removed, the demo terrain is back',
    async () => {
      const started = Date.now();
      const lap = (what: string) =>
        console.info(
          `terrain e2e, dropped DGM: ${what} after ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
      const expected = dgmHeight() + builtinEgm96().undulation(DGM_POINT[0], DGM_POINT[1]);
      const record = await newRecordedPage(e2e.browser, { viewport: SMALL });
      const { page, requests } = record;
      // The demo terrain is the city's from the start.
      await page.goto(`${e2e.baseUrl}?terrainProbe=${DGM_POINT.join(',')}&view=5.872,50.97,900,0,-30,0`);
      await page.waitForSelector('.app[data-terrain="ready"]', { timeout: 60_000 });
      const marks = `performance.getEntriesByName('${PROBE_MARK}').length`;
      await probeOf(page);
      const credits = page.locator('.cesium-viewer-bottom');
      await expect.poll(() => credits.textContent()).toContain(DEMO_TERRAIN_CREDIT);
      lap('demo terrain probed');
      const before = (await page.evaluate(marks)) as number;
      await page.setInputFiles('[data-testid="import-input"]', DGM);
      const entry = page.locator(`[data-testid="imported-layer"][data-name="${basename(DGM)}"]`);
      await expect.poll(() => entry.getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
      lap('DGM read in the worker');
      const info = await entry.getByTestId('terrain-info').textContent();
      expect(info).toContain('1000 × 1000');
      expect(info).toContain('Zellgröße 1,00 m, EPSG:25832');
      expect(info).toMatch(
        /Höhen 49,5–94,4 m; Geoid EGM96 addiert \(die Datei nennt kein Höhensystem, als Normalhöhen genommen\) \(\+4\d,\d\d m in der Mitte\)/,
      );
      const probe = await probeOf(page, before);
      lap('DGM probed');
      expect(probe.error).toBeUndefined();
      expect(probe.terrain).toBe(true);
      // The deepest tile (0.6 × 0.75 m nodes, bilinear from the 1 m grid, meshed within 0.02 m) as Cesium
      // interpolates it: the unit test's stated 0.05 m, plus float32 heights.
      expect(Math.abs((probe.sampled ?? 0) - expected)).toBeLessThan(0.05);
      // The drawn tiles may be a few levels coarser at this distance (level 16: 4.8 m nodes on 10–20 % slopes).
      expect.soft(Math.abs((probe.drawn ?? 0) - expected)).toBeLessThan(5);
      // The credit line names the dropped file, not the city's terrain.
      await expect.poll(() => credits.textContent()).toContain(`Gelände: ${basename(DGM)} (eigene Datei)`);
      expect(await credits.textContent()).not.toContain(DEMO_TERRAIN_CREDIT);

      // Hill shading: the same view under the morning and the afternoon sun (shadow maps off). Lit by the tiles'
      // vertex normals, slopes facing east are brighter in the morning than in the afternoon and slopes facing
      // west darker; lit by the ellipsoid's normal alone (heightmap tiles) every pixel would change alike.
      const morning = await litPicture(page, '9');
      writeFileSync(join(ARTIFACTS, 'terrain-dgm-0900.png'), morning);
      const afternoon = await litPicture(page, '15');
      writeFileSync(join(ARTIFACTS, 'terrain-dgm-1500.png'), afternoon);
      const shading = await reliefShading(page, morning, afternoon, DGM_BOX);
      console.info(
        `terrain e2e, dropped DGM: 9:00 against 15:00 brightness over the DGM (${(shading.ground * 100).toFixed(0)} % of the box lit ground): ${(shading.brighter * 100).toFixed(1)} % of pixels relatively brighter, ${(shading.darker * 100).toFixed(1)} % darker (6 % off the plane fitted to the ratios, ${shading.atCorner.toFixed(2)} at the box's corner)`,
      );
      expect(shading.ground).toBeGreaterThan(0.3);
      expect(shading.brighter).toBeGreaterThan(0.05);
      expect(shading.darker).toBeGreaterThan(0.05);
      lap('shading pictures');

      // Not a GeoTIFF: a message naming the file; the terrain stays.
      const bad = join(mkdtempSync(join(tmpdir(), 'dgm-')), 'kaputt.tif');
      writeFileSync(bad, 'no tiff at all');
      await page.setInputFiles('[data-testid="import-input"]', bad);
      const problem = page.locator(
        '[data-testid="imported-layer"][data-name="kaputt.tif"] [data-testid="import-problem"]',
      );
      await expect
        .poll(() => problem.textContent(), { timeout: 30_000 })
        .toMatch(/kaputt\.tif.*not a GeoTIFF/);
      // A second drop replaces the first: the same tile cut in two by GDAL, both halves dropped together (the
      // east one gzipped, as some portals deliver tiles), is one terrain of the whole tile's size, and the only
      // one in the list.
      const halves = mkdtempSync(join(tmpdir(), 'dgm-halves-'));
      const halfFiles = [
        ['west.tif', '0', '400'],
        ['east.tif', '400', '600'],
      ].map(([file = '', from = '', columns = '']) => {
        execFileSync('gdal_translate', [
          '-q',
          '-srcwin',
          from,
          '0',
          columns,
          '1000',
          DGM,
          join(halves, file),
        ]);
        return join(halves, file);
      });
      const eastGzipped = `${halfFiles[1]}.gz`;
      writeFileSync(eastGzipped, gzipSync(readFileSync(halfFiles[1] ?? '')));
      halfFiles[1] = eastGzipped;
      await page.setInputFiles('[data-testid="import-input"]', halfFiles);
      const tiles = page.locator('[data-testid="imported-layer"][data-name="west.tif"]');
      await expect.poll(() => tiles.getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
      await expect.poll(() => entry.count(), { timeout: 30_000 }).toBe(0);
      // (the list keeps kaputt.tif's message beside it)
      expect(await page.locator('[data-testid="imported-layer"][data-status="ready"]').count()).toBe(1);
      expect(await tiles.getByTestId('terrain-info').textContent()).toContain(
        'Raster 1000 × 1000 Zellen, Zellgröße 1,00 m, EPSG:25832, aus 2 Kacheln zusammengesetzt',
      );
      await expect
        .poll(() => credits.textContent())
        .toContain('Gelände: west.tif und eine weitere Kachel (eigene Dateien)');
      lap('second drop');
      // Removed: the city's terrain (the demo's, which has no data here) is the globe's again, with its credit.
      const beforeRemoval = (await page.evaluate(marks)) as number;
      await tiles.getByRole('button', { name: 'Entfernen' }).click();
      await expect.poll(() => tiles.count()).toBe(0);
      const back = await probeOf(page, beforeRemoval);
      lap('demo terrain back');
      expect(back.terrain).toBe(true);
      expect(Math.abs((back.sampled ?? expected) - expected)).toBeGreaterThan(1);
      await expect.poll(() => credits.textContent()).toContain(DEMO_TERRAIN_CREDIT);
      await expect.poll(() => credits.textContent()).not.toContain(basename(DGM));
      expect(await credits.textContent()).not.toContain('west.tif');
      expect(requests.filter((url) => url.includes('/terrain/demo/layer.json')).length).toBeGreaterThan(0);
      expect(foreignRequests(requests)).toEqual([]);
      expect(record.pageErrors).toEqual([]);
      await page.close();
    },
  );

  it.skipIf(!haveDemoTerrain)(
    'the demo city stands on its terrain from the start: buildings meet the ground; the layer list switches it off and on (URL terrain=none)',
    async () => {
      // A flat floor on a slope: it meets the terrain at its lowest corner and lies below it elsewhere, never above.
      const corners = await rathausCorners();
      for (const corner of corners) expect(corner.terrain - corner.floor).toBeGreaterThan(-0.1);
      const touching = corners.reduce((low, c) => (c.terrain - c.floor < low.terrain - low.floor ? c : low));
      expect(Math.abs(touching.terrain - touching.floor)).toBeLessThan(0.1);
      const record = await newRecordedPage(e2e.browser, { viewport: SMALL });
      const { page, requests } = record;
      // The default start: no terrain= in the link.
      await page.goto(`${e2e.baseUrl}?terrainProbe=${touching.longitude},${touching.latitude}`);
      await page.waitForSelector(DEMO_SETTLED, { timeout: DEMO_LOAD_TIMEOUT_MS });
      expect(await page.getAttribute('.app', 'data-tileset-demo')).toBe('tiles-loaded');
      const probe = await probeOf(page);
      expect(probe.terrain).toBe(true);
      // Cesium's height there is the tile's, as this test decodes it.
      expect(probe.sampled).toBeCloseTo(touching.terrain, 1);
      expect(await page.getAttribute('.app', 'data-terrain')).toBe('ready');
      await waitForMapAtRest(page);
      const png = await mapPicture(page);
      writeFileSync(join(ARTIFACTS, 'terrain-demo.png'), png);
      expect(await countBuildingPixels(page, png)).toBeGreaterThan(0.05);
      // The home view looks down at pitch -32: the ground fills the map, on the ellipsoid as on the terrain. Space
      // (black) between and beyond the buildings means the terrain was not drawn: buildings standing on nothing.
      const sky = await colourSpot(page, png, [0, 0, 0]);
      expect(sky.count / (SMALL.width * SMALL.height)).toBeLessThan(0.005);
      expect(requests.some((url) => /\/terrain\/demo\/\d+\/\d+\/\d+\.terrain/.test(url))).toBe(true);
      await expect
        .poll(() => page.locator('.cesium-viewer-bottom').textContent())
        .toContain(DEMO_TERRAIN_CREDIT);

      // Off in the layer list (a labelled checkbox, Space on it): the bare ellipsoid, and the link says so.
      await showTools(page);
      await page.click('[data-testid="layer-tree-toggle"]');
      const toggle = page.getByRole('checkbox', { name: 'Gelände (Demo)' });
      expect(await toggle.isChecked()).toBe(true);
      await toggle.focus();
      await page.keyboard.press('Space');
      await expect.poll(() => page.getAttribute('.app', 'data-terrain')).toBe('none');
      expect(await toggle.isChecked()).toBe(false);
      await expect.poll(() => new URL(page.url()).searchParams.get('terrain')).toBe('none');
      await expect
        .poll(() => page.locator('.cesium-viewer-bottom').textContent())
        .not.toContain(DEMO_TERRAIN_CREDIT);
      // On again: the terrain is back, and the link is the default one again.
      await toggle.check();
      await expect.poll(() => page.getAttribute('.app', 'data-terrain')).toBe('ready');
      expect(new URL(page.url()).searchParams.has('terrain')).toBe(false);
      expect(foreignRequests(requests)).toEqual([]);
      expect(record.pageErrors).toEqual([]);
      await page.close();
    },
  );
});
