import type { LayerFeature } from './features.ts';

/** The point features of a layer and their positions (WGS84 degrees), in one order, for terrain sampling. */
export interface PointPositions {
  features: readonly LayerFeature[];
  positions: readonly (readonly number[])[];
}

/** The point features among `features` with their positions; undefined when there are none. */
export function pointPositions(features: readonly LayerFeature[] | undefined): PointPositions | undefined {
  const points = (features ?? []).filter((f) => f.kind === 'point' && f.coordinates[0]?.[0] !== undefined);
  if (points.length === 0) return undefined;
  return { features: points, positions: points.map((f) => f.coordinates[0]![0]!) };
}

const SAME = (feature: LayerFeature) => feature;
/** One function per sampled heights array, so `draw` callbacks stay stable across renders. */
const memo = new WeakMap<readonly (number | undefined)[], (feature: LayerFeature) => LayerFeature>();

/**
 * A function that gives a point feature the terrain's height (ellipsoidal metres) as its ground height, where a
 * terrain was sampled (`heights` in the order of `points.positions`); other features, and all of them without
 * terrain heights, come back unchanged. Stable while its inputs are (memoised per pair).
 */
export function withTerrainHeights(
  points: PointPositions | undefined,
  heights: readonly (number | undefined)[] | undefined,
): (feature: LayerFeature) => LayerFeature {
  if (!points || !heights) return SAME;
  let cached = memo.get(heights);
  if (!cached) {
    const byFeature = new Map<LayerFeature, number>();
    points.features.forEach((feature, index) => {
      const height = heights[index];
      if (height !== undefined) byFeature.set(feature, height);
    });
    cached = (feature) => {
      const height = byFeature.get(feature);
      return height === undefined ? feature : { ...feature, height };
    };
    memo.set(heights, cached);
  }
  return cached;
}
