/**
 * CityGML 1.0/2.0/3.0 vocabulary: namespaces, element names and their meaning for the reader.
 * Platform-free lookup tables.
 */
import type { SurfaceSemantic } from './types.ts';

/** How an element's namespace is treated. */
export const NS_CITYGML = 1;
export const NS_GML = 2;
export const NS_XAL = 3;
/** No namespace (or an unbound prefix): decided by local name, with a warning. */
export const NS_MISSING = 4;
/** Any other namespace (ADE, metadata, …): the subtree is skipped. */
export const NS_OTHER = 5;

export type NamespaceKind =
  | typeof NS_CITYGML
  | typeof NS_GML
  | typeof NS_XAL
  | typeof NS_MISSING
  | typeof NS_OTHER;

/** Classifies a namespace URI. */
export function classifyNamespace(uri: string | undefined): NamespaceKind {
  if (uri === undefined || uri === '') return NS_MISSING;
  if (uri.startsWith('http://www.opengis.net/citygml/')) return NS_CITYGML;
  if (uri === 'http://www.opengis.net/gml' || uri.startsWith('http://www.opengis.net/gml/')) return NS_GML;
  if (
    uri.startsWith('urn:oasis:names:tc:ciq:xsdschema:xAL') ||
    uri.startsWith('urn:oasis:names:tc:ciq:xal')
  ) {
    return NS_XAL;
  }
  return NS_OTHER;
}

/** CityGML version named by a namespace URI ('1.0' | '2.0' | '3.0'), or undefined. */
export function citygmlVersionOf(uri: string): '1.0' | '2.0' | '3.0' | undefined {
  if (!uri.startsWith('http://www.opengis.net/citygml/')) return undefined;
  if (uri.endsWith('/1.0')) return '1.0';
  if (uri.endsWith('/2.0')) return '2.0';
  if (uri.endsWith('/3.0')) return '3.0';
  return undefined;
}

/** Thematic boundary surfaces and openings (1.0/2.0/3.0 names) and their semantic. */
export const SURFACE_SEMANTICS: ReadonlyMap<string, SurfaceSemantic> = new Map<string, SurfaceSemantic>([
  ['RoofSurface', 'roof'],
  ['WallSurface', 'wall'],
  ['GroundSurface', 'ground'],
  ['ClosureSurface', 'closure'],
  ['OuterCeilingSurface', 'outerCeiling'],
  ['OuterFloorSurface', 'outerFloor'],
  ['Window', 'window'],
  ['Door', 'door'],
  ['WindowSurface', 'window'],
  ['DoorSurface', 'door'],
  ['InteriorWallSurface', 'wall'],
  ['CeilingSurface', 'outerCeiling'],
  ['FloorSurface', 'outerFloor'],
  ['TINRelief', 'terrain'],
  ['ReliefFeature', 'terrain'],
]);

/** Parts kept in their parent's `parts`. */
export const PART_TYPES: ReadonlySet<string> = new Set(['BuildingPart', 'BridgePart', 'TunnelPart']);

/** Installations merged into their owner's polygons with semantic 'installation'. */
export const INSTALLATION_TYPES: ReadonlySet<string> = new Set([
  'BuildingInstallation',
  'BridgeInstallation',
  'TunnelInstallation',
]);

/**
 * Interior or subdivision features: their geometry is parsed (so XLinks into it resolve) but not
 * output; CityGML 3.0 Storeys/BuildingUnits are not counted as buildings.
 */
export const HIDDEN_FEATURES: ReadonlySet<string> = new Set([
  'interiorRoom',
  'interiorBuildingInstallation',
  'interiorFurniture',
  'interiorBridgeRoom',
  'interiorBridgeInstallation',
  'interiorTunnelInstallation',
  'interiorHollowSpace',
  'buildingRoom',
  'buildingFurniture',
  'buildingSubdivision',
  'bridgeRoom',
  'bridgeFurniture',
  'hollowSpace',
  'tunnelFurniture',
]);

/** Property elements that never carry city geometry we read (skipped as a whole). */
export const SKIPPED_PROPERTIES: ReadonlySet<string> = new Set([
  'relatedTo',
  'generalizesTo',
  'externalReference',
  'dynamizer',
  'versionMember',
  'versionTransitionMember',
]);

/** GML surface and solid aggregates: geometry aggregates, and known by local name without a namespace. */
const SURFACE_AGGREGATES = [
  'MultiSurface',
  'CompositeSurface',
  'Surface',
  'OrientableSurface',
  'Solid',
  'Shell',
  'MultiSolid',
  'CompositeSolid',
  'TriangulatedSurface',
];

/** GML geometry aggregates whose gml:id names the polygons beneath them. */
export const GEOMETRY_AGGREGATES: ReadonlySet<string> = new Set([
  ...SURFACE_AGGREGATES,
  'Tin',
  'PolyhedralSurface',
  'MultiGeometry',
  'GeometricComplex',
]);

/** GML element names recognised by local name where the namespace is missing. */
export const GML_LOCAL_NAMES: ReadonlySet<string> = new Set([
  'Polygon',
  'Triangle',
  'PolygonPatch',
  'Rectangle',
  'LinearRing',
  'posList',
  'pos',
  'coordinates',
  'exterior',
  'interior',
  'outerBoundaryIs',
  'innerBoundaryIs',
  'surfaceMember',
  'surfaceMembers',
  'solidMember',
  'baseSurface',
  'patches',
  'trianglePatches',
  'Envelope',
  ...SURFACE_AGGREGATES,
]);

