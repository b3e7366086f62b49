/**
 * Joins of thematic layers onto buildings, over typed arrays, for colouring 3D buildings: which polygon (plan
 * area, broadband coverage area) contains each building's centroid, the distance to the nearest school, and
 * automatic legends (class breaks and colour-blind-safe colours). Platform-free; meant to run in a worker.
 *
 * Positions are longitude, latitude in degrees (WGS84/ETRS89) as interleaved pairs in a Float64Array.
 */
import { edgeCrossesRay, ringsContain } from './point-in-polygon.ts';
import type { XPlanGeometry } from './xplan/geometry.ts';

/** Mean Earth radius used for distances, metres (IUGG). */
export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

// ---------------------------------------------------------------- point in polygon

/** A grid index over polygons (lon/lat degrees) for fast point-in-polygon queries. */
export interface PolygonIndex {
  polygons: readonly XPlanGeometry[];
  /** Bounding boxes, 4 numbers per polygon: west, south, east, north (degrees). */
  bounds: Float64Array;
  west: number;
  south: number;
  cellWidth: number;
  cellHeight: number;
  columns: number;
  rows: number;
  /** Per cell, the polygons whose bounding box touches it (in input order). */
  cells: Uint32Array[];
  /** Per polygon, its edges sorted into horizontal bands (so a query tests only the edges at its latitude). */
  bands: (EdgeBands | undefined)[];
}

/** Edges of one polygon by horizontal band: band b holds edges offsets[b] … offsets[b+1] of `edges` (vertex pairs). */
interface EdgeBands {
  south: number;
  bandHeight: number;
  count: number;
  offsets: Uint32Array;
  /** Pairs of vertex indices (i, j) of each edge. */
  edges: Uint32Array;
}

/** Sorts a polygon's edges into horizontal bands of about 8 edges each (at most 1024 bands). */
function buildEdgeBands(geometry: XPlanGeometry, south: number, north: number): EdgeBands {
  const c = geometry.coordinates;
  const starts = geometry.partStarts;
  const vertexCount = c.length / 2;
  const count = Math.max(1, Math.min(1024, Math.ceil(vertexCount / 8)));
  const bandHeight = Math.max((north - south) / count, 1e-12);
  const bandOf = (y: number): number =>
    Math.min(count - 1, Math.max(0, Math.floor((y - south) / bandHeight)));
  const sizes = new Uint32Array(count + 1);
  const forEachEdge = (visit: (i: number, j: number, first: number, last: number) => void): void => {
    for (let r = 0; r < starts.length; r++) {
      const start = starts[r] as number;
      const end = r + 1 < starts.length ? (starts[r + 1] as number) : vertexCount;
      for (let i = start, j = end - 1; i < end; j = i++) {
        const yi = c[i * 2 + 1] as number;
        const yj = c[j * 2 + 1] as number;
        visit(i, j, bandOf(Math.min(yi, yj)), bandOf(Math.max(yi, yj)));
      }
    }
  };
  forEachEdge((_i, _j, first, last) => {
    for (let b = first; b <= last; b++) sizes[b + 1] = (sizes[b + 1] as number) + 1;
  });
  for (let b = 0; b < count; b++) sizes[b + 1] = (sizes[b + 1] as number) + (sizes[b] as number);
  const offsets = sizes;
  const fill = offsets.slice(0, count);
  const edges = new Uint32Array((offsets[count] as number) * 2);
  forEachEdge((i, j, first, last) => {
    for (let b = first; b <= last; b++) {
      const at = fill[b] as number;
      edges[at * 2] = i;
      edges[at * 2 + 1] = j;
      fill[b] = at + 1;
    }
  });
  return { south, bandHeight, count, offsets, edges };
}

/** Even-odd test of x,y against the edges of the band at y (the same crossing rule as `ringsContain`). */
function pointInBands(geometry: XPlanGeometry, bands: EdgeBands, x: number, y: number): boolean {
  const b = Math.min(bands.count - 1, Math.max(0, Math.floor((y - bands.south) / bands.bandHeight)));
  const edges = bands.edges;
  let inside = false;
  for (let e = bands.offsets[b] as number, end = bands.offsets[b + 1] as number; e < end; e++) {
    if (edgeCrossesRay(geometry.coordinates, edges[e * 2] as number, edges[e * 2 + 1] as number, x, y))
      inside = !inside;
  }
  return inside;
}

