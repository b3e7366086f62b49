import { describe, expect, it } from 'vitest';
import type { PlanLayerData } from '../../core/layers/xplan/plan-data.ts';
import { DEMO_LAYERS, DEMO_PLAN_ID } from '../layers/demo-config.ts';
import type { LayerFeature } from '../layers/features.ts';
import { groupByLayer, inViewCandidates, inViewSummary, mainAttributes } from './in-view.ts';

const school = (id: string, name: string, connection: string, lon: number): LayerFeature => ({
  layerId: 'schools',
  id: `schools:${id}`,
  kind: 'point',
  coordinates: [[[lon, 51.29]]],
  height: 204,
  properties: { name, connection },
});

const coverage: LayerFeature = {
  layerId: 'broadband-coverage',
  id: 'broadband-coverage:0',
  kind: 'polygon',
  coordinates: [
    [
      [7, 51],
      [8, 51],
      [8, 52],
      [7, 52],
      [7, 51],
    ],
  ],
  properties: { speed_class: 'gte1000' },
};

const plan: PlanLayerData = {
  planId: DEMO_PLAN_ID,
  name: 'Am Toelleturm-Park',
  areas: [
    {
      id: 'a1',
      featureClass: 'BP_BaugebietsTeilFlaeche',
      polygons: [
        [
          [
            [7.2, 51.28],
            [7.21, 51.28],
            [7.21, 51.29],
            [7.2, 51.29],
          ],
        ],
      ],
      color: '#ee9a8c',
      kind: 'Allgemeines Wohngebiet (WA)',
      properties: {},
      links: [],
    },
  ],
  planProperties: {},
  planLinks: [],
  centre: [7.2, 51.28],
  undulation: 46.6,
  warnings: [],
};

describe('"in view" candidates', () => {
  const features = {
    schools: [school('0', 'Gymnasium Sedanstraße', 'connected', 7.2), school('1', ' ', 'planned', 7.3)],
    'broadband-coverage': [coverage],
  };

  it('lists the features of visible layers only, named by their own name, else their class', () => {
    const states = {
      schools: { visible: true, opacity: 1 },
      'broadband-coverage': { visible: false, opacity: 1 },
    };
    const items = inViewCandidates(DEMO_LAYERS.layers, states, features, {}, 'de');
    expect(items.map((i) => [i.key, i.name, i.detail])).toEqual([
      ['schools/schools:0', 'Gymnasium Sedanstraße', 'Glasfaser angeschlossen'],
      ['schools/schools:1', 'Anschluss geplant', undefined],
    ]);
    expect(items[0]).toMatchObject({ longitude: 7.2, latitude: 51.29, height: 204, layerLabel: 'Schulen' });
  });

  it('checks areas at their outer ring’s centre and names them by class in English', () => {
    const states = {
      schools: { visible: false, opacity: 1 },
      'broadband-coverage': { visible: true, opacity: 1 },
    };
    const [area] = inViewCandidates(DEMO_LAYERS.layers, states, features, {}, 'en');
    expect(area).toMatchObject({ name: '≥ 1000 Mbit/s (fibre)', longitude: 7.5, latitude: 51.5 });
  });

  it('lists a shown plan’s areas once (not again for its envelopes)', () => {
    const states = {
      schools: { visible: false, opacity: 1 },
      [DEMO_PLAN_ID]: { visible: true, opacity: 1 },
      [`${DEMO_PLAN_ID}:envelopes`]: { visible: true, opacity: 1 },
    };
    const items = inViewCandidates(DEMO_LAYERS.layers, states, {}, { [DEMO_PLAN_ID]: plan }, 'de');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      name: 'Allgemeines Wohngebiet (WA)',
      longitude: 7.205,
      latitude: 51.285,
    });
  });

  it('groups by layer and summarises for the live region', () => {
    const states = {
      schools: { visible: true, opacity: 1 },
      'broadband-coverage': { visible: true, opacity: 1 },
    };
    const items = inViewCandidates(DEMO_LAYERS.layers, states, features, {}, 'de');
    expect(groupByLayer(items).map((g) => [g.layerLabel, g.items.length])).toEqual([
      ['Schulen', 2],
      ['Versorgung nach Geschwindigkeit', 1],
    ]);
    expect(inViewSummary(items)).toBe('2 × Schulen, 1 × Versorgung nach Geschwindigkeit');
    expect(inViewSummary([])).toBe('');
  });

  it('picks a building’s main attributes in a fixed order, else its first five', () => {
    const properties: [string, string][] = [
      ['gml_id', 'B1'],
      ['measuredHeight', '12.5'],
      ['function', '31001_1000'],
      ['name', 'Rathaus'],
    ];
    expect(mainAttributes(properties).map(([k]) => k)).toEqual(['name', 'function', 'measuredHeight']);
    const other: [string, string][] = Array.from({ length: 7 }, (_, i) => [`p${i}`, String(i)]);
    expect(mainAttributes(other)).toHaveLength(5);
  });
});
