/**
 * Geometry handlers of the CityGML reader: gml:Polygon and its kin (Triangle, PolygonPatch, Rectangle),
 * rings and coordinate lists (posList, pos, coordinates with srsDimension 2 or 3), solids, multi-surfaces
 * and other aggregates (remembered by gml:id for XLinks), XLink references to geometry, and the choice of
 * the LoD to output. Coordinates stay in the document's CRS; a ring's closing vertex is dropped.
 */
import type { RawPolygon } from './types.ts';
import * as coordinatesModule from '../gml/coordinates.ts';
import * as apiModule from './api.ts';
import * as stateModule from './state.ts';
import type { PolygonItem, ObjectBuilder, TopLevelState, ReaderState, Frame } from './state.ts';
import * as vocabulary from './vocabulary.ts';

// Local bindings: module namespace getters (CommonJS interop in tsx and Vitest) cost on hot paths.
const { countDistinctVertices, parseNumberList } = coordinatesModule;
const { COORDINATE_TEXT_MAX_CHARS } = apiModule;
const {
  C_NONE,
  C_TEXT_ATTR,
  C_POLYGON,
  C_RING,
  C_POSLIST,
  C_POS,
  C_COORDINATES,
  C_AGGREGATE,
  C_ENVELOPE_PROP,
  reverseRings,
} = stateModule;

const { GEOMETRY_AGGREGATES, NON_SURFACE_GEOMETRY } = vocabulary;

/** Notes an XLink to geometry (`xlink:href` on a geometry property) with the LoD and semantic in force. */
export function addReference(reader: ReaderState, attributes: Record<string, string>): void {
  const href = attributes['xlink:href'];
  if (href === undefined || reader.lod < 0 || reader.hidden) return;
  const builder = reader.builder as ObjectBuilder;
  builder.items.push({
    kind: 1,
    target: href.charCodeAt(0) === 35 ? href.slice(1) : href,
    lod: reader.lod,
    semantic: reader.semantic,
    reversed: reader.reversed,
    line: reader.parser.line,
  });
}

/** Opens a GML element inside a city object; returns its frame code, or -1 to skip its subtree. */
export function openGeometry(
  reader: ReaderState,
  local: string,
  attributes: Record<string, string>,
  frame: Frame,
  directChild: boolean,
): number {
  switch (local) {
    case 'posList':
    case 'pos':
      if (!reader.ringActive) return -1;
      readSrsDimension(reader, attributes);
      if (reader.srsDimension === 0 && attributes.dimension !== undefined) {
        reader.srsDimension = Number(attributes.dimension) || 0;
      }
      reader.startText(true);
      return local === 'pos' ? C_POS : C_POSLIST;
    case 'coordinates':
      if (!reader.ringActive) return -1;
      frame.key = attributes.cs ?? ',';
      frame.aux = (attributes.ts ?? ' ') + (attributes.decimal ?? '.');
      reader.startText(true);
      return C_COORDINATES;
    case 'LinearRing':
      if (!reader.polygonActive) return -1;
      readSrsDimension(reader, attributes);
      reader.ringActive = true;
      reader.ringStartFloat = reader.polygonPositions.length;
      reader.ringId = attributes['gml:id'];
      return C_RING;
    case 'Polygon':
    case 'Triangle':
    case 'PolygonPatch':
    case 'Rectangle':
      if (reader.lod < 0 || reader.polygonActive) return -1;
      readSrsDimension(reader, attributes);
      if (attributes.srsName !== undefined) reader.geometrySrs = attributes.srsName;
      reader.polygonActive = true;
      reader.polygonId = attributes['gml:id'];
      reader.polygonLine = reader.parser.line;
      reader.polygonFault = undefined;
      reader.polygonPositions.clear();
      reader.ringCount = 0;
      reader.anyRingId = false;
      return C_POLYGON;
    case 'name':
    case 'description':
      if (directChild && !reader.hidden) {
        frame.key = local;
        frame.aux = undefined;
        reader.startText();
        return C_TEXT_ATTR;
      }
      return -1;
    case 'boundedBy':
      if (directChild) return C_ENVELOPE_PROP;
      return -1;
    case 'Envelope': {
      const parentCode = (reader.frames[reader.depth - 1] as Frame).code;
      const builder = reader.builder as ObjectBuilder;
      if (
        parentCode === C_ENVELOPE_PROP &&
        attributes.srsName !== undefined &&
        builder.ownSrs === undefined
      ) {
        builder.ownSrs = attributes.srsName;
      }
      return -1;
    }
    default:
      break;
  }
  if (NON_SURFACE_GEOMETRY.has(local) || reader.lod < 0) return -1;
  readSrsDimension(reader, attributes);
  if (attributes.srsName !== undefined) reader.geometrySrs = attributes.srsName;
  if (local === 'OrientableSurface' && attributes.orientation === '-') reader.reversed = !reader.reversed;
  addReference(reader, attributes);
  if (GEOMETRY_AGGREGATES.has(local)) {
    const id = attributes['gml:id'];
    if (id !== undefined) {
      frame.key = id;
      frame.start = (reader.builder as ObjectBuilder).items.length;
      return C_AGGREGATE;
    }
  }
  return C_NONE;
}

