import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { createXPlanReader, readXPlan, XPlanError } from './reader.ts';
import { geometryArea, geometryCentroid, interpolateArc } from './geometry.ts';
import { permittedEnvelope, permittedEnvelopes } from './envelope.ts';
import { openXPlanArchive, XPlanArchiveError } from './archive.ts';
import { createToLonLat, geometryToLonLat } from './reproject.ts';

const NS54 = 'http://www.xplanung.de/xplangml/5/4';

/** A small XPlanGML 5.4 plan: plan with boundary and document, one zone with GRZ/GFZ/Z and a hole, one arc-bounded buildable area, one line. */
function plan54(extra = ''): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<xplan:XPlanAuszug xmlns:xplan="${NS54}" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:xlink="http://www.w3.org/1999/xlink" gml:id="A">
  <gml:boundedBy><gml:Envelope srsName="EPSG:25832"><gml:lowerCorner>0 0</gml:lowerCorner><gml:upperCorner>100 100</gml:upperCorner></gml:Envelope></gml:boundedBy>
  <gml:featureMember>
    <xplan:BP_Plan gml:id="P1">
      <xplan:name>Test &lt;img src=x onerror=alert(1)&gt;</xplan:name>
      <xplan:nummer>007</xplan:nummer>
      <xplan:raeumlicherGeltungsbereich>
        <gml:Polygon srsName="EPSG:25832" gml:id="g1"><gml:exterior><gml:LinearRing>
          <gml:posList srsDimension="2" count="5">0 0 100 0 100 100 0 100 0 0</gml:posList>
        </gml:LinearRing></gml:exterior></gml:Polygon>
      </xplan:raeumlicherGeltungsbereich>
      <xplan:externeReferenz><xplan:XP_SpezExterneReferenz>
        <xplan:art>Dokument</xplan:art><xplan:referenzName>Begründung</xplan:referenzName>
        <xplan:referenzURL>https://example.org/b.pdf</xplan:referenzURL><xplan:typ>1010</xplan:typ>
      </xplan:XP_SpezExterneReferenz></xplan:externeReferenz>
      <xplan:externeReferenz><xplan:XP_SpezExterneReferenz>
        <xplan:referenzURL>javascript:alert(1)</xplan:referenzURL>
      </xplan:XP_SpezExterneReferenz></xplan:externeReferenz>
      <xplan:gemeinde><xplan:XP_Gemeinde><xplan:ags>05124000</xplan:ags><xplan:gemeindeName>Wuppertal</xplan:gemeindeName></xplan:XP_Gemeinde></xplan:gemeinde>
      <xplan:rechtsstand>3000</xplan:rechtsstand>
      <xplan:bereich xlink:href="#B1"/>
    </xplan:BP_Plan>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_Bereich gml:id="B1"><xplan:nummer>0</xplan:nummer><xplan:gehoertZuPlan xlink:href="#P1"/></xplan:BP_Bereich>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_BaugebietsTeilFlaeche gml:id="Z1">
      <gml:boundedBy><gml:Envelope srsName="EPSG:25832"><gml:lowerCorner>0 0</gml:lowerCorner><gml:upperCorner>50 50</gml:upperCorner></gml:Envelope></gml:boundedBy>
      <xplan:gehoertZuBereich xlink:href="#B1"/>
      <xplan:position>
        <gml:Polygon gml:id="g2"><gml:exterior><gml:LinearRing><gml:posList>0 0 50 0 50 50 0 50 0 0</gml:posList></gml:LinearRing></gml:exterior>
          <gml:interior><gml:LinearRing><gml:pos>10 10</gml:pos><gml:pos>10 20</gml:pos><gml:pos>20 20</gml:pos><gml:pos>20 10</gml:pos><gml:pos>10 10</gml:pos></gml:LinearRing></gml:interior>
        </gml:Polygon>
      </xplan:position>
      <xplan:GRZ>0.4</xplan:GRZ><xplan:GFZ>1.2</xplan:GFZ><xplan:Z>3</xplan:Z>
      <xplan:besondereArtDerBaulNutzung>1100</xplan:besondereArtDerBaulNutzung>
    </xplan:BP_BaugebietsTeilFlaeche>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_UeberbaubareGrundstuecksFlaeche gml:id="U1">
      <xplan:gehoertZuBereich xlink:href="#B1"/>
      <xplan:position>
        <gml:Polygon srsName="EPSG:25832" gml:id="g3"><gml:exterior><gml:Ring>
          <gml:curveMember><gml:LineString><gml:posList>20 30 40 30</gml:posList></gml:LineString></gml:curveMember>
          <gml:curveMember><gml:Curve><gml:segments><gml:Arc interpolation="circularArc3Points"><gml:posList>40 30 30 40 20 30</gml:posList></gml:Arc></gml:segments></gml:Curve></gml:curveMember>
        </gml:Ring></gml:exterior></gml:Polygon>
      </xplan:position>
    </xplan:BP_UeberbaubareGrundstuecksFlaeche>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_BauGrenze gml:id="L1">
      <xplan:position><gml:Curve srsName="EPSG:25832"><gml:segments>
        <gml:LineStringSegment><gml:posList>0 0 10 0</gml:posList></gml:LineStringSegment>
        <gml:LineStringSegment><gml:posList>10 0 10 10</gml:posList></gml:LineStringSegment>
      </gml:segments></gml:Curve></xplan:position>
    </xplan:BP_BauGrenze>
  </gml:featureMember>${extra}
