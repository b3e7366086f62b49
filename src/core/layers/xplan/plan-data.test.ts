import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planLayerData } from './plan-data.ts';

const DATA = resolve(import.meta.dirname, '../../../../../shared/data');
const PLAN = resolve(DATA, 'xplan/plain-gml/BPlan002_5-4.gml');
if (!existsSync(PLAN)) console.warn(`plan-data test: ${PLAN} missing, skipped`);

describe.skipIf(!existsSync(PLAN))('planLayerData on BPlan002_5-4.gml (XPlanGML 5.4, EPSG:25832)', () => {
  const data = planLayerData(new Uint8Array(readFileSync(PLAN)), 'BPlan002_5-4.gml');

  it('names the plan after xplan:name', () => {
    expect(data.name).toBe('BPlan002_5-4');
  });

  it('reprojects the areas to lon/lat in Germany and colours them by PlanZV', () => {
    const zones = data.areas.filter((a) => a.featureClass === 'BP_BaugebietsTeilFlaeche');
    expect(zones).toHaveLength(3);
    for (const area of data.areas) {
      for (const [lon, lat] of area.polygons.flat(2)) {
        expect(lon).toBeGreaterThan(5);
        expect(lon).toBeLessThan(16);
        expect(lat).toBeGreaterThan(47);
        expect(lat).toBeLessThan(56);
      }
    }
    const wa = zones.find((a) => a.properties.besondereArtDerBaulNutzung === '1200');
    expect(wa?.kind).toBe('Allgemeines Wohngebiet (WA)');
    expect(wa?.color).toBe('#ee9a8c');
    const mi = zones.find((a) => a.properties.besondereArtDerBaulNutzung === '1500');
    expect(mi?.kind).toBe('Mischgebiet (MI)');
    expect(data.areas.some((a) => a.kind === 'Grünfläche')).toBe(true);
  });

  it('gives the EGM96 undulation at the plan (30–50 m in Germany)', () => {
    expect(data.undulation).toBeGreaterThan(30);
    expect(data.undulation).toBeLessThan(50);
  });

  it('offers only http(s) document links', () => {
    for (const link of [...data.planLinks, ...data.areas.flatMap((a) => a.links)]) {
      expect(link.href).toMatch(/^https?:\/\//);
    }
  });
});