function readSrsDimension(reader: ReaderState, attributes: Record<string, string>): void {
  const value = attributes.srsDimension ?? attributes['gml:srsDimension'];
  if (value !== undefined) reader.srsDimension = Number(value) || 0;
}

/** The fault of a polygon whose coordinate list outgrew `COORDINATE_TEXT_MAX_CHARS` (line: the list's). */
export function longCoordinates(reader: ReaderState): string {
  return `a coordinate list longer than ${COORDINATE_TEXT_MAX_CHARS} characters at line ${reader.textLine} (expected far fewer vertices)`;
}

function closeCoordinates(
  reader: ReaderState,
  text: string,
  extraSeparator: number,
  decimalChar: number,
): void {
  const dimension = reader.srsDimension === 0 ? 3 : reader.srsDimension;
  const positions = reader.polygonPositions;
  if (dimension === 3) {
    const count = parseNumberList(text, positions, extraSeparator, decimalChar);
    if (count % 3 !== 0) reader.polygonFault ??= `${count} coordinates are not a multiple of srsDimension 3`;
    return;
  }
  const scratch = reader.scratch;
  scratch.clear();
  const count = parseNumberList(text, scratch, extraSeparator, decimalChar);
  if (dimension !== 2 || count % 2 !== 0) {
    reader.polygonFault ??= `${count} coordinates with srsDimension ${dimension} (expected 2 or 3 per vertex)`;
    return;
  }
  positions.reserve((count / 2) * 3);
  const data = scratch.data;
  for (let i = 0; i < count; i += 2) {
    positions.data[positions.length++] = data[i] as number;
    positions.data[positions.length++] = data[i + 1] as number;
    positions.data[positions.length++] = 0;
  }
}

function closeOldCoordinates(reader: ReaderState, text: string, frame: Frame): void {
  const cs = frame.key;
  const ts = (frame.aux ?? ' .').slice(0, -1);
  const decimal = (frame.aux ?? ' .').slice(-1);
  const tuples = text
    .trim()
    .split(ts.trim() === '' ? /\s+/ : ts)
    .filter((tuple) => tuple.trim() !== '');
  const positions = reader.polygonPositions;
  for (const tuple of tuples) {
    const values = tuple
      .trim()
      .split(cs.trim() === '' ? /\s+/ : cs)
      .map((value) => Number(decimal === '.' ? value : value.split(decimal).join('.')));
    if (values.length < 2 || values.length > 3) {
      reader.polygonFault ??= `coordinate tuple "${tuple}" has ${values.length} values (expected 2 or 3)`;
      return;
    }
    positions.push(values[0] as number);
    positions.push(values[1] as number);
    positions.push(values.length === 3 ? (values[2] as number) : 0);
  }
}

/** Ends a LinearRing: drops the closing vertex; a ring under 3 distinct vertices drops its polygon (exterior) or itself (interior). */
export function closeRing(reader: ReaderState): void {
  reader.ringActive = false;
  if (reader.polygonFault !== undefined) return;
  const positions = reader.polygonPositions;
  const data = positions.data;
  const startVertex = reader.ringStartFloat / 3;
  let vertexCount = (positions.length - reader.ringStartFloat) / 3;
  for (let i = reader.ringStartFloat; i < positions.length; i++) {
    // `Number` reads "Infinity" and 1e400 as infinite: no coordinate either
    if (!Number.isFinite(data[i])) {
      reader.polygonFault = 'coordinates that are not finite numbers';
      return;
    }
  }
  if (vertexCount > 1) {
    const first = reader.ringStartFloat;
    const last = positions.length - 3;
    if (
      data[first] === data[last] &&
      data[first + 1] === data[last + 1] &&
      data[first + 2] === data[last + 2]
    ) {
      positions.length -= 3;
      vertexCount--;
    }
  }
  const distinct = countDistinctVertices(data, startVertex, vertexCount);
  if (distinct < 3) {
    if (reader.ringCount === 0) {
      reader.polygonFault = `a ring with ${distinct} distinct vertices (expected ≥ 3)`;
      return;
    }
    positions.length = reader.ringStartFloat;
    reader.warn(
      `interior ring with ${distinct} distinct vertices dropped (expected ≥ 3)`,
      reader.parser.line,
      reader.builder?.record.id,
    );
    return;
  }
  reader.ringStarts[reader.ringCount] = startVertex;
  reader.ringIds[reader.ringCount] = reader.ringId;
  reader.ringCount++;
  if (reader.ringId !== undefined) reader.anyRingId = true;
}

