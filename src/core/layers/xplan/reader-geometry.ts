/**
 * Geometry of one XPlanGML feature property while it streams in: the GML elements the reader
 * (`reader.ts`) opens and closes are turned into flat 2D coordinates with part and polygon starts, in the
 * source CRS (srsDimension 3 positions keep x,y). Arcs become chords (`interpolateArc`). Faults are
 * collected as messages; the reader reports them as warnings with the feature.
 */
import * as coordinatesModule from '../../gml/coordinates.ts';
import type { NumberBuffer } from '../../gml/coordinates.ts';
import * as geometryModule from './geometry.ts';
import type { XPlanGeometry } from './geometry.ts';

// Local bindings: module namespace getters (CommonJS interop in tsx and Vitest) cost on hot paths.
const { parseNumberList } = coordinatesModule;
const { interpolateArc } = geometryModule;

/** Structural GML elements that need no action of their own. */
export const GML_STRUCTURAL = new Set([
  'MultiSurface', 'CompositeSurface', 'surfaceMember', 'surfaceMembers', 'Surface', 'patches', 'LinearRing',
  'Ring', 'curveMember', 'curveMembers', 'segments', 'LineStringSegment', 'MultiCurve', 'CompositeCurve',
  'MultiPoint', 'pointMember', 'pointMembers', 'MultiGeometry', 'geometryMember', 'geometryMembers',
  'OrientableCurve', 'baseCurve',
]); // prettier-ignore

/** GML curve segments interpolated as circular arcs. */
export const ARC_SEGMENTS = new Set(['Arc', 'ArcString', 'Circle']);

/** The geometry of one property being read: x,y pairs (source CRS units) and where parts and polygons start. */
export interface GeometryState {
  /** Name of the feature property holding the geometry. */
  property: string;
  coords: number[];
  /** Vertex index where each part (ring, line or point) starts. */
  partStarts: number[];
  /** Part index where each polygon starts. */
  polygonStarts: number[];
  polygons: number;
  lines: number;
  points: number;
  /** Part currently open (a ring or a line) collects appended positions. */
  partOpen: boolean;
  arcPoints: number[];
  inArc: string | undefined;
  /** The exterior of the polygon being read was dropped: drop its holes too. */
  droppingPolygon: boolean;
  faults: string[];
}

/** The position list element being closed: its local name and the srsDimension and count in force. */
interface PositionList {
  local: string;
  srsDimension: number;
  count: number;
}

export function createGeometryState(property: string): GeometryState {
  return {
    property,
    coords: [],
    partStarts: [],
    polygonStarts: [],
    polygons: 0,
    lines: 0,
    points: 0,
    partOpen: false,
    arcPoints: [],
    inArc: undefined,
    droppingPolygon: false,
    faults: [],
  };
}

/** `openGeometryElement` results: what the reader does besides. */
const OPENED = 0;
/** A LineString or Curve that opened its own part: mark its frame, `closeGeometryElement` gets `ownsLine`. */
export const OPENED_LINE = 1;
/** A posList, pos or coordinates element: collect its text for `closeGeometryElement`. */
export const OPENED_POSITIONS = 2;
/** Not a supported GML geometry element: skip its subtree (and report a fault). */
export const OPENED_UNSUPPORTED = 3;

/** A GML element opens inside the geometry; returns one of the `OPENED…` codes. */
export function openGeometryElement(geometry: GeometryState, local: string): number {
  switch (local) {
    case 'Polygon':
    case 'PolygonPatch':
    case 'Rectangle':
      openPolygon(geometry);
      return OPENED;
    case 'exterior':
    case 'interior':
      openPart(geometry);
      return OPENED;
    case 'LineString':
    case 'Curve':
      if (geometry.partOpen) return OPENED;
      openPart(geometry);
      geometry.lines++;
      return OPENED_LINE;
    case 'Point':
      geometry.points++;
      return OPENED;
    case 'posList':
    case 'pos':
    case 'coordinates':
      return OPENED_POSITIONS;
    default:
      if (ARC_SEGMENTS.has(local)) {
        openArc(geometry, local);
        return OPENED;
      }
      return GML_STRUCTURAL.has(local) ? OPENED : OPENED_UNSUPPORTED;
  }
}

