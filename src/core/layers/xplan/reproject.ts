/**
 * Reprojection of plan geometries from their source CRS (EPSG:25832, EPSG:31467, …) to longitude/latitude
 * degrees (ETRS89 ≈ WGS84), through the CRS module (BeTA2007 grid for DHDN Gauss-Krüger, as PROJ does).
 * Platform-free; meant to run in a worker.
 */
import { createEcefTransformer } from '../../crs/ecef.ts';
import { parseSrsName } from '../../crs/srs-name.ts';
import type { ParseSrsOptions } from '../../crs/srs-name.ts';
import type { XPlanGeometry } from './geometry.ts';

/** A function from source CRS x,y to [longitude, latitude] in degrees. */
export type ToLonLat = (x: number, y: number) => [lonDeg: number, latDeg: number];

/**
 * Returns a converter from the CRS named by `srsName` (any form `parseSrsName` accepts; `options.overrideCrs`
 * for files without one) to longitude/latitude degrees. Throws `CrsError` for unknown CRSs.
 */
export function createToLonLat(srsName: string | undefined, options: ParseSrsOptions = {}): ToLonLat {
  const transformer = createEcefTransformer(parseSrsName(srsName, options), 'none');
  return (x, y) => {
    const [lon, lat] = transformer.toGeodetic(x, y, 0);
    return [lon, lat];
  };
}

/** A copy of `geometry` with its coordinates converted to longitude, latitude degrees by `toLonLat`. */
export function geometryToLonLat(geometry: XPlanGeometry, toLonLat: ToLonLat): XPlanGeometry {
  const source = geometry.coordinates;
  const coordinates = new Float64Array(source.length);
  for (let i = 0; i < source.length; i += 2) {
    const [lon, lat] = toLonLat(source[i] as number, source[i + 1] as number);
    coordinates[i] = lon;
    coordinates[i + 1] = lat;
  }
  return { ...geometry, coordinates };
}
