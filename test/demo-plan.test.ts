import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { geometryArea } from '../src/core/layers/xplan/geometry.ts';
import { permittedEnvelopes } from '../src/core/layers/xplan/envelope.ts';
import { planLayerData } from '../src/core/layers/xplan/plan-data.ts';
import { readXPlan } from '../src/core/layers/xplan/reader.ts';
import { DEMO_LAYERS, DEMO_PLAN_ID } from '../src/app/layers/demo-config.ts';
import { envelopeLayerId, planLayers } from '../src/app/layers/model.ts';
import { DEMO_PLAN_NAME, demoPlanGml, demoPlanParts } from '../tools/demo-plan.ts';

const FILE = new URL('../public/data/demo/bplan-demo.gml', import.meta.url);
const text = readFileSync(FILE, 'utf8');
const bytes = new TextEncoder().encode(text);

describe('the demo city development plan (public/data/demo/bplan-demo.gml)', () => {
  it('is the file the generator writes now (run `npx tsx tools/demo-layers.ts` after changing it)', () => {
    expect(text).toBe(demoPlanGml());
  });

  it('reads as an XPlanGML 6.0 BP_Plan without warnings, marked illustrative', () => {
    const document = readXPlan(text, { file: 'bplan-demo.gml' });
    expect(document.version).toBe('6.0');
    expect(document.srsName).toBe('EPSG:25832');
    expect(document.warnings).toEqual([]);
    expect(document.countsByClass).toEqual({
      BP_Plan: 1,
      BP_Bereich: 1,
      BP_BaugebietsTeilFlaeche: 3,
      BP_GruenFlaeche: 1,
      BP_StrassenVerkehrsFlaeche: 1,
    });
    const plan = document.plans[0];
    expect(plan?.name).toBe(DEMO_PLAN_NAME);
    expect(plan?.name).toMatch(/illustrativ/);
    expect(plan?.ags).toBe('05124000');
    const planFeature = document.features.find((feature) => feature.id === plan?.id);
    expect(String(planFeature?.properties.beschreibung)).toMatch(/^Illustrativ \/ demo/);
    // Every part belongs to the plan through its Bereich.
    for (const feature of document.features) expect(feature.planId, feature.id).toBe(plan?.id);
  });

  it('covers the park block and its street: zone, green and street areas add up to the boundary', () => {
    const document = readXPlan(text);
    const { block, boundary } = demoPlanParts();
    expect(block.kind).toBe('park');
    const areaOf = (cls: string) =>
      document.features
        .filter((feature) => feature.featureClass === cls)
        .reduce((sum, feature) => sum + geometryArea(feature.geometry!), 0);
    const expected = (boundary.u1 - boundary.u0) * (boundary.v1 - boundary.v0);
    // The grid frame is a rotation of EPSG:25832: areas are kept (to the millimetre rounding).
    expect(areaOf('BP_Plan')).toBeCloseTo(expected, 0);
    const parts =
      areaOf('BP_BaugebietsTeilFlaeche') + areaOf('BP_GruenFlaeche') + areaOf('BP_StrassenVerkehrsFlaeche');
    expect(parts).toBeCloseTo(expected, 0);
    const zones = document.features.filter((feature) => feature.featureClass === 'BP_BaugebietsTeilFlaeche');
    for (const zone of zones) {
      expect(zone.properties).toHaveProperty('GRZ');
      expect(zone.properties).toHaveProperty('GFZ');
      expect(zone.properties).toHaveProperty('Z');
    }
  });

  it('gives every building zone an envelope by each rule, with heights on the demo ground', () => {
    const envelopes = permittedEnvelopes(readXPlan(text).features);
    const { zones } = demoPlanParts();
    expect(envelopes.get('DEMO_BPLAN_WA1')).toMatchObject({
      maxHeight: 13,
      heightReference: 'relative',
      rule: 'hoehenangabe',
    });
    expect(envelopes.get('DEMO_BPLAN_WA2')).toMatchObject({ maxHeight: 7, rule: 'storeys' });
    const mi = envelopes.get('DEMO_BPLAN_MI1');
    expect(mi).toMatchObject({ heightReference: 'absolute', rule: 'hoehenangabe' });
    // Absolute: DHHN2016 metres, 19 m above the MI zone's highest ground (the district lies at 150–175 m NHN).
    expect(mi?.maxHeight).toBe(zones[2]?.height?.hMax);
    expect(mi?.maxHeight).toBeGreaterThan(170);
    expect(mi?.maxHeight).toBeLessThan(185);
    expect(envelopes.size).toBe(3);
  });

  it('turns into drawable areas near Rathaus Barmen whose kinds the configured legend names', () => {
    const plan = planLayerData(bytes, 'bplan-demo.gml');
    expect(plan.warnings).toEqual([]);
    expect(plan.areas).toHaveLength(7); // plan and Bereich boundaries, three zones, green, street
    expect(plan.areas.filter((area) => area.envelope)).toHaveLength(3);
    const [lon, lat] = plan.centre;
    expect(lon).toBeGreaterThan(7.2);
    expect(lon).toBeLessThan(7.206);
    expect(lat).toBeGreaterThan(51.289);
    expect(lat).toBeLessThan(51.292);
    const configured = DEMO_LAYERS.layers.find((layer) => layer.id === DEMO_PLAN_ID);
    expect(configured?.source).toEqual({
      type: 'xplan',
      planId: DEMO_PLAN_ID,
      url: 'data/demo/bplan-demo.gml',
    });
    const generated = planLayers({ ...plan, planId: DEMO_PLAN_ID });
    expect(generated.map((layer) => layer.id)).toEqual([DEMO_PLAN_ID, envelopeLayerId(DEMO_PLAN_ID)]);
    const legend = new Map(configured?.style?.classes?.map((entry) => [entry.value, entry.color]));
    for (const entry of generated[0]?.style?.classes ?? []) expect(legend.get(entry.value)).toBe(entry.color);
    expect(DEMO_LAYERS.layers.map((layer) => layer.id)).toContain(envelopeLayerId(DEMO_PLAN_ID));
  });
});
