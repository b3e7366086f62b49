/**
 * Colouring 3D buildings by an attribute or by another layer, batch by batch as tiles load: a stateful
 * `BuildingJoin` turns each batch of buildings (centroids, optionally attribute values) into one class index
 * per building, with a legend whose classes stay fixed once set, so buildings of tiles loaded later get the
 * same colours. Platform-free; runs in `workers/layers.worker.ts`.
 *
 * Centroids are longitude, latitude in degrees (WGS84/ETRS89) as interleaved pairs in a Float64Array.
 */
import {
  OKABE_ITO,
  VIRIDIS,
  buildPolygonIndex,
  classify,
  joinPointsToPolygons,
  nearestPoints,
  rampColour,
} from './joins.ts';
import type { Classification } from './joins.ts';
import type { XPlanGeometry } from './xplan/geometry.ts';

/** Class index of a building without a value (outside every coverage area, no school, no attribute). */
export const NO_DATA = 255;

/** Default classes of the distance to the nearest target, metres: < 250, 250–500, 500–1000, 1000–2000, ≥ 2000. */
export const DISTANCE_BREAKS_M: readonly number[] = [250, 500, 1000, 2000];

/** Polygons as plain, structured-clone-safe geometry: lon/lat degree pairs and ring starts. */
export interface JoinPolygon {
  coordinates: Float64Array;
  /** First vertex index of each ring (outer ring first, then holes), rings without the closing vertex. */
  partStarts: Uint32Array;
}

/** What to colour the buildings by. */
export type BuildingJoinSpec =
  /** An attribute of the buildings: numbers by quantiles, text by category (most frequent first). */
  | { kind: 'attribute'; classify: 'quantile' | 'categorical'; classes?: number }
  /** The class of the polygon containing the centroid (e.g. broadband speed class); NO_DATA outside all. */
  | {
      kind: 'polygon-class';
      polygons: JoinPolygon[];
      /** Class per polygon (index into `labels`/`colours`), or NO_DATA for a polygon without a class. */
      classOfPolygon: ArrayLike<number>;
      labels: readonly string[];
      colours: readonly string[];
    }
  /** Distance from the centroid to the nearest target point (lon/lat pairs), classed by `breaks` (metres). */
  | { kind: 'distance'; targets: Float64Array; breaks?: readonly number[] }
  /**
   * Inside areas or not: class 0 inside one of `areas` (e.g. BP_BaugebietsTeilFlaeche), class 1 inside one
   * of `boundaries` only (the plan's boundary), class 2 outside all. `labels` and `colours` name the 3 classes.
   */
  | {
      kind: 'inside';
      areas: JoinPolygon[];
      boundaries: JoinPolygon[];
      labels: readonly [string, string, string];
      colours: readonly [string, string, string];
    };

/** One batch of buildings: centroids, and for attribute joins their values (NaN / undefined: no value). */
export interface BuildingBatch {
  centroids: Float64Array;
  /** Numeric attribute values (attribute joins of numbers). */
  numbers?: Float64Array;
  /** Text attribute values (attribute joins of categories). */
  strings?: readonly (string | undefined)[];
}

/** One class of a join's legend (counts are the caller's: it knows which buildings are loaded). */
export interface JoinLegendClass {
  /** Language-neutral label: a range ("250 – 500 m", "12 – 18.5"), a category value or a given label. */
  label: string;
  /** '#rrggbb'. */
  colour: string;
  /** Numeric classes: value range; the last class includes `to` (Infinity for an open end). */
  from?: number;
  to?: number;
  /** Categorical classes: the category value (undefined for "other"). */
  category?: string;
}

/** A join between buildings and a layer or attribute, fed batch by batch. */
export interface BuildingJoin {
  /** Class index per building of the batch (NO_DATA for no value). */
  classify(batch: BuildingBatch): Uint8Array;
  /** The classes so far (fixed after the first batch with values; categories may be appended). */
  legend(): JoinLegendClass[];
}

/** Converts plain polygons into the core's polygon geometry (lon/lat degrees). */
export function joinPolygonsToGeometry(polygons: readonly JoinPolygon[]): XPlanGeometry[] {
  return polygons.map((p) => ({
    type: 'Polygon',
    coordinates: p.coordinates,
    partStarts: p.partStarts,
    polygonStarts: new Uint32Array([0]),
  }));
}

