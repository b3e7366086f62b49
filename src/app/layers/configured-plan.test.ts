import { describe, expect, it } from 'vitest';
import type { PlanLayerData } from '../../core/layers/xplan/plan-data.ts';
import { configuredPlanSource, loadConfiguredPlan } from './configured-plan.ts';
import type { PlanReader } from './configured-plan.ts';
import type { LayerConfig } from './types.ts';
import { serializeLayerStates } from './url-state.ts';

const PLAN: PlanLayerData = {
  planId: 'plan-GML_1',
  name: 'Plan',
  areas: [],
  planProperties: {},
  planLinks: [],
  centre: [7.2, 51.29],
  undulation: 46.6,
  warnings: [],
};

function layer(id: string, source: LayerConfig['source']): LayerConfig {
  return { id, group: 'planning', label: { de: id, en: id }, visible: false, opacity: 1, source };
}

const SOURCE = { type: 'xplan', planId: 'bplan', url: 'data/plan.gml' } as const;

describe('configured plans', () => {
  it('are loaded by their areas layer only, never by imported plans', () => {
    expect(configuredPlanSource(layer('bplan', SOURCE))).toEqual(SOURCE);
    expect(configuredPlanSource(layer('bplan:envelopes', SOURCE))).toBeUndefined();
    expect(configuredPlanSource(layer('plan-x', { type: 'xplan', planId: 'plan-x' }))).toBeUndefined();
  });

  it('fetch the file from the origin, read it on the reader and keep the configured plan id', async () => {
    const requested: string[] = [];
    const read: { name: string; text: string }[] = [];
    const reader: PlanReader = {
      readPlan: async (file, name) => {
        read.push({ name, text: await file.text() });
        return PLAN;
      },
    };
    const plan = await loadConfiguredPlan(SOURCE, reader, {
      base: 'http://127.0.0.1:5173/app/',
      fetch: (async (url: string) => {
        requested.push(url);
        return new Response('<xplan:XPlanAuszug/>');
      }) as typeof fetch,
    });
    expect(requested).toEqual(['http://127.0.0.1:5173/app/data/plan.gml']);
    expect(read).toEqual([{ name: 'plan.gml', text: '<xplan:XPlanAuszug/>' }]);
    expect(plan).toEqual({ ...PLAN, planId: 'bplan' });
  });

  it('name the status and the URL when the file is missing, and read nothing', async () => {
    let reads = 0;
    const reader: PlanReader = {
      readPlan: () => {
        reads += 1;
        return Promise.resolve(PLAN);
      },
    };
    await expect(
      loadConfiguredPlan(SOURCE, reader, {
        base: 'http://127.0.0.1/',
        fetch: (async () => new Response('missing', { status: 404 })) as typeof fetch,
      }),
    ).rejects.toThrow('HTTP 404 data/plan.gml');
    expect(reads).toBe(0);
  });

  it('keep their layer states in the shareable URL, unlike imported plans', () => {
    const layers = [
      layer('bplan', SOURCE),
      layer('bplan:envelopes', SOURCE),
      layer('plan-x', { type: 'xplan', planId: 'plan-x' }),
    ];
    const visible = { visible: true, opacity: 1 };
    const states = { bplan: visible, 'bplan:envelopes': visible, 'plan-x': visible };
    expect(serializeLayerStates(states, layers)).toBe('bplan:1,bplan%3Aenvelopes:1');
  });
});
