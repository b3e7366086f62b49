/**
 * An XPlanGML plan (plain GML or XPlanArchiv ZIP) turned into drawable layer data: plan areas as lon/lat
 * polygons with their fields as text, the customary XPlanung (PlanZV) colour of each area, document links
 * (http(s) only) and the permitted building envelopes. Platform-free, so both the layers worker (plan
 * button) and the import worker (dropped plans) run it, and the app only receives its structured-clone-safe
 * result.
 */
import { builtinEgm96 } from '../../crs/geoid.ts';
import { decodeXmlBytes, isZip, openXPlanArchive } from './archive.ts';
import { permittedEnvelopes } from './envelope.ts';
import { geometryCentroid } from './geometry.ts';
import type { XPlanGeometry } from './geometry.ts';
import { readXPlan } from './reader.ts';
import { rechtscharakterText } from './rechtscharakter.ts';
import { createToLonLat, geometryToLonLat } from './reproject.ts';
import { codedFieldText, GENERAL_USES, SPECIAL_USES } from './uses.ts';
import type { XPlanFeature, XPlanVersion } from './types.ts';
import { errorMessage } from '../../errors.ts';
import { getOwn, setOwn } from '../../util/own.ts';

/** One drawable plan area. Coordinates: rings (outer first) of lon/lat degrees (ETRS89 ≈ WGS84). */
export interface PlanArea {
  id: string;
  featureClass: string;
  /** Polygons, each as rings of [lon, lat] pairs. */
  polygons: [number, number][][][];
  /** Fill colour (#rrggbb), customary XPlanung/PlanZV colour of the class and use. */
  color: string;
  /** Readable kind, e.g. 'Allgemeines Wohngebiet (WA)'. */
  kind: string;
  /** Fields of the feature as text (never HTML). */
  properties: Record<string, string>;
  /** Document links: http(s) URLs only. */
  links: { label: string; href: string }[];
  /** Permitted envelope, when the plan states a height. */
  envelope?: {
    /** Metres: above the ground when `relative`, above NHN (physical) otherwise. */
    maxHeight: number;
    relative: boolean;
    explanation: string;
  };
}

/** A plan ready to draw. */
export interface PlanLayerData {
  planId: string;
  /** The plan's name (`xplan:name`), else its number, else the file name. */
  name: string;
  /**
   * The plan's feature class, which says what kind of plan it is: `BP_Plan` (Bebauungsplan), `FP_Plan`
   * (Flächennutzungsplan), `RP_Plan`, `LP_Plan`, `SO_Plan`; undefined when the file holds no plan object.
   */
  planClass?: string;
  areas: PlanArea[];
  /** The plan's own fields (BP_Plan …) as text, and its document links. */
  planProperties: Record<string, string>;
  planLinks: { label: string; href: string }[];
  /** Centre of the plan, lon/lat degrees, and the EGM96 undulation there (metres, for NHN → ellipsoidal). */
  centre: [number, number];
  undulation: number;
  warnings: string[];
}

/**
 * Feature classes → label and PlanZV colour, the first match counting. The classes of nature, supply and notes come
 * first: their names hold words the general patterns below look for ("…Erhaltung", "…Wasserrecht").
 */
