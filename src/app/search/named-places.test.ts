import { describe, expect, it } from 'vitest';
import type { LayerConfig } from '../layers/types.ts';
import type { LayerFeature } from '../layers/features.ts';
import { addressIndexUrl } from './address-sources.ts';
import { namedPlaces } from './named-places.ts';

const layer = (id: string, group: string, source: LayerConfig['source'], extra: Partial<LayerConfig> = {}) =>
  ({
    id,
    group,
    label: { de: `${id} (de)`, en: `${id} (en)` },
    visible: false,
    opacity: 1,
    source,
    ...extra,
  }) as LayerConfig;

describe('namedPlaces', () => {
  const school: LayerFeature = {
    layerId: 'schools',
    id: 'f1',
    kind: 'point',
    coordinates: [[[7.2, 51.27]]],
    height: 210,
    properties: { name: 'Gymnasium Sedanstraße' },
  };
  const model = {
    layers: [
      layer('schools', 'education', { type: 'geojson', url: 'schools.geojson' }, { searchProperty: 'name' }),
      layer('routes', 'broadband', { type: 'geojson', url: 'routes.geojson' }),
      layer('bplan-demo', 'planning', { type: 'xplan', planId: 'bplan-demo', url: 'plan.gml' }),
      layer('bplan-demo:envelopes', 'planning', { type: 'xplan', planId: 'bplan-demo', url: 'plan.gml' }),
    ],
    features: { schools: [school], routes: [{ ...school, layerId: 'routes', id: 'r1' }] },
    plans: {},
  };
  it('lists searchable features as schools and each plan once, by its areas layer, in the language', () => {
    const { places, features, planLayers } = namedPlaces(model, 'en');
    expect(places).toEqual([
      {
        kind: 'school',
        id: 'schools/f1',
        name: 'Gymnasium Sedanstraße',
        detail: 'schools (en)',
        place: { longitude: 7.2, latitude: 51.27, height: 210 },
      },
      { kind: 'plan', id: 'bplan-demo', name: 'bplan-demo (en)', detail: '' },
    ]);
    expect(features.get('schools/f1')).toBe(school);
    expect(planLayers.get('bplan-demo')).toBe('bplan-demo');
  });
});

describe('addressIndexUrl', () => {
  it('lies beside tileset.json, relative to the page', () => {
    expect(addressIndexUrl('tiles/demo/tileset.json', 'http://127.0.0.1:4173/app/')).toBe(
      'http://127.0.0.1:4173/app/tiles/demo/addresses.json',
    );
  });
});
