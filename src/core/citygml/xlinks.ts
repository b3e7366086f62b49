/**
 * XLink resolution of the CityGML reader and the finishing of city objects: references to geometry by
 * gml:id within an object, backward to earlier objects (a bounded index, `cross-index.ts`) and
 * forward to later ones (objects held back, at most `MAX_HELD_OBJECTS`); then each object's polygons by
 * LoD, the LoD chosen and the record emitted.
 */
import type { RawPolygon, SurfaceSemantic } from './types.ts';
import * as apiModule from './api.ts';
import * as stateModule from './state.ts';
import type {
  PolygonItem,
  ReferenceItem,
  GeometryItem,
  AggregateRange,
  ObjectBuilder,
  TopLevelState,
  ReaderState,
} from './state.ts';
import * as geometryModule from './geometry.ts';
import * as appearancesModule from './appearances.ts';
import * as crossIndexModule from './cross-index.ts';

// Local bindings: module namespace getters (CommonJS interop in tsx and Vitest) cost on hot paths.
const { MAX_HELD_OBJECTS } = apiModule;
const { countPolygons, reverseRings } = stateModule;
const { chooseLod } = geometryModule;
const { applyAppearance, applyGlobalAppearances } = appearancesModule;
const { crossLookup, indexForLaterObjects } = crossIndexModule;

/** A city object (or part) closes: a top-level object is resolved and emitted, or held for forward XLinks. */
export function closeObject(reader: ReaderState): void {
  const builder = reader.builder as ObjectBuilder;
  reader.builder = builder.parent;
  if (builder.parent !== undefined) return;
  const top = reader.top as TopLevelState;
  reader.top = undefined;
  reader.objectsSeen++;
  applyGlobalAppearances(reader, top);
  resolveAll(reader, top);
  if (top.unresolved.size > 0 && reader.held.length < MAX_HELD_OBJECTS) {
    for (const id of top.unresolved) reader.wanted.set(id, (reader.wanted.get(id) ?? 0) + 1);
    reader.held.push(top);
  } else {
    emit(reader, top, false);
  }
  indexForLaterObjects(reader, top);
  retryHeld(reader);
}

function retryHeld(reader: ReaderState): void {
  for (let i = 0; i < reader.held.length; ) {
    const held = reader.held[i] as TopLevelState;
    let ready = true;
    for (const id of held.unresolved) {
      if (!reader.forwardIndex.has(id)) {
        ready = false;
        break;
      }
    }
    if (ready) {
      reader.held.splice(i, 1);
      emitHeld(reader, held, false);
    } else {
      i++;
    }
  }
}

/** Emits an object held for forward XLinks (`final`: at the end of the document, unresolved ones warned about). */
export function emitHeld(reader: ReaderState, held: TopLevelState, final: boolean): void {
  for (const id of held.unresolved) {
    const count = (reader.wanted.get(id) ?? 1) - 1;
    if (count <= 0) reader.wanted.delete(id);
    else reader.wanted.set(id, count);
  }
  resolveAll(reader, held);
  emit(reader, held, final);
  if (reader.wanted.size === 0) reader.forwardIndex.clear();
}

/** Emits a finished top-level object: warnings for unresolved XLinks, polygons counted. */
export function emit(reader: ReaderState, top: TopLevelState, final: boolean): void {
  if (top.unresolved.size > 0) {
    const builder = top.builder;
    for (const id of top.unresolved) {
      reader.warn(
        `XLink to #${id} never resolved${final ? ' before the end of the document' : ''} (expected a geometry with that gml:id)`,
        referenceLine(reader, builder, id),
        builder.record.id,
      );
    }
  }
  reader.summary.polygons += countPolygons(top.builder.record);
  reader.output.push(top.builder.record);
}

/** Line of the first XLink to `id` in the object or its parts (else the object's own line). */
function referenceLine(reader: ReaderState, builder: ObjectBuilder, id: string): number {
  const find = (current: ObjectBuilder): number | undefined => {
    for (const item of current.items) if (item.kind === 1 && item.target === id) return item.line;
    for (const child of current.children) {
      const line = find(child);
      if (line !== undefined) return line;
    }
    return undefined;
  };
  return find(builder) ?? builder.record.line;
}

