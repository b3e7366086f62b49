import { describe, expect, it } from 'vitest';
import { NO_DATA, createBuildingJoin } from '../../core/layers/building-joins.ts';
import { layerJoinChoices } from './building-style.ts';
import { DEMO_LAYERS } from './demo-config.ts';
import { geoJsonLayerFeatures } from './geojson-features.ts';
import { buildJoinSpec, joinText } from './join-spec.ts';
import type { PlanLayerData } from '../../core/layers/xplan/plan-data.ts';

const square = (west: number, south: number, size: number): [number, number][] => [
  [west, south],
  [west + size, south],
  [west + size, south + size],
  [west, south + size],
  [west, south],
];

describe('building joins offered for the demo layers', () => {
  it('offers the coverage classes and the distance to the nearest school, not the fibre routes', () => {
    expect(layerJoinChoices(DEMO_LAYERS.layers).map((c) => c.value)).toEqual([
      'distance:schools',
      'class:broadband-coverage',
    ]);
  });
});

describe('buildJoinSpec', () => {
  it('classes coverage polygons by the layer style, with its labels and colours', () => {
    const geojson = {
      type: 'FeatureCollection',
      features: [
        {
          properties: { speed_class: 'gte1000' },
          geometry: { type: 'Polygon', coordinates: [square(7, 51, 1)] },
        },
        {
          properties: { speed_class: 'unknown' },
          geometry: { type: 'Polygon', coordinates: [square(8, 51, 1)] },
        },
      ],
    };
    const { features } = geoJsonLayerFeatures({ value: geojson }, 'broadband-coverage');
    const spec = buildJoinSpec('class:broadband-coverage', DEMO_LAYERS.layers, features, [], 'en');
    if (spec.kind !== 'polygon-class') throw new Error(`unexpected ${spec.kind}`);
    expect(spec.labels[3]).toBe('≥ 1000 Mbit/s (fibre)');
    expect(spec.colours[0]).toBe('#8b2500');
    expect(Array.from(spec.classOfPolygon)).toEqual([3, NO_DATA]);
    const classes = createBuildingJoin(spec).classify({
      centroids: new Float64Array([7.5, 51.5, 8.5, 51.5]),
    });
    expect(Array.from(classes)).toEqual([3, NO_DATA]);
  });

  it('takes the school points as distance targets', () => {
    const geojson = {
      type: 'FeatureCollection',
      features: [{ properties: { name: 'A' }, geometry: { type: 'Point', coordinates: [7.2, 51.29, 200] } }],
    };
    const { features } = geoJsonLayerFeatures({ value: geojson }, 'schools');
    const spec = buildJoinSpec('distance:schools', DEMO_LAYERS.layers, features, [], 'de');
    if (spec.kind !== 'distance') throw new Error(`unexpected ${spec.kind}`);
    expect(Array.from(spec.targets)).toEqual([7.2, 51.29]);
  });

  it('tells building areas from plan boundaries in imported plans, labelled in the language', () => {
    const area = (featureClass: string, ring: [number, number][]) =>
      ({ featureClass, polygons: [[ring]] }) as unknown as PlanLayerData['areas'][number];
    const plan = {
      areas: [
        area('BP_Plan', square(7, 51, 0.01)),
        area('BP_BaugebietsTeilFlaeche', square(7.001, 51.001, 0.002)),
        area('BP_StrassenVerkehrsFlaeche', square(7.005, 51.005, 0.002)),
      ],
    } as unknown as PlanLayerData;
    const spec = buildJoinSpec('plans', [], undefined, [plan], 'de');
    if (spec.kind !== 'inside') throw new Error(`unexpected ${spec.kind}`);
    expect(spec.areas).toHaveLength(1);
    expect(spec.boundaries).toHaveLength(1);
    expect(spec.labels[0]).toBe(joinText('de', 'joinInArea'));
    const classes = createBuildingJoin(spec).classify({
      centroids: new Float64Array([7.002, 51.002, 7.006, 51.006, 7.5, 51.5]),
    });
    expect(Array.from(classes)).toEqual([0, 1, 2]);
  });

  it('refuses an unknown layer with a message naming the module', () => {
    expect(() => buildJoinSpec('distance:nowhere', DEMO_LAYERS.layers, [], [], 'de')).toThrow(/^join-spec: /);
  });

  it('fills placeholders as text', () => {
    expect(joinText('en', 'joinLoaded', { count: '<b>3</b>' })).toBe(
      '<b>3</b> buildings in the loaded tiles',
    );
  });
});
