import { describe, expect, it } from 'vitest';
import { readPointTable } from '../../core/layers/vector.ts';
import { featureColor, layerFeaturesFromVector, legendFor, pickedFromLayerFeature } from './features.ts';
import { geoJsonLayerFeatures } from './geojson-features.ts';
import { DEMO_LAYERS } from './demo-config.ts';
import { initialLayerStates } from './model.ts';

const schools = DEMO_LAYERS.layers.find((l) => l.id === 'schools');
if (!schools?.style) throw new Error('demo config has no schools style');

describe('geoJsonLayerFeatures (core GeoJSON reader → layer features)', () => {
  it('reads points with heights, lines, polygons and multi-geometries; skips bad ones', () => {
    const { features, skipped } = geoJsonLayerFeatures(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [7.2, 51.3, 203] },
            properties: { n: 1 },
          },
          {
            type: 'Feature',
            geometry: {
              type: 'LineString',
              coordinates: [
                [7, 51],
                [7.1, 51.1],
              ],
            },
          },
          {
            type: 'Feature',
            geometry: {
              type: 'MultiPolygon',
              coordinates: [
                [
                  [
                    [7, 51],
                    [7.1, 51],
                    [7.1, 51.1],
                    [7, 51],
                  ],
                ],
                [
                  [
                    [8, 52],
                    [8.1, 52],
                    [8, 52.1],
                    [8, 52],
                  ],
                ],
              ],
            },
          },
          { type: 'Feature', geometry: { type: 'Point', coordinates: ['7', 51] } },
          { type: 'Feature', geometry: null },
        ],
      }),
      'test',
    );
    expect(features.map((f) => f.kind)).toEqual(['point', 'line', 'polygon', 'polygon']);
    expect(features[0]?.height).toBe(203);
    expect(features[0]?.properties.n).toBe('1');
    expect(features[2]?.id).toBe('test:2.0');
    expect(skipped).toBe(2);
  });

  it('reports a source without any feature as an error', () => {
    expect(() => geoJsonLayerFeatures('{"type": "FeatureCollection", "features": [', 'l', 'a.json')).toThrow(
      /^a\.json:1: GeoJSON reader: not valid JSON/,
    );
    expect(geoJsonLayerFeatures('{"type": "FeatureCollection", "features": []}', 'l').features).toEqual([]);
  });
});

describe('layerFeaturesFromVector', () => {
  it('gives one feature per part with the file index in its id, heights of points, and leaves out columns', () => {
    const { features } = geoJsonLayerFeatures(
      '{"type":"FeatureCollection","features":[{"type":"Feature","id":9,"properties":{"a":"x"},' +
        '"geometry":{"type":"MultiPoint","coordinates":[[7,51,100],[7.1,51.1]]}}]}',
      'm',
    );
    expect(features).toEqual([
      {
        layerId: 'm',
        id: 'm:0.0',
        kind: 'point',
        coordinates: [[[7, 51]]],
        properties: { a: 'x' },
        height: 100,
      },
      { layerId: 'm', id: 'm:0.1', kind: 'point', coordinates: [[[7.1, 51.1]]], properties: { a: 'x' } },
    ]);
    const table = readPointTable('name;lat;lon\nA;51;7\n');
    expect(layerFeaturesFromVector(table, 't', table.positionColumns)).toEqual([
      { layerId: 't', id: 't:0', kind: 'point', coordinates: [[[7, 51]]], properties: { name: 'A' } },
    ]);
  });
});

describe('legends and colours from the style', () => {
  it('lists one legend entry per class in the chosen language', () => {
    const legend = legendFor(schools.style, 'en', schools.label);
    expect(legend.map((l) => l.label)).toEqual(['Fibre connected', 'Connection planned', 'Not connected']);
    expect(legend.every((l) => l.shape === 'points')).toBe(true);
  });

  it('colours a feature by its class, else the style colour', () => {
    const style = schools.style;
    if (!style) throw new Error('no style');
    expect(featureColor(style, { connection: 'planned' })).toBe('#f0e442');
    expect(featureColor(style, { connection: 'unknown' })).toBe(style.color);
  });

  it('gives a single entry for single-colour styles', () => {
    const fibre = DEMO_LAYERS.layers.find((l) => l.id === 'fibre-routes');
    expect(legendFor(fibre?.style, 'de', fibre?.label ?? { de: '', en: '' })).toEqual([
      { color: '#8a0070', label: 'Glasfasertrasse', shape: 'lines' },
    ]);
  });
});