function resolveAll(reader: ReaderState, top: TopLevelState): void {
  top.unresolved.clear();
  const used = new Set<PolygonItem>();
  resolveBuilder(reader, top, top.builder, used, top.builder.record.srsName ?? reader.summary.srsName);
}

/** Geometry with this gml:id: of this object (polygon or aggregate range), or of another object (copied). */
export function lookup(
  reader: ReaderState,
  top: TopLevelState,
  id: string,
): PolygonItem | AggregateRange | PolygonItem[] | undefined {
  return top.polygonsById.get(id) ?? top.aggregatesById.get(id) ?? foreignLookup(reader, id);
}

function foreignLookup(reader: ReaderState, id: string): PolygonItem[] | undefined {
  const found = reader.forwardIndex.get(id) ?? crossLookup(reader, id);
  if (found === undefined) return undefined;
  // A forward-indexed polygon belongs to an emitted record whose coordinates the consumer may have transferred
  // (detached) meanwhile; the cross-object index holds its own copies.
  const usable = (Array.isArray(found) ? found : [found]).filter((item) => item.polygon.positions.length > 0);
  return usable.length > 0 ? usable : undefined;
}

function resolveBuilder(
  reader: ReaderState,
  top: TopLevelState,
  builder: ObjectBuilder,
  used: Set<PolygonItem>,
  inheritedSrs: string | undefined,
): void {
  const record = builder.record;
  record.srsName = builder.ownSrs ?? inheritedSrs;
  if (record.srsName === undefined) delete record.srsName;
  const byLod = new Map<number, Map<PolygonItem, RawPolygon>>();
  const emitPolygon = (
    item: PolygonItem,
    lod: number,
    semantic: SurfaceSemantic,
    reversed: boolean,
    foreign = false,
  ): void => {
    let outputs = byLod.get(lod);
    if (outputs === undefined) {
      outputs = new Map();
      byLod.set(lod, outputs);
    }
    const existing = outputs.get(item);
    if (existing !== undefined) {
      if (existing.semantic === 'unknown' && semantic !== 'unknown') existing.semantic = semantic;
      return;
    }
    const source = item.polygon;
    const shareable = !used.has(item) && !reversed && !foreign;
    used.add(item);
    const positions = shareable ? source.positions : source.positions.slice();
    if (reversed) reverseRings(positions, source.ringStarts);
    const polygon: RawPolygon = {
      positions,
      ringStarts: shareable ? source.ringStarts : source.ringStarts.slice(),
      semantic: semantic === 'unknown' ? source.semantic : semantic,
      lod,
    };
    if (source.gmlId !== undefined) polygon.gmlId = source.gmlId;
    if (item.geometrySrs !== undefined && item.geometrySrs !== record.srsName)
      polygon.srsName = item.geometrySrs;
    applyAppearance(reader, top, item, polygon);
    outputs.set(item, polygon);
  };
  const expand = (id: string, ref: ReferenceItem, depth: number): boolean => {
    const target = lookup(reader, top, id);
    if (target === undefined) return false;
    if (Array.isArray(target)) {
      for (const item of target) emitPolygon(item, ref.lod, ref.semantic, ref.reversed, true);
      return true;
    }
    if ('kind' in target) {
      emitPolygon(target, ref.lod, ref.semantic, ref.reversed);
      return true;
    }
    if (depth > 8) return true;
    for (let i = target.start; i < target.end; i++) {
      const item = target.builder.items[i] as GeometryItem;
      if (item.kind === 0) emitPolygon(item, ref.lod, ref.semantic, ref.reversed);
      else if (!expand(item.target, ref, depth + 1)) top.unresolved.add(item.target);
    }
    return true;
  };
  for (const item of builder.items) {
    if (item.kind === 0) {
      if (!item.hidden && item.polygon.lod >= 0)
        emitPolygon(item, item.polygon.lod, item.polygon.semantic, false);
    } else if (!expand(item.target, item, 0)) {
      top.unresolved.add(item.target);
    }
  }
  const chosen = chooseLod(byLod, reader.maxLod, reader.exactLod);
  record.lod = chosen;
  record.polygons = chosen >= 0 ? [...(byLod.get(chosen) as Map<PolygonItem, RawPolygon>).values()] : [];
  record.parts = [];
  for (const child of builder.children) {
    resolveBuilder(reader, top, child, used, record.srsName);
    record.parts.push(child.record);
  }
}
