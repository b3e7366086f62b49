import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMapServer } from './fixtures/mapserver/mapserver-cgi.ts';
import type { MapServerFixture } from './fixtures/mapserver/mapserver-cgi.ts';
import { DEMO_LAYERS } from '../src/app/layers/demo-config.ts';
import { boxAround } from '../src/app/layers/remote.ts';
import { ARTIFACTS, foreignRequests, openDemo, startE2e } from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';
import { changedShare, colourSpot, mapScreenshot } from './pixels.ts';

const SITES = 5; // features in e2e/fixtures/mapserver/sites.geojson
/** The width of the Web Mercator world (EPSG:3857 metres): 2π × 6 378 137. */
const WEB_MERCATOR_WIDTH = 2 * Math.PI * 6_378_137;
/** EPSG:3857 easting and northing (metres) of a longitude and a latitude (degrees). */
const mercatorX = (longitude: number) => (6_378_137 * longitude * Math.PI) / 180;
const mercatorY = (latitude: number) =>
  6_378_137 * Math.log(Math.tan(Math.PI / 4 + (latitude * Math.PI) / 360));

/** The layer config the page loads through `?layersConfig=` (only honoured on localhost). */
function layersConfig(mapserver: MapServerFixture) {
  const label = (de: string, en: string) => ({ de, en });
  const points = (color: string) => ({ geometry: 'points', color, labelProperty: 'name' });
  return {
    groups: [{ id: 'services', label: label('Dienste (Test)', 'Services (test)') }],
    layers: [
      {
        id: 'test-wms',
        group: 'services',
        label: label('WMS Zonen', 'WMS zones'),
        opacity: 0.8,
        source: { type: 'wms', url: mapserver.owsUrl, layers: 'zones', maximumLevel: 15, remote: true },
        attribution: 'MapServer-Test (WMS)',
      },
      {
        id: 'test-wfs',
        group: 'services',
        label: label('WFS Messstellen', 'WFS sites'),
        source: { type: 'wfs', url: mapserver.owsUrl, typeName: 'sites', remote: true },
        style: points('#e69f00'),
        searchProperty: 'name',
      },
      {
        id: 'test-ogc',
        group: 'services',
        label: label('OGC API Messstellen', 'OGC API sites'),
        source: {
          type: 'ogc-features',
          url: mapserver.ogcApiUrl,
          collection: 'sites',
          pageSize: 2,
          remote: true,
        },
        style: points('#56b4e9'),
        searchProperty: 'name',
      },
    ],
  };
}

/** Background of a cluster badge (`CLUSTER_COLOR` in src/app/layers/clustering.ts, drawn at full opacity). */
const CLUSTER_RGB: [number, number, number] = [0x1f, 0x4e, 0x79];

describe('MapServer 8 as CGI over the fixture data (node:http on 127.0.0.1)', () => {
  let mapserver: MapServerFixture;
  beforeAll(async () => {
    mapserver = await startMapServer();
  });
  afterAll(async () => {
    await mapserver?.close();
  });

  it('serves WMS and WFS capabilities, a GetMap PNG, WFS GeoJSON and OGC API Features pages', async () => {
    const text = async (url: string) => {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      return response;
    };
    const wms = await (await text(`${mapserver.owsUrl}&SERVICE=WMS&REQUEST=GetCapabilities`)).text();
    expect(wms).toContain('<WMS_Capabilities');
    expect(wms).toMatch(/<Name>zones<\/Name>/);
    expect(wms).toContain('EPSG:3857');
    const wfs = await (await text(`${mapserver.owsUrl}&SERVICE=WFS&REQUEST=GetCapabilities`)).text();
    expect(wfs).toMatch(/<Name>(ms:)?sites<\/Name>/);
    expect(wfs).not.toMatch(/<Name>(ms:)?zones<\/Name>/); // WFS switched off for zones in the mapfile

    const map = await text(
      `${mapserver.owsUrl}&SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=zones&STYLES=&CRS=EPSG:3857` +
        '&BBOX=800000,6668000,803000,6671000&WIDTH=64&HEIGHT=64&FORMAT=image/png&TRANSPARENT=true',
    );
    expect(map.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await map.arrayBuffer());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');

    const features = (await (
      await text(
        `${mapserver.owsUrl}&SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=sites` +
          '&OUTPUTFORMAT=application/json&SRSNAME=EPSG:4326',
      )
    ).json()) as { features: { properties: { name: string }; geometry: { coordinates: number[] } }[] };
    expect(features.features).toHaveLength(SITES);
    const [lon, lat] = features.features[0]?.geometry.coordinates ?? [];
    expect(lon).toBeCloseTo(7.2002, 4); // lon/lat order
    expect(lat).toBeCloseTo(51.2889, 4);

    const page = (await (
      await text(`${mapserver.ogcApiUrl}/collections/sites/items?f=json&limit=2`)
    ).json()) as { features: unknown[]; numberMatched: number; links: { rel: string; href: string }[] };
    expect(page.features).toHaveLength(2);
    expect(page.numberMatched).toBe(SITES);
    const next = page.links.find((link) => link.rel === 'next')?.href ?? '';
    expect(next.startsWith(`${mapserver.ogcApiUrl}/collections/sites/items?`)).toBe(true);
    const second = (await (await text(next)).json()) as { features: unknown[] };
    expect(second.features).toHaveLength(2);
  });
});

