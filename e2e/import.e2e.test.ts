import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { MeshoptDecoder } from 'meshoptimizer';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleTileset } from './quantized-mesh.ts';
import { readTilesetArchive, writeTilesetArchive } from '../src/core/tiles/archive.ts';
import { packGlb, parseGlb } from '../src/core/tiles/glb-container.ts';
import { unpackMeshoptGlb } from '../src/core/tiles/test-fixtures.ts';
import { convertCityGml } from '../tools/convert/run.ts';
import { OUTPUT_MARKER } from '../tools/convert/output.ts';
import { makeRemoteUri3tz } from '../tools/hostile-corpus/blocks.ts';
import {
  clickUntilAttribute,
  foreignRequests,
  hideTools,
  launchChromium,
  newRecordedPage,
  showTools,
} from './browser.ts';
import type { RecordedPage } from './browser.ts';
import { startAppServer } from './nginx-server.ts';
import type { AppServer } from './nginx-server.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');
const DATA = resolve(ROOT, '../shared/data');
const NRW = join(DATA, 'citygml/nrw-wesel-lod2/LoD2_32_329_5729_1_NW.gml');
const NRW_NAME = 'LoD2_32_329_5729_1_NW.gml';
/**
 * A glTF copyright with markup (an element and an image on a host the page's CSP allows) and a licence address
 * longer than the screen is wide, with no space to break at.
 */
const LICENCE_ADDRESS = `https://www.bezreg-koeln.nrw.de/geobasis/${'lizenzbedingungen_geobasisdaten_'.repeat(8)}stand_2026.pdf`;
const HOSTILE_COPYRIGHT = `<b id="copyright-markup">Vermessung</b> <img src="https://tile.openstreetmap.org/0/0/0.png">; © Stadt Wesel ${LICENCE_ADDRESS}`;
const BIGGER = join(DATA, 'citygml/nrw-wesel-lod2/demo-block-2x2/LoD2_32_337_5728_1_NW.gml');
const INDOOR = join(DATA, 'citygml/val3dity-tudelft/FZK-Haus_full.gml');
const SCHOOLS_GEOJSON = join(DATA, 'schools/flensburg/schulen_flensburg.geojson');
const SCHOOLS_CSV = join(DATA, 'schools/flensburg/schulen_flensburg.csv');
const PLAN = join(DATA, 'xplan/plain-gml/BPlan002_5-4.gml');
/** The Flensburg schools as a Shapefile (Latin-1 DBF with .cpg, EPSG:25832), dropped as its five files. */
const SCHOOLS_SHAPEFILE = ['.shp', '.dbf', '.shx', '.prj', '.cpg'].map((ending) =>
  join(DATA, `schools/flensburg/shapefile-latin1/schulen_flensburg${ending}`),
);
/** The same Shapefile as a configured layer source (`?layersConfig=`), its parts served beside the page. */
const GIS_LAYERS_CONFIG = {
  groups: [{ id: 'e2e-gis', label: { de: 'GIS-Dateien (Test)', en: 'GIS files (test)' } }],
  layers: [
    {
      id: 'e2e-schools-shp',
      group: 'e2e-gis',
      label: { de: 'Schulen (Shapefile)', en: 'Schools (Shapefile)' },
      visible: true,
      source: { type: 'gis', format: 'shapefile', url: 'e2e-gis/schulen_flensburg.shp' },
      style: { geometry: 'points', color: '#0072b2' },
    },
  ],
};
/** Berlin's 12 districts, a GeoPackage 1.4 in EPSG:25833. */
const DISTRICTS_GPKG = join(DATA, 'vector/geopackage/Berlin Bezirke.gpkg');
/** One polygon in EPSG:25832 (named by the legacy GeoJSON `crs` member), with a hostile attribute value. */
const AREA_25832 = join(ROOT, 'e2e', 'fixtures', 'drop-area-25832.geojson');
/** Two points as Gauß-Krüger zone 3 (EPSG:31467) Rechtswert/Hochwert, read as EPSG:25832 until chosen. */
const POINTS_GK3 = join(ROOT, 'e2e', 'fixtures', 'drop-points-gk3.csv');
/** One point on a slope of the demo terrain, about 60 m above the demo city's configured ground. */
const POINT_SLOPE = join(ROOT, 'e2e', 'fixtures', 'drop-point-slope.geojson');
const POINT_SLOPE_AT = [7.201, 51.27] as const;
const DEMO_TERRAIN_DIR = join(ROOT, 'public', 'terrain', 'demo');
const hasData = existsSync(DATA);
if (!hasData) console.warn(`import e2e tests skipped: ${DATA} is missing`);
/** Software rendering (SwiftShader) draws a few frames per second: allow long waits. */
const LOAD_TIMEOUT_MS = 120_000;
const VIEWPORT = { width: 1280, height: 800 };