/** Plain polygon from rings of [lon, lat] degree pairs (closing vertices, if repeated, are dropped). */
export function joinPolygonFromRings(
  rings: readonly (readonly (readonly [number, number])[])[],
): JoinPolygon {
  const coordinates: number[] = [];
  const partStarts: number[] = [];
  for (const ring of rings) {
    let n = ring.length;
    const first = ring[0];
    const last = ring[n - 1];
    if (n > 1 && first && last && first[0] === last[0] && first[1] === last[1]) n -= 1;
    if (n < 3) continue;
    partStarts.push(coordinates.length / 2);
    for (let i = 0; i < n; i++) {
      const point = ring[i] as readonly [number, number];
      coordinates.push(point[0], point[1]);
    }
  }
  return { coordinates: Float64Array.from(coordinates), partStarts: Uint32Array.from(partStarts) };
}

function formatMetres(value: number): string {
  return String(Math.round(value));
}

/** Legend classes of distance breaks (metres): "< b0 m", "b0 – b1 m", …, "≥ bn m"; near is bright (viridis). */
export function distanceClasses(breaks: readonly number[]): JoinLegendClass[] {
  const count = breaks.length + 1;
  return Array.from({ length: count }, (_, k) => {
    const from = k === 0 ? 0 : (breaks[k - 1] as number);
    const to = k === count - 1 ? Infinity : (breaks[k] as number);
    const label =
      k === 0
        ? `< ${formatMetres(to)} m`
        : k === count - 1
          ? `≥ ${formatMetres(from)} m`
          : `${formatMetres(from)} – ${formatMetres(to)} m`;
    return { label, colour: rampColour(VIRIDIS, count === 1 ? 0.5 : 1 - k / (count - 1)), from, to };
  });
}

/** Class of `value` among ascending `breaks` (k breaks → k + 1 classes: below the first break is class 0). */
export function classOfDistance(value: number, breaks: readonly number[]): number {
  if (!Number.isFinite(value)) return NO_DATA;
  let k = 0;
  while (k < breaks.length && value >= (breaks[k] as number)) k++;
  return k;
}

function formatNumber(value: number): string {
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  return String(Number(value.toFixed(digits)));
}

/** Attribute join: `classify` on the first batch with values, the same classes for every later batch. */
function attributeJoin(spec: Extract<BuildingJoinSpec, { kind: 'attribute' }>): BuildingJoin {
  let numeric: { breaks: number[]; classes: JoinLegendClass[] } | undefined;
  let categories: { index: Map<string, number>; classes: JoinLegendClass[]; other: number } | undefined;
  const maxCategories = Math.max(1, Math.min(spec.classes ?? 8, 8));

  const fromQuantiles = (classification: Classification) => {
    numeric = {
      breaks: classification.breaks,
      classes: classification.legend.map((entry) => ({
        label: entry.label,
        colour: entry.colour,
        from: entry.from,
        to: entry.to,
      })),
    };
  };
  const fromCategories = (classification: Classification) => {
    const index = new Map<string, number>();
    const classes: JoinLegendClass[] = [];
    let other = -1;
    classification.legend.forEach((entry, k) => {
      if (entry.category === undefined) other = k;
      else index.set(entry.category, k);
      classes.push({ label: entry.label, colour: entry.colour, category: entry.category });
    });
    categories = { index, classes, other };
  };

  const classifyNumbers = (values: Float64Array): Uint8Array => {
    const result = new Uint8Array(values.length).fill(NO_DATA);
    if (!numeric) {
      const classification = classify(values, { kind: 'quantile', classes: spec.classes ?? 5 });
      if (classification.legend.length === 0) return result;
      fromQuantiles(classification);
    }
    const { breaks, classes } = numeric as { breaks: number[]; classes: JoinLegendClass[] };
    const last = classes.length - 1;
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as number;
      if (!Number.isFinite(value)) continue;
      // largest k with breaks[k] <= value, clamped to the classes (later values may lie outside the first range)
      let lo = 0;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((breaks[mid] as number) <= value) lo = mid;
        else hi = mid - 1;
      }
      result[i] = lo;
      const first = classes[0] as JoinLegendClass;
      const final = classes[last] as JoinLegendClass;
      if (value < (first.from ?? value)) {
        first.from = value;
        first.label = `${formatNumber(value)} – ${formatNumber(first.to ?? value)}`;
      }
      if (value > (final.to ?? value)) {
        final.to = value;
        final.label = `${formatNumber(final.from ?? value)} – ${formatNumber(value)}`;
      }
    }
    return result;
  };

  const classifyStrings = (values: readonly (string | undefined)[]): Uint8Array => {
    const result = new Uint8Array(values.length).fill(NO_DATA);
    if (!categories) {
      const classification = classify(values, { kind: 'categorical', classes: maxCategories });
      if (classification.legend.length === 0) return result;
      fromCategories(classification);
    }
    const state = categories as { index: Map<string, number>; classes: JoinLegendClass[]; other: number };
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === undefined || value === '') continue;
      let k = state.index.get(value);
      if (k === undefined) {
        const named = state.classes.length - (state.other >= 0 ? 1 : 0);
        if (named < maxCategories && state.other < 0) {
          k = state.classes.length;
          state.index.set(value, k);
          state.classes.push({
            label: value,
            colour: OKABE_ITO[k % OKABE_ITO.length] as string,
            category: value,
          });
        } else {
          if (state.other < 0) {
            state.other = state.classes.length;
            state.classes.push({ label: 'other', colour: '#999999' });
          }
          k = state.other;
        }
      }
      result[i] = k;
    }
    return result;
  };

  return {
    classify(batch) {
      if (batch.strings) return classifyStrings(batch.strings);
      if (batch.numbers) return classifyNumbers(batch.numbers);
      return new Uint8Array(batch.centroids.length / 2).fill(NO_DATA);
    },
    legend() {
      return (numeric?.classes ?? categories?.classes ?? []).map((entry) => ({ ...entry }));
    },
  };
}

