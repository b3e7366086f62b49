import { describe, expect, it } from 'vitest';
import { layersConfigUrl, mergeLayersConfig, parseLayersConfig } from './layers-override.ts';

const LOCAL_PAGE = 'http://127.0.0.1:4173/?city=wuppertal';

describe('?layersConfig= (tests and local development only)', () => {
  it('accepts a loopback config URL on a loopback page', () => {
    const search = '?layersConfig=http%3A%2F%2F127.0.0.1%3A9000%2Flayers.json';
    expect(layersConfigUrl(search, LOCAL_PAGE)).toEqual({ url: 'http://127.0.0.1:9000/layers.json' });
    expect(layersConfigUrl('?layersConfig=http://localhost:9/l.json', 'http://localhost:5173/').url).toBe(
      'http://localhost:9/l.json',
    );
    expect(layersConfigUrl('', LOCAL_PAGE)).toEqual({});
  });

  it('refuses other hosts, other schemes, and any public deployment', () => {
    expect(layersConfigUrl('?layersConfig=https://example.org/l.json', LOCAL_PAGE).refused).toMatch(
      /localhost/,
    );
    expect(
      layersConfigUrl('?layersConfig=http://127.0.0.1.example.org/l.json', LOCAL_PAGE).url,
    ).toBeUndefined();
    expect(layersConfigUrl('?layersConfig=file:///etc/passwd', LOCAL_PAGE).url).toBeUndefined();
    expect(layersConfigUrl('?layersConfig=layers.json', LOCAL_PAGE).url).toBeUndefined();
    const publicPage = layersConfigUrl('?layersConfig=http://127.0.0.1:9/l.json', 'https://stadt.example/');
    expect(publicPage.url).toBeUndefined();
    expect(publicPage.refused).toMatch(/only honoured on a viewer served from localhost/);
  });

  it('checks the layer config and starts layers hidden unless they say otherwise', () => {
    const config = parseLayersConfig(
      {
        groups: [{ id: 'remote', label: { de: 'Dienste', en: 'Services' } }],
        layers: [
          {
            id: 'wms',
            group: 'remote',
            label: { de: 'WMS', en: 'WMS' },
            source: { type: 'wms', url: 'http://127.0.0.1:9/ms', layers: 'zones', remote: true },
          },
        ],
      },
      'l.json',
    );
    expect(config.layers[0]).toMatchObject({ id: 'wms', visible: false, opacity: 1 });
    expect(() =>
      parseLayersConfig(
        { layers: [{ id: 'w', group: 'g', label: { de: 'a', en: 'a' }, source: { type: 'wfs', url: 'u' } }] },
        'l.json',
      ),
    ).toThrow(/l\.json: layer 0 \(w\): a wfs source must say "remote": true/);
    const gis = (format: unknown) => ({
      layers: [
        { id: 'g', group: 'g', label: { de: 'a', en: 'a' }, source: { type: 'gis', format, url: 'a.shp' } },
      ],
    });
    expect(parseLayersConfig(gis('shapefile'), 'l.json').layers[0]?.source).toMatchObject({
      format: 'shapefile',
    });
    expect(() => parseLayersConfig(gis('dwg'), 'l.json')).toThrow(
      /layer 0 \(g\): a gis source needs a format \(shapefile, geopackage, kml, flatgeobuf\)/,
    );
    expect(() => parseLayersConfig({ layers: [{ id: 'x' }] }, 'l.json')).toThrow(
      /layer 0 needs an id and a group/,
    );
    expect(() => parseLayersConfig([], 'l.json')).toThrow(/expected/);
    const credited = (attribution: unknown) => ({
      layers: [
        {
          id: 'c',
          group: 'g',
          label: { de: 'a', en: 'a' },
          source: { type: 'geojson', url: 'c.json' },
          attribution,
        },
      ],
    });
    expect(parseLayersConfig(credited('© Stadt Wuppertal'), 'l.json').layers[0]?.attribution).toBe(
      '© Stadt Wuppertal',
    );
    expect(
      parseLayersConfig(credited({ de: 'Schulen: Stadt', en: 'Schools: city' }), 'l.json').layers[0]
        ?.attribution,
    ).toEqual({ de: 'Schulen: Stadt', en: 'Schools: city' });
    for (const bad of [42, { de: 'nur deutsch' }, ['a']]) {
      expect(() => parseLayersConfig(credited(bad), 'l.json')).toThrow(
        /l\.json: layer 0 \(c\): attribution must be a text or \{de, en\}/,
      );
    }
    const merged = mergeLayersConfig({ groups: [], layers: [], broadbandStatisticsUrl: 's.json' }, config);
    expect(merged.layers.map((l) => l.id)).toEqual(['wms']);
    expect(merged.broadbandStatisticsUrl).toBe('s.json');
  });
});