describe('remote layers against MapServer in the viewer (production build in Debian Chromium)', () => {
  let mapserver: MapServerFixture;
  let e2e: E2eSession;
  const pages: RecordedPage[] = [];

  beforeAll(async () => {
    mapserver = await startMapServer();
    mapserver.serveJson('/layers.json', layersConfig(mapserver));
    e2e = await startE2e();
  });

  afterAll(async () => {
    await e2e?.close();
    await mapserver?.close();
  });

  async function open(extra = ''): Promise<Page> {
    const config = encodeURIComponent(`${mapserver.baseUrl}layers.json`);
    const record = await openDemo(e2e.browser, `${e2e.baseUrl}?layersConfig=${config}${extra}`);
    pages.push(record);
    const { page } = record;
    await page.click('[data-testid="layer-tree-toggle"]');
    await page.waitForSelector('[data-testid="layer-toggle-test-wms"]', { timeout: 30_000 });
    return page;
  }

  async function changedAfter(page: Page, before: Buffer, name: string): Promise<number> {
    let share = 0;
    for (let attempt = 0; attempt < 10 && share <= 0.01; attempt += 1) {
      const after = await mapScreenshot(page);
      share = await changedShare(page, before, after);
      if (share > 0.01) writeFileSync(join(ARTIFACTS, `remote-${name}.png`), after);
    }
    return share;
  }

  it('lists the remote layers off by default; the WMS layer toggles, changes the image and enters the URL', async () => {
    const page = await open();
    const panel = await page.textContent('[data-testid="layer-panel"]');
    expect(panel).toContain('Dienste (Test)');
    for (const id of ['test-wms', 'test-wfs', 'test-ogc']) {
      expect(await page.isChecked(`[data-testid="layer-toggle-${id}"]`), id).toBe(false);
    }
    // Nothing was asked of the map server while the layers were off.
    expect(mapserver.requests.filter((r) => r.startsWith('/mapserv'))).toEqual([]);
    const before = await mapScreenshot(page);
    await page.click('[data-testid="layer-toggle-test-wms"]');
    expect(await changedAfter(page, before, 'wms')).toBeGreaterThan(0.01);
    expect(mapserver.requests.some((r) => /REQUEST=GetMap/i.test(r) && /LAYERS=zones/i.test(r))).toBe(true);
    // WMS 1.3.0 in Web Mercator, no tile finer than the layer's maximumLevel (15: 1 223 m wide), and none
    // outside the city's ground radius (the layer names no bbox of its own).
    const getMaps = mapserver.requests
      .filter((r) => /REQUEST=GetMap/i.test(r))
      .map((r) => new URL(r, 'http://x'));
    const boxes = getMaps.map((url) => (url.searchParams.get('bbox') ?? '').split(',').map(Number));
    expect(getMaps.map((url) => `${url.searchParams.get('version')} ${url.searchParams.get('crs')}`)).toEqual(
      getMaps.map(() => '1.3.0 EPSG:3857'),
    );
    const widths = boxes.map(([x0 = NaN, , x1 = NaN]) => x1 - x0);
    expect(Math.min(...widths)).toBeCloseTo(WEB_MERCATOR_WIDTH / 2 ** 15, 0);
    const { longitude, latitude, radiusMetres } = DEMO_LAYERS.ground!;
    const [west, south, east, north] = boxAround(longitude, latitude, radiusMetres).map((degrees, i) =>
      i % 2 === 0 ? mercatorX(degrees) : mercatorY(degrees),
    ) as [number, number, number, number];
    const outside = boxes.filter(
      ([x0 = NaN, y0 = NaN, x1 = NaN, y1 = NaN]) => !(x0 < east && x1 > west && y0 < north && y1 > south),
    );
    expect(outside).toEqual([]);
    console.log(`remote-layers: ${getMaps.length} GetMap requests after the WMS toggle`);
    expect(await page.textContent('.cesium-viewer-bottom')).toContain('MapServer-Test (WMS)');
    expect(new URL(page.url()).search).toContain('layers=test-wms:1');
    await page.click('[data-testid="layer-toggle-test-wms"]');
    expect(new URL(page.url()).search).not.toContain('layers=');
  });

  it('draws WFS and OGC API Features switched on by ?layers=, pages through OGC API, picks a site and a cluster', async () => {
    const page = await open('&layers=test-wfs:1,test-ogc:1:90');
    expect(await page.isChecked('[data-testid="layer-toggle-test-wfs"]')).toBe(true);
    expect(await page.isChecked('[data-testid="layer-toggle-test-ogc"]')).toBe(true);
    expect(await page.isChecked('[data-testid="layer-toggle-test-wms"]')).toBe(false);
    expect(await page.textContent('[data-layer="test-ogc"] .layer-opacity')).toContain('90 %');
    // Both sources loaded: the search finds the site in each.
    await page.fill('[data-testid="layer-search"]', 'Wupper');
    // A locator, not a string predicate: polling a string evaluates it, which the page's CSP forbids.
    await page.locator('.search-result').nth(1).waitFor({ timeout: 60_000 });
    expect(await page.locator('.search-result').count()).toBe(2);
    expect(mapserver.requests.some((r) => /REQUEST=GetFeature/i.test(r) && /TYPENAMES=sites/i.test(r))).toBe(
      true,
    );
    // Page size 2: the viewer followed MapServer's `next` links through all 5 features (3 pages).
    expect(
      mapserver.requests.filter((r) => r.startsWith('/mapserv/test/ogcapi/collections/sites/items')),
    ).toHaveLength(3);
    // Switching both off removes the markers from the image.
    const drawn = await mapScreenshot(page);
    await page.click('[data-testid="layer-toggle-test-wfs"]');
    await page.click('[data-testid="layer-toggle-test-ogc"]');
    expect(await changedAfter(page, drawn, 'vectors-off')).toBeGreaterThan(0.001);
    await page.click('[data-testid="layer-toggle-test-wfs"]');
    // Fly to a site and pick its marker by clicking near the screen centre.
    await page.fill('[data-testid="layer-search"]', 'Rathaus');
    await page.click('.search-result:has-text("Messstelle Rathaus")');
    await page.locator('[data-testid="attribute-panel"]').waitFor({ timeout: 30_000 });
    await page.click('[data-testid="attribute-panel"] .icon-button');
    await page.waitForTimeout(3000); // the flight
    const canvas = await page.locator('.cesium-widget canvas').boundingBox();
    if (!canvas) throw new Error('no canvas');
    let picked: string | null = null;
    // The marker stands 28 m above the ground, a little above the centre (below it may be a building).
    for (const dy of [-20, -10, -30, -40, 0, -55, -70, 10]) {
      await page.mouse.click(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2 + dy);
      await page.waitForTimeout(700);
      const cell = page.locator('[data-testid="attribute-panel"] td[data-attribute="name"]');
      picked = (await cell.count()) > 0 ? await cell.textContent() : null;
      if (picked === 'Messstelle Rathaus') break;
    }
    expect(picked).toBe('Messstelle Rathaus');
    expect(await page.textContent('[data-testid="attribute-panel"]')).toContain('WFS Messstellen');
    writeFileSync(join(ARTIFACTS, 'remote-picked.png'), await page.screenshot({ timeout: 120_000 }));

    // Zoomed out, the five sites merge into one disc with their count; clicking it zooms back in.
    await page.click('[data-testid="attribute-panel"] .icon-button');
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    // Zoom out with the keyboard (each '-' moves back 10 % of the height, whatever the frame rate, where
    // wheel zooming went further on faster frames) until the sites merge into a disc.
    await page.focus('.cesium-widget canvas');
    const zoomOut = async () => {
      for (let press = 0; press < 5; press += 1) await page.keyboard.press('-');
      const shot = await mapScreenshot(page);
      return { shot, spot: await colourSpot(page, shot, CLUSTER_RGB) };
    };
    let { shot: far, spot: disc } = await zoomOut();
    for (let step = 0; step < 12 && disc.count <= 150; step += 1)
      ({ shot: far, spot: disc } = await zoomOut());
    writeFileSync(join(ARTIFACTS, 'remote-cluster.png'), far);
    expect(disc.count, 'pixels of the cluster disc').toBeGreaterThan(150);
    // Two discs side by side put the centre of the disc colour between them: then zoom out until they merge.
    let near = far;
    let share = 0;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await page.mouse.click(disc.x, disc.y);
      near = await mapScreenshot(page);
      share = await changedShare(page, far, near);
      if (share > 0.2) break;
      ({ shot: far, spot: disc } = await zoomOut());
    }
    writeFileSync(join(ARTIFACTS, 'remote-cluster-zoomed.png'), near);
    // The click flew in (other clusters may still be in view, so the disc colour is not counted).
    expect(share).toBeGreaterThan(0.2);
  });

  it('requested nothing but localhost and threw no page errors', () => {
    expect(pages.length).toBe(2);
    for (const record of pages) {
      expect(foreignRequests(record.requests)).toEqual([]);
      expect(record.requests.some((url) => url.startsWith(mapserver.baseUrl))).toBe(true);
      expect(record.pageErrors).toEqual([]);
    }
  });
});
