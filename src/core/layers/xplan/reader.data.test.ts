import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readXPlan } from './reader.ts';
import type { XPlanDocument } from './types.ts';
import { geometryArea } from './geometry.ts';
import { openXPlanArchive } from './archive.ts';
import { permittedEnvelopes } from './envelope.ts';
import expected from './fixtures/expected-counts.json' with { type: 'json' };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const dataDir = path.resolve(repoRoot, '../shared/data');
const xplanDir = path.join(dataDir, 'xplan');
const haveData = existsSync(xplanDir);
if (!haveData) console.warn(`XPlanGML data tests skipped: ${xplanDir} not found (CI has it)`);

function hasOgrinfo(): boolean {
  try {
    execFileSync('ogrinfo', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
const haveOgrinfo = haveData && hasOgrinfo();
if (haveData && !haveOgrinfo)
  console.warn('XPlanGML ogrinfo cross-checks skipped: ogrinfo (gdal-bin) not installed');

const cache = new Map<string, XPlanDocument>();
/** Reads one file of the shared folder ('plain-gml/x.gml' or 'zipped/x.zip'). */
function load(name: string): XPlanDocument {
  let document = cache.get(name);
  if (document) return document;
  const file = path.join(xplanDir, name);
  const text = name.endsWith('.zip')
    ? openXPlanArchive(new Uint8Array(readFileSync(file)), { file: name }).gmlText
    : readFileSync(file, 'utf8');
  document = readXPlan(text, { file: name });
  cache.set(name, document);
  return document;
}

/** ogrinfo's data source name for a file of the shared folder (zips through /vsizip/). */
function ogrSource(name: string): string {
  const file = path.join(xplanDir, name);
  return name.endsWith('.zip') ? `/vsizip/${file}/xplan.gml` : file;
}

const ogrOptions = ['-ro', '-oo', 'WRITE_GFS=NO', '-oo', 'DOWNLOAD_SCHEMA=NO'];

const files = Object.entries(expected.files) as [
  string,
  { version: string; total: number; countsByClass: Record<string, number> },
][];

describe.skipIf(!haveData)('XPlanGML files of the shared data', () => {
  it.each(files)('%s reads with the recorded counts per class', (name, want) => {
    const document = load(name);
    expect(document.version).toBe(want.version);
    expect(document.countsByClass).toEqual(want.countsByClass);
    expect(document.features).toHaveLength(want.total);
    expect(document.warnings).toEqual([]);
    expect(document.plans).toHaveLength(1);
    // every plan-content object with a position has a geometry in EPSG:25832 or EPSG:31467
    for (const feature of document.features) {
      if (feature.geometry) expect(feature.srsName).toMatch(/^EPSG:(25832|31467)$/);
      if (/_(Plan|Bereich)$/.test(feature.featureClass)) continue;
      if (!/^XP_(TextAbschnitt|Rasterdarstellung)$/.test(feature.featureClass))
        expect(feature.geometry).toBeDefined();
    }
  });

  it.skipIf(!haveOgrinfo).each(files)('%s: ogrinfo counts the same features per class', (name) => {
    const output = execFileSync('ogrinfo', [...ogrOptions, '-so', '-al', ogrSource(name)], {
      encoding: 'utf8',
    });
    const counts: Record<string, number> = {};
    for (const match of output.matchAll(/Layer name: (\S+)[\s\S]*?Feature Count: (\d+)/g)) {
      counts[match[1] as string] = Number(match[2]);
    }
    expect(load(name).countsByClass).toEqual(counts);
  });

  it('BP2070 in XPlanGML 4.1 (zipped) and 5.1 gives the same area per class within 0.1 %', () => {
    const areas = (document: XPlanDocument): Record<string, number> => {
      const result: Record<string, number> = {};
      for (const feature of document.features) {
        if (feature.geometry)
          result[feature.featureClass] = (result[feature.featureClass] ?? 0) + geometryArea(feature.geometry);
      }
      return result;
    };
    const v41 = load('zipped/BP2070.zip');
    const v51 = load('plain-gml/BP2070.gml');
    expect(v41.version).toBe('4.1');
    expect(v51.version).toBe('5.1');
    const a41 = areas(v41);
    const a51 = areas(v51);
    expect(Object.keys(a41).sort()).toEqual(Object.keys(a51).sort());
    let compared = 0;
    for (const [featureClass, area] of Object.entries(a51)) {
      if (area === 0) continue;
      expect(Math.abs((a41[featureClass] as number) - area) / area, featureClass).toBeLessThan(0.001);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(10);
    // the building zones cover most of the plan: a sanity check on the magnitude (m², EPSG:31467)
    expect(a51['BP_BaugebietsTeilFlaeche']).toBeGreaterThan(9e5);
  });

  it.skipIf(!haveOgrinfo)('areas with arcs (Blankenese29, 6.0) agree with GDAL within 0.1 %', () => {
    const document = load('plain-gml/Blankenese29.gml');
    for (const layer of ['BP_BaugebietsTeilFlaeche', 'BP_UeberbaubareGrundstuecksFlaeche', 'SO_Gebiet']) {
      const output = execFileSync(
        'ogrinfo',
        [
          ...ogrOptions,
          '-q',
          ogrSource('plain-gml/Blankenese29.gml'),
          '-sql',
          `SELECT SUM(OGR_GEOM_AREA) AS a FROM ${layer}`,
        ],
        { encoding: 'utf8' },
      );
      const gdal = Number(/a \(Real\) = ([\d.]+)/.exec(output)?.[1]);
      const ours = document.features
        .filter((feature) => feature.featureClass === layer && feature.geometry)
        .reduce((sum, feature) => sum + geometryArea(feature.geometry!), 0);
      expect(gdal).toBeGreaterThan(0);
      expect(Math.abs(ours - gdal) / gdal, layer).toBeLessThan(0.001);
    }
  });

  it('reads GRZ, GFZ and Z of a known BP_BaugebietsTeilFlaeche (LA67, 5.0)', () => {
    // values as written in LA67.gml for gml:id GML_aeac6885-1538-46ea-bbdb-1f02b749d4f1
    const zone = load('plain-gml/LA67.gml').features.find(
      (feature) => feature.id === 'GML_aeac6885-1538-46ea-bbdb-1f02b749d4f1',
    );
    expect(zone?.featureClass).toBe('BP_BaugebietsTeilFlaeche');
    expect(zone?.properties).toMatchObject({ GRZ: 0.7, GFZ: 1.8, Z: 3, besondereArtDerBaulNutzung: '1500' });
    expect(zone?.geometry?.type).toBe('Polygon');
  });

  it('computes envelopes from hoehenangabe (6.0) and from storeys (6.0, 5.0)', () => {
    const withHeights = permittedEnvelopes(load('zipped/BPlan004_6-0.zip').features);
    const rules = [...withHeights.values()].map((envelope) => envelope.rule);
    expect(rules).toContain('hoehenangabe');
    const absolute = [...withHeights.values()].find((envelope) => envelope.rule === 'hoehenangabe');
    expect(absolute).toMatchObject({ heightReference: 'absolute' });
    expect(absolute?.explanation).toMatch(/^hoehenangabe GBH h = [\d.]+ m$/);
    const blankenese = permittedEnvelopes(load('plain-gml/Blankenese29.gml').features);
    expect(blankenese.size).toBeGreaterThan(40);
    for (const envelope of blankenese.values()) {
      expect(envelope.maxHeight % 3.5).toBe(0);
      expect(['storeys', 'inherited']).toContain(envelope.rule);
    }
  });

  it('keeps plan metadata and document links (relative names in archives, http links marked)', () => {
    const archive = openXPlanArchive(
      new Uint8Array(readFileSync(path.join(xplanDir, 'zipped/BPlan004_6-0.zip'))),
    );
    expect(archive.entries.map((entry) => entry.kind).sort()).toEqual([
      'pdf',
      'raster',
      'world-file',
      'xplan',
    ]);
    const plan = load('zipped/BPlan004_6-0.zip').plans[0];
    expect(plan).toMatchObject({
      featureClass: 'BP_Plan',
      name: 'BPlan004_6-0',
      ags: '02000000',
      rechtsstand: '3000',
    });
    const pdf = plan?.documents.find((document) => document.referenzURL?.endsWith('.pdf'));
    expect(pdf?.isWebLink).toBe(false);
    expect(archive.entries.some((entry) => entry.name === pdf?.referenzURL)).toBe(true);
    const hamm = load('plain-gml/StErhVO_Hamm_60_httpRef.gml').plans[0];
    expect(hamm?.featureClass).toBe('SO_Plan');
    expect(hamm?.documents[0]).toMatchObject({
      referenzURL: 'http://test.de/StErhVO_Hamm.pdf',
      isWebLink: true,
    });
    expect(load('zipped/FNP_Test_60.zip').plans[0]?.featureClass).toBe('FP_Plan');
  });
});
