/**
 * The reader's bounded index of earlier objects' geometry for backward cross-object XLinks
 * (`CROSS_OBJECT_INDEX_MAX_*`): each object's polygons with ids, and those of its aggregates with ids, copied into
 * one buffer when the object closes (`CrossIndexedObject`); a lookup rebuilds the polygons it finds.
 *
 * Why one buffer and no strings or maps: the index holds the last few hundred objects, so everything in it
 * outlives V8's young generation, and every object there is copied once or twice by the scavenger before it
 * dies. With a map and the id strings per object, that copying was most of the converter's collection time
 * (measured on 100 MB of NRW LoD2 on one thread: 0.24 s of scavenges with the index as maps, 0.09 s
 * without any index). Ids are kept as UTF-16 code units with a hash each; a lookup scans the hashes.
 */
import * as apiModule from './api.ts';
import type { CrossIndexedObject, PolygonItem, ReaderState, TopLevelState } from './state.ts';
import type { SurfaceSemantic } from './types.ts';

// Local bindings: module namespace getters (CommonJS interop in tsx and Vitest) cost on hot paths.
const { CROSS_OBJECT_INDEX_MAX_FLOATS, CROSS_OBJECT_INDEX_MAX_IDS, CROSS_OBJECT_INDEX_MAX_OBJECTS } =
  apiModule;

/** Surface semantics by their code in `CrossIndexedObject.semantics`. */
const SEMANTICS: readonly SurfaceSemantic[] = [
  'roof',
  'wall',
  'ground',
  'closure',
  'outerCeiling',
  'outerFloor',
  'window',
  'door',
  'installation',
  'terrain',
  'unknown',
];
const SEMANTIC_CODES = new Map(SEMANTICS.map((semantic, code) => [semantic, code]));

let hashScratch = new Int32Array(256);

/** A reused buffer for `pack`'s polygon id hashes, at least `length` long. */
function polygonHashes(length: number): Int32Array {
  if (hashScratch.length < length) hashScratch = new Int32Array(Math.max(length, hashScratch.length * 2));
  return hashScratch;
}

/** 32-bit hash of an id's UTF-16 code units (`pack` computes the same as it copies them). */
function idHash(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (Math.imul(hash, 31) + id.charCodeAt(i)) | 0;
  return hash;
}

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
  // declared ids and their targets: polygon index ≥ 0, or −1 − aggregate index
  const declared: string[] = [];
  const targets: number[] = [];
  for (const [id, item] of top.polygonsById) {
    declared.push(id);
    targets.push(indexOf(item));
  }
  const aggregateStarts: number[] = [0];
  const members: number[] = [];
  for (const [id, range] of top.aggregatesById) {
    for (let i = range.start; i < range.end; i++) {
      const item = range.builder.items[i]!;
      if (item.kind === 0) members.push(indexOf(item));
    }
    declared.push(id);
    targets.push(-aggregateStarts.length);
    aggregateStarts.push(members.length);
  }
  const object = pack(items, declared, targets, aggregateStarts, members);
  reader.crossIndex.push(object);
  reader.crossIndexFloats += object.floats;
  reader.crossIndexIds += ids;
  evictBeyondBounds(reader);
}

/**
 * Copies the polygons' arrays, ids and the aggregates' members into one buffer; the items themselves are not
 * kept. Layout: float64 coordinates, then int32 sections (see `CrossIndexedObject`), UTF-16 ids, uint8
 * semantics.
 */