/** GML elements whose subtree has no surfaces (curves, points, envelopes, CRS definitions). */
export const NON_SURFACE_GEOMETRY: ReadonlySet<string> = new Set([
  'MultiCurve',
  'CompositeCurve',
  'Curve',
  'LineString',
  'OrientableCurve',
  'Point',
  'MultiPoint',
  'Envelope',
  'metaDataProperty',
  'EngineeringCRS',
  'controlPoint',
  'stopLines',
]);

/** Generic attribute element names (2.0 lower-case, 3.0 upper-case) → value kind. */
export const GENERIC_KINDS: ReadonlyMap<string, 'string' | 'number' | 'set'> = new Map<
  string,
  'string' | 'number' | 'set'
>([
  ['stringAttribute', 'string'],
  ['intAttribute', 'number'],
  ['doubleAttribute', 'number'],
  ['dateAttribute', 'string'],
  ['uriAttribute', 'string'],
  ['measureAttribute', 'number'],
  ['genericAttributeSet', 'set'],
  ['StringAttribute', 'string'],
  ['IntAttribute', 'number'],
  ['DoubleAttribute', 'number'],
  ['DateAttribute', 'string'],
  ['UriAttribute', 'string'],
  ['MeasureAttribute', 'number'],
  ['CodeAttribute', 'string'],
  ['GenericAttributeSet', 'set'],
]);

/** Simple thematic attributes read as text from direct children of a city object. */
export const TEXT_ATTRIBUTES: ReadonlySet<string> = new Set([
  'name',
  'description',
  'class',
  'function',
  'usage',
  'roofType',
  'measuredHeight',
  'storeysAboveGround',
  'storeysBelowGround',
  'yearOfConstruction',
  'yearOfDemolition',
  'dateOfConstruction',
  'dateOfDemolition',
]);

/** Length units to metres (uom strings as found in CityGML files). */
export function metresPerUnit(uom: string | undefined): number | undefined {
  if (uom === undefined || uom === '') return 1;
  const unit = uom.replace(/^.*[:#/]/, '').toLowerCase();
  switch (unit) {
    case 'm':
    case 'metre':
    case 'meter':
    case 'metres':
    case 'meters':
      return 1;
    case 'cm':
      return 0.01;
    case 'mm':
      return 0.001;
    case 'km':
      return 1000;
    case 'ft':
    case 'foot':
    case '[ft_i]':
      return 0.3048;
    default:
      return undefined;
  }
}

/**
 * Parses a geometry property name like `lod2Solid` or `lod0FootPrint`: returns its LoD and the
 * semantic it implies, or `undefined` when the name is not a surface geometry property (curves,
 * terrain intersections, implicit representations give `skip`).
 */
export function parseLodProperty(
  local: string,
): { lod: number; semantic: SurfaceSemantic | undefined } | 'skip' | undefined {
  if (local.length < 5 || !local.startsWith('lod')) return undefined;
  const digit = local.charCodeAt(3) - 48;
  if (digit < 0 || digit > 4) return undefined;
  const rest = local.slice(4);
  if (rest === '' || rest === 'Point') return 'skip';
  if (/Curve|TerrainIntersection|Implicit|Network|BaseLine|Point/.test(rest)) return 'skip';
  if (rest === 'FootPrint') return { lod: digit, semantic: 'ground' };
  if (rest === 'RoofEdge') return { lod: digit, semantic: 'roof' };
  return { lod: digit, semantic: undefined };
}

/** What a CityGML element means inside a city object (cached per element name by the reader). */
export const A_NONE = 0;
export const A_TEXT_ATTRIBUTE = 1;
export const A_GENERIC = 2;
export const A_PART = 3;
export const A_INSTALLATION = 4;
export const A_HIDDEN = 5;
export const A_SURFACE = 6;
export const A_LOD = 7;
export const A_SKIP = 8;
/** Handled by name: address, externalReference, genericAttribute, height, value, appearance, tin, lod, … */
export const A_SPECIAL = 9;

export interface LocalMeaning {
  action: number;
  semantic?: SurfaceSemantic;
  lod?: number;
}

const SPECIAL_NAMES: ReadonlySet<string> = new Set([
  'address',
  'externalReference',
  'genericAttribute',
  'height',
  'creationDate',
  'terminationDate',
  'value',
  'appearance',
  'tin',
  'lod',
]);

/** Classifies a local element name once (the reader caches the result per qualified name). */
export function meaningOf(local: string): LocalMeaning {
  if (TEXT_ATTRIBUTES.has(local)) return { action: A_TEXT_ATTRIBUTE };
  if (SPECIAL_NAMES.has(local)) return { action: A_SPECIAL };
  if (GENERIC_KINDS.has(local)) return { action: A_GENERIC };
  if (PART_TYPES.has(local)) return { action: A_PART };
  if (INSTALLATION_TYPES.has(local)) return { action: A_INSTALLATION };
  if (HIDDEN_FEATURES.has(local)) return { action: A_HIDDEN };
  const semantic = SURFACE_SEMANTICS.get(local);
  if (semantic !== undefined) return { action: A_SURFACE, semantic };
  const lodProperty = parseLodProperty(local);
  if (lodProperty === 'skip') return { action: A_SKIP };
  if (lodProperty !== undefined) {
    return lodProperty.semantic === undefined
      ? { action: A_LOD, lod: lodProperty.lod }
      : { action: A_LOD, lod: lodProperty.lod, semantic: lodProperty.semantic };
  }
  if (SKIPPED_PROPERTIES.has(local) || local.endsWith('ImplicitRepresentation')) return { action: A_SKIP };
  return { action: A_NONE };
}