const EMPTY_CELL = new Uint32Array(0);

/**
 * Bounding box of interleaved x, y pairs (lon/lat degrees or any planar coordinates): [west, south, east,
 * north], i.e. [min x, min y, max x, max y]; [Infinity, Infinity, -Infinity, -Infinity] when there are none.
 */
export function pairBounds(coordinates: Float64Array): [number, number, number, number] {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (let i = 0; i + 1 < coordinates.length; i += 2) {
    const x = coordinates[i] as number;
    const y = coordinates[i + 1] as number;
    if (x < west) west = x;
    if (x > east) east = x;
    if (y < south) south = y;
    if (y > north) north = y;
  }
  return [west, south, east, north];
}

/**
 * Builds a grid index over polygon geometries whose coordinates are lon/lat degrees (see `geometryToLonLat`);
 * lines and points are ignored by the queries. About `cellsPerPolygon` grid cells per polygon (default 4).
 */
export function buildPolygonIndex(polygons: readonly XPlanGeometry[], cellsPerPolygon = 4): PolygonIndex {
  const bounds = new Float64Array(polygons.length * 4);
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  polygons.forEach((geometry, p) => {
    const box = pairBounds(geometry.coordinates);
    const [w, s, e, n] = box;
    bounds.set(box, p * 4);
    if (w < west) west = w;
    if (s < south) south = s;
    if (e > east) east = e;
    if (n > north) north = n;
  });
  if (!Number.isFinite(west)) {
    return {
      polygons,
      bounds,
      west: 0,
      south: 0,
      cellWidth: 1,
      cellHeight: 1,
      columns: 1,
      rows: 1,
      cells: [EMPTY_CELL],
      bands: [],
    };
  }
  const cellCount = Math.max(1, Math.min(1 << 20, polygons.length * cellsPerPolygon));
  const width = Math.max(east - west, 1e-9);
  const height = Math.max(north - south, 1e-9);
  const columns = Math.max(1, Math.round(Math.sqrt((cellCount * width) / height)));
  const rows = Math.max(1, Math.round(cellCount / columns));
  const cellWidth = width / columns;
  const cellHeight = height / rows;
  const lists: number[][] = Array.from({ length: columns * rows }, () => []);
  for (let p = 0; p < polygons.length; p++) {
    const type = polygons[p]?.type;
    if (type !== 'Polygon' && type !== 'MultiPolygon') continue;
    const c0 = Math.min(columns - 1, Math.max(0, Math.floor(((bounds[p * 4] as number) - west) / cellWidth)));
    const r0 = Math.min(
      rows - 1,
      Math.max(0, Math.floor(((bounds[p * 4 + 1] as number) - south) / cellHeight)),
    );
    const c1 = Math.min(
      columns - 1,
      Math.max(0, Math.floor(((bounds[p * 4 + 2] as number) - west) / cellWidth)),
    );
    const r1 = Math.min(
      rows - 1,
      Math.max(0, Math.floor(((bounds[p * 4 + 3] as number) - south) / cellHeight)),
    );
    for (let r = r0; r <= r1; r++)
      for (let col = c0; col <= c1; col++) (lists[r * columns + col] as number[]).push(p);
  }
  const cells = lists.map((list) => (list.length === 0 ? EMPTY_CELL : Uint32Array.from(list)));
  const bands = polygons.map((geometry, p) =>
    (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') && geometry.coordinates.length > 64
      ? buildEdgeBands(geometry, bounds[p * 4 + 1] as number, bounds[p * 4 + 3] as number)
      : undefined,
  );
  return { polygons, bounds, west, south, cellWidth, cellHeight, columns, rows, cells, bands };
}

/** Even-odd test of x,y against all rings of a polygon geometry (holes and multipolygons included). */
export function pointInPolygon(geometry: XPlanGeometry, x: number, y: number): boolean {
  return ringsContain(geometry.coordinates, geometry.partStarts, x, y);
}

/** Index of the first polygon (in input order) containing lon,lat (degrees), or -1. */
export function findContainingPolygon(index: PolygonIndex, lon: number, lat: number): number {
  const col = Math.floor((lon - index.west) / index.cellWidth);
  const row = Math.floor((lat - index.south) / index.cellHeight);
  if (col < 0 || row < 0 || col > index.columns || row > index.rows) return -1;
  const cell =
    index.cells[Math.min(row, index.rows - 1) * index.columns + Math.min(col, index.columns - 1)] ??
    EMPTY_CELL;
  for (let k = 0; k < cell.length; k++) {
    const p = cell[k] as number;
    const b = p * 4;
    if (lon < (index.bounds[b] as number) || lon > (index.bounds[b + 2] as number)) continue;
    if (lat < (index.bounds[b + 1] as number) || lat > (index.bounds[b + 3] as number)) continue;
    const geometry = index.polygons[p] as XPlanGeometry;
    const bands = index.bands[p];
    if (bands ? pointInBands(geometry, bands, lon, lat) : pointInPolygon(geometry, lon, lat)) return p;
  }
  return -1;
}

/**
 * For each building centroid (lon,lat degree pairs), the index of the first polygon containing it, or -1.
 * Use it for "inside a plan area" (`>= 0`) and for "the broadband class of the area containing the building"
 * (look the class up by polygon index).
 */
export function joinPointsToPolygons(centroids: Float64Array, index: PolygonIndex): Int32Array {
  const count = Math.floor(centroids.length / 2);
  const result = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    result[i] = findContainingPolygon(index, centroids[i * 2] as number, centroids[i * 2 + 1] as number);
  }
  return result;
}

