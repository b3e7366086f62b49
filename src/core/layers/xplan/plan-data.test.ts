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
    expect(data.planClass).toBe('BP_Plan');
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
    const wa = zones.find(
      (a) => a.properties.besondereArtDerBaulNutzung === '1200 (Allgemeines Wohngebiet, WA)',
    );
    expect(wa?.kind).toBe('Allgemeines Wohngebiet (WA)');
    expect(wa?.color).toBe('#ee9a8c');
    const mi = zones.find((a) => a.properties.besondereArtDerBaulNutzung === '1500 (Mischgebiet, MI)');
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

describe.skipIf(!existsSync(PLAN))('planLayerData with a damaged coordinate in one area', () => {
  const text = readFileSync(PLAN, 'utf8');
  const lines = text.split('\n');
  /** The plan with the first number of the posList on `line` (1-based) replaced by `value`. */
  const damaged = (line: number, value: string) => {
    const copy = [...lines];
    copy[line - 1] = copy[line - 1]!.replace(/(<gml:posList[^>]*>)\S+/, `$1${value}`);
    return new TextEncoder().encode(copy.join('\n'));
  };
  const intact = planLayerData(new TextEncoder().encode(text), 'BPlan002_5-4.gml');

  it('leaves out the area a coordinate beyond any CRS belongs to, says so, and draws the others', () => {
    const data = planLayerData(damaged(93, '1e308'), 'BPlan002_5-4.gml');
    expect(data.areas).toHaveLength(intact.areas.length - 1);
    const said = data.warnings.filter((w) => w.includes('left out'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^BPlan002_5-4\.gml: BP_\w+ "[^"]+" left out: .*could not be projected/);
  });

  it('reads "Infinity" and 1e400 as no number, with the line, and draws the other areas', () => {
    for (const value of ['Infinity', '1e400']) {
      const data = planLayerData(damaged(93, value), 'BPlan002_5-4.gml');
      expect(data.areas).toHaveLength(intact.areas.length - 1);
      expect(data.warnings.some((w) => /^BPlan002_5-4\.gml:9[3-6]: .*not a finite number/.test(w))).toBe(
        true,
      );
    }
  });
});

const FNP = resolve(DATA, 'xplan/zipped/FNP_Test_60.zip');
describe.skipIf(!existsSync(FNP))(
  'planLayerData on FNP_Test_60.zip (an XPlanArchiv of a Flächennutzungsplan)',
  () => {
    it('says it is a Flächennutzungsplan (FP_Plan), not a Bebauungsplan', () => {
      const data = planLayerData(new Uint8Array(readFileSync(FNP)), 'FNP_Test_60.zip');
      expect(data.planClass).toBe('FP_Plan');
      expect(data.areas.length).toBeGreaterThan(0);
    });

    it('gives each area its legal character in words, with its code (XPlanGML 6.0 codes)', () => {
      const data = planLayerData(new Uint8Array(readFileSync(FNP)), 'FNP_Test_60.zip');
      const characters = new Set(data.areas.map((area) => area.properties.rechtscharakter));
      expect(characters.has('2000 (Nachrichtliche Übernahme)')).toBe(true);
      for (const character of characters)
        if (character !== undefined) expect(character).toMatch(/^\d+ \(\D+\)$/);
    });
  },
);

const SHARED_PLANS = [
  'plain-gml/BP2070.gml',
  'plain-gml/BPlan002_5-4.gml',
  'plain-gml/Blankenese29.gml',
  'plain-gml/LA67.gml',
  'plain-gml/StErhVO_Hamm_60_httpRef.gml',
  'zipped/BPlan004_6-0.zip',
  'zipped/FNP_Test_60.zip',
].map((file) => resolve(DATA, 'xplan', file));
describe.skipIf(!SHARED_PLANS.every((file) => existsSync(file)))('planLayerData on the shared plans', () => {
  const areas = SHARED_PLANS.flatMap(
    (file) => planLayerData(new Uint8Array(readFileSync(file)), file.split('/').at(-1)!).areas,
  );

  it('names the kind of every area in words, never by its bare class name (the legend and the panel show it)', () => {
    expect(areas.length).toBeGreaterThan(700);
    expect([...new Set(areas.filter((a) => a.kind === a.featureClass).map((a) => a.featureClass))]).toEqual(
      [],
    );
    const kindOf = (featureClass: string) => areas.find((a) => a.featureClass === featureClass)?.kind;
    expect(kindOf('FP_VerEntsorgung')).toBe('Fläche für Ver- und Entsorgung');
    expect(kindOf('FP_FlaecheOhneDarstellung')).toBe('Fläche ohne Darstellung');
    expect(kindOf('LP_SchutzBestimmterTeileVonNaturUndLandschaft')).toBe(
      'Schutzgebiet (Natur und Landschaft)',
    );
    expect(kindOf('BP_AnpflanzungBindungErhaltung')).toBe(
      'Anpflanzen und Erhalten von Bäumen und Sträuchern',
    );
    expect(kindOf('BP_ErhaltungsBereichFlaeche')).toBe('Erhaltungsbereich');
    expect(kindOf('BP_GruenFlaeche')).toBe('Grünfläche');
  });

  it('gives the use and Bauweise codes of every area with their words (309 values in the shared plans)', () => {
    const coded = areas.flatMap((area) =>
      ['besondereArtDerBaulNutzung', 'allgArtDerBaulNutzung', 'bauweise']
        .map((field) => area.properties[field])
        .filter((value) => value !== undefined),
    );
    expect(coded.length).toBeGreaterThan(300);
    for (const value of coded) expect(value).toMatch(/^\d{4} \([^\d()]+\)$/);
    expect(coded).toContain('3000 (abweichende Bauweise)');
  });
});