function closePolygon(reader: ReaderState): void {
  reader.polygonActive = false;
  const builder = reader.builder as ObjectBuilder;
  if (reader.polygonFault !== undefined || reader.ringCount === 0) {
    reader.summary.droppedPolygons++;
    const label = reader.polygonId !== undefined ? `polygon ${reader.polygonId}` : 'polygon';
    reader.warn(
      `${label} with ${reader.polygonFault ?? 'no exterior ring'} dropped`,
      reader.polygonLine,
      builder.record.id,
    );
    return;
  }
  const positions =
    reader.polygonSlab?.copy(reader.polygonPositions.data, 0, reader.polygonPositions.length) ??
    reader.polygonPositions.toArray();
  // a plain copy loop: Uint32Array.from goes through the iterator protocol
  const ringStarts = new Uint32Array(reader.ringCount);
  for (let r = 0; r < ringStarts.length; r++) ringStarts[r] = reader.ringStarts[r] as number;
  if (reader.reversed) reverseRings(positions, ringStarts);
  const polygon: RawPolygon = { positions, ringStarts, semantic: reader.semantic, lod: reader.lod };
  const id = reader.polygonId;
  if (id !== undefined) polygon.gmlId = id;
  const item: PolygonItem = { kind: 0, polygon, hidden: reader.hidden };
  if (reader.geometrySrs !== undefined) item.geometrySrs = reader.geometrySrs;
  if (reader.anyRingId) item.ringIds = reader.ringIds.slice(0, reader.ringCount);
  builder.items.push(item);
  if (id !== undefined) {
    const top = reader.top as TopLevelState;
    if (!top.polygonsById.has(id)) top.polygonsById.set(id, item);
    if (reader.wanted.has(id)) reader.forwardIndex.set(id, item);
  }
}

/** Closes a geometry element (frame codes C_POSLIST … C_AGGREGATE): coordinates, rings, polygons, aggregates. */
export function closeGeometryElement(reader: ReaderState, frame: Frame): void {
  switch (frame.code) {
    case C_POSLIST:
    case C_POS: {
      const text = reader.takeText();
      if (reader.textCut) reader.polygonFault ??= longCoordinates(reader);
      else closeCoordinates(reader, text, -1, 46);
      return;
    }
    case C_COORDINATES: {
      const text = reader.takeText();
      if (reader.textCut) reader.polygonFault ??= longCoordinates(reader);
      else closeOldCoordinates(reader, text, frame);
      return;
    }
    case C_RING:
      closeRing(reader);
      return;
    case C_POLYGON:
      closePolygon(reader);
      return;
    case C_AGGREGATE: {
      const top = reader.top as TopLevelState;
      const builder = reader.builder as ObjectBuilder;
      if (!top.aggregatesById.has(frame.key)) {
        top.aggregatesById.set(frame.key, { builder, start: frame.start, end: builder.items.length });
      }
      return;
    }
    default:
      return;
  }
}

/**
 * The LoD to output from the polygons found per LoD: `exactLod` if it has polygons (else none, -1);
 * otherwise the highest LoD up to `maxLod`, or failing that the lowest above it.
 */
export function chooseLod(
  byLod: Map<number, { size: number }>,
  maxLod: number,
  exactLod: number | undefined,
): number {
  let chosen = -1;
  if (exactLod !== undefined) {
    if ((byLod.get(exactLod)?.size ?? 0) > 0) chosen = exactLod;
  } else {
    for (const [lod, outputs] of byLod) {
      if (outputs.size === 0) continue;
      if (lod <= maxLod) {
        if (chosen < 0 || chosen > maxLod || lod > chosen) chosen = lod;
      } else if (chosen < 0 || (chosen > maxLod && lod < chosen)) {
        chosen = lod;
      }
    }
  }
  return chosen;
}
