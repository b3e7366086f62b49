/**
 * The illustrative development plan (Bebauungsplan) of the demo city: an XPlanGML 6.0 BP_Plan over the
 * Toelleturm-Park block (block (2, 2) of the district layout, which carries no buildings) and the street south
 * of it (to its centre line). Three building zones (two WA, one MI) along the street with GRZ/GFZ/Z and heights — one absolute
 * (GBH above NHN), one relative to the ground, one by storeys only, so all three envelope rules show — the
 * rest of the park kept as a public green, and the street's half as a traffic area.
 *
 * Coordinates EPSG:25832 metres (via the layout's `gridToMap`), heights DHHN2016 metres above NHN taken from
 * the generated terrain, so the envelopes stand on the demo city's ground. Deterministic: only + - * / and
 * rounding, like the generator. Everything is invented; name and description say so.
 */
import { DEMO_CITY_DEFAULTS } from './demo-city/generate.ts';
import { DistrictLayout, gridToMap } from './demo-city/layout.ts';

/** Grid-frame block (column, row) the plan covers. */
export const DEMO_PLAN_BLOCK = { i: 2, j: 2 } as const;
/** Name of the plan (`xplan:name`); says it is illustrative. */
export const DEMO_PLAN_NAME = 'Bebauungsplan Nr. 1187 „Am Toelleturm-Park“ (illustrativ, Demo)';
/** Depth of the building zones from the street, metres. */
const ZONE_DEPTH = 34;
/** Height of the MI zone's buildings above its highest ground, metres (stated absolute, above NHN). */
const MI_HEIGHT = 19;
/** Relative maximum height of zone WA 1 above the ground, metres. */
const WA1_HEIGHT = 13;

type Rect = { u0: number; u1: number; v0: number; v1: number };

const mm = (value: number) => Math.round(value * 1000) / 1000;
const dm = (value: number) => Math.round(value * 10) / 10;

/** posList of a rectangle (counter-clockwise, closed), EPSG:25832 easting northing pairs, millimetres. */
function posList({ u0, u1, v0, v1 }: Rect): string {
  const corners: [number, number][] = [
    [u0, v0],
    [u1, v0],
    [u1, v1],
    [u0, v1],
    [u0, v0],
  ];
  return corners
    .map(([u, v]) => gridToMap(u, v))
    .map(([e, n]) => `${mm(e).toFixed(3)} ${mm(n).toFixed(3)}`)
    .join(' ');
}

function polygon(id: string, rect: Rect, indent: string): string {
  return `${indent}<gml:Polygon gml:id="${id}" srsName="EPSG:25832">
${indent}  <gml:exterior><gml:LinearRing><gml:posList srsDimension="2">${posList(rect)}</gml:posList></gml:LinearRing></gml:exterior>
${indent}</gml:Polygon>`;
}

function envelope(rects: Rect[]): string {
  let east = Infinity;
  let north = Infinity;
  let eastMax = -Infinity;
  let northMax = -Infinity;
  for (const { u0, u1, v0, v1 } of rects) {
    for (const [e, n] of [gridToMap(u0, v0), gridToMap(u1, v0), gridToMap(u1, v1), gridToMap(u0, v1)]) {
      east = Math.min(east, e);
      north = Math.min(north, n);
      eastMax = Math.max(eastMax, e);
      northMax = Math.max(northMax, n);
    }
  }
  return `<gml:boundedBy><gml:Envelope srsName="EPSG:25832"><gml:lowerCorner>${mm(east).toFixed(3)} ${mm(north).toFixed(3)}</gml:lowerCorner><gml:upperCorner>${mm(eastMax).toFixed(3)} ${mm(northMax).toFixed(3)}</gml:upperCorner></gml:Envelope></gml:boundedBy>`;
}

interface Zone {
  id: string;
  rect: Rect;
  /** BauNVO: allgArtDerBaulNutzung, besondereArtDerBaulNutzung. */
  general: '1000' | '2000';
  special: '1200' | '1500';
  grz: number;
  gfz: number;
  storeys: number;
  /** XP_Hoehenangabe: hoehenbezug (1000 NHN, 2000 ground) and hMax, metres. */
  height?: { reference: '1000' | '2000'; hMax: number };
  bauweise: '1000' | '2000';
}

