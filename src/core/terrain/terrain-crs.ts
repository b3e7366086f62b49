/**
 * A terrain source in the CRS module's terms: positions of a projected (or geographic) CRS, heights made
 * ellipsoidal by the same `EcefTransformer` as the buildings' (so the same geoid undulation at the same
 * place), and the exact inverse of its horizontal transform for the tile grids' longitude/latitude nodes.
 */
import proj4 from 'proj4';
import { createEcefTransformer, crsDefinition, parseSrsName, type HeightCorrection } from '../crs/index.ts';
import type { EcefTransformer } from '../crs/index.ts';
import type { TerrainSource } from './pyramid.ts';
import type { LonLatRectangle } from './tiling.ts';

/** The CRS side of a terrain: the transformer, its inverse and how heights were corrected. */
export interface TerrainCrs {
  transformer: EcefTransformer;
  /** srsName as used, e.g. "EPSG:25832". */
  srsName: string;
  toSource(lonDeg: number, latDeg: number): [number, number];
  /** Ellipsoidal height (metres) at source point x, y for height z in the source's vertical datum. */
  ellipsoidal(x: number, y: number, z: number): number;
  /** Longitude/latitude bounds of source-CRS boxes (corners and edge points transformed). */
  bounds(boxes: { minX: number; minY: number; maxX: number; maxY: number }[]): LonLatRectangle;
}

/** Sets up the CRS of a terrain (x east, y north). Throws `CrsError` for a CRS without definition. */
export function terrainCrs(srsName: string, heights: HeightCorrection): TerrainCrs {
  const srs = parseSrsName(srsName, { axisOrder: 'east-north' });
  const transformer = createEcefTransformer(srs, heights);
  const definition = crsDefinition(srs.epsg);
  const forward =
    definition && definition.kind === 'projected'
      ? proj4('+proj=longlat +datum=WGS84 +no_defs', definition.proj4)
      : undefined;
  const toSource = (lon: number, lat: number): [number, number] => {
    if (!forward) return [lon, lat];
    let [x = 0, y = 0] = forward.forward([lon, lat]);
    // proj4's forward uses the Helmert where the transformer may use a grid (DHDN: BeTA2007): Newton steps
    // on the transformer itself make this its exact inverse.
    for (let step = 0; step < 3; step++) {
      const [lon0, lat0] = transformer.toGeodetic(x, y, 0);
      const dLon = lon - lon0;
      const dLat = lat - lat0;
      if (Math.abs(dLon) < 1e-11 && Math.abs(dLat) < 1e-11) break;
      const [lonX, latX] = transformer.toGeodetic(x + 1, y, 0);
      const [lonY, latY] = transformer.toGeodetic(x, y + 1, 0);
      const a = lonX - lon0;
      const b = lonY - lon0;
      const c = latX - lat0;
      const d = latY - lat0;
      const determinant = a * d - b * c;
      x += (d * dLon - b * dLat) / determinant;
      y += (a * dLat - c * dLon) / determinant;
    }
    return [x, y];
  };
  return {
    transformer,
    srsName,
    toSource,
    ellipsoidal: (x, y, z) => transformer.toGeodetic(x, y, z)[2],
    bounds(boxes) {
      const rectangle = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity };
      for (const box of boxes)
        for (let i = 0; i <= 8; i++)
          for (let j = 0; j <= 8; j++) {
            if (i % 8 !== 0 && j % 8 !== 0) continue;
            const [lon, lat] = transformer.toGeodetic(
              box.minX + ((box.maxX - box.minX) * i) / 8,
              box.minY + ((box.maxY - box.minY) * j) / 8,
              0,
            );
            rectangle.west = Math.min(rectangle.west, lon);
            rectangle.east = Math.max(rectangle.east, lon);
            rectangle.south = Math.min(rectangle.south, lat);
            rectangle.north = Math.max(rectangle.north, lat);
          }
      return rectangle;
    },
  };
}

/** Makes heights (source vertical datum, metres) at source points x, y ellipsoidal in place; NaN stays NaN. */
export function ellipsoidalHeights(
  crs: TerrainCrs,
  x: Float64Array,
  y: Float64Array,
  heights: Float64Array,
): void {
  for (let i = 0; i < heights.length; i++)
    if (Number.isFinite(heights[i])) heights[i] = crs.ellipsoidal(x[i]!, y[i]!, heights[i]!);
}

/**
 * A `TerrainSource` over `crs` from a height sampler in the source CRS (metres in its vertical datum, NaN
 * where there is no data), limited to `bounds`.
 */
export function terrainSource(
  crs: TerrainCrs,
  bounds: LonLatRectangle,
  sample: (x: Float64Array, y: Float64Array, out: Float64Array) => Promise<void> | void,
): TerrainSource {
  const correctHeights = (x: Float64Array, y: Float64Array, heights: Float64Array) =>
    ellipsoidalHeights(crs, x, y, heights);
  return {
    bounds,
    toSource: crs.toSource,
    sourceHeights: sample,
    correctHeights,
    async heights(x, y, out) {
      await sample(x, y, out);
      correctHeights(x, y, out);
    },
  };
}