const CLASS_COLOURS: [RegExp, string, string][] = [
  [/^(BP|FP)_VerEntsorgung/, 'Fläche für Ver- und Entsorgung', '#f2d35c'],
  [/^(BP|FP)_SchutzPflegeEntwicklung/, 'Maßnahmenfläche (Boden, Natur und Landschaft)', '#b5d99c'],
  [/^(BP|FP)_AnpflanzungBindungErhaltung/, 'Anpflanzen und Erhalten von Bäumen und Sträuchern', '#9fcf7f'],
  [/^(BP|FP)_AusgleichsFlaeche/, 'Ausgleichsfläche', '#c4e3a8'],
  [/^LP_SchutzBestimmterTeile/, 'Schutzgebiet (Natur und Landschaft)', '#7fbf7f'],
  [/^(BP|FP)_AnpassungKlimawandel/, 'Anpassung an den Klimawandel', '#a8d8d0'],
  [/^BP_ErhaltungsBereich/, 'Erhaltungsbereich', '#d9c6a0'],
  [/^(BP|FP)_Kennzeichnung/, 'Kennzeichnung', '#c8c8c8'],
  [/^(BP|FP)_TextAbschnitt/, 'Bereich eines Textabschnitts', '#e6e6e6'],
  [/^BP_BesondererNutzungszweck/, 'Fläche mit besonderem Nutzungszweck', '#e8c0a0'],
  [/^BP_UnverbindlicheVormerkung/, 'Unverbindliche Vormerkung', '#dcdcdc'],
  [/^FP_DarstellungNachLandesrecht/, 'Darstellung nach Landesrecht', '#d0d0e8'],
  [/^FP_FlaecheOhneDarstellung/, 'Fläche ohne Darstellung', '#f4f4f4'],
  [/Gemeinbedarf/, 'Gemeinbedarfsfläche', '#f0a0c8'],
  [/Verkehr|Strassen|Straßen/, 'Verkehrsfläche', '#f5d878'],
  [/Gruen|Grün|Spiel/, 'Grünfläche', '#8cc67a'],
  [/Wald/, 'Waldfläche', '#3f8f4a'],
  [/Landwirtschaft/, 'Fläche für die Landwirtschaft', '#d6e8a4'],
  [/Wasser|Gewaesser/, 'Wasserfläche', '#86c1e6'],
  [/UeberbaubareGrundstuecksFlaeche/, 'Überbaubare Grundstücksfläche', '#ffffff'],
  [/Nebenanlage|Stellplatz|Garage/, 'Nebenanlagen', '#e0d0b0'],
  [/SO_/, 'Sonstige Planung', '#c0a0e0'],
  [/Geltungsbereich|_Plan$|_Bereich$/, 'Geltungsbereich', '#333333'],
];

function areaStyle(feature: XPlanFeature): { kind: string; color: string } {
  const props = feature.properties;
  if (feature.featureClass === 'BP_BaugebietsTeilFlaeche' || feature.featureClass === 'FP_BebauungsFlaeche') {
    const special = getOwn(SPECIAL_USES, String(props.besondereArtDerBaulNutzung ?? ''));
    if (special) return { kind: special.words, color: special.color };
    const general = getOwn(GENERAL_USES, String(props.allgArtDerBaulNutzung ?? ''));
    if (general) return { kind: general.words, color: general.color };
    return { kind: 'Baugebiet', color: '#ee9a8c' };
  }
  for (const [pattern, kind, color] of CLASS_COLOURS) {
    if (pattern.test(feature.featureClass)) return { kind, color };
  }
  return { kind: feature.featureClass, color: '#a0a0a0' };
}

function polygonsOf(geometry: XPlanGeometry): [number, number][][][] {
  const polygons: [number, number][][][] = [];
  const parts = geometry.partStarts.length;
  const polygonStarts = geometry.polygonStarts.length > 0 ? Array.from(geometry.polygonStarts) : [0];
  polygonStarts.forEach((firstPart, p) => {
    const lastPart = polygonStarts[p + 1] ?? parts;
    const rings: [number, number][][] = [];
    for (let part = firstPart; part < lastPart; part++) {
      const start = geometry.partStarts[part] ?? 0;
      const end = geometry.partStarts[part + 1] ?? geometry.coordinates.length / 2;
      const ring: [number, number][] = [];
      for (let v = start; v < end; v++) {
        ring.push([geometry.coordinates[2 * v] ?? 0, geometry.coordinates[2 * v + 1] ?? 0]);
      }
      if (ring.length >= 3) rings.push(ring);
    }
    if (rings.length > 0) polygons.push(rings);
  });
  return polygons;
}

function textProperties(values: Record<string, string | number>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) setOwn(result, key, String(value));
  return result;
}