function pack(
  items: PolygonItem[],
  declared: string[],
  targets: number[],
  aggregateStarts: number[],
  members: number[],
): CrossIndexedObject {
  const polygons = items.length;
  let floatCount = 0;
  let ringCount = 0;
  let anyRingIds = false;
  let textLength = 0;
  for (const item of items) {
    floatCount += item.polygon.positions.length;
    ringCount += item.polygon.ringStarts.length;
    textLength += item.polygon.gmlId?.length ?? 0;
    if (item.ringIds !== undefined) {
      anyRingIds = true;
      for (const ringId of item.ringIds) textLength += ringId?.length ?? 0;
    }
  }
  // A polygon's own id is declared with its text: the declaration points at that text, not a copy.
  for (let i = 0; i < declared.length; i++) {
    if (!(targets[i]! >= 0 && items[targets[i]!]!.polygon.gmlId === declared[i]))
      textLength += declared[i]!.length;
  }
  const hashes = polygonHashes(polygons);
  const polygonIdsAt = 4 * polygons + ringCount;
  const ringIdsAt = polygonIdsAt + 2 * polygons;
  const idsAt = ringIdsAt + (anyRingIds ? 2 * ringCount : 0);
  const aggregatesAt = idsAt + 4 * declared.length;
  const intCount = aggregatesAt + aggregateStarts.length + members.length;
  const intsOffset = floatCount * 8;
  const textOffset = intsOffset + intCount * 4;
  const semanticsOffset = textOffset + textLength * 2;
  const buffer = new ArrayBuffer(semanticsOffset + polygons);
  const positions = new Float64Array(buffer, 0, floatCount);
  const ints = new Int32Array(buffer, intsOffset, intCount);
  const text = new Uint16Array(buffer, textOffset, textLength);
  const semantics = new Uint8Array(buffer, semanticsOffset, polygons);
  let textAt = 0;
  /** Writes `value` into `text`, and its span into `ints` at `at` (−1, −1 for none); returns its `idHash`. */
  const putText = (value: string | undefined, at: number): number => {
    if (value === undefined) {
      ints[at] = ints[at + 1] = -1;
      return 0;
    }
    ints[at] = textAt;
    let hash = 0;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      hash = (Math.imul(hash, 31) + code) | 0;
      text[textAt++] = code;
    }
    ints[at + 1] = textAt;
    return hash;
  };
  let srsNames: Map<number, string> | undefined;
  let floatAt = 0;
  let ringAt = 0;
  for (let p = 0; p < polygons; p++) {
    const item = items[p]!;
    const polygon = item.polygon;
    positions.set(polygon.positions, floatAt);
    const firstRing = ringAt;
    for (let r = 0; r < polygon.ringStarts.length; r++)
      ints[4 * polygons + ringAt++] = polygon.ringStarts[r]!;
    ints[p * 4] = floatAt;
    ints[p * 4 + 1] = floatAt += polygon.positions.length;
    ints[p * 4 + 2] = firstRing;
    ints[p * 4 + 3] = ringAt;
    semantics[p] = SEMANTIC_CODES.get(polygon.semantic) ?? SEMANTICS.length - 1;
    hashes[p] = putText(polygon.gmlId, polygonIdsAt + 2 * p);
    if (anyRingIds) {
      for (let r = firstRing; r < ringAt; r++) {
        putText(item.ringIds?.[r - firstRing], ringIdsAt + 2 * r);
      }
    }
    if (item.geometrySrs !== undefined) (srsNames ??= new Map()).set(p, item.geometrySrs);
  }
  for (let i = 0; i < declared.length; i++) {
    const id = declared[i]!;
    const target = targets[i]!;
    const at = idsAt + 4 * i;
    if (target >= 0 && items[target]!.polygon.gmlId === id) {
      ints[at] = hashes[target]!;
      ints[at + 1] = ints[polygonIdsAt + 2 * target]!;
      ints[at + 2] = ints[polygonIdsAt + 2 * target + 1]!;
    } else {
      ints[at] = putText(id, at + 1);
    }
    ints[at + 3] = target;
  }
  for (let a = 0; a < aggregateStarts.length; a++) ints[aggregatesAt + a] = aggregateStarts[a]!;
  const membersAt = aggregatesAt + aggregateStarts.length;
  for (let m = 0; m < members.length; m++) ints[membersAt + m] = members[m]!;
  // The aggregates' member lists count little; the polygons are counted once, by their coordinates.
  return {
    positions,
    ints,
    text,
    semantics,
    polygons,
    rings: ringCount,
    ringIds: anyRingIds,
    ids: declared.length,
    aggregatesAt,
    membersAt,
    srsNames,
    unpacked: undefined,
    floats: floatCount + members.length,
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

/** Where `object` declares `id` (hash `hash`): polygon index ≥ 0, −1 − aggregate index, or undefined. */
function findId(object: CrossIndexedObject, id: string, hash: number): number | undefined {
  const { ints, text } = object;
  const idsAt = object.aggregatesAt - 4 * object.ids;
  // the last declaration wins, as the later one of two equal ids did in a map
  for (let i = object.ids - 1; i >= 0; i--) {
    const at = idsAt + 4 * i;
    if (ints[at] !== hash) continue;
    const start = ints[at + 1]!;
    if (ints[at + 2]! - start !== id.length) continue;
    let same = true;
    for (let c = 0; c < id.length && same; c++) same = text[start + c] === id.charCodeAt(c);
    if (same) return ints[at + 3]!;
  }
  return undefined;
}

/**
 * The polygons with this gml:id in earlier objects (one polygon, or an aggregate's), rebuilt with views of the
 * packed arrays (a caller that changes them must copy them first), the same items for the same polygon. Undefined when no indexed object declares it.
 */
export function crossLookup(reader: ReaderState, id: string): PolygonItem[] | undefined {
  const index = reader.crossIndex;
  const hash = idHash(id);
  for (let i = reader.crossIndexHead; i < index.length; i++) {
    const object = index[i]!;
    const found = findId(object, id, hash);
    if (found === undefined) continue;
    if (found >= 0) return [unpack(object, found)];
    const aggregate = -1 - found;
    const { ints, aggregatesAt, membersAt } = object;
    const items: PolygonItem[] = [];
    for (let m = ints[aggregatesAt + aggregate]!; m < ints[aggregatesAt + aggregate + 1]!; m++) {
      items.push(unpack(object, ints[membersAt + m]!));
    }
    return items;
  }
  return undefined;
}

/** The text at `ints[at]`, `ints[at + 1]` of `object`, or undefined (−1). */
function textAt(object: CrossIndexedObject, at: number): string | undefined {
  const start = object.ints[at]!;
  if (start < 0) return undefined;
  let value = '';
  for (let c = start; c < object.ints[at + 1]!; c++) value += String.fromCharCode(object.text[c]!);
  return value;
}

function unpack(object: CrossIndexedObject, p: number): PolygonItem {
  const unpacked = (object.unpacked ??= []);
  const known = unpacked[p];
  if (known !== undefined) return known;
  const { ints, polygons } = object;
  const firstRing = ints[p * 4 + 2]!;
  const endRing = ints[p * 4 + 3]!;
  const ringStartsAt = object.ints.byteOffset + (4 * polygons + firstRing) * 4;
  const item: PolygonItem = {
    kind: 0,
    polygon: {
      positions: object.positions.subarray(ints[p * 4], ints[p * 4 + 1]),
      ringStarts: new Uint32Array(object.ints.buffer, ringStartsAt, endRing - firstRing),
      semantic: SEMANTICS[object.semantics[p]!]!,
      // A referenced polygon takes the LoD of the reference.
      lod: -1,
    },
    hidden: false,
  };
  const polygonIdsAt = 4 * polygons + object.rings;
  const ringIdsAt = polygonIdsAt + 2 * polygons;
  const gmlId = textAt(object, polygonIdsAt + 2 * p);
  if (gmlId !== undefined) item.polygon.gmlId = gmlId;
  if (object.ringIds) {
    const ringIds: (string | undefined)[] = [];
    let any = false;
    for (let r = firstRing; r < endRing; r++) {
      const ringId = textAt(object, ringIdsAt + 2 * r);
      any ||= ringId !== undefined;
      ringIds.push(ringId);
    }
    if (any) item.ringIds = ringIds;
  }
  const srsName = object.srsNames?.get(p);
  if (srsName !== undefined) item.geometrySrs = srsName;
  unpacked[p] = item;
  return item;
}
