/**
 * The reader's bounded index of earlier objects' geometry for backward cross-object XLinks
 * (`CROSS_OBJECT_INDEX_MAX_*`): each object's polygons with ids, and those of its aggregates with ids, copied into
 * a few arrays when the object closes (`CrossIndexedObject`); a lookup rebuilds the polygons it finds.
 */
import * as apiModule from './api.ts';
import type { CrossIndexedObject, PolygonItem, ReaderState, TopLevelState } from './state.ts';
import type { SurfaceSemantic } from './types.ts';

// Local bindings: module namespace getters (CommonJS interop in tsx and Vitest) cost on hot paths.
const { CROSS_OBJECT_INDEX_MAX_FLOATS, CROSS_OBJECT_INDEX_MAX_IDS, CROSS_OBJECT_INDEX_MAX_OBJECTS } =
  apiModule;

/**
 * Keeps the polygons of `top` that have ids, or belong to an aggregate with one, for later objects' XLinks, and
 * evicts the oldest objects beyond the bounds. Lookups search objects oldest first, so the first object that
 * declares an id wins.
 */
export function indexForLaterObjects(reader: ReaderState, top: TopLevelState): void {
  const ids = top.polygonsById.size + top.aggregatesById.size;
  if (ids === 0) return;
  const items: PolygonItem[] = [];
  const itemIndex = new Map<PolygonItem, number>();
  const indexOf = (item: PolygonItem): number => {
    let index = itemIndex.get(item);
    if (index === undefined) {
      index = items.length;
      items.push(item);
      itemIndex.set(item, index);
    }
    return index;
  };
  const byId = new Map<string, number>();
  for (const [id, item] of top.polygonsById) byId.set(id, indexOf(item));
  const aggregates: Uint32Array[] = [];
  for (const [id, range] of top.aggregatesById) {
    const members: number[] = [];
    for (let i = range.start; i < range.end; i++) {
      const item = range.builder.items[i]!;
      if (item.kind === 0) members.push(indexOf(item));
    }
    byId.set(id, -1 - aggregates.length);
    aggregates.push(Uint32Array.from(members));
  }
  const object = pack(items, byId, aggregates, ids);
  reader.crossIndex.push(object);
  reader.crossIndexFloats += object.floats;
  reader.crossIndexIds += ids;
  evictBeyondBounds(reader);
}

/** Copies the polygons' arrays end to end; the items themselves are not kept. */
function pack(
  items: PolygonItem[],
  byId: Map<string, number>,
  aggregates: Uint32Array[],
  ids: number,
): CrossIndexedObject {
  let floatCount = 0;
  let ringCount = 0;
  for (const { polygon } of items) {
    floatCount += polygon.positions.length;
    ringCount += polygon.ringStarts.length;
  }
  const positions = new Float64Array(floatCount);
  const ringStarts = new Uint32Array(ringCount);
  const spans = new Uint32Array(items.length * 4);
  const semantics: SurfaceSemantic[] = [];
  const gmlIds: (string | undefined)[] = [];
  let extras: CrossIndexedObject['extras'];
  let floatAt = 0;
  let ringAt = 0;
  for (let p = 0; p < items.length; p++) {
    const item = items[p]!;
    const polygon = item.polygon;
    positions.set(polygon.positions, floatAt);
    ringStarts.set(polygon.ringStarts, ringAt);
    spans[p * 4] = floatAt;
    spans[p * 4 + 1] = floatAt += polygon.positions.length;
    spans[p * 4 + 2] = ringAt;
    spans[p * 4 + 3] = ringAt += polygon.ringStarts.length;
    semantics.push(polygon.semantic);
    gmlIds.push(polygon.gmlId);
    if (item.ringIds !== undefined || item.geometrySrs !== undefined) {
      extras ??= new Map();
      extras.set(p, { ringIds: item.ringIds, geometrySrs: item.geometrySrs });
    }
  }
  // The aggregates' member lists count little; the polygons are counted once, by their coordinates.
  const floats = floatCount + aggregates.reduce((sum, members) => sum + members.length, 0);
  return {
    byId,
    positions,
    ringStarts,
    spans,
    semantics,
    gmlIds,
    extras,
    aggregates,
    unpacked: undefined,
    floats,
    ids,
  };
}

function evictBeyondBounds(reader: ReaderState): void {
  const index = reader.crossIndex;
  while (
    (reader.crossIndexFloats > CROSS_OBJECT_INDEX_MAX_FLOATS ||
      reader.crossIndexIds > CROSS_OBJECT_INDEX_MAX_IDS ||
      index.length - reader.crossIndexHead > CROSS_OBJECT_INDEX_MAX_OBJECTS) &&
    reader.crossIndexHead < index.length
  ) {
    const oldest = index[reader.crossIndexHead]!;
    index[reader.crossIndexHead++] = undefined as unknown as CrossIndexedObject;
    reader.crossIndexFloats -= oldest.floats;
    reader.crossIndexIds -= oldest.ids;
  }
  if (reader.crossIndexHead > 1024 && reader.crossIndexHead * 2 > index.length) {
    reader.crossIndex = index.slice(reader.crossIndexHead);
    reader.crossIndexHead = 0;
  }
}

/**
 * The polygons with this gml:id in earlier objects (one polygon, or an aggregate's), rebuilt with views of the
 * packed arrays (a caller that changes them must copy them first), the same items for the same polygon. Undefined when no indexed object declares it.
 */
export function crossLookup(reader: ReaderState, id: string): PolygonItem[] | undefined {
  const index = reader.crossIndex;
  for (let i = reader.crossIndexHead; i < index.length; i++) {
    const object = index[i]!;
    const found = object.byId.get(id);
    if (found === undefined) continue;
    if (found >= 0) return [unpack(object, found)];
    const members = object.aggregates[-1 - found]!;
    return Array.from(members, (p) => unpack(object, p));
  }
  return undefined;
}

function unpack(object: CrossIndexedObject, p: number): PolygonItem {
  const unpacked = (object.unpacked ??= []);
  const known = unpacked[p];
  if (known !== undefined) return known;
  const { spans } = object;
  const item: PolygonItem = {
    kind: 0,
    polygon: {
      positions: object.positions.subarray(spans[p * 4], spans[p * 4 + 1]),
      ringStarts: object.ringStarts.subarray(spans[p * 4 + 2], spans[p * 4 + 3]),
      semantic: object.semantics[p]!,
      // A referenced polygon takes the LoD of the reference.
      lod: -1,
    },
    hidden: false,
  };
  const gmlId = object.gmlIds[p];
  if (gmlId !== undefined) item.polygon.gmlId = gmlId;
  const extra = object.extras?.get(p);
  if (extra?.ringIds !== undefined) item.ringIds = extra.ringIds;
  if (extra?.geometrySrs !== undefined) item.geometrySrs = extra.geometrySrs;
  unpacked[p] = item;
  return item;
}