/** An area's fields as text: its class and kind first, its legal character in words. */
function areaProperties(
  feature: XPlanFeature,
  kind: string,
  version: XPlanVersion | 'unknown',
): Record<string, string> {
  const properties = { Planobjekt: feature.featureClass, Art: kind, ...textProperties(feature.properties) };
  const code = getOwn(properties, 'rechtscharakter');
  if (code !== undefined)
    setOwn(properties, 'rechtscharakter', rechtscharakterText(code, feature.featureClass, version));
  for (const [field, value] of Object.entries(properties)) {
    const text = codedFieldText(field, value);
    if (text !== undefined) setOwn(properties, field, text);
  }
  return properties;
}

function linksOf(documents: XPlanFeature['documents']): { label: string; href: string }[] {
  return documents
    .filter((d) => d.isWebLink && d.referenzURL && /^https?:\/\/[^\s"'<>\\]+$/i.test(d.referenzURL.trim()))
    .map((d) => ({ label: d.referenzName ?? d.referenzURL ?? '', href: (d.referenzURL ?? '').trim() }));
}

/**
 * Reads an XPlanGML file (bytes of .gml/.xml or an XPlanArchiv .zip) into drawable plan areas with lon/lat
 * coordinates (reprojected from the file's CRS), PlanZV colours, fields, safe links and envelopes.
 */
export function planLayerData(bytes: Uint8Array, fileName: string): PlanLayerData {
  const text = isZip(bytes)
    ? openXPlanArchive(bytes, { file: fileName }).gmlText
    : decodeXmlBytes(bytes, fileName);
  const document = readXPlan(text, { file: fileName });
  const plan = document.plans[0];
  const envelopes = permittedEnvelopes(document.features);
  const converters = new Map<string, ReturnType<typeof createToLonLat>>();
  const toLonLatFor = (srsName: string | undefined) => {
    const key = srsName ?? document.srsName ?? '';
    let converter = converters.get(key);
    if (!converter) {
      converter = createToLonLat(key || undefined);
      converters.set(key, converter);
    }
    return converter;
  };
  const areas: PlanArea[] = [];
  /** Features whose geometry could not be placed (e.g. outside their CRS's area): left out, each said. */
  const leftOut: string[] = [];
  let sumLon = 0;
  let sumLat = 0;
  for (const feature of document.features) {
    const geometry = feature.geometry;
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) continue;
    let lonLat: XPlanGeometry;
    let cLon: number;
    let cLat: number;
    try {
      lonLat = geometryToLonLat(geometry, toLonLatFor(feature.srsName));
      [cLon, cLat] = geometryCentroid(lonLat);
    } catch (error) {
      leftOut.push(`${fileName}: ${feature.featureClass} "${feature.id}" left out: ${errorMessage(error)}`);
      continue;
    }
    sumLon += cLon;
    sumLat += cLat;
    const { kind, color } = areaStyle(feature);
    const envelope = envelopes.get(feature.id);
    areas.push({
      id: feature.id,
      featureClass: feature.featureClass,
      polygons: polygonsOf(lonLat),
      color,
      kind,
      properties: areaProperties(feature, kind, document.version),
      links: linksOf(feature.documents),
      envelope: envelope && {
        maxHeight: envelope.maxHeight,
        relative: envelope.heightReference !== 'absolute',
        explanation: envelope.explanation,
      },
    });
  }
  const centre: [number, number] = areas.length > 0 ? [sumLon / areas.length, sumLat / areas.length] : [0, 0];
  const undulation = builtinEgm96().undulation(centre[0], centre[1]);
  const name = plan?.name ?? plan?.nummer ?? fileName.replace(/\.[^.]*$/, '');
  const planFeature = document.features.find((f) => f.id === plan?.id);
  return {
    planId: `plan-${plan?.id ?? fileName}`,
    name,
    ...(plan ? { planClass: plan.featureClass } : {}),
    areas,
    planProperties: planFeature ? textProperties(planFeature.properties) : {},
    planLinks: plan ? linksOf(plan.documents) : [],
    centre,
    undulation: Number.isFinite(undulation) ? undulation : 0,
    warnings: [
      ...leftOut,
      ...document.warnings.map((w) => `${w.file ?? fileName}:${w.line}: ${w.message}`),
    ].slice(0, 20),
  };
}
