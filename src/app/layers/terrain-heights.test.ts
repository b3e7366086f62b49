import { describe, expect, it } from 'vitest';
import type { LayerFeature } from './features.ts';
import { pointPositions, withTerrainHeights } from './terrain-heights.ts';

const point = (id: string, lon: number, lat: number, height?: number): LayerFeature => ({
  layerId: 'schools',
  id,
  kind: 'point',
  coordinates: [[[lon, lat]]],
  properties: {},
  ...(height !== undefined && { height }),
});
const area: LayerFeature = {
  layerId: 'areas',
  id: 'a',
  kind: 'polygon',
  coordinates: [
    [
      [7, 51],
      [7.1, 51],
      [7.1, 51.1],
    ],
  ],
  properties: {},
};

describe('terrain heights of point features', () => {
  it('lists the points only, with their positions', () => {
    const a = point('a', 7.2, 51.28);
    const points = pointPositions([a, area]);
    expect(points?.features).toEqual([a]);
    expect(points?.positions).toEqual([[7.2, 51.28]]);
    expect(pointPositions([area])).toBeUndefined();
    expect(pointPositions(undefined)).toBeUndefined();
  });

  it('gives each point the terrain height sampled for it, leaves the rest and unsampled points alone', () => {
    const a = point('a', 7.2, 51.28, 204.6);
    const b = point('b', 7.21, 51.29, 204.6);
    const points = pointPositions([a, b, area]);
    const heights = [198.7, undefined];
    const onTerrain = withTerrainHeights(points, heights);
    expect(onTerrain(a).height).toBe(198.7);
    expect(onTerrain(b)).toBe(b);
    expect(onTerrain(area)).toBe(area);
    // The same heights give the same function (a stable draw callback).
    expect(withTerrainHeights(points, heights)).toBe(onTerrain);
  });

  it('without sampled heights every feature stays as it is', () => {
    const a = point('a', 7.2, 51.28, 204.6);
    expect(withTerrainHeights(pointPositions([a]), undefined)(a)).toBe(a);
  });
});
