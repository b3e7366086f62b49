/**
 * Test support: reads a generated demo-city document with saxes (namespace-aware) into plain records, so the
 * tests check the text as written rather than the generator's internal objects. Not used by the generator.
 */
import { SaxesParser } from 'saxes';

export const NS = {
  core: 'http://www.opengis.net/citygml/2.0',
  bldg: 'http://www.opengis.net/citygml/building/2.0',
  tran: 'http://www.opengis.net/citygml/transportation/2.0',
  luse: 'http://www.opengis.net/citygml/landuse/2.0',
  wtr: 'http://www.opengis.net/citygml/waterbody/2.0',
  gen: 'http://www.opengis.net/citygml/generics/2.0',
  gml: 'http://www.opengis.net/gml',
  xAL: 'urn:oasis:names:tc:ciq:xsdschema:xAL:2.0',
  xlink: 'http://www.w3.org/1999/xlink',
} as const;

/** One polygon as written: gml:id, the enclosing semantic element and its ring (closing vertex kept). */
export interface ParsedPolygon {
  id: string;
  /** RoofSurface, WallSurface, GroundSurface for buildings; the feature's local name for ground features. */
  surface: string;
  /** x,y,z triples from the posList, including the repeated closing vertex. */
  coordinates: number[];
}

export interface ParsedBuilding {
  id: string;
  name?: string;
  /** Local name -> text of the simple bldg: properties (function, roofType, measuredHeight, ...). */
  properties: Record<string, string>;
  measuredHeightUom?: string;
  generic: Record<string, string>;
  address: Record<string, string>;
  /** Local names of the Building's child elements, in document order. */
  children: string[];
  /** xlink:href values inside lod2Solid, without '#'. */
  solidMembers: string[];
  polygons: ParsedPolygon[];
}

export interface ParsedGroundFeature {
  type: 'LandUse' | 'Road' | 'WaterBody';
  id: string;
  name?: string;
  functionCode?: string;
  generic: Record<string, string>;
  /** Local names of the feature's child elements, in document order. */
  children: string[];
  polygons: ParsedPolygon[];
}

export interface ParsedDemoCity {
  root: { localName: string; uri: string };
  description: string;
  envelope: { srsName: string; srsDimension: string; lower: number[]; upper: number[] };
  buildings: ParsedBuilding[];
  ground: ParsedGroundFeature[];
  /** Every gml:id in document order. */
  ids: string[];
  /** Coordinate tokens (posList and corners) with more than three decimals. */
  overPrecise: string[];
}

const BUILDING_PROPERTIES = new Set([
  'function',
  'roofType',
  'measuredHeight',
  'storeysAboveGround',
  'yearOfConstruction',
]);
const ADDRESS_PARTS = new Set([
  'CountryName',
  'LocalityName',
  'ThoroughfareName',
  'ThoroughfareNumber',
  'PostalCodeNumber',
]);

function numbers(text: string, overPrecise: string[]): number[] {
  const tokens = text.trim().split(/\s+/);
  for (const token of tokens) if (/\.\d{4,}/.test(token)) overPrecise.push(token);
  return tokens.map(Number);
}

