import { describe, expect, it } from 'vitest';
import type { PlanArea, PlanLayerData } from '../../core/layers/xplan/plan-data.ts';
import type { LayerConfig } from '../layers/types.ts';
import { planAreaChoices } from './plan-area-choices.ts';

const RING: [number, number][] = [
  [7, 51],
  [7.001, 51],
  [7.001, 51.001],
];

function area(kind: string): PlanArea {
  return {
    id: kind,
    featureClass: 'BP_Test',
    polygons: [[RING]],
    color: '#000000',
    kind,
    properties: {},
    links: [],
  };
}

const PLAN: PlanLayerData = {
  planId: 'p',
  name: 'Plan 1',
  areas: [area('Allgemeines Wohngebiet (WA)'), area('Grünfläche'), area('Allgemeines Wohngebiet (WA)')],
  planProperties: {},
  planLinks: [],
  centre: [7, 51],
  undulation: 46,
  warnings: [],
};

const LAYER: LayerConfig = {
  id: 'p',
  group: 'planning',
  label: { de: 'Plan 1', en: 'Plan 1' },
  visible: true,
  opacity: 1,
  source: { type: 'xplan', planId: 'p' },
  style: {
    geometry: 'polygons',
    color: '#a0a0a0',
    property: 'Art',
    classes: [{ value: 'Grünfläche', label: { de: 'Grünfläche', en: 'Green space' }, color: '#8cc67a' }],
  },
};

describe('plan areas to choose in the cut panel', () => {
  it('names each kind as the layer legend does and numbers areas of one kind', () => {
    expect(planAreaChoices({ p: PLAN }, [LAYER], 'en').map((choice) => choice.label)).toEqual([
      'Plan 1: Allgemeines Wohngebiet (WA), area 1 of 2',
      'Plan 1: Green space',
      'Plan 1: Allgemeines Wohngebiet (WA), area 2 of 2',
    ]);
    expect(planAreaChoices({ p: PLAN }, [], 'de').map((choice) => choice.label)[2]).toBe(
      'Plan 1: Allgemeines Wohngebiet (WA), Fläche 2 von 2',
    );
  });
});