/**
 * A GML element inside the geometry closes: `list` is its frame (local name, srsDimension and count in
 * force), `text` the text of a position list, `numbers` scratch space; arcs become chords no further than
 * `arcTolerance` (source CRS units) from the arc.
 */
export function closeGeometryElement(
  geometry: GeometryState,
  list: PositionList,
  ownsLine: boolean,
  text: string,
  numbers: NumberBuffer,
  arcTolerance: number,
): void {
  switch (list.local) {
    case 'posList':
    case 'pos':
    case 'coordinates':
      readPositions(geometry, list, text, numbers);
      return;
    case 'exterior':
    case 'interior':
      closeRing(geometry, list.local === 'exterior');
      return;
    case 'LineString':
    case 'Curve':
      if (ownsLine) closeLine(geometry);
      return;
    case 'Arc':
    case 'ArcString':
    case 'Circle':
      closeArc(geometry, list.local, arcTolerance);
      return;
    default:
      return;
  }
}

/** A Polygon, PolygonPatch or Rectangle starts. */
function openPolygon(geometry: GeometryState): void {
  geometry.polygonStarts.push(geometry.partStarts.length);
  geometry.polygons++;
  geometry.droppingPolygon = false;
}

/** A ring (exterior, interior) or line starts: positions are appended to it until it closes. */
function openPart(geometry: GeometryState): void {
  geometry.partStarts.push(geometry.coords.length / 2);
  geometry.partOpen = true;
}

/** A LineString or Curve that opened its own part closes: a line needs 2 positions. */
function closeLine(geometry: GeometryState): void {
  geometry.partOpen = false;
  const start = geometry.partStarts[geometry.partStarts.length - 1] as number;
  if (geometry.coords.length / 2 - start < 2) {
    geometry.faults.push(`a line with fewer than 2 positions dropped`);
    geometry.coords.length = start * 2;
    geometry.partStarts.pop();
    geometry.lines--;
  }
}

/** An Arc, ArcString or Circle starts: its positions are collected apart until `closeArc`. */
function openArc(geometry: GeometryState, kind: string): void {
  geometry.inArc = kind;
  geometry.arcPoints = [];
}

/** Adds the positions of a posList, pos or coordinates element (`text`); `numbers` is scratch space. */
function readPositions(
  geometry: GeometryState,
  list: PositionList,
  text: string,
  numbers: NumberBuffer,
): void {
  numbers.clear();
  const count =
    list.local === 'coordinates' ? parseNumberList(text, numbers, 44) : parseNumberList(text, numbers);
  let dimension = list.srsDimension > 0 ? list.srsDimension : 2;
  if (list.local === 'pos') dimension = count === 3 ? 3 : 2;
  else if (list.count > 0 && count % list.count === 0 && count / list.count >= 2)
    dimension = count / list.count;
  if (list.local === 'coordinates') dimension = 2;
  for (let i = 0; i < count; i++) {
    // `Number` reads "Infinity" and 1e400 as infinite: no coordinate either
    if (!Number.isFinite(numbers.data[i])) {
      geometry.faults.push(`<gml:${list.local}> holds text that is not a finite number`);
      return;
    }
  }
  if (count % dimension !== 0 || count < dimension) {
    geometry.faults.push(`<gml:${list.local}> holds ${count} numbers, not a multiple of ${dimension}`);
    return;
  }
  const target: number[] = geometry.inArc !== undefined ? geometry.arcPoints : geometry.coords;
  const isPoint = geometry.inArc === undefined && !geometry.partOpen;
  for (let i = 0; i + dimension <= count; i += dimension) {
    const x = numbers.data[i] as number;
    const y = numbers.data[i + 1] as number;
    if (isPoint) {
      geometry.partStarts.push(geometry.coords.length / 2);
      target.push(x, y);
      continue;
    }
    if (target === geometry.coords && repeatsLast(geometry, x, y)) continue;
    target.push(x, y);
  }
}

