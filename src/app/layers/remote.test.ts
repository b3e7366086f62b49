import { describe, expect, it } from 'vitest';
import {
  boxAround,
  nextPageUrl,
  ogcItemsUrl,
  readCsvFeatures,
  readOgcFeatures,
  readWfsGeoJson,
  wfsGetFeatureUrl,
} from './remote.ts';

const BASE = 'http://127.0.0.1:8080/';

function page(ids: number[], next?: string) {
  return {
    type: 'FeatureCollection',
    features: ids.map((id) => ({
      type: 'Feature',
      properties: { name: `Site ${id}` },
      geometry: { type: 'Point', coordinates: [7.2 + id / 1000, 51.289] },
    })),
    links: next ? [{ rel: 'next', type: 'application/geo+json', href: next }] : [],
  };
}

describe('remote vector sources', () => {
  it('builds a WFS 2.0 GetFeature URL with a lat/lon-ordered BBOX and the feature cap', () => {
    const url = new URL(
      wfsGetFeatureUrl(
        { type: 'wfs', url: 'http://127.0.0.1:9/mapserv?map=test', typeName: 'sites', remote: true },
        [7.1, 51.2, 7.3, 51.4],
        BASE,
      ),
    );
    expect(url.searchParams.get('map')).toBe('test');
    expect(url.searchParams.get('REQUEST')).toBe('GetFeature');
    expect(url.searchParams.get('TYPENAMES')).toBe('sites');
    expect(url.searchParams.get('OUTPUTFORMAT')).toBe('application/json');
    expect(url.searchParams.get('COUNT')).toBe('2000');
    expect(url.searchParams.get('BBOX')).toBe('51.2,7.1,51.4,7.3,urn:ogc:def:crs:EPSG::4326');
  });

  it('builds an OGC API Features items URL with a lon/lat bbox', () => {
    const url = ogcItemsUrl(
      {
        type: 'ogc-features',
        url: 'http://127.0.0.1:9/ogcapi/',
        collection: 'sites',
        remote: true,
        maxFeatures: 50,
      },
      [7.1, 51.2, 7.3, 51.4],
      BASE,
    );
    expect(url).toBe(
      'http://127.0.0.1:9/ogcapi/collections/sites/items?f=json&limit=50&bbox=7.1%2C51.2%2C7.3%2C51.4',
    );
  });

  it('makes a box of the given radius around a point', () => {
    const [west, south, east, north] = boxAround(7.2, 51.289, 5000);
    expect(north - south).toBeCloseTo((2 * 5000) / 111_195, 4);
    expect(east - west).toBeCloseTo((north - south) / Math.cos((51.289 * Math.PI) / 180), 4);
  });

  it('follows next links on the same origin up to the feature cap', async () => {
    const seen: string[] = [];
    const pages: Record<string, unknown> = {
      'http://127.0.0.1:9/o/collections/c/items?f=json&limit=2': page([1, 2], 'http://127.0.0.1:9/o/p2'),
      'http://127.0.0.1:9/o/p2': page([3, 4], 'http://127.0.0.1:9/o/p3'),
      'http://127.0.0.1:9/o/p3': page([5], undefined),
    };
    const source = {
      type: 'ogc-features',
      url: 'http://127.0.0.1:9/o',
      collection: 'c',
      remote: true,
    } as const;
    const fetchJson = (url: string) => {
      seen.push(url);
      return Promise.resolve(pages[url]);
    };
    const all = await readOgcFeatures({ ...source, maxFeatures: 2 }, undefined, 'l', fetchJson, BASE);
    expect(all.features.map((f) => f.properties.name)).toEqual(['Site 1', 'Site 2']);
    expect(all.truncated).toBe(true);
    seen.length = 0;
    pages['http://127.0.0.1:9/o/collections/c/items?f=json&limit=500'] = page(
      [1, 2],
      'http://127.0.0.1:9/o/p2',
    );
    const full = await readOgcFeatures(source, undefined, 'l', fetchJson, BASE);
    expect(full.features).toHaveLength(5);
    expect(full.pages).toBe(3);
    expect(full.truncated).toBe(false);
    expect(new Set(full.features.map((f) => f.id)).size).toBe(5);
  });

  it('does not follow a next link to another server', () => {
    expect(nextPageUrl(page([1], 'https://example.org/steal'), 'http://127.0.0.1:9/o')).toBeUndefined();
    expect(nextPageUrl(page([1], '/o/p2'), 'http://127.0.0.1:9/o')).toBe('http://127.0.0.1:9/o/p2');
  });

  it('reports a WFS exception instead of features', () => {
    const xml = '<ows:ExceptionReport><ows:Exception><ows:ExceptionText>bad typename</ows:ExceptionText>';
    expect(() => readWfsGeoJson(xml, 'l', 'http://x/wfs')).toThrow(/bad typename/);
  });

  it('reads CSV points with guessed or named columns and reports bad rows with their line', () => {
    const csv = 'name;lat;lon\nA;51,289;7,2\nB;x;7.2\nC;51.29;7.21\n';
    const { features, problems } = readCsvFeatures(csv, 'csv', { url: 'sites.csv' });
    expect(features.map((f) => [f.properties.name, f.coordinates[0]?.[0]])).toEqual([
      ['A', [7.2, 51.289]],
      ['C', [7.21, 51.29]],
    ]);
    expect(problems).toEqual([
      'sites.csv:3: CSV reader: no valid position; expected numbers in columns "lon" and "lat"',
    ]);
    expect(features[0]?.properties).toEqual({ name: 'A' });
    const named = readCsvFeatures('name\tE\tN\nA\t7.2\t51.3\n', 'csv', {
      url: 't.tsv',
      longitudeColumn: 'E',
      latitudeColumn: 'N',
    });
    expect(named.features[0]?.coordinates).toEqual([[[7.2, 51.3]]]);
    expect(() => readCsvFeatures('a,b\n1,2\n', 'csv', { url: 'x.csv' })).toThrow(
      /x\.csv:1: CSV reader: no position columns/,
    );
  });
});