/** The plan's parts in grid-frame metres, with the zones' heights from the demo terrain. */
export function demoPlanParts() {
  const layout = new DistrictLayout(DEMO_CITY_DEFAULTS.seed);
  const block = layout.block(DEMO_PLAN_BLOCK.i, DEMO_PLAN_BLOCK.j);
  const street = layout.rows.gap(DEMO_PLAN_BLOCK.j - 1);
  const { u0, u1, v0, v1 } = block;
  const front = v0 + ZONE_DEPTH;
  const split1 = dm(u0 + (u1 - u0) * 0.35);
  const split2 = dm(u0 + (u1 - u0) * 0.64);
  const groundMax = (rect: Rect) =>
    Math.max(
      layout.terrainHeight(rect.u0, rect.v0, DEMO_PLAN_BLOCK.j),
      layout.terrainHeight(rect.u1, rect.v1, DEMO_PLAN_BLOCK.j),
      layout.terrainHeight(rect.u0, rect.v1, DEMO_PLAN_BLOCK.j),
      layout.terrainHeight(rect.u1, rect.v0, DEMO_PLAN_BLOCK.j),
    );
  const mi: Rect = { u0: split2, u1, v0, v1: front };
  const zones: Zone[] = [
    {
      id: 'DEMO_BPLAN_WA1',
      rect: { u0, u1: split1, v0, v1: front },
      general: '1000',
      special: '1200',
      grz: 0.4,
      gfz: 1.2,
      storeys: 3,
      height: { reference: '2000', hMax: WA1_HEIGHT },
      bauweise: '1000',
    },
    {
      id: 'DEMO_BPLAN_WA2',
      rect: { u0: split1, u1: split2, v0, v1: front },
      general: '1000',
      special: '1200',
      grz: 0.4,
      gfz: 0.8,
      storeys: 2,
      bauweise: '1000',
    },
    {
      id: 'DEMO_BPLAN_MI1',
      rect: mi,
      general: '2000',
      special: '1500',
      grz: 0.6,
      gfz: 2.4,
      storeys: 5,
      height: { reference: '1000', hMax: dm(groundMax(mi) + MI_HEIGHT) },
      bauweise: '2000',
    },
  ];
  // The boundary runs along the street's centre line, as plans usually draw it: on the far kerb it would lie
  // on the facades across the street, and a draped outline there paints them.
  const centreLine = dm((street.start + street.end) / 2);
  return {
    block,
    zones,
    green: { u0, u1, v0: front, v1 } as Rect,
    street: { u0, u1, v0: centreLine, v1: street.end } as Rect,
    boundary: { u0, u1, v0: centreLine, v1 } as Rect,
  };
}

function zoneMember(zone: Zone): string {
  const height = zone.height
    ? `
      <xplan:hoehenangabe>
        <xplan:XP_Hoehenangabe>
          <xplan:hoehenbezug>${zone.height.reference}</xplan:hoehenbezug>
          <xplan:bezugspunkt>6000</xplan:bezugspunkt>
          <xplan:hMax uom="m">${zone.height.hMax}</xplan:hMax>
        </xplan:XP_Hoehenangabe>
      </xplan:hoehenangabe>`
    : '';
  return `  <gml:featureMember>
    <xplan:BP_BaugebietsTeilFlaeche gml:id="${zone.id}">
      ${envelope([zone.rect])}${height}
      <xplan:gehoertZuBereich xlink:href="#DEMO_BPLAN_BEREICH"/>
      <xplan:rechtscharakter>1000</xplan:rechtscharakter>
      <xplan:position>
${polygon(`${zone.id}_G`, zone.rect, '        ')}
      </xplan:position>
      <xplan:flaechenschluss>true</xplan:flaechenschluss>
      <xplan:GFZ>${zone.gfz}</xplan:GFZ>
      <xplan:GRZ>${zone.grz}</xplan:GRZ>
      <xplan:Z>${zone.storeys}</xplan:Z>
      <xplan:allgArtDerBaulNutzung>${zone.general}</xplan:allgArtDerBaulNutzung>
      <xplan:besondereArtDerBaulNutzung>${zone.special}</xplan:besondereArtDerBaulNutzung>
      <xplan:bauweise>${zone.bauweise}</xplan:bauweise>
    </xplan:BP_BaugebietsTeilFlaeche>
  </gml:featureMember>
`;
}