/** Parses a whole demo-city document (throws on XML that is not well-formed). */
export function parseDemoCity(xml: string): ParsedDemoCity {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const result: ParsedDemoCity = {
    root: { localName: '', uri: '' },
    description: '',
    envelope: { srsName: '', srsDimension: '', lower: [], upper: [] },
    buildings: [],
    ground: [],
    ids: [],
    overPrecise: [],
  };
  const stack: { local: string; uri: string }[] = [];
  let text = '';
  let building: ParsedBuilding | undefined;
  let feature: ParsedGroundFeature | undefined;
  let surface = '';
  let polygon: ParsedPolygon | undefined;
  let genericName = '';
  let inSolid = false;

  parser.on('opentag', (tag) => {
    const local = tag.local;
    const uri = tag.uri;
    if (stack.length === 0) result.root = { localName: local, uri };
    const parentTag = stack[stack.length - 1];
    if (building && parentTag?.local === 'Building') building.children.push(local);
    if (feature && parentTag?.local === feature.type && parentTag.uri !== NS.gml)
      feature.children.push(local);
    stack.push({ local, uri });
    text = '';
    const id = tag.attributes['gml:id'];
    const gmlId = typeof id === 'object' ? id.value : id;
    if (gmlId !== undefined) result.ids.push(gmlId);
    if (uri === NS.bldg && local === 'Building') {
      building = {
        id: gmlId ?? '',
        properties: {},
        generic: {},
        address: {},
        children: [],
        solidMembers: [],
        polygons: [],
      };
    } else if (
      (uri === NS.luse && local === 'LandUse') ||
      (uri === NS.tran && local === 'Road') ||
      (uri === NS.wtr && local === 'WaterBody')
    ) {
      feature = {
        type: local as ParsedGroundFeature['type'],
        id: gmlId ?? '',
        generic: {},
        children: [],
        polygons: [],
      };
      surface = local;
    } else if (
      uri === NS.bldg &&
      (local === 'RoofSurface' || local === 'WallSurface' || local === 'GroundSurface')
    ) {
      surface = local;
    } else if (uri === NS.bldg && local === 'lod2Solid') {
      inSolid = true;
    } else if (uri === NS.gml && local === 'surfaceMember' && inSolid && building) {
      const href = tag.attributes['xlink:href'];
      const value = typeof href === 'object' ? href.value : href;
      if (value !== undefined) building.solidMembers.push(value.replace(/^#/, ''));
    } else if (uri === NS.gml && local === 'Polygon') {
      polygon = { id: gmlId ?? '', surface, coordinates: [] };
    } else if (uri === NS.gml && local === 'Envelope' && stack.length === 3) {
      const attribute = (name: string): string => {
        const value = tag.attributes[name];
        return (typeof value === 'object' ? value.value : value) ?? '';
      };
      result.envelope.srsName = attribute('srsName');
      result.envelope.srsDimension = attribute('srsDimension');
    } else if (uri === NS.gen && (local === 'stringAttribute' || local === 'intAttribute')) {
      const name = tag.attributes['name'];
      genericName = (typeof name === 'object' ? name.value : name) ?? '';
    } else if (uri === NS.bldg && local === 'measuredHeight' && building) {
      const uom = tag.attributes['uom'];
      const value = typeof uom === 'object' ? uom.value : uom;
      if (value !== undefined) building.measuredHeightUom = value;
    }
  });
  parser.on('text', (chunk) => {
    text += chunk;
  });
  parser.on('closetag', (tag) => {
    const local = tag.local;
    const uri = tag.uri;
    stack.pop();
    const parent = stack[stack.length - 1];
    if (uri === NS.gml && local === 'posList' && polygon) {
      polygon.coordinates.push(...numbers(text, result.overPrecise));
    } else if (uri === NS.gml && (local === 'lowerCorner' || local === 'upperCorner') && stack.length === 3) {
      result.envelope[local === 'lowerCorner' ? 'lower' : 'upper'] = numbers(text, result.overPrecise);
    } else if (uri === NS.gml && local === 'description' && stack.length === 1) {
      result.description = text;
    } else if (uri === NS.gml && local === 'Polygon' && polygon) {
      (building ?? feature)?.polygons.push(polygon);
      polygon = undefined;
    } else if (uri === NS.gml && local === 'name' && parent && building && parent.local === 'Building') {
      building.name = text;
    } else if (uri === NS.gml && local === 'name' && feature && parent?.local === feature.type) {
      feature.name = text;
    } else if (uri === NS.gen && local === 'value') {
      (building ?? feature)!.generic[genericName] = text;
    } else if (
      uri === NS.bldg &&
      building &&
      BUILDING_PROPERTIES.has(local) &&
      parent?.local === 'Building'
    ) {
      building.properties[local] = text;
    } else if (uri === NS.xAL && building && ADDRESS_PARTS.has(local)) {
      building.address[local] = text;
    } else if (feature && local === 'function' && parent?.local === feature.type) {
      feature.functionCode = text;
    } else if (uri === NS.bldg && local === 'lod2Solid') {
      inSolid = false;
    } else if (uri === NS.bldg && local === 'Building' && building) {
      result.buildings.push(building);
      building = undefined;
    } else if (feature && uri !== NS.gml && local === feature.type) {
      result.ground.push(feature);
      feature = undefined;
    }
    text = '';
  });
  parser.write(xml).close();
  return result;
}
