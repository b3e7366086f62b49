/**
 * GeoJSON of configured and remote layers → layer features, by the core reader. Apart from `features.ts`
 * because the reader brings the coordinate transformations (proj4, datum grids) with it: the start-up
 * bundle keeps only what draws features, and this module loads with the first layer that reads GeoJSON.
 */
import { readGeoJsonLayer, readGeoJsonValue } from '../../core/layers/vector.ts';
import { layerFeaturesFromVector } from './features.ts';
import type { LayerFeature } from './features.ts';

/** The reader options of configured layers: point heights kept, feature ids not shown as a property. */
export const CONFIGURED_LAYER_READ = { heights: true, omitFeatureIds: true } as const;

/**
 * Layer features of a GeoJSON text or parsed value (RFC 7946: WGS 84 lon/lat degrees, or the CRS its legacy
 * `crs` member names), read by the core reader. A source that gave no feature at all is an error (thrown,
 * shown at the layer); otherwise features that could not be read are skipped and counted.
 */
export function geoJsonLayerFeatures(
  source: string | { value: unknown },
  layerId: string,
  file?: string,
): { features: LayerFeature[]; skipped: number } {
  const options = { ...CONFIGURED_LAYER_READ, ...(file !== undefined ? { file } : {}) };
  const layer =
    typeof source === 'string' ? readGeoJsonLayer(source, options) : readGeoJsonValue(source.value, options);
  const first = layer.problems[0];
  if (layer.features.length === 0 && first) {
    throw new Error(`${first.file ?? layerId}:${first.line}: ${first.message}`);
  }
  return { features: layerFeaturesFromVector(layer, layerId), skipped: layer.problems.length };
}
