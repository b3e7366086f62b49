import { describe, expect, it } from 'vitest';
import { runShadowStudy } from '../../core/shadow/study.ts';
import { initTileCompression } from '../../core/tiles/compression.ts';
import { syntheticBoxBuilding } from '../../core/tiles/test-fixtures.ts';
import { buildTileset } from '../../core/tiles/tileset.ts';
import { DEMO_LAYERS } from '../layers/demo-config.ts';
import { createBlobTileset, revokeBlobTileset } from '../import/blob-tileset.ts';
import type { ImportEntry } from '../import/import-session.ts';
import { shownImportedTilesetUrls } from '../import/shown-tilesets.ts';
import { studyRequest } from './study-request.ts';

/** Wesel (NRW), 60 km from the demo city's ground: where an imported LoD2 tile lies. */
const LON = 6.62;
const LAT = 51.66;
/** The buildings' floor, ellipsoidal metres (about 20 m NHN plus the geoid). */
const FLOOR = 67;

const entry = (id: string, rootUrl: string | undefined, visible: boolean): ImportEntry => ({
  id,
  name: `${id}.gml`,
  status: 'ready',
  buildings: 1,
  features: 0,
  problems: [],
  visible,
  zoomRequest: 0,
  ...(rootUrl ? { tileset: { rootUrl, files: [], urls: [rootUrl] } } : {}),
});

describe('imported tilesets in the shadow study', () => {
  it('counts the imported tilesets shown, in import order, and leaves out hidden ones and those not ready', () => {
    expect(
      shownImportedTilesetUrls([
        entry('a', 'blob:http://localhost/a', true),
        entry('b', 'blob:http://localhost/b', false),
        entry('c', undefined, true),
        entry('d', 'blob:http://localhost/d', true),
      ]),
    ).toEqual(['blob:http://localhost/a', 'blob:http://localhost/d']);
  });

  it('reads an import’s blob tileset (as the app makes it) and stands the view square on its buildings’ floor', async () => {
    await initTileCompression();
    const { files } = buildTileset(
      [syntheticBoxBuilding({ id: 'DENW0', lonDeg: LON, latDeg: LAT, height: FLOOR, size: [20, 20, 25] })],
      { compress: true },
    );
    const blob = await createBlobTileset(
      files.map((file) => ({ path: file.path, bytes: file.bytes.slice().buffer as ArrayBuffer })),
      'DENW.gml',
    );
    try {
      const urls = shownImportedTilesetUrls([entry('import-1', blob.rootUrl, true)]);
      const request = studyRequest(
        { centre: [LON, LAT] },
        { date: { year: 2026, month: 3, day: 21 }, ground: DEMO_LAYERS.ground, tilesetUrls: urls },
      );
      expect(request?.groundHeight).toBe(0); // the city's ground does not reach Wesel
      expect(request?.groundFromBuildings).toBe(true);
      // The worker's loader: fetch, which reads blob: URLs (Node's as Chromium's).
      const load = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());
      const result = await runShadowStudy(request!, load);
      expect(result.tilesRead).toBeGreaterThanOrEqual(1);
      expect(result.cityTriangles).toBeGreaterThanOrEqual(12);
      expect(result.grid.height).toBeCloseTo(FLOOR, 1);
      // The box shades the ground north of it: the least sun is well under the day; the most is the whole day.
      expect(result.todayStats.min).toBeLessThan(result.dayHours - 2);
      expect(result.todayStats.max).toBe(result.dayHours);
    } finally {
      revokeBlobTileset(blob);
    }
  });

  it('keeps the city’s ground for a view square the city’s ground reaches', () => {
    const { ground } = DEMO_LAYERS;
    const request = studyRequest(
      { centre: [ground!.longitude, ground!.latitude] },
      { date: { year: 2026, month: 3, day: 21 }, ground, tilesetUrls: [] },
    );
    expect(request?.groundFromBuildings).toBe(false);
    expect(request?.groundHeight).toBeCloseTo(ground!.heightNhn + (ground!.undulation ?? 0), 6);
  });
});
