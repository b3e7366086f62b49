import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planLayerData } from '../../core/layers/xplan/plan-data.ts';
import { DEMO_LAYERS } from '../layers/demo-config.ts';
import { resultSentences } from './describe-result.ts';
import { heatMapPixels, legendTicks, rampColour } from './heat-map.ts';
import { initialLayerStates } from '../layers/model.ts';
import {
  envelopesToShow,
  planEnvelopes,
  planStudyArea,
  studyAreaChoices,
  studyRequest,
} from './study-request.ts';
import { SHADOW_TEXTS } from './texts.ts';

const demoPlan = () => ({
  ...planLayerData(
    readFileSync(new URL('../../../public/data/demo/bplan-demo.gml', import.meta.url)),
    'bplan-demo.gml',
  ),
  planId: 'bplan-demo',
});

describe('shadow study requests', () => {
  it('offers the configured demo plan before it is loaded, then the loaded plan, and always the view centre', () => {
    const before = studyAreaChoices({}, DEMO_LAYERS.layers, 'de');
    expect(before[0]).toMatchObject({ kind: 'plan', planId: 'bplan-demo', loaded: false });
    expect(before.at(-1)).toEqual({ kind: 'view' });
    const plan = demoPlan();
    const after = studyAreaChoices({ [plan.planId]: plan }, DEMO_LAYERS.layers, 'en');
    expect(after.filter((c) => c.kind === 'plan')).toEqual([
      { kind: 'plan', planId: 'bplan-demo', name: plan.name, loaded: true },
    ]);
  });

  it('asks for the plan’s Geltungsbereich with its envelopes on the ground the app draws them on', () => {
    const plan = demoPlan();
    const ground = DEMO_LAYERS.ground;
    const request = studyRequest(
      { plan },
      {
        date: { year: 2026, month: 3, day: 21 },
        ground,
        tilesetUrls: ['http://localhost/tiles/demo/tileset.json'],
      },
    );
    expect(request?.area).toEqual(planStudyArea(plan));
    expect(request?.area.length).toBeGreaterThanOrEqual(4);
    const envelopes = planEnvelopes(plan, ground);
    expect(envelopes.length).toBeGreaterThanOrEqual(3);
    // PlanLayer: base = the city's ground NHN + the plan's undulation; every envelope rises above it.
    const base = ground!.heightNhn + plan.undulation;
    for (const envelope of envelopes) {
      expect(envelope.base).toBeCloseTo(base, 6);
      expect(envelope.top).toBeGreaterThan(base);
    }
    expect(request?.groundHeight).toBeCloseTo(base, 6);
    const square = studyRequest(
      { centre: [7.2, 51.29] },
      { date: { year: 2026, month: 3, day: 21 }, ground, tilesetUrls: [] },
    );
    expect(square?.envelopes).toEqual([]);
    expect(square?.area).toHaveLength(4);
  });
});

describe('the "with plan" view', () => {
  it('switches the plan’s hidden envelopes layer on, and nothing when shown already, absent or no plan', () => {
    const layers = DEMO_LAYERS.layers;
    const states = initialLayerStates(layers);
    const hidden = {
      ...states,
      'bplan-demo:envelopes': { ...states['bplan-demo:envelopes']!, visible: false },
    };
    expect(envelopesToShow('bplan-demo', layers, hidden)?.id).toBe('bplan-demo:envelopes');
    expect(envelopesToShow('bplan-demo', layers, hidden)?.label.de).toContain('zulässige Baukörper');
    const shown = {
      ...states,
      'bplan-demo:envelopes': { ...states['bplan-demo:envelopes']!, visible: true },
    };
    expect(envelopesToShow('bplan-demo', layers, shown)).toBeUndefined();
    expect(envelopesToShow('other-plan', layers, hidden)).toBeUndefined();
    expect(envelopesToShow(undefined, layers, hidden)).toBeUndefined();
  });
});

describe('shadow heat map and words', () => {
  it('paints hours through the ramp, north row first, NaN transparent', () => {
    // 2 columns × 2 rows; row 0 (south) = [0 h, NaN], row 1 (north) = [8 h, 4 h].
    const pixels = heatMapPixels(Float32Array.from([0, Number.NaN, 8, 4]), 2, 2, 8, 'hours');
    expect(Array.from(pixels.subarray(0, 4))).toEqual([...rampColour('hours', 1), 200]);
    expect(Array.from(pixels.subarray(8, 12))).toEqual([...rampColour('hours', 0), 200]);
    expect(pixels[15]).toBe(0);
    // Lightness rises along the ramp (readable without hue).
    const lightness = (t: number) =>
      rampColour('hours', t).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i]!, 0);
    expect(lightness(0)).toBeLessThan(lightness(0.5));
    expect(lightness(0.5)).toBeLessThan(lightness(1));
    expect(legendTicks(12.25)).toEqual([0, 4, 8, 12]);
  });

  it('says the result in German and English', () => {
    const stats = {
      points: 10,
      min: 0.75,
      median: 8.25,
      max: 9.75,
      mean: 7,
      shareAtLeast2h: 0.98,
      shareAtLeast4h: 0.886,
    };
    const result = {
      todayStats: stats,
      withPlanStats: { ...stats, min: 0, median: 6.5 },
      difference: { points: 10, shareLosing: 0.54, maxLoss: 9, meanChange: -2.3, shareFallingBelow2h: 0.16 },
    };
    const de = resultSentences(result, 'de');
    expect(de[0]).toBe(
      'Heute: 0,75 bis 9,75 Stunden Sonne, Median 8,25 Stunden; 98 % der Fläche mit mindestens 2 Stunden, 89 % mit mindestens 4 Stunden.',
    );
    expect(de[2]).toContain('54 % der Fläche verlieren Sonne, höchstens 9 Stunden');
    const en = resultSentences(result, 'en');
    expect(en[1]).toBe('With plan: 0 to 9.75 hours, median 6.5 hours; 98 % with at least 2 hours.');
    expect(resultSentences({ todayStats: stats }, 'en')[1]).toBe(SHADOW_TEXTS.en.resultNoPlan);
    expect(Object.keys(SHADOW_TEXTS.de).sort()).toEqual(Object.keys(SHADOW_TEXTS.en).sort());
  });
});