/** For each building, `values[polygon]` of the polygon containing its centroid, or NaN outside all polygons. */
export function polygonValuesAtPoints(
  centroids: Float64Array,
  index: PolygonIndex,
  values: ArrayLike<number>,
): Float64Array {
  const polygonOf = joinPointsToPolygons(centroids, index);
  const result = new Float64Array(polygonOf.length);
  for (let i = 0; i < polygonOf.length; i++) {
    const p = polygonOf[i] as number;
    result[i] = p >= 0 ? (values[p] ?? NaN) : NaN;
  }
  return result;
}

// ---------------------------------------------------------------- nearest point

/** Great-circle distance between two lon/lat points (degrees), metres, on a sphere of radius `EARTH_RADIUS_M`. */
export function haversineMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Result of `nearestPoints`. */
export interface NearestResult {
  /** Haversine distance from each building to its nearest target, metres (NaN when there are no targets). */
  distances: Float64Array;
  /** Index of the nearest target per building (-1 when there are none). */
  nearest: Int32Array;
}

/**
 * Distance from each building centroid to the nearest target point (e.g. schools); both lon,lat degree pairs.
 * Candidates come from a grid over a local equirectangular projection (metres at the targets' mean latitude);
 * they are ranked by haversine distance, and the search widens until no unvisited cell can hold a nearer
 * target (the projection's east-west scale error is bounded by the extreme latitude and allowed for), so the
 * result is the exact haversine nearest.
 */