/**
 * Creates a join for colouring buildings batch by batch: polygon indexes and target grids are built once here,
 * each `classify` call answers one batch. Throws `building-joins: …` for an inconsistent spec.
 */
export function createBuildingJoin(spec: BuildingJoinSpec): BuildingJoin {
  switch (spec.kind) {
    case 'attribute':
      return attributeJoin(spec);
    case 'polygon-class': {
      if (spec.labels.length !== spec.colours.length || spec.labels.length >= NO_DATA) {
        throw new Error('building-joins: polygon-class needs one colour per label (at most 254 classes)');
      }
      if (spec.classOfPolygon.length !== spec.polygons.length) {
        throw new Error('building-joins: polygon-class needs one class per polygon');
      }
      const index = buildPolygonIndex(joinPolygonsToGeometry(spec.polygons));
      const classes = spec.labels.map((label, k) => ({ label, colour: spec.colours[k] as string }));
      return {
        classify(batch) {
          const polygonOf = joinPointsToPolygons(batch.centroids, index);
          const result = new Uint8Array(polygonOf.length).fill(NO_DATA);
          for (let i = 0; i < polygonOf.length; i++) {
            const p = polygonOf[i] as number;
            const k = p >= 0 ? (spec.classOfPolygon[p] ?? NO_DATA) : NO_DATA;
            result[i] = k < classes.length ? k : NO_DATA;
          }
          return result;
        },
        legend: () => classes.map((entry) => ({ ...entry })),
      };
    }
    case 'distance': {
      const breaks = [...(spec.breaks ?? DISTANCE_BREAKS_M)];
      if (breaks.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= (breaks[i - 1] as number)))) {
        throw new Error('building-joins: distance breaks must be ascending finite metres');
      }
      const classes = distanceClasses(breaks);
      return {
        classify(batch) {
          const { distances } = nearestPoints(batch.centroids, spec.targets);
          const result = new Uint8Array(distances.length);
          for (let i = 0; i < distances.length; i++)
            result[i] = classOfDistance(distances[i] as number, breaks);
          return result;
        },
        legend: () => classes.map((entry) => ({ ...entry })),
      };
    }
    case 'inside': {
      const areas = buildPolygonIndex(joinPolygonsToGeometry(spec.areas));
      const boundaries = buildPolygonIndex(joinPolygonsToGeometry(spec.boundaries));
      const classes = spec.labels.map((label, k) => ({ label, colour: spec.colours[k] as string }));
      return {
        classify(batch) {
          const inArea = joinPointsToPolygons(batch.centroids, areas);
          const inBoundary = joinPointsToPolygons(batch.centroids, boundaries);
          const result = new Uint8Array(inArea.length);
          for (let i = 0; i < inArea.length; i++) {
            const lon = batch.centroids[i * 2] as number;
            const lat = batch.centroids[i * 2 + 1] as number;
            if (!Number.isFinite(lon) || !Number.isFinite(lat)) result[i] = NO_DATA;
            else result[i] = (inArea[i] as number) >= 0 ? 0 : (inBoundary[i] as number) >= 0 ? 1 : 2;
          }
          return result;
        },
        legend: () => classes.map((entry) => ({ ...entry })),
      };
    }
  }
}

/** Number of buildings per class (`classCount` classes) and without data, from class indices. */
export function countClasses(
  classes: ArrayLike<number>,
  classCount: number,
): { counts: number[]; noData: number } {
  const counts = new Array<number>(classCount).fill(0);
  let noData = 0;
  for (let i = 0; i < classes.length; i++) {
    const k = classes[i] as number;
    if (k < classCount) counts[k] = (counts[k] as number) + 1;
    else noData += 1;
  }
  return { counts, noData };
}
