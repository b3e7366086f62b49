/**
 * How building attributes are shown, in the main viewer's attribute panel, its "in view" list and the embed viewer:
 * labels, code-list names and value formatting. Platform-free.
 */
import { getOwn } from '../util/own.ts';
import { ADV_FUNCTIONS } from './adv-functions.ts';

/** Language of the labels. */
export type AttributeLanguage = 'de' | 'en';

type Language = AttributeLanguage;

/**
 * Generic attributes of the AdV's product standard for LoD2 buildings, as the German states' surveys write
 * them (ASCII names, "ue" for "ü"). Their values (source and type codes, dates, heights) are shown as written.
 */
const ADV_LABELS: Record<Language, Record<string, string>> = {
  de: {
    // soft hyphens: a label column narrower than the word breaks it there, not before its last letter
    Gemeindeschluessel: 'Gemeinde\u00adschlüssel',
    DatenquelleLage: 'Datenquelle Lage',
    DatenquelleDachhoehe: 'Datenquelle Dachhöhe',
    DatenquelleBodenhoehe: 'Datenquelle Bodenhöhe',
    Grundrissaktualitaet: 'Grundriss\u00adaktualität',
    Geometrietyp2DReferenz: 'Geometrietyp 2D-Referenz',
    BezugspunktDach: 'Bezugspunkt Dach',
    Firsthoehe: 'Firsthöhe',
    MittlereTraufHoehe: 'Mittlere Traufhöhe',
    AbsoluteHoehe: 'Absolute Höhe',
  },
  en: {
    Gemeindeschluessel: 'Municipality key',
    DatenquelleLage: 'Source of the position',
    DatenquelleDachhoehe: 'Source of the roof height',
    DatenquelleBodenhoehe: 'Source of the ground height',
    Grundrissaktualitaet: 'Footprint as of',
    Geometrietyp2DReferenz: '2D reference geometry type',
    BezugspunktDach: 'Roof reference point',
    Firsthoehe: 'Ridge height',
    MittlereTraufHoehe: 'Mean eaves height',
    AbsoluteHoehe: 'Absolute height',
  },
};

/**
 * Fields of XPlanGML plan areas (`src/core/layers/xplan/plan-data.ts`) as the panel names them: the area's class
 * and kind, which the reader adds, and the fields most areas carry.
 */
const XPLAN_LABELS: Record<Language, Record<string, string>> = {
  de: {
    Planobjekt: 'Planobjekt',
    Art: 'Art',
    rechtscharakter: 'Rechtscharakter',
    flaechenschluss: 'Flächenschluss',
    ebene: 'Ebene',
    GRZ: 'Grundflächenzahl (GRZ)',
    GFZ: 'Geschossflächenzahl (GFZ)',
    Z: 'Vollgeschosse (Z)',
    Zmax: 'Vollgeschosse höchstens (Zmax)',
    bauweise: 'Bauweise',
    allgArtDerBaulNutzung: 'Allgemeine Art der baulichen Nutzung',
    besondereArtDerBaulNutzung: 'Besondere Art der baulichen Nutzung',
  },
  en: {
    Planobjekt: 'Plan object',
    Art: 'Kind',
    rechtscharakter: 'Legal character',
    flaechenschluss: 'Part of the closed area cover',
    ebene: 'Level',
    GRZ: 'Site occupancy index (GRZ)',
    GFZ: 'Floor area ratio (GFZ)',
    Z: 'Full storeys (Z)',
    Zmax: 'Full storeys at most (Zmax)',
    bauweise: 'Building pattern',
    allgArtDerBaulNutzung: 'General type of building use',
    besondereArtDerBaulNutzung: 'Special type of building use',
  },
};