type PageRecord = RecordedPage;

/** Records long tasks (PerformanceObserver 'longtask') from page start into `window.__longTasks`. */
const RECORD_LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The JSON chunk of a GLB. */
function glbJson(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(12, true);
  return JSON.parse(Buffer.from(bytes.subarray(20, 20 + length)).toString('utf8'));
}

/**
 * Deep equality with numbers equal to 1 mm (or 1e-9 relative for large ECEF values); byte lengths of
 * compressed buffers may differ by a few bytes when a quantised value rounds the other way.
 */
function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const byteCount = /byte(Length|Offset)$/.test(path);
    const tolerance = byteCount
      ? Math.max(64, 0.02 * Math.abs(expected))
      : Math.max(1e-3, 1e-9 * Math.abs(expected));
    expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(tolerance);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((item, i) => expectClose((actual as unknown[])[i], item, `${path}[${i}]`));
    return;
  }
  if (expected && typeof expected === 'object') {
    expect(actual && typeof actual === 'object', path).toBe(true);
    const a = actual as Record<string, unknown>;
    expect(Object.keys(a).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [key, value] of Object.entries(expected)) expectClose(a[key], value, `${path}.${key}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => relative(dir, path).split('\\').join('/'));
}

describe.skipIf(!hasData)(
  'import of CityGML files in the browser (production build in Debian Chromium)',
  () => {
    let server: AppServer | undefined;
    let baseUrl: string;
    let browser: Browser;
    const scratch = mkdtempSync(join(tmpdir(), 'stadtmodell-import-e2e-'));
    const cliOut = join(scratch, 'cli');
    const exported = join(scratch, 'export.3tz');

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      server = await startAppServer();
      baseUrl = server.url;
      browser = await launchChromium();
      await convertCityGml({ inputs: [NRW], out: cliOut, quiet: true, jobs: 1 });
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      rmSync(scratch, { recursive: true, force: true });
    });

    async function open(extraQuery = '', prepare?: (page: Page) => Promise<void>): Promise<PageRecord> {
      const record = await newRecordedPage(browser, { viewport: VIEWPORT, acceptDownloads: true });
      const { page } = record;
      await page.addInitScript(RECORD_LONG_TASKS);
      await prepare?.(page);
      await page.goto(`${baseUrl}?lang=de${extraQuery}`);
      await page.waitForSelector('.cesium-widget canvas');
      return record;
    }

    const layer = (page: Page, name: string) =>
      page.locator(`[data-testid="imported-layer"][data-name="${name}"]`);

    async function waitForLayer(page: Page, name: string, statuses = ['ready', 'error']): Promise<string> {
      const selector = statuses
        .map((s) => `[data-testid="imported-layer"][data-name="${name}"][data-status="${s}"]`)
        .join(', ');
      await page.waitForSelector(selector, { timeout: LOAD_TIMEOUT_MS });
      return (await layer(page, name).getAttribute('data-status')) ?? '';
    }

    /** Clicks points around the canvas centre until the attribute panel shows a gml_id; returns the panel rows. */
    async function pickBuilding(page: Page): Promise<Record<string, string>> {
      const box = await page.locator('.cesium-widget canvas').boundingBox();
      if (!box) throw new Error('no Cesium canvas');
      const offsets = [
        [0, 0],
        [0, 30],
        [30, 0],
        [-30, 0],
        [0, -30],
        [60, 40],
        [-60, 40],
        [60, -40],
        [-60, -40],
      ];
      for (let round = 0; round < 6; round += 1) {
        for (const [dx, dy] of offsets) {
          await page.mouse.click(box.x + box.width / 2 + (dx ?? 0), box.y + box.height / 2 + (dy ?? 0));
          const cell = page.locator('[data-testid="attribute-panel"] td[data-attribute="gml_id"]');
          if (await cell.count()) {
            const rows = await page.$$eval('[data-testid="attribute-panel"] td[data-attribute]', (cells) =>
              Object.fromEntries(cells.map((c) => [c.getAttribute('data-attribute'), c.textContent])),
            );
            return rows as Record<string, string>;
          }
        }
        await page.waitForTimeout(3000); // tiles still loading at a few frames per second
      }
      throw new Error('no building could be picked around the screen centre');
    }

    let first: PageRecord;
    let picked: Record<string, string>;

    it('imports the NRW tile via the file input: name and 33 buildings in the layer list', async () => {
      first = await open();
      const { page } = first;
      await page.waitForSelector('.app[data-tileset-demo="tiles-loaded"], .app[data-tileset-demo="error"]', {
        timeout: LOAD_TIMEOUT_MS,
      });
      await page.waitForTimeout(2000);
      const idleFrom = await page.evaluate(() => performance.now());
      await page.waitForTimeout(3000); // idle baseline for long tasks
      await page.setInputFiles('[data-testid="import-input"]', NRW);
      expect(await waitForLayer(page, NRW_NAME)).toBe('ready');
      const item = layer(page, NRW_NAME);
      expect(await item.locator('.imported-layer-name').textContent()).toBe(NRW_NAME);
      expect(await item.locator('[data-testid="building-count"]').getAttribute('data-count')).toBe('33');
      expect(await item.textContent()).toContain('33 Gebäude');
      await page.waitForTimeout(5000); // the tileset loads and draws
      const figures = await page.evaluate(
        ({ name, idleFrom }) => {
          const tasks = (globalThis as unknown as { __longTasks: { start: number; duration: number }[] })
            .__longTasks;
          const start = performance.getEntriesByName(`stadtmodell:import-start:${name}`)[0]?.startTime ?? NaN;
          const converted =
            performance.getEntriesByName(`stadtmodell:import-converted:${name}`)[0]?.startTime ?? NaN;
          const longest = (from: number, to: number) =>
            Math.max(
              0,
              ...tasks.filter((t) => t.start + t.duration > from && t.start < to).map((t) => t.duration),
            );
          const within = (from: number, to: number) =>
            Math.max(
              0,
              ...tasks.filter((t) => t.start >= from && t.start + t.duration <= to).map((t) => t.duration),
            );
          return {
            idle: within(idleFrom, idleFrom + 2900),
            conversion: longest(start, converted),
            conversionMs: converted - start,
            display: longest(converted, performance.now()),
          };
        },
        { name: NRW_NAME, idleFrom },
      );
      console.log(
        `import e2e: longest main-thread task — idle baseline ${figures.idle.toFixed(0)} ms; during the NRW conversion (${figures.conversionMs.toFixed(0)} ms, worker) ${figures.conversion.toFixed(0)} ms; while Cesium loads and draws the new tiles (SwiftShader) ${figures.display.toFixed(0)} ms`,
      );
      expect(figures.conversionMs).toBeGreaterThan(0);
    });

    it('zooms to it; a building picked on screen shows its DENW… gml_id and attributes', async () => {
      const { page } = first;
      await layer(page, NRW_NAME).getByRole('button', { name: 'Hinzoomen' }).click();
      await page.waitForTimeout(4000);
      picked = await pickBuilding(page);
      expect(picked.gml_id).toMatch(/^DENW/);
      writeFileSync(join(ARTIFACTS, 'import-picked.png'), await page.screenshot());
    });

    it('the shadow study counts the imported buildings: a square around them has shaded ground', async () => {
      const { page } = first;
      await showTools(page);
      await page.click('[data-testid="sun-toggle"]');
      await page.click('[data-testid="shadow-open"]');
      // The view centre lies on the import (zoomed to above), 60 km from the demo city's own tiles and ground.
      await page.selectOption('[data-testid="shadow-area"]', { label: 'Quadrat um die Bildmitte (200 m)' });
      await page.click('[data-testid="shadow-run"]');
      await page.locator('[data-testid="shadow-legend"]').waitFor({ state: 'visible', timeout: 60_000 });
      const live = (await page.locator('[data-testid="shadow-live"]').textContent()) ?? '';
      console.info(`import e2e, shadow study on the import: ${live}`);
      const today = /^Heute: ([\d,]+) bis ([\d,]+) Stunden Sonne/.exec(live);
      expect(today).not.toBeNull();
      const hours = (text: string) => Number(text.replace(',', '.'));
      const [least, most] = [hours(today![1]!), hours(today![2]!)];
      // Midsummer (no time= in the link) at 51.7° N: about 16.5 h of sun on open ground; without the imported
      // buildings as occluders every point would get exactly that.
      expect(most).toBeGreaterThan(16);
      expect(least).toBeLessThan(most - 2);
      await page.click('[data-testid="shadow-panel"] .panel-header .icon-button');
      // Leave no sheet over the import list for the next cases: the sun panel closes by its own × button.
      const sun = page.locator('[data-testid="sun-panel"]');
      if (await sun.isVisible()) await sun.locator('.panel-header .icon-button').click();
      await expect.poll(() => sun.isVisible()).toBe(false);
      await expect.poll(() => page.locator('[data-testid="shadow-panel"]').isVisible()).toBe(false);
      await hideTools(page);
    });

    it('exports a .3tz and a ZIP folder with the CLI tileset: same files, tile tree, features and positions (≤ 1 mm)', async () => {
      const { page } = first;
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        layer(page, NRW_NAME).getByRole('button', { name: 'Exportieren (.3tz)' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('LoD2_32_329_5729_1_NW.3tz');
      await download.saveAs(exported);
      const entries = unzipSync(new Uint8Array(readFileSync(exported)));
      const names = Object.keys(entries);
      expect(names[0]).toBe('tileset.json');
      expect(names.at(-1)).toBe('@3dtilesIndex1@');
      const cliFiles = listFiles(cliOut).filter((p) => p !== 'report.json' && p !== OUTPUT_MARKER);
      expect(names.filter((n) => n !== '@3dtilesIndex1@' && n !== 'report.json').sort()).toEqual(
        cliFiles.sort(),
      );
      // Chromium's V8 and Node's may differ in the last bits of Math functions: compare JSON with a
      // tolerance (ECEF metres, tile-local metres), and the GLBs' JSON (tile frames, counts, metadata).
      for (const path of cliFiles.filter((p) => p.endsWith('.json'))) {
        expectClose(
          JSON.parse(Buffer.from(entries[path] ?? []).toString()),
          readJson(join(cliOut, path)),
          path,
        );
      }
      for (const path of cliFiles.filter((p) => p.endsWith('.glb'))) {
        expectClose(
          glbJson(entries[path] ?? new Uint8Array()),
          glbJson(readFileSync(join(cliOut, path))),
          path,
        );
      }
      // The picked building is one of the CLI's buildings (its id is in the tiles' string table, which
      // meshopt may have compressed: decoded first).
      await MeshoptDecoder.ready;
      const glbText = cliFiles
        .filter((p) => p.endsWith('.glb'))
        .map((p) => unpackMeshoptGlb(new Uint8Array(readFileSync(join(cliOut, p))), MeshoptDecoder))
        .map((glb) => Buffer.from(glb).toString('latin1'))
        .join('');
      expect(glbText).toContain(picked.gml_id);

      // The same tileset as a ZIP of its folder: the CLI's files under one folder named after the import.
      const [zipDownload] = await Promise.all([
        page.waitForEvent('download'),
        layer(page, NRW_NAME).getByRole('button', { name: 'Exportieren (ZIP-Ordner)' }).click(),
      ]);
      expect(zipDownload.suggestedFilename()).toBe('LoD2_32_329_5729_1_NW-tileset.zip');
      const zipped = join(scratch, 'export.zip');
      await zipDownload.saveAs(zipped);
      const folder = unzipSync(new Uint8Array(readFileSync(zipped)));
      const inFolder = Object.keys(folder)
        .filter((n) => !n.endsWith('/') && !n.endsWith('report.json'))
        .sort();
      expect(inFolder).toEqual(cliFiles.map((p) => `LoD2_32_329_5729_1_NW/${p}`).sort());
      for (const path of cliFiles.filter((p) => p.endsWith('.glb'))) {
        expect(
          Buffer.from(folder[`LoD2_32_329_5729_1_NW/${path}`] ?? []).equals(Buffer.from(entries[path] ?? [])),
        ).toBe(true);
      }
    });

    it('shows a clear per-file error with the line for an IndoorGML file, and keeps working', async () => {
      const { page } = first;
      await page.setInputFiles('[data-testid="import-input"]', INDOOR);
      expect(await waitForLayer(page, 'FZK-Haus_full.gml')).toBe('error');
      const problem = layer(page, 'FZK-Haus_full.gml').locator('[data-testid="import-problem"]');
      const text = await problem.textContent();
      expect(text).toMatch(/^FZK-Haus_full\.gml, Zeile \d+: .*IndoorFeatures.*not a CityGML CityModel/);
      // The converter's message stays English in the German sentence: marked so, for screen readers.
      const english = await problem.locator('[lang="en"]').textContent();
      expect(english).toMatch(/IndoorFeatures.*not a CityGML CityModel/);
      expect(text?.startsWith('FZK-Haus_full.gml, Zeile')).toBe(true);
      expect(await problem.locator('[lang="en"]', { hasText: 'Zeile' }).count()).toBe(0);
      // The earlier import is untouched and the app still answers.
      expect(await layer(page, NRW_NAME).getAttribute('data-status')).toBe('ready');
      await layer(page, 'FZK-Haus_full.gml').getByRole('button', { name: 'Entfernen' }).click();
      expect(await layer(page, 'FZK-Haus_full.gml').count()).toBe(0);
    });

    it('imports two files at once and cancels one of them', async () => {
      const { page } = first;
      const biggerName = BIGGER.split('/').at(-1) ?? '';
      // The second file converts in about a second, faster than a Playwright click under load: the
      // page itself clicks its "Abbrechen" button as soon as the entry is listed.
      await page.evaluate((name) => {
        const g = globalThis as unknown as {
          document: { querySelector(s: string): { click(): void } | null; body: unknown };
          MutationObserver: new (callback: () => void) => {
            observe(target: unknown, options: object): void;
            disconnect(): void;
          };
        };
        const observer = new g.MutationObserver(() => {
          const button = g.document.querySelector(
            `[data-testid="imported-layer"][data-name="${name}"] [data-testid="import-cancel"]`,
          );
          if (!button) return;
          observer.disconnect();
          button.click();
        });
        observer.observe(g.document.body, { childList: true, subtree: true });
      }, biggerName);
      await page.setInputFiles('[data-testid="import-input"]', [NRW, BIGGER]);
      expect(await waitForLayer(page, biggerName, ['cancelled', 'ready'])).toBe('cancelled');
      const copies = page.locator(`[data-testid="imported-layer"][data-name="${NRW_NAME}"]`);
      expect(await copies.count()).toBe(2);
      await page.waitForSelector(
        `[data-testid="imported-layer"][data-name="${NRW_NAME}"][data-status="ready"] >> nth=1`,
        { timeout: LOAD_TIMEOUT_MS },
      );
      // Hide and show, then remove the second copy.
      const second = copies.nth(1);
      await second.getByRole('button', { name: 'Ausblenden' }).click();
      await second.getByRole('button', { name: 'Einblenden' }).click();
      await second.getByRole('button', { name: 'Entfernen' }).click();
      expect(await copies.count()).toBe(1);
    });

    it('requested nothing but localhost and threw no page errors', () => {
      const foreign = foreignRequests(first.requests);
      expect(foreign).toEqual([]);
      expect(first.pageErrors).toEqual([]);
    });

    it('drops GeoJSON, CSV, XPlanGML, a Shapefile (its files) and a GeoPackage on the viewer: listed with counts and plan name, a feature picked', async () => {
      // The page also has a Shapefile as a configured layer (served by the test, same origin).
      const dropped = await open(`&layersConfig=${baseUrl}e2e-gis/layers.json`, async (page) => {
        await page.route(
          (url) => url.pathname === '/e2e-gis/layers.json',
          (route) =>
            route.fulfill({ contentType: 'application/json', body: JSON.stringify(GIS_LAYERS_CONFIG) }),
        );
        await page.route(
          (url) => url.pathname.startsWith('/e2e-gis/schulen_flensburg.'),
          (route) => {
            const ending = new URL(route.request().url()).pathname.split('.').at(-1) ?? '';
            const path = SCHOOLS_SHAPEFILE.find((file) => file.endsWith(`.${ending}`));
            return path ? route.fulfill({ body: readFileSync(path) }) : route.fulfill({ status: 404 });
          },
        );
      });
      const { page } = dropped;
      const payload = [
        SCHOOLS_GEOJSON,
        SCHOOLS_CSV,
        AREA_25832,
        POINTS_GK3,
        POINT_SLOPE,
        PLAN,
        ...SCHOOLS_SHAPEFILE,
        DISTRICTS_GPKG,
      ].map((path) => ({
        name: basename(path),
        base64: readFileSync(path).toString('base64'),
      }));
      // A real DataTransfer with File objects, built in the page, carried by dragenter/dragover/drop events.
      const dataTransfer = await page.evaluateHandle((files) => {
        const g = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } };
          File: new (parts: Uint8Array[], name: string) => unknown;
          atob(text: string): string;
        };
        const transfer = new g.DataTransfer();
        for (const file of files) {
          const binary = g.atob(file.base64);
          const bytes = new Uint8Array(binary.length);
          for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
          transfer.items.add(new g.File([bytes], file.name));
        }
        return transfer;
      }, payload);
      const canvas = '.cesium-widget canvas';
      await page.dispatchEvent(canvas, 'dragenter', { dataTransfer });
      await page.waitForSelector('[data-testid="drop-overlay"]');
      await page.dispatchEvent('[data-testid="drop-overlay"]', 'dragover', { dataTransfer });
      await page.dispatchEvent('[data-testid="drop-overlay"]', 'drop', { dataTransfer });
      expect(await page.locator('[data-testid="drop-overlay"]').count()).toBe(0);
      // A Shapefile's parts dropped together are one entry, named after its .shp.
      const entries = payload.map(({ name }) => name).filter((name) => !/\.(dbf|shx|prj|cpg)$/.test(name));
      for (const name of entries) expect(await waitForLayer(page, name), name).toBe('ready');
      expect(await page.locator('[data-testid="imported-layer"]').count()).toBe(entries.length);
      const count = (name: string) =>
        layer(page, name).locator('[data-testid="feature-count"]').getAttribute('data-count');
      expect(await count('schulen_flensburg.geojson')).toBe('30');
      expect(await layer(page, 'schulen_flensburg.geojson').textContent()).toContain('30 Objekte');
      expect(await count('schulen_flensburg.csv')).toBe('30');
      expect(await count('drop-area-25832.geojson')).toBe('1');
      expect(await layer(page, 'drop-area-25832.geojson').textContent()).toContain(
        'urn:ogc:def:crs:EPSG::25832',
      );
      // Easting/northing read as EPSG:25832 by default; the user picks EPSG:31467 and the file is read again.
      const gk = layer(page, 'drop-points-gk3.csv');
      expect(await count('drop-points-gk3.csv')).toBe('2');
      expect(await gk.textContent()).toContain('EPSG:25832');
      await gk.locator('[data-testid="import-crs"]').selectOption('EPSG:31467');
      await gk.locator('.imported-layer-note:has-text("EPSG:31467")').waitFor({ timeout: LOAD_TIMEOUT_MS });
      expect(await count('drop-points-gk3.csv')).toBe('2');
      // Read in the layers worker through loaders.gl (sql.js for the GeoPackage), reprojected from their CRS.
      expect(await count('schulen_flensburg.shp')).toBe('30');
      expect(await layer(page, 'schulen_flensburg.shp').textContent()).toContain('EPSG:25832');
      expect(await count('Berlin Bezirke.gpkg')).toBe('12');
      expect(await layer(page, 'Berlin Bezirke.gpkg').textContent()).toContain('EPSG:25833');
      // The plan: listed under its own name here and in the layer tree, drawn like the plan button's plans.
      const plan = layer(page, 'BPlan002_5-4.gml');
      expect(await plan.getAttribute('data-kind')).toBe('plan');
      expect(await plan.locator('.imported-layer-name').textContent()).toBe('BPlan002_5-4');
      expect(await plan.textContent()).toContain('Bebauungsplan');
      // (dispatched clicks: no actionability waits, which cost seconds each in SwiftShader)
      await page.dispatchEvent('[data-testid="layer-tree-toggle"]', 'click');
      expect(await page.locator('#layer-panel').textContent()).toContain('BPlan002_5-4');
      // The vector files are layers of the model too: listed in the tree's group "Importiert", by file name.
      const importedGroup = page.locator('#layer-panel fieldset.layer-group', {
        has: page.locator('legend', { hasText: /^Importiert$/ }),
      });
      const names = importedGroup.locator('.layer-toggle > span:not(.badge)');
      // (in the order they became ready: the GIS files come from another worker than the others)
      expect((await names.allTextContents()).sort()).toEqual([
        'Berlin Bezirke.gpkg',
        'drop-area-25832.geojson',
        'drop-point-slope.geojson',
        'drop-points-gk3.csv',
        'schulen_flensburg.csv',
        'schulen_flensburg.geojson',
        'schulen_flensburg.shp',
      ]);
      // with the number of features each file holds (a district of several parts counts once)
      const treeCount = (name: string) =>
        importedGroup.locator('.layer-row', { hasText: name }).locator('[data-testid^="layer-count-"]');
      expect(await treeCount('schulen_flensburg.shp').getAttribute('data-count')).toBe('30');
      expect(await treeCount('schulen_flensburg.shp').textContent()).toBe('30 Objekte');
      expect(await treeCount('Berlin Bezirke.gpkg').getAttribute('data-count')).toBe('12');
      // The configured Shapefile layer: read in the layers worker when shown, listed with its count.
      await expect
        .poll(() => page.locator('[data-testid="layer-count-e2e-schools-shp"]').getAttribute('data-count'), {
          timeout: LOAD_TIMEOUT_MS,
        })
        .toBe('30');
      // The tree's checkbox and the import list's button switch the same state.
      const csvRow = importedGroup.locator('.layer-row', { hasText: 'schulen_flensburg.csv' });
      const csvCheckbox = csvRow.locator('input[type="checkbox"]');
      const csvEntry = layer(page, 'schulen_flensburg.csv');
      expect(await csvCheckbox.isChecked()).toBe(true);
      await csvCheckbox.dispatchEvent('click');
      await csvEntry.getByRole('button', { name: 'Einblenden' }).waitFor();
      await csvEntry.getByRole('button', { name: 'Einblenden' }).dispatchEvent('click');
      await csvEntry.getByRole('button', { name: 'Ausblenden' }).waitFor();
      expect(await csvCheckbox.isChecked()).toBe(true);
      await importedGroup.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, 'import-layer-tree.png') });
      // The districts' large polygons cost SwiftShader seconds a frame: removed before the picking below.
      for (const name of ['Berlin Bezirke.gpkg', 'schulen_flensburg.shp'])
        await layer(page, name).getByRole('button', { name: 'Entfernen' }).dispatchEvent('click');
      await page.dispatchEvent('[data-testid="layer-tree-toggle"]', 'click');
      // Zoom to the polygon and pick it: its attributes show as text.
      await layer(page, 'drop-area-25832.geojson')
        .getByRole('button', { name: 'Hinzoomen' })
        .dispatchEvent('click');
      await page.waitForTimeout(2500); // the 1 s flight and the draped polygon's first frames
      const cell = await clickUntilAttribute(
        page,
        'name',
        [
          [0, 0],
          [0, 40],
          [40, 0],
          [-40, 0],
          [0, -40],
          [0, 0],
          [0, 0],
        ],
        1000,
      );
      expect(await cell.textContent()).toBe('Testfläche Nord');
      expect(await page.locator('[data-testid="attribute-panel"] h2').textContent()).toBe(
        'drop-area-25832.geojson',
      );
      expect(
        await page.locator('[data-testid="attribute-panel"] td[data-attribute="note"]').textContent(),
      ).toBe('<img src=x onerror=alert(1)>');
      expect(await page.locator('[data-testid="attribute-panel"] img').count()).toBe(0);
      // Zoom to the point on the slope, flying from Flensburg: the camera looks at the terrain there (not loaded
      // yet: sampled first), not at the ellipsoid, whose view from 346 m saw the ground's texture from 82 m.
      const terrain = sampleTileset(DEMO_TERRAIN_DIR, POINT_SLOPE_AT[0], POINT_SLOPE_AT[1], 16).height;
      await layer(page, 'drop-point-slope.geojson')
        .getByRole('button', { name: 'Hinzoomen' })
        .dispatchEvent('click');
      // (the camera's height in the link, once the link shows the camera near the point: south of it, looking north)
      const aboveTerrain = () => {
        const [lon = NaN, lat = NaN, height = NaN] = (new URL(page.url()).searchParams.get('view') ?? '')
          .split(',')
          .map(Number);
        const near = Math.abs(lon - POINT_SLOPE_AT[0]) < 0.005 && Math.abs(lat - POINT_SLOPE_AT[1]) < 0.01;
        return near ? height - terrain : NaN;
      };
      await expect.poll(aboveTerrain, { timeout: 10_000 }).toBeGreaterThan(200);
      // once it has arrived: at the terrain's height, sampled before the flight set out (the city's ground there
      // is 59 m lower, which had put the camera 287 m above the terrain instead of about 346 m)
      await expect.poll(aboveTerrain, { timeout: 10_000 }).toBeGreaterThan(330);
      // Removing the import removes its layer from the tree.
      await layer(page, 'drop-area-25832.geojson')
        .getByRole('button', { name: 'Entfernen' })
        .dispatchEvent('click');
      await page.dispatchEvent('[data-testid="layer-tree-toggle"]', 'click');
      expect((await names.allTextContents()).sort()).toEqual([
        'drop-point-slope.geojson',
        'drop-points-gk3.csv',
        'schulen_flensburg.csv',
        'schulen_flensburg.geojson',
      ]);
      // Imported layers stay out of the shared address, hidden or not: their data are in this page only.
      await layer(page, 'drop-points-gk3.csv')
        .getByRole('button', { name: 'Ausblenden' })
        .dispatchEvent('click');
      await layer(page, 'drop-points-gk3.csv').getByRole('button', { name: 'Einblenden' }).waitFor();
      expect(new URL(page.url()).searchParams.get('layers') ?? '').not.toMatch(/import/);
      expect(foreignRequests(dropped.requests)).toEqual([]);
      expect(dropped.pageErrors).toEqual([]);
      await page.close();
    });

    it('imports the exported archive in a fresh page: same buildings, same attributes; its copyright as text on screen', async () => {
      // The archive as a third party might hand it over: a copyright in each GLB (glTF asset.copyright), with
      // markup whose image host the page's CSP allows, so only our treating it as text keeps the request in.
      const credited = join(scratch, 'credited');
      mkdirSync(credited, { recursive: true });
      const files = readTilesetArchive(new Uint8Array(readFileSync(exported)), { archive: 'export.3tz' });
      if (!files) throw new Error('export.3tz: no tileset in the exported archive');
      for (const file of files.filter(({ path }) => path.endsWith('.glb'))) {
        const { json, binary } = parseGlb(file.bytes);
        (json as { asset: Record<string, unknown> }).asset.copyright = HOSTILE_COPYRIGHT;
        file.bytes = packGlb(json, binary);
      }
      writeFileSync(join(credited, 'export.3tz'), writeTilesetArchive(files));
      const fresh = await open();
      const { page } = fresh;
      await page.setInputFiles('[data-testid="import-input"]', join(credited, 'export.3tz'));
      expect(await waitForLayer(page, 'export.3tz')).toBe('ready');
      expect(
        await layer(page, 'export.3tz').locator('[data-testid="building-count"]').getAttribute('data-count'),
      ).toBe('33');
      await layer(page, 'export.3tz').getByRole('button', { name: 'Hinzoomen' }).click();
      await page.waitForTimeout(4000);
      const again = await pickBuilding(page);
      expect(again).toEqual(picked);
      // Cesium splits a copyright at ';': both parts on screen, as the text they are, no link to a hidden list
      const credits = page.locator('.cesium-viewer-bottom');
      await expect
        .poll(() => credits.innerText())
        .toContain('<img src="https://tile.openstreetmap.org/0/0/0.png">');
      expect(await credits.innerText()).toContain('© Stadt Wesel');
      // the address breaks within the line's width: all of it legible, nothing cut off at the screen's edge
      expect((await credits.innerText()).replace(/\s/g, '')).toContain(LICENCE_ADDRESS);
      const overflow = await page.evaluate(
        `(() => { const line = document.querySelector('.cesium-viewer-bottom'); return line.scrollWidth - line.clientWidth; })()`,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await page.locator('#copyright-markup').count()).toBe(0);
      expect(await page.locator('.cesium-credit-expand-link').isVisible()).toBe(false);
      const foreign = foreignRequests(fresh.requests);
      expect(foreign).toEqual([]);
      expect(fresh.pageErrors).toEqual([]);
      await page.close();
    });

    it('refuses an archive whose tileset points at another host: an error, never a request', async () => {
      const hostile = await open();
      const { page } = hostile;
      const archive = makeRemoteUri3tz(scratch);
      await page.setInputFiles('[data-testid="import-input"]', archive);
      expect(await waitForLayer(page, 'remote-uri.3tz')).toBe('error');
      const problem = await layer(page, 'remote-uri.3tz')
        .locator('[data-testid="import-problem"]')
        .textContent();
      expect(problem).toMatch(/remote-uri\.3tz.*https:\/\/example\.invalid\/x\.glb.*outside the archive/);
      // Give a tileset that slipped through time to request its content.
      await page.waitForTimeout(2000);
      expect(hostile.requests.filter((url) => url.includes('example.invalid'))).toEqual([]);
      expect(foreignRequests(hostile.requests)).toEqual([]);
      expect(hostile.pageErrors).toEqual([]);
      await page.close();
    });
  },
);
