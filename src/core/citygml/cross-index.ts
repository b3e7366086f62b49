/**
 * The geometry of an earlier city object, packed for backward XLinks from later objects: its polygons
 * that have a gml:id or belong to an aggregate with one, in one map of ids, one table of integers and
 * one array of coordinates per object, instead of several objects per polygon.
 *
 * Why packed: the reader keeps up to `CROSS_OBJECT_INDEX_MAX_OBJECTS` objects for such XLinks, longer
 * than V8's young generation lives. Kept as they were read (per polygon an item, its polygon, two typed
 * arrays and an id), they were copied by scavenges and promoted: on 100 MB of NRW LoD2 CityGML the
 * reader spent about a fifth of its time collecting garbage. Polygons are unpacked, once each, only when
 * an XLink asks for them.
 */
import type { PolygonItem } from './state.ts';
import type { RawPolygon, SurfaceSemantic } from './types.ts';

/** Marks an aggregate (not a polygon) in the table's code of an id. */
const AGGREGATE = 0x80000000;
/** Semantic codes in the table: index in this list (filled as semantics are met; a handful). */
const SEMANTICS: SurfaceSemantic[] = [];

/**
 * An earlier object's polygons with ids (see the module comment); coordinates as read (source CRS).
 * `table` holds, one section after the other: per polygon + 1 its first vertex and first ring start; per
 * polygon its LoD + 1 and semantic code; per aggregate + 1 its first member; the members (polygon
 * indices); the ring starts (relative to each polygon's first vertex).
 */
export interface PackedObject {
  /** By gml:id: a polygon index, or `AGGREGATE` | an aggregate index. */
  byId: Map<string, number>;
  /** Each polygon's gml:id (the map's own key strings). */
  gmlIds: (string | undefined)[];
  idCount: number;
  polygonCount: number;
  aggregateCount: number;
  table: Uint32Array;
  /** x,y,z triples of every polygon, one after the other. */
  positions: Float64Array;
  /** The srsName given on the geometry and the rings' gml:ids, for the few polygons that have them. */
  extras: Map<number, PolygonExtras> | undefined;
  /** Polygons unpacked so far: the same item each time, so an object referring twice gets it once. */
  unpacked: (PolygonItem | undefined)[] | undefined;
  /** Coordinates and ids counted for the memory bound. */
  floats: number;
}

type PolygonExtras = Pick<PolygonItem, 'geometrySrs' | 'ringIds'>;

function semanticCode(semantic: SurfaceSemantic): number {
  const code = SEMANTICS.indexOf(semantic);
  return code >= 0 ? code : SEMANTICS.push(semantic) - 1;
}

/**
 * Packs the polygons of an object with ids (`polygonsById`) and of its aggregates with ids (each a list
 * of polygon items); undefined when it has no ids. Polygons whose coordinates were already handed on
 * (transferred, length 0) are left out, as XLinks to them cannot be resolved.
 */