export function nearestPoints(centroids: Float64Array, targets: Float64Array): NearestResult {
  const count = Math.floor(centroids.length / 2);
  const targetCount = Math.floor(targets.length / 2);
  const distances = new Float64Array(count).fill(NaN);
  const nearest = new Int32Array(count).fill(-1);
  if (targetCount === 0) return { distances, nearest };
  let latSum = 0;
  let maxAbsLat = 0;
  for (let t = 0; t < targetCount; t++) {
    const lat = targets[t * 2 + 1] as number;
    latSum += lat;
    maxAbsLat = Math.max(maxAbsLat, Math.abs(lat));
  }
  const lat0 = latSum / targetCount;
  const cosLat0 = Math.max(Math.cos(lat0 * RAD), 1e-6);
  const kx = EARTH_RADIUS_M * RAD * cosLat0;
  const ky = EARTH_RADIUS_M * RAD;
  const tx = new Float64Array(targetCount);
  const ty = new Float64Array(targetCount);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let t = 0; t < targetCount; t++) {
    const x = (targets[t * 2] as number) * kx;
    const y = (targets[t * 2 + 1] as number) * ky;
    tx[t] = x;
    ty[t] = y;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const side = Math.max(1, Math.ceil(Math.sqrt(targetCount)));
  const cell = Math.max((maxX - minX) / side, (maxY - minY) / side, 1);
  const columns = Math.floor((maxX - minX) / cell) + 1;
  const rows = Math.floor((maxY - minY) / cell) + 1;
  const buckets: number[][] = Array.from({ length: columns * rows }, () => []);
  for (let t = 0; t < targetCount; t++) {
    const col = Math.floor(((tx[t] as number) - minX) / cell);
    const row = Math.floor(((ty[t] as number) - minY) / cell);
    (buckets[row * columns + col] as number[]).push(t);
  }
  for (let i = 0; i < count; i++) {
    const lon = centroids[i * 2] as number;
    const lat = centroids[i * 2 + 1] as number;
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    // planar distances times this factor never exceed true distances (east-west scale shrinks polewards)
    const extremeLat = Math.min(89.9, Math.max(maxAbsLat, Math.abs(lat)));
    const planarToTrue = Math.min(1, Math.cos(extremeLat * RAD) / cosLat0) * 0.99;
    const x = lon * kx;
    const y = lat * ky;
    const col = Math.floor((x - minX) / cell);
    const row = Math.floor((y - minY) / cell);
    let best = -1;
    let bestDistance = Infinity;
    const maxRing =
      Math.max(columns, rows) +
      Math.max(Math.abs(col), Math.abs(row), Math.abs(col - columns), Math.abs(row - rows));
    for (let ring = 0; ring <= maxRing; ring++) {
      // every cell of this ring is at least (ring - 1) cells away in the plane
      if (best >= 0 && (ring - 1) * cell * planarToTrue > bestDistance) break;
      for (let r = row - ring; r <= row + ring; r++) {
        if (r < 0 || r >= rows) continue;
        const edgeRow = r === row - ring || r === row + ring;
        const step = edgeRow || ring === 0 ? 1 : 2 * ring;
        for (let c = col - ring; c <= col + ring; c += step) {
          if (c < 0 || c >= columns) continue;
          const bucket = buckets[r * columns + c] as number[];
          for (const t of bucket) {
            const distance = haversineMetres(
              lon,
              lat,
              targets[t * 2] as number,
              targets[t * 2 + 1] as number,
            );
            if (distance < bestDistance) {
              bestDistance = distance;
              best = t;
            }
          }
        }
      }
    }
    if (best >= 0) {
      nearest[i] = best;
      distances[i] = bestDistance;
    }
  }
  return { distances, nearest };
}

// ---------------------------------------------------------------- legends

/** Kinds of automatic classification. */
export type ClassifyKind = 'quantile' | 'equal' | 'categorical';

/** Options of `classify`. */
export interface ClassifyOptions {
  kind: ClassifyKind;
  /** Number of classes for 'quantile' and 'equal' (default 5, at most 9); for 'categorical' the most frequent categories kept (default 8; the rest become "other"). */
  classes?: number;
  /** Colour stops for numeric classes, '#rrggbb' (default viridis). */
  ramp?: readonly string[];
}

/** One legend entry. */
export interface LegendEntry {
  label: string;
  /** '#rrggbb'. */
  colour: string;
  /** Numeric classes: value range [from, to] (the last class includes `to`). */
  from?: number;
  to?: number;
  /** Categorical classes: the category (undefined for the "other" entry). */
  category?: string;
  /** Number of values in the class. */
  count: number;
}

/** A classification of values: class per value (-1 = no value), colours and legend. */
export interface Classification {
  kind: ClassifyKind;
  /** Class boundaries for numeric kinds: classes + 1 ascending numbers (min … max); empty for categorical. */
  breaks: number[];
  colours: string[];
  legend: LegendEntry[];
  /** Class index per input value; -1 for NaN, missing or empty values. */
  classOf: Int16Array;
}

/** Viridis (perceptually uniform, colour-blind safe), 9 stops from 0 to 1. */
export const VIRIDIS: readonly string[] = [
  '#440154', '#472c7a', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725',
]; // prettier-ignore

/** Okabe–Ito qualitative palette (colour-blind safe) for categories; grey for "other". */
export const OKABE_ITO: readonly string[] = [
  '#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#d55e00', '#cc79a7', '#000000',
]; // prettier-ignore
const OTHER_COLOUR = '#999999';