/** Readable labels for the properties the converter writes; other properties show their own name. */
const LABELS: Record<Language, Record<string, string>> = {
  de: {
    gml_id: 'Kennung (gml:id)',
    objectType: 'Objektart',
    name: 'Name',
    function: 'Funktion',
    usage: 'Nutzung',
    class: 'Klasse',
    roofType: 'Dachform',
    measuredHeight: 'Höhe (m)',
    storeysAboveGround: 'Geschosse über Grund',
    storeysBelowGround: 'Geschosse unter Grund',
    yearOfConstruction: 'Baujahr',
    address: 'Adresse',
    externalReference: 'Externe Referenz',
    parts: 'Gebäudeteile',
    longitude: 'Länge (WGS84, Grad)',
    latitude: 'Breite (WGS84, Grad)',
    type: 'Art',
    pupils: 'Schülerzahl',
    connection: 'Glasfaseranschluss',
    website: 'Website',
    // a generic attribute of municipal models (the demo city has it), named in German in the data
    Wohneinheiten: 'Wohneinheiten',
    ...ADV_LABELS.de,
    ...XPLAN_LABELS.de,
  },
  en: {
    gml_id: 'Identifier (gml:id)',
    objectType: 'Object type',
    name: 'Name',
    function: 'Function',
    usage: 'Usage',
    class: 'Class',
    roofType: 'Roof type',
    measuredHeight: 'Height (m)',
    storeysAboveGround: 'Storeys above ground',
    storeysBelowGround: 'Storeys below ground',
    yearOfConstruction: 'Year of construction',
    address: 'Address',
    externalReference: 'External reference',
    parts: 'Building parts',
    longitude: 'Longitude (WGS84, degrees)',
    latitude: 'Latitude (WGS84, degrees)',
    type: 'Type',
    pupils: 'Pupils',
    connection: 'Fibre connection',
    website: 'Website',
    Wohneinheiten: 'Dwellings',
    ...ADV_LABELS.en,
    ...XPLAN_LABELS.en,
  },
};

/** CityGML 2.0 / AdV roof type codes (BuildingRoofTypeType code list). */
const ROOF_TYPES: Record<Language, Record<string, string>> = {
  de: {
    '1000': 'Flachdach',
    '2100': 'Pultdach',
    '2200': 'Versetztes Pultdach',
    '3100': 'Satteldach',
    '3200': 'Walmdach',
    '3300': 'Krüppelwalmdach',
    '3400': 'Mansardendach',
    '3500': 'Zeltdach',
    '3600': 'Kegeldach',
    '3700': 'Kuppeldach',
    '3800': 'Sheddach',
    '3900': 'Bogendach',
    '4000': 'Turmdach',
    '5000': 'Mischform',
    '9999': 'Sonstiges',
  },
  en: {
    '1000': 'flat',
    '2100': 'monopitch',
    '2200': 'dual pent',
    '3100': 'gabled',
    '3200': 'hipped',
    '3300': 'half-hipped',
    '3400': 'mansard',
    '3500': 'pavilion',
    '3600': 'cone',
    '3700': 'dome',
    '3800': 'sawtooth',
    '3900': 'arch',
    '4000': 'pyramidal broach',
    '5000': 'combination',
    '9999': 'other',
  },
};

/** Label of a property id in the given language (the id itself when unknown). */
export function attributeLabel(id: string, language: Language): string {
  return getOwn(LABELS[language], id) ?? id;
}

/** A decimal number as `formatAttributeValue` writes it ("-12.50"), not a year, an id or a code. */
const DECIMAL_NUMBER = /^-?\d+\.\d+$/;

/**
 * CityGML 1.0–3.0 city object types (the `objectType` property) as the panel names them; other types show as
 * written.
 */
const OBJECT_TYPES: Record<Language, Record<string, string>> = {
  de: {
    Building: 'Gebäude',
    BuildingPart: 'Gebäudeteil',
    BuildingUnit: 'Gebäudeeinheit',
    Storey: 'Geschoss',
    Bridge: 'Brücke',
    BridgePart: 'Brückenteil',
    Tunnel: 'Tunnel',
    TunnelPart: 'Tunnelteil',
    CityFurniture: 'Stadtmöblierung',
    GenericCityObject: 'Sonstiges Stadtobjekt',
    GenericOccupiedSpace: 'Sonstiges Objekt',
    GenericUnoccupiedSpace: 'Sonstiger Freiraum',
    SolitaryVegetationObject: 'Einzelpflanze',
    PlantCover: 'Bewuchs',
    WaterBody: 'Gewässer',
    LandUse: 'Flächennutzung',
    ReliefFeature: 'Gelände',
    TINRelief: 'Gelände (TIN)',
    Road: 'Straße',
    Railway: 'Bahnstrecke',
    Track: 'Weg',
    Square: 'Platz',
    Waterway: 'Wasserstraße',
    CityObjectGroup: 'Objektgruppe',
  },
  en: {
    Building: 'Building',
    BuildingPart: 'Building part',
    BuildingUnit: 'Building unit',
    Storey: 'Storey',
    Bridge: 'Bridge',
    BridgePart: 'Bridge part',
    Tunnel: 'Tunnel',
    TunnelPart: 'Tunnel part',
    CityFurniture: 'City furniture',
    GenericCityObject: 'Other city object',
    GenericOccupiedSpace: 'Other object',
    GenericUnoccupiedSpace: 'Other open space',
    SolitaryVegetationObject: 'Single plant',
    PlantCover: 'Plant cover',
    WaterBody: 'Water body',
    LandUse: 'Land use',
    ReliefFeature: 'Terrain',
    TINRelief: 'Terrain (TIN)',
    Road: 'Road',
    Railway: 'Railway',
    Track: 'Track',
    Square: 'Square',
    Waterway: 'Waterway',
    CityObjectGroup: 'Object group',
  },
};