/** The demo plan as XPlanGML 6.0 text (UTF-8, EPSG:25832, DHHN2016 heights). */
export function demoPlanGml(): string {
  const { zones, green, street, boundary } = demoPlanParts();
  const all = [boundary];
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Illustrative development plan of the generated demo city (tools/demo-plan.ts): invented, not a real plan. -->
<xplan:XPlanAuszug xmlns:xplan="http://www.xplanung.de/xplangml/6/0" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:xlink="http://www.w3.org/1999/xlink" gml:id="DEMO_BPLAN_AUSZUG">
  ${envelope(all)}
  <gml:featureMember>
    <xplan:BP_Plan gml:id="DEMO_BPLAN_PLAN">
      ${envelope(all)}
      <xplan:name>${DEMO_PLAN_NAME}</xplan:name>
      <xplan:nummer>1187</xplan:nummer>
      <xplan:beschreibung>Illustrativ / demo: erfundener Bebauungsplan für das generierte Demo-Stadtmodell, kein amtlicher Plan. Wohnen und Mischnutzung am Südrand des Toelleturm-Parks; der Park bleibt öffentliche Grünfläche.</xplan:beschreibung>
      <xplan:technHerstellDatum>2026-01-15</xplan:technHerstellDatum>
      <xplan:erstellungsMassstab>1000</xplan:erstellungsMassstab>
      <xplan:raeumlicherGeltungsbereich>
${polygon('DEMO_BPLAN_PLAN_G', boundary, '        ')}
      </xplan:raeumlicherGeltungsbereich>
      <xplan:gemeinde>
        <xplan:XP_Gemeinde>
          <xplan:ags>05124000</xplan:ags>
          <xplan:gemeindeName>Wuppertal</xplan:gemeindeName>
          <xplan:ortsteilName>Barmen</xplan:ortsteilName>
        </xplan:XP_Gemeinde>
      </xplan:gemeinde>
      <xplan:planArt>1000</xplan:planArt>
      <xplan:rechtsstand>2000</xplan:rechtsstand>
      <xplan:bereich xlink:href="#DEMO_BPLAN_BEREICH"/>
    </xplan:BP_Plan>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_Bereich gml:id="DEMO_BPLAN_BEREICH">
      ${envelope(all)}
      <xplan:nummer>0</xplan:nummer>
      <xplan:name>Geltungsbereich (illustrativ)</xplan:name>
      <xplan:geltungsbereich>
${polygon('DEMO_BPLAN_BEREICH_G', boundary, '        ')}
      </xplan:geltungsbereich>
      <xplan:gehoertZuPlan xlink:href="#DEMO_BPLAN_PLAN"/>
    </xplan:BP_Bereich>
  </gml:featureMember>
${zones.map(zoneMember).join('')}  <gml:featureMember>
    <xplan:BP_GruenFlaeche gml:id="DEMO_BPLAN_GRUEN">
      ${envelope([green])}
      <xplan:gehoertZuBereich xlink:href="#DEMO_BPLAN_BEREICH"/>
      <xplan:rechtscharakter>1000</xplan:rechtscharakter>
      <xplan:position>
${polygon('DEMO_BPLAN_GRUEN_G', green, '        ')}
      </xplan:position>
      <xplan:flaechenschluss>true</xplan:flaechenschluss>
      <xplan:zweckbestimmung>
        <xplan:BP_KomplexeZweckbestGruen>
          <xplan:allgemein>1000</xplan:allgemein>
        </xplan:BP_KomplexeZweckbestGruen>
      </xplan:zweckbestimmung>
      <xplan:nutzungsform>2000</xplan:nutzungsform>
    </xplan:BP_GruenFlaeche>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_StrassenVerkehrsFlaeche gml:id="DEMO_BPLAN_STRASSE">
      ${envelope([street])}
      <xplan:gehoertZuBereich xlink:href="#DEMO_BPLAN_BEREICH"/>
      <xplan:rechtscharakter>1000</xplan:rechtscharakter>
      <xplan:position>
${polygon('DEMO_BPLAN_STRASSE_G', street, '        ')}
      </xplan:position>
      <xplan:flaechenschluss>true</xplan:flaechenschluss>
      <xplan:nutzungsform>2000</xplan:nutzungsform>
    </xplan:BP_StrassenVerkehrsFlaeche>
  </gml:featureMember>
</xplan:XPlanAuszug>
`;
}
