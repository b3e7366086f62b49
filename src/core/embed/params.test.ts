import { describe, expect, it } from 'vitest';
import { parseCameraView } from '../view/camera-view.ts';
import {
  formatEmbedQuery,
  formatFullViewerQuery,
  iframeSnippet,
  isTilesetUrlAllowed,
  originOf,
  parseEmbedParams,
} from './params.ts';

const VIEW = '7.2002,51.2819,650,0,-38,0';

describe('parseEmbedParams', () => {
  it('reads tilesets, the main viewer’s view value, the selection, language and city', () => {
    const params = new URLSearchParams(
      `tileset=tiles/demo/tileset.json&tileset=%20&view=${VIEW}&select=B1&lang=en&city=Wuppertal`,
    );
    const parsed = parseEmbedParams(params);
    expect(parsed.tilesets).toEqual(['tiles/demo/tileset.json']);
    expect(parsed.view).toEqual((parseCameraView(VIEW) as { view: unknown }).view);
    expect(parsed.select).toBe('B1');
    expect(parsed.language).toBe('en');
    expect(parsed.city).toBe('wuppertal');
    expect(parsed.problems).toEqual([]);
  });

  it('accepts the main viewer’s selected= too and reports bad values as problems', () => {
    const parsed = parseEmbedParams(new URLSearchParams('selected=B2&view=1,2,3&lang=fr'));
    expect(parsed.select).toBe('B2');
    expect(parsed.view).toBeUndefined();
    expect(parsed.problems).toEqual([
      { param: 'lang', value: 'fr' },
      { param: 'view', value: '1,2,3', problem: { kind: 'count', count: 3 } },
    ]);
  });

  it('round-trips through formatEmbedQuery', () => {
    const view = parseEmbedParams(new URLSearchParams(`view=${VIEW}`)).view;
    const query = formatEmbedQuery({ language: 'de', view, select: 'DE&1', tilesets: ['a b.json'] });
    expect(query).toBe(`lang=de&view=${VIEW}&select=DE%261&tileset=a%20b.json`);
    const back = parseEmbedParams(new URLSearchParams(query));
    expect(back).toEqual({ language: 'de', view, select: 'DE&1', tilesets: ['a b.json'], problems: [] });
  });

  it('reads time= and layers= as the main viewer does, and writes them back', () => {
    const parsed = parseEmbedParams(
      new URLSearchParams('time=2026-12-21T10:00:00%2B01:00&layers=schools:1:80,fibre-routes:2,%3A'),
    );
    expect(parsed.time).toBe('2026-12-21T10:00:00+01:00');
    expect(parsed.layers).toEqual({ schools: { visible: true, opacity: 0.8 } });
    expect(parsed.problems).toEqual([{ param: 'layers', value: 'schools:1:80,fibre-routes:2,:' }]);
    const query = formatEmbedQuery({ time: parsed.time, layers: parsed.layers });
    expect(query).toBe('layers=schools:1:80&time=2026-12-21T10:00:00%2B01:00');
    expect(parseEmbedParams(new URLSearchParams(query))).toEqual({
      time: '2026-12-21T10:00:00+01:00',
      layers: { schools: { visible: true, opacity: 0.8 } },
      tilesets: [],
      problems: [],
    });
    expect(formatFullViewerQuery({ time: parsed.time, layers: { schools: { visible: false } } })).toBe(
      'layers=schools:0&time=2026-12-21T10:00:00%2B01:00',
    );
  });

  it('reports a time without a zone or an impossible date', () => {
    for (const time of ['2026-06-21T12:00:00', '2026-13-01T12:00:00Z', 'noon']) {
      const parsed = parseEmbedParams(new URLSearchParams({ time }));
      expect(parsed.time).toBeUndefined();
      expect(parsed.problems).toEqual([{ param: 'time', value: time }]);
    }
  });

  it('writes the full viewer’s selected= for the same state', () => {
    const view = parseEmbedParams(new URLSearchParams(`view=${VIEW}`)).view;
    expect(formatFullViewerQuery({ city: 'demo', view, select: 'B1' })).toBe(
      `city=demo&view=${VIEW}&selected=B1`,
    );
  });
});

describe('tileset origins', () => {
  it('normalises origins and refuses what is not http(s)', () => {
    expect(originOf('HTTPS://Tiles.Example.org:443/a/tileset.json')).toBe('https://tiles.example.org');
    expect(originOf('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080');
    expect(originOf('http://good.example@evil.example/x')).toBe('http://evil.example');
    expect(originOf('tiles/demo/tileset.json')).toBeUndefined();
    expect(originOf('javascript:alert(1)')).toBeUndefined();
    expect(originOf('data:application/json,{}')).toBeUndefined();
  });

  it('allows the page’s own origin and the listed ones only', () => {
    const page = 'http://127.0.0.1:4173';
    const allowed = ['https://tiles.example.org/city/tileset.json'];
    expect(isTilesetUrlAllowed('http://127.0.0.1:4173/tiles/demo/tileset.json', page, allowed)).toBe(true);
    expect(isTilesetUrlAllowed('https://tiles.example.org/other/tileset.json', page, allowed)).toBe(true);
    expect(isTilesetUrlAllowed('http://127.0.0.1:9999/tileset.json', page, allowed)).toBe(false);
    expect(isTilesetUrlAllowed('https://tiles.example.org.evil.example/t.json', page, allowed)).toBe(false);
    expect(isTilesetUrlAllowed('blob:http://127.0.0.1:4173/x', page, allowed)).toBe(false);
  });
});

describe('iframeSnippet', () => {
  it('writes size, title and src as escaped attributes', () => {
    const snippet = iframeSnippet('https://x.example/embed.html?view=1,2&select=a"b', {
      width: 800.4,
      height: 20,
      title: 'Schule <Nord> & "Süd"',
    });
    expect(snippet).toBe(
      '<iframe src="https://x.example/embed.html?view=1,2&amp;select=a&quot;b" width="800" height="120" ' +
        'title="Schule &lt;Nord&gt; &amp; &quot;Süd&quot;" loading="lazy" allowfullscreen ' +
        'referrerpolicy="no-referrer" style="border:0"></iframe>',
    );
  });

  it('falls back to the defaults for a missing title and sizes', () => {
    expect(iframeSnippet('https://x.example/embed.html', { title: ' ', width: Number.NaN })).toContain(
      'width="640" height="400" title="3D-Stadtmodell"',
    );
  });
});