describe('pickedFromLayerFeature', () => {
  it('keeps values as text, links only http(s) websites and notes illustrative data', () => {
    const picked = pickedFromLayerFeature(
      {
        layerId: 'schools',
        id: 'schools:0',
        kind: 'point',
        coordinates: [[[7, 51]]],
        properties: {
          name: '<img src=x onerror=alert(1)>',
          website: 'javascript:alert(1)',
          illustrative: 'true',
        },
      },
      schools,
      'de',
    );
    expect(picked.title).toBe('Schulen');
    expect(picked.properties).toEqual([
      ['name', '<img src=x onerror=alert(1)>'],
      ['website', 'javascript:alert(1)'],
    ]);
    expect(picked.links).toEqual([]);
    expect(picked.note).toContain('Illustrativ');
    const safe = pickedFromLayerFeature(
      {
        layerId: 'schools',
        id: 's',
        kind: 'point',
        coordinates: [],
        properties: { website: 'https://a.example/x' },
      },
      { label: schools.label },
      'en',
    );
    expect(safe.links).toEqual([{ label: 'https://a.example/x', href: 'https://a.example/x' }]);
    expect(safe.note).toBeUndefined();
  });
});

describe('pickedFromLayerFeature, a classified layer', () => {
  it('gives the value of the property the layer is coloured by as its legend label', () => {
    const coverage = DEMO_LAYERS.layers.find((layer) => layer.id === 'broadband-coverage')!;
    const style = coverage.style!;
    const first = style.classes![0]!;
    const picked = pickedFromLayerFeature(
      {
        layerId: coverage.id,
        id: 'c',
        kind: 'polygon',
        coordinates: [],
        properties: { [style.property!]: first.value, other: first.value },
      },
      coverage,
      'en',
    );
    expect(picked.properties).toEqual([
      [style.property, first.label.en],
      ['other', first.value],
    ]);
  });

  it("names the properties by the layer's fields and says truth values as yes or no, in the language asked", () => {
    const coverage = DEMO_LAYERS.layers.find((layer) => layer.id === 'broadband-coverage')!;
    const feature = {
      layerId: coverage.id,
      id: 'c',
      kind: 'polygon' as const,
      coordinates: [],
      properties: { fibre: 'true', speed_class: 'lt30', __proto__field: 'x', other: 'false' },
    };
    const german = pickedFromLayerFeature(feature, coverage, 'de');
    expect(german.labels).toEqual({ fibre: 'Glasfaser verfügbar', speed_class: 'Verfügbare Bandbreite' });
    expect(german.properties).toEqual([
      ['fibre', 'ja'],
      ['speed_class', '< 30 Mbit/s'],
      ['__proto__field', 'x'],
      ['other', 'nein'],
    ]);
    const english = pickedFromLayerFeature(feature, coverage, 'en');
    expect(english.labels).toEqual({ fibre: 'Fibre available', speed_class: 'Available bandwidth' });
    expect(english.properties[0]).toEqual(['fibre', 'yes']);
    // a layer without fields gives no labels; a field named like Object.prototype's members is not one
    const plain = pickedFromLayerFeature(
      { ...feature, properties: { constructor: 'a', toString: 'b' } },
      { label: coverage.label },
      'de',
    );
    expect(plain.labels).toBeUndefined();
    const tricky = pickedFromLayerFeature(
      { ...feature, properties: { constructor: 'a' } },
      { label: coverage.label, fields: {} },
      'de',
    );
    expect(tricky.labels).toBeUndefined();
  });
});

describe('layer state', () => {
  it('starts from the configured visibility and opacity and is plain JSON', () => {
    const states = initialLayerStates(DEMO_LAYERS.layers);
    expect(states.schools).toEqual({ visible: true, opacity: 1 });
    expect(states['broadband-coverage']).toEqual({ visible: false, opacity: 0.55 });
    expect(JSON.parse(JSON.stringify(states))).toEqual(states);
  });
});