/** Whether x,y equals the last vertex of the open part (segments and curve members share end points). */
function repeatsLast(geometry: GeometryState, x: number, y: number): boolean {
  const start = geometry.partStarts[geometry.partStarts.length - 1] ?? 0;
  const n = geometry.coords.length;
  return n / 2 > start && geometry.coords[n - 2] === x && geometry.coords[n - 1] === y;
}

/** Ends an arc segment: chords no further than `arcTolerance` (source CRS units) from the arc. */
function closeArc(geometry: GeometryState, kind: string, arcTolerance: number): void {
  const points = geometry.arcPoints;
  geometry.inArc = undefined;
  geometry.arcPoints = [];
  const n = points.length / 2;
  if (n < 3 || (kind !== 'Circle' && n % 2 === 0)) {
    geometry.faults.push(`<gml:${kind}> with ${n} positions (expected 3, or an odd number for ArcString)`);
    return;
  }
  const out: number[] = [];
  const last = kind === 'Circle' ? 1 : (n - 1) / 2;
  for (let a = 0; a < last; a++) {
    const i = a * 4;
    interpolateArc(
      points[i] as number,
      points[i + 1] as number,
      points[i + 2] as number,
      points[i + 3] as number,
      points[i + 4] as number,
      points[i + 5] as number,
      arcTolerance,
      out,
      a === 0,
      kind === 'Circle',
    );
  }
  for (let i = 0; i < out.length; i += 2) {
    const x = out[i] as number;
    const y = out[i + 1] as number;
    if (!repeatsLast(geometry, x, y)) geometry.coords.push(x, y);
  }
}

/** Ends an exterior or interior: drops the closing vertex, and rings under 3 positions (with their polygon). */
function closeRing(geometry: GeometryState, exterior: boolean): void {
  geometry.partOpen = false;
  const start = geometry.partStarts[geometry.partStarts.length - 1] as number;
  let end = geometry.coords.length / 2;
  // drop the closing vertex
  if (
    end - start > 1 &&
    geometry.coords[start * 2] === geometry.coords[end * 2 - 2] &&
    geometry.coords[start * 2 + 1] === geometry.coords[end * 2 - 1]
  ) {
    geometry.coords.length -= 2;
    end--;
  }
  if (end - start >= 3 && !geometry.droppingPolygon) return;
  if (!geometry.droppingPolygon) {
    geometry.faults.push(
      `a ${exterior ? 'polygon exterior' : 'hole'} with fewer than 3 distinct positions dropped`,
    );
  }
  geometry.coords.length = start * 2;
  geometry.partStarts.pop();
  if (exterior) {
    // the polygon goes with its exterior; its holes are dropped as they come
    geometry.polygonStarts.pop();
    geometry.polygons--;
    geometry.droppingPolygon = true;
  }
}

/**
 * The finished geometry (polygons win over lines over points), or undefined when nothing usable was read;
 * `mixed`: lines or points were read besides polygons and left out.
 */
export function buildGeometry(
  geometry: GeometryState,
): { geometry: XPlanGeometry; mixed: boolean } | undefined {
  const { coords, partStarts, polygonStarts } = geometry;
  let type: XPlanGeometry['type'] | undefined;
  if (polygonStarts.length > 0) type = polygonStarts.length === 1 ? 'Polygon' : 'MultiPolygon';
  else if (geometry.lines > 0) type = geometry.lines === 1 ? 'LineString' : 'MultiLineString';
  else if (geometry.points > 0 && partStarts.length > 0)
    type = partStarts.length === 1 ? 'Point' : 'MultiPoint';
  if (type === undefined || coords.length === 0) return undefined;
  return {
    geometry: {
      type,
      coordinates: Float64Array.from(coords),
      partStarts: Uint32Array.from(partStarts),
      polygonStarts: type.endsWith('Polygon') ? Uint32Array.from(polygonStarts) : new Uint32Array(0),
    },
    mixed: type.endsWith('Polygon') && (geometry.lines > 0 || geometry.points > 0),
  };
}