function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** Colour at t (0–1) along a ramp of '#rrggbb' stops, linear in RGB. */
export function rampColour(ramp: readonly string[], t: number): string {
  const clamped = Math.min(1, Math.max(0, t));
  const position = clamped * (ramp.length - 1);
  const i = Math.min(ramp.length - 2, Math.floor(position));
  const f = position - i;
  const a = hexToRgb(ramp[i] as string);
  const b = hexToRgb(ramp[i + 1] as string);
  const channel = (k: number): string =>
    Math.round((a[k] as number) + ((b[k] as number) - (a[k] as number)) * f)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

function formatNumber(value: number): string {
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  return String(Number(value.toFixed(digits)));
}

/**
 * Classifies values for colouring: 'quantile' (about equal counts per class), 'equal' (equal-width ranges
 * from min to max) or 'categorical' (one class per distinct value, most frequent first). NaN, null and empty
 * values get class -1. Equal quantile breaks are merged, so there may be fewer classes than asked for.
 */
export function classify(
  values: ArrayLike<number> | readonly (string | number | null | undefined)[],
  options: ClassifyOptions,
): Classification {
  const count = values.length;
  const classOf = new Int16Array(count).fill(-1);
  if (options.kind === 'categorical') {
    const keep = Math.max(1, Math.min(options.classes ?? 8, OKABE_ITO.length));
    const frequency = new Map<string, number>();
    const keys: (string | undefined)[] = new Array<string | undefined>(count);
    for (let i = 0; i < count; i++) {
      const value = values[i];
      if (
        value === null ||
        value === undefined ||
        value === '' ||
        (typeof value === 'number' && Number.isNaN(value))
      )
        continue;
      const key = String(value);
      keys[i] = key;
      frequency.set(key, (frequency.get(key) ?? 0) + 1);
    }
    const ordered = [...frequency.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const kept = ordered.slice(0, keep);
    const classIndex = new Map(kept.map(([key], i) => [key, i]));
    const hasOther = ordered.length > keep;
    const colours = kept.map((_, i) => OKABE_ITO[i] as string);
    const legend: LegendEntry[] = kept.map(([key, n], i) => ({
      label: key,
      colour: colours[i] as string,
      category: key,
      count: n,
    }));
    if (hasOther) {
      colours.push(OTHER_COLOUR);
      const otherCount = ordered.slice(keep).reduce((sum, [, n]) => sum + n, 0);
      legend.push({ label: 'other', colour: OTHER_COLOUR, count: otherCount });
    }
    for (let i = 0; i < count; i++) {
      const key = keys[i];
      if (key === undefined) continue;
      classOf[i] = classIndex.get(key) ?? keep;
    }
    return { kind: 'categorical', breaks: [], colours, legend, classOf };
  }
  const wanted = Math.max(1, Math.min(options.classes ?? 5, 9));
  const ramp = options.ramp ?? VIRIDIS;
  const numbers: number[] = [];
  for (let i = 0; i < count; i++) {
    const value = values[i];
    if (typeof value === 'number' && Number.isFinite(value)) numbers.push(value);
  }
  if (numbers.length === 0) return { kind: options.kind, breaks: [], colours: [], legend: [], classOf };
  const sorted = Float64Array.from(numbers).sort();
  const min = sorted[0] as number;
  const max = sorted[sorted.length - 1] as number;
  let breaks: number[] = [min];
  for (let k = 1; k < wanted; k++) {
    const value =
      options.kind === 'quantile'
        ? (sorted[Math.min(sorted.length - 1, Math.floor((k * sorted.length) / wanted))] as number)
        : min + ((max - min) * k) / wanted;
    breaks.push(value);
  }
  breaks.push(max);
  breaks = breaks.filter((value, i) => i === 0 || value > (breaks[i - 1] as number));
  if (breaks.length === 1) breaks.push(max);
  const classes = breaks.length - 1;
  const colours = Array.from({ length: classes }, (_, k) =>
    rampColour(ramp, classes === 1 ? 0.5 : k / (classes - 1)),
  );
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < count; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    // largest k with breaks[k] <= value, capped at the last class
    let lo = 0;
    let hi = classes - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((breaks[mid] as number) <= value) lo = mid;
      else hi = mid - 1;
    }
    classOf[i] = lo;
    counts[lo] = (counts[lo] as number) + 1;
  }
  const legend: LegendEntry[] = colours.map((colour, k) => {
    const from = breaks[k] as number;
    const to = breaks[k + 1] as number;
    return {
      label: `${formatNumber(from)} – ${formatNumber(to)}`,
      colour,
      from,
      to,
      count: counts[k] as number,
    };
  });
  return { kind: options.kind, breaks, colours, legend, classOf };
}