/** Properties whose values may be AdV function codes (`31001_1010`, see `ADV_FUNCTIONS`). */
const FUNCTION_PROPERTIES: ReadonlySet<string> = new Set(['function', 'usage']);

/**
 * Value as shown: a CityGML object type by its name ("Gebäude" for `Building`); roof type codes and the AdV's
 * function codes get their name appended, e.g. "3200 (Walmdach)", "31001_1010 (Wohnhaus)"; a decimal number gets the language's decimal separator ("28,90"
 * in German, "28.90" in English). Other text stays as it is.
 */
export function attributeDisplayValue(id: string, value: string, language: Language): string {
  if (id === 'objectType') return getOwn(OBJECT_TYPES[language], value) ?? value;
  if (id === 'roofType') {
    const name = getOwn(ROOF_TYPES[language], value);
    if (name) return `${value} (${name})`;
  }
  if (FUNCTION_PROPERTIES.has(id)) {
    const names = getOwn(ADV_FUNCTIONS, value);
    if (names) return `${value} (${names[language === 'de' ? 0 : 1]})`;
  }
  if (language === 'de' && DECIMAL_NUMBER.test(value)) return value.replace('.', ',');
  return value;
}

/**
 * Decimals of numbers by property: a building's place in WGS84 degrees to six (about 0.1 m; with two, it
 * could be some 500 m off); every other number to two (metres to the centimetre).
 */
const DECIMALS: ReadonlyMap<string, number> = new Map([
  ['longitude', 6],
  ['latitude', 6],
]);

/**
 * A metadata value as text: whole numbers as they are, other numbers with two decimals (metres), or six for
 * the property `name` `longitude` or `latitude` (degrees); strings as they are, anything else (arrays,
 * booleans) as JSON. The decimal separator is a point; `attributeDisplayValue` shows the language's.
 */
export function formatAttributeValue(value: unknown, name?: string): string {
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : value.toFixed(DECIMALS.get(name ?? '') ?? 2);
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

/**
 * Property holding the information system of `externalReference` (an ENUM in the tiles: one URL shared by many
 * buildings is stored once in the schema). Shown joined with `externalReference`, never on its own row.
 */
export const EXTERNAL_REFERENCE_SYSTEM = 'externalReferenceSystem';

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * The rows a building's attributes show, in the order given: `[property id, value as text]`, leaving out empty
 * values (undefined, null, ''), as the attribute panel lists them. `externalReferenceSystem` and
 * `externalReference` become one `externalReference` row, "system: name", where the first of them stood.
 */
export function attributeRows(entries: Iterable<readonly [string, unknown]>): [string, string][] {
  const list = [...entries];
  const system = list.find(([name]) => name === EXTERNAL_REFERENCE_SYSTEM)?.[1];
  const reference = list.find(([name]) => name === 'externalReference')?.[1];
  const joined = [system, reference]
    .filter((value) => !isEmpty(value))
    .map((value) => formatAttributeValue(value))
    .join(': ');
  const rows: [string, string][] = [];
  let referenceShown = false;
  for (const [name, value] of list) {
    if (name === EXTERNAL_REFERENCE_SYSTEM || name === 'externalReference') {
      if (!referenceShown && joined !== '') rows.push(['externalReference', joined]);
      referenceShown = true;
      continue;
    }
    if (isEmpty(value)) continue;
    rows.push([name, formatAttributeValue(value, name)]);
  }
  return rows;
}