</xplan:XPlanAuszug>`;
}

describe('XPlanGML reader on a small 5.4 plan', () => {
  const document = readXPlan(plan54(), { file: 'plan.gml', arcTolerance: 0.001 });
  const byId = new Map(document.features.map((feature) => [feature.id, feature]));

  it('reads version, CRS, classes and plan metadata', () => {
    expect(document.version).toBe('5.4');
    expect(document.srsName).toBe('EPSG:25832');
    expect(document.countsByClass).toEqual({
      BP_Plan: 1,
      BP_Bereich: 1,
      BP_BaugebietsTeilFlaeche: 1,
      BP_UeberbaubareGrundstuecksFlaeche: 1,
      BP_BauGrenze: 1,
    });
    const plan = document.plans[0];
    expect(plan?.nummer).toBe('007');
    expect(plan?.ags).toBe('05124000');
    expect(plan?.gemeindeName).toBe('Wuppertal');
    expect(plan?.rechtsstand).toBe('3000');
    expect(document.warnings).toEqual([]);
  });

  it('keeps values as text (markup stays a plain string, codes keep leading zeros) and measures as numbers', () => {
    expect(document.plans[0]?.name).toBe('Test <img src=x onerror=alert(1)>');
    const zone = byId.get('Z1');
    expect(zone?.properties).toMatchObject({ GRZ: 0.4, GFZ: 1.2, Z: 3, besondereArtDerBaulNutzung: '1100' });
    expect(byId.get('P1')?.properties['gemeinde.ags']).toBe('05124000');
  });

  it('links documents, marking only http(s) URLs as web links', () => {
    const documents = document.plans[0]?.documents ?? [];
    expect(documents).toHaveLength(2);
    expect(documents[0]).toMatchObject({
      property: 'externeReferenz',
      referenzName: 'Begründung',
      referenzURL: 'https://example.org/b.pdf',
      typ: '1010',
      isWebLink: true,
    });
    expect(documents[1]).toMatchObject({ referenzURL: 'javascript:alert(1)', isWebLink: false });
  });

  it('resolves plan membership through the Bereich', () => {
    expect(byId.get('Z1')?.planId).toBe('P1');
    expect(byId.get('B1')?.planId).toBe('P1');
  });

  it('reads polygons with holes, arcs and curves', () => {
    const zone = byId.get('Z1')?.geometry;
    expect(zone?.type).toBe('Polygon');
    expect(Array.from(zone?.partStarts ?? [])).toEqual([0, 4]);
    expect(geometryArea(zone!)).toBeCloseTo(2500 - 100, 9);
    expect(byId.get('Z1')?.srsName).toBe('EPSG:25832'); // from its envelope
    const buildable = byId.get('U1')?.geometry;
    // half disc of radius 10 on a 20 m chord: π·100/2
    expect(geometryArea(buildable!)).toBeGreaterThan((Math.PI * 100) / 2 - 0.05);
    expect(geometryArea(buildable!)).toBeLessThan((Math.PI * 100) / 2);
    const line = byId.get('L1')?.geometry;
    expect(line?.type).toBe('LineString');
    expect(Array.from(line?.coordinates ?? [])).toEqual([0, 0, 10, 0, 10, 10]);
  });

  it('gives the same features in chunks of any size', () => {
    const text = plan54();
    const reader = createXPlanReader({ arcTolerance: 0.001 });
    const features = [];
    for (let i = 0; i < text.length; i += 7) features.push(...reader.write(text.slice(i, i + 7)));
    features.push(...reader.close().features);
    expect(features.map((feature) => feature.id)).toEqual(document.features.map((feature) => feature.id));
    expect(Array.from(features[3]?.geometry?.coordinates ?? [])).toEqual(
      Array.from(document.features[3]?.geometry?.coordinates ?? []),
    );
  });
});

describe('arc interpolation', () => {
  it('keeps every chord within the tolerance of the circle', () => {
    const out: number[] = [];
    interpolateArc(10, 0, 0, 10, -10, 0, 0.01, out, true);
    expect(out.slice(0, 2)).toEqual([10, 0]);
    expect(out.slice(-2)).toEqual([-10, 0]);
    for (let i = 0; i + 3 < out.length; i += 2) {
      const midX = ((out[i] as number) + (out[i + 2] as number)) / 2;
      const midY = ((out[i + 1] as number) + (out[i + 3] as number)) / 2;
      expect(10 - Math.hypot(midX, midY)).toBeLessThanOrEqual(0.01 + 1e-12);
      expect(Math.hypot(out[i] as number, out[i + 1] as number)).toBeCloseTo(10, 9);
    }
    // counter-clockwise through (0, 10): all points in the upper half
    for (let i = 1; i < out.length; i += 2) expect(out[i]).toBeGreaterThanOrEqual(-1e-9);
  });

  it('turns the other way when the middle point says so', () => {
    const out: number[] = [];
    interpolateArc(10, 0, 0, -10, -10, 0, 0.01, out, true);
    for (let i = 1; i < out.length; i += 2) expect(out[i]).toBeLessThanOrEqual(1e-9);
  });
});

describe('XPlanGML reader: unprefixed 6.0 and other versions', () => {
  it('reads a 6.0 document in the default namespace', () => {
    const text = `<XPlanAuszug xmlns="http://www.xplanung.de/xplangml/6/0" xmlns:gml="http://www.opengis.net/gml/3.2" gml:id="a">
      <gml:featureMember><FP_Plan gml:id="F"><name>FNP</name><planArt>1000</planArt></FP_Plan></gml:featureMember>
      <gml:featureMember><FP_Gruen gml:id="G"><position><gml:Polygon srsName="EPSG:25832"><gml:exterior><gml:LinearRing>
        <gml:posList>0 0 10 0 10 10 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></position></FP_Gruen></gml:featureMember>
    </XPlanAuszug>`;
    const document = readXPlan(text);
    expect(document.version).toBe('6.0');
    expect(document.plans[0]).toMatchObject({ featureClass: 'FP_Plan', name: 'FNP', planArt: '1000' });
    expect(geometryArea(document.features[1]!.geometry!)).toBeCloseTo(50, 9);
    expect(document.features[1]?.planId).toBe('F');
  });
});

describe('XPlanGML reader: other encodings of geometry', () => {
  it('reads gml:featureMembers, 3D posLists, MultiSurface, MultiPoint and Circle', () => {
    const text = `<xplan:XPlanAuszug xmlns:xplan="http://www.xplanung.de/xplangml/5/1" xmlns:gml="http://www.opengis.net/gml/3.2" gml:id="a">
      <gml:featureMembers>
        <xplan:BP_GruenFlaeche gml:id="M"><xplan:position><gml:MultiSurface srsName="EPSG:31467"><gml:surfaceMember>
          <gml:Polygon><gml:exterior><gml:LinearRing><gml:posList srsDimension="3">0 0 5 10 0 5 10 10 5 0 0 5</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>
        </gml:surfaceMember><gml:surfaceMember>
          <gml:Polygon><gml:exterior><gml:LinearRing><gml:posList count="4">20 0 30 0 30 10 20 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>
        </gml:surfaceMember></gml:MultiSurface></xplan:position></xplan:BP_GruenFlaeche>
        <xplan:XP_PPO gml:id="P"><xplan:position><gml:MultiPoint srsName="EPSG:31467">
          <gml:pointMember><gml:Point><gml:pos>1 2</gml:pos></gml:Point></gml:pointMember>
          <gml:pointMember><gml:Point><gml:pos>3 4</gml:pos></gml:Point></gml:pointMember>
        </gml:MultiPoint></xplan:position></xplan:XP_PPO>
        <xplan:BP_Baum gml:id="C"><xplan:position><gml:Polygon srsName="EPSG:31467"><gml:exterior><gml:Ring><gml:curveMember><gml:Curve><gml:segments>
          <gml:Circle><gml:posList>10 0 0 10 -10 0</gml:posList></gml:Circle>
        </gml:segments></gml:Curve></gml:curveMember></gml:Ring></gml:exterior></gml:Polygon></xplan:position></xplan:BP_Baum>
      </gml:featureMembers>
    </xplan:XPlanAuszug>`;
    const document = readXPlan(text);
    expect(document.warnings).toEqual([]);
    const [multi, points, circle] = document.features;
    expect(multi?.geometry?.type).toBe('MultiPolygon');
    expect(geometryArea(multi!.geometry!)).toBeCloseTo(50 + 50, 9);
    expect(points?.geometry?.type).toBe('MultiPoint');
    expect(Array.from(points?.geometry?.coordinates ?? [])).toEqual([1, 2, 3, 4]);
    expect(points?.srsName).toBe('EPSG:31467');
    const area = geometryArea(circle!.geometry!);
    expect(area).toBeLessThan(Math.PI * 100);
    // chords at most 0.01 m (default tolerance) inside the circle: less than perimeter × 0.01 m missing
    expect(area).toBeGreaterThan(Math.PI * 100 - 2 * Math.PI * 10 * 0.01);
  });
});

describe('XPlanGML reader: bad input', () => {
  const read = (text: string): XPlanError => {
    try {
      readXPlan(text, { file: 'bad.gml' });
    } catch (error) {
      if (error instanceof XPlanError) return error;
      throw error;
    }
    throw new Error('expected an XPlanError');
  };

  it('names file and line for a truncated document, after delivering the features before the cut', () => {
    const text = plan54();
    const cut = text.slice(0, text.indexOf('<xplan:BP_BauGrenze'));
    const reader = createXPlanReader({ file: 'cut.gml' });
    const delivered = reader.write(cut);
    expect(delivered.map((feature) => feature.id)).toEqual(['P1', 'B1', 'Z1', 'U1']);
    expect(() => reader.close()).toThrow(
      /XPlanGML reader: cut\.gml:\d+:\d+: the document ends inside <gml:featureMember> \(truncated file\?\); expected <\/gml:featureMember>/,
    );
  });

  it('refuses documents that are not XPlanGML', () => {
    const error = read('<?xml version="1.0"?>\n<CityModel xmlns="http://www.opengis.net/citygml/2.0"/>');
    expect(error.message).toMatch(
      /^XPlanGML reader: bad\.gml:2:\d+: root element <CityModel> in namespace http:\/\/www\.opengis\.net\/citygml\/2\.0; expected an XPlanGML XPlanAuszug root/,
    );
    expect(error.line).toBe(2);
    expect(read('').message).toMatch(/no root element|empty document/);
    expect(read('{"type": "FeatureCollection"}').message).toMatch(/malformed XML|no root element/);
  });

  it('survives a billion-laughs DOCTYPE without expanding it', () => {
    const entities = Array.from(
      { length: 10 },
      (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`,
    ).join('\n');
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE XPlanAuszug [\n<!ENTITY l0 "ha">\n${entities}\n]>\n<xplan:XPlanAuszug xmlns:xplan="${NS54}">&l10;</xplan:XPlanAuszug>`;
    const started = Date.now();
    const error = read(bomb);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.message).toMatch(
      /bad\.gml:\d+:\d+: a DOCTYPE declaring entities \(entity expansion is refused\)/,
    );
  });

  it('refuses undefined entities and external entities', () => {
    expect(read(`<xplan:XPlanAuszug xmlns:xplan="${NS54}">&xxe;</xplan:XPlanAuszug>`).message).toMatch(
      /undefined entity/,
    );
    const external = `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xplan:XPlanAuszug xmlns:xplan="${NS54}">&xxe;</xplan:XPlanAuszug>`;
    expect(read(external).message).toMatch(/entity expansion is refused/);
  });

  it('reports a broken geometry with its line and still loads the other features', () => {
    const broken = `
  <gml:featureMember>
    <xplan:BP_GruenFlaeche gml:id="BAD"><xplan:position><gml:Polygon srsName="EPSG:25832"><gml:exterior><gml:LinearRing>
      <gml:posList>0 0 10 zero 10 10 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></xplan:position>
      <xplan:GRZ>viel</xplan:GRZ>
    </xplan:BP_GruenFlaeche>
  </gml:featureMember>`;
    const document = readXPlan(plan54(broken), { file: 'plan.gml' });
    expect(document.features).toHaveLength(6);
    const bad = document.features.find((feature) => feature.id === 'BAD');
    expect(bad?.geometry).toBeUndefined();
    expect(bad?.properties['GRZ']).toBe('viel');
    const messages = document.warnings.filter((warning) => warning.featureId === 'BAD');
    expect(
      messages.some((warning) => /not a finite number/.test(warning.message) && warning.file === 'plan.gml'),
    ).toBe(true);
    expect(messages.some((warning) => /"GRZ" is "viel"; expected a number/.test(warning.message))).toBe(true);
    const lines = plan54(broken).split('\n');
    const grzLine = lines.findIndex((line) => line.includes('<xplan:GRZ>viel')) + 1;
    expect(messages.find((warning) => /GRZ/.test(warning.message))?.line).toBe(grzLine);
  });
});

describe('permitted envelopes', () => {
  const document = readXPlan(plan54());
  const zone = document.features.find((feature) => feature.id === 'Z1')!;

  it('uses storeys × storey height when no height is stated', () => {
    expect(permittedEnvelope(zone)).toMatchObject({
      maxHeight: 10.5,
      rule: 'storeys',
      explanation: 'Z = 3 × 3.5 m',
    });
    expect(permittedEnvelope(zone, { storeyHeight: 3 })?.maxHeight).toBe(9);
  });

  it('prefers hoehenangabe (highest top reference point) and says whether it is absolute', () => {
    const withHeights = {
      ...zone,
      heights: [
        { hoehenbezug: '1000', bezugspunkt: '1000', h: 12 },
        { hoehenbezug: '1000', bezugspunkt: '6000', hMax: 30 },
        { hoehenbezug: '2000', bezugspunkt: '4500', h: 0.5 },
      ],
    };
    expect(permittedEnvelope(withHeights)).toMatchObject({
      maxHeight: 30,
      heightReference: 'absolute',
      rule: 'hoehenangabe',
      explanation: 'hoehenangabe GBH hMax = 30 m',
    });
    // a reference point the code list does not have is named by its value, whatever it is
    const unknownPoint = { ...zone, heights: [{ hoehenbezug: '1000', bezugspunkt: 'constructor', h: 12 }] };
    expect(permittedEnvelope(unknownPoint)?.explanation).toBe('hoehenangabe constructor h = 12 m');
    const withAttribute = { ...zone, properties: { ...zone.properties, GHmax: 14 } };
    expect(permittedEnvelope(withAttribute)).toMatchObject({ maxHeight: 14, rule: 'height-attribute' });
  });

  it('lets a buildable area inherit the height of the zone containing it', () => {
    const envelopes = permittedEnvelopes(document.features);
    expect(envelopes.get('U1')).toMatchObject({
      rule: 'inherited',
      inheritedRule: 'storeys',
      sourceId: 'Z1',
      maxHeight: 10.5,
    });
  });
});

describe('zipped plans', () => {
  it('finds xplan.gml and lists the other entries', () => {
    const zip = zipSync({
      'plan/xplan.gml': strToU8(plan54()),
      'plan/plan.pdf': new Uint8Array([37, 80, 68, 70]),
      'plan/plan.png': new Uint8Array(10),
      'plan/plan.pgw': strToU8('1\n0\n0\n-1\n0\n0\n'),
    });
    const archive = openXPlanArchive(zip, { extract: (name) => name.endsWith('.pgw') });
    expect(archive.gmlName).toBe('plan/xplan.gml');
    expect(archive.entries.map((entry) => [entry.name, entry.kind])).toEqual([
      ['plan/xplan.gml', 'xplan'],
      ['plan/plan.pdf', 'pdf'],
      ['plan/plan.png', 'raster'],
      ['plan/plan.pgw', 'world-file'],
    ]);
    expect([...archive.extracted.keys()]).toEqual(['plan/plan.pgw']);
    expect(readXPlan(archive.gmlText).features).toHaveLength(5);
  });

  it('refuses bytes that are not a ZIP, archives without a plan and oversized entries', () => {
    expect(() => openXPlanArchive(strToU8(plan54()), { file: 'x.zip' })).toThrow(XPlanArchiveError);
    expect(() => openXPlanArchive(zipSync({ 'a.pdf': new Uint8Array(1) }), { file: 'x.zip' })).toThrow(
      /XPlanGML archive: x\.zip: no plan document; expected an entry named xplan\.gml/,
    );
    const big = zipSync({ 'xplan.gml': new Uint8Array(100_000) });
    expect(() => openXPlanArchive(big, { maxUncompressedBytes: 1000 })).toThrow(/expected at most 1000/);
  });
});

describe('reprojection', () => {
  it('places a Gauss-Krüger zone 3 plan in lon/lat', () => {
    const toLonLat = createToLonLat('EPSG:31467');
    const geometry = {
      type: 'Point' as const,
      coordinates: new Float64Array([3479000, 5890000]),
      partStarts: new Uint32Array([0]),
      polygonStarts: new Uint32Array(0),
    };
    const [lon, lat] = geometryCentroid(geometryToLonLat(geometry, toLonLat));
    // Bremen: about 8.69°E 53.14°N
    expect(lon).toBeGreaterThan(8.6);
    expect(lon).toBeLessThan(8.8);
    expect(lat).toBeGreaterThan(53.1);
    expect(lat).toBeLessThan(53.2);
  });
});