export function packObject(
  polygonsById: Map<string, PolygonItem>,
  aggregatesById: Map<string, PolygonItem[]> | undefined,
): PackedObject | undefined {
  if (polygonsById.size + (aggregatesById?.size ?? 0) === 0) return undefined;
  const items: PolygonItem[] = [];
  const indexOf = new Map<PolygonItem, number>();
  const add = (item: PolygonItem): number => {
    let index = indexOf.get(item);
    if (index === undefined) {
      index = items.length;
      items.push(item);
      indexOf.set(item, index);
    }
    return index;
  };
  const byId = new Map<string, number>();
  for (const [id, item] of polygonsById) {
    if (item.polygon.positions.length > 0) byId.set(id, add(item));
  }
  const members: number[][] = [];
  for (const [id, polygons] of aggregatesById ?? []) {
    // a polygon with the same id is found first, as in the object's own maps
    if (!byId.has(id)) byId.set(id, (AGGREGATE | members.length) >>> 0);
    members.push(polygons.filter((item) => item.polygon.positions.length > 0).map(add));
  }
  let floats = 0;
  let rings = 0;
  let memberCount = 0;
  for (const item of items) {
    floats += item.polygon.positions.length;
    rings += item.polygon.ringStarts.length;
  }
  for (const list of members) memberCount += list.length;
  const polygonCount = items.length;
  const aggregateCount = members.length;
  const table = new Uint32Array(
    2 * (polygonCount + 1) + 2 * polygonCount + aggregateCount + 1 + memberCount + rings,
  );
  const positions = new Float64Array(floats);
  const gmlIds = new Array<string | undefined>(polygonCount);
  const vertexStarts = 0;
  const ringStartsAt = vertexStarts + polygonCount + 1;
  const polygonFields = ringStartsAt + polygonCount + 1;
  const aggregateStarts = polygonFields + 2 * polygonCount;
  let member = aggregateStarts + aggregateCount + 1;
  let ring = member + memberCount;
  let vertex = 0;
  let extras: PackedObject['extras'];
  for (let i = 0; i < polygonCount; i++) {
    const item = items[i]!;
    const polygon = item.polygon;
    table[vertexStarts + i] = vertex;
    table[ringStartsAt + i] = ring;
    positions.set(polygon.positions, vertex * 3);
    vertex += polygon.positions.length / 3;
    table.set(polygon.ringStarts, ring);
    ring += polygon.ringStarts.length;
    table[polygonFields + 2 * i] = polygon.lod + 1;
    table[polygonFields + 2 * i + 1] = semanticCode(polygon.semantic);
    gmlIds[i] = polygon.gmlId;
    if (item.geometrySrs !== undefined || item.ringIds !== undefined) {
      const extra: PolygonExtras = {};
      if (item.geometrySrs !== undefined) extra.geometrySrs = item.geometrySrs;
      if (item.ringIds !== undefined) extra.ringIds = item.ringIds;
      (extras ??= new Map()).set(i, extra);
    }
  }
  table[vertexStarts + polygonCount] = vertex;
  table[ringStartsAt + polygonCount] = ring;
  for (let a = 0; a < aggregateCount; a++) {
    table[aggregateStarts + a] = member;
    for (const index of members[a]!) table[member++] = index;
  }
  table[aggregateStarts + aggregateCount] = member;
  return {
    byId,
    gmlIds,
    idCount: byId.size,
    polygonCount,
    aggregateCount,
    table,
    positions,
    extras,
    unpacked: undefined,
    floats: floats + memberCount,
  };
}

/** The polygon (a polygon id) or the polygons (an aggregate id) of `object` with gml:id `id`, if any. */
export function lookupPacked(object: PackedObject, id: string): PolygonItem | PolygonItem[] | undefined {
  const code = object.byId.get(id);
  if (code === undefined) return undefined;
  if ((code & AGGREGATE) === 0) return unpack(object, code);
  const aggregate = code & ~AGGREGATE;
  const starts = 2 * (object.polygonCount + 1) + 2 * object.polygonCount;
  const polygons: PolygonItem[] = [];
  for (let m = object.table[starts + aggregate]!; m < object.table[starts + aggregate + 1]!; m++) {
    polygons.push(unpack(object, object.table[m]!));
  }
  return polygons;
}

/** Polygon `index` of `object` as the reader's polygon item (views of the packed arrays; read only). */
function unpack(object: PackedObject, index: number): PolygonItem {
  const unpacked = (object.unpacked ??= []);
  const known = unpacked[index];
  if (known !== undefined) return known;
  const { table, polygonCount } = object;
  const ringStartsAt = polygonCount + 1;
  const fields = ringStartsAt + polygonCount + 1 + 2 * index;
  const polygon: RawPolygon = {
    positions: object.positions.subarray(table[index]! * 3, table[index + 1]! * 3),
    ringStarts: table.subarray(table[ringStartsAt + index], table[ringStartsAt + index + 1]),
    semantic: SEMANTICS[table[fields + 1]!]!,
    lod: table[fields]! - 1,
  };
  const gmlId = object.gmlIds[index];
  if (gmlId !== undefined) polygon.gmlId = gmlId;
  const extra = object.extras?.get(index);
  const item: PolygonItem = { kind: 0, polygon, hidden: false };
  if (extra?.geometrySrs !== undefined) item.geometrySrs = extra.geometrySrs;
  if (extra?.ringIds !== undefined) item.ringIds = extra.ringIds;
  unpacked[index] = item;
  return item;
}
