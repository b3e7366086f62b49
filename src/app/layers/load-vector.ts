import type { LayerFeature } from './features.ts';
import { geoJsonLayerFeatures } from './geojson-features.ts';
import { readCsvFeatures, readOgcFeatures, readWfsGeoJson, sourceBox, wfsGetFeatureUrl } from './remote.ts';
import type { CityLayersConfig, LayerSource } from './types.ts';

/**
 * Loading the features of vector sources (GeoJSON, CSV, WFS, OGC API Features): fetching is done here, reading
 * by the core readers (through `features.ts` and `remote.ts`). A new vector format adds a core reader, a case
 * here and an entry in the layer registry (`registry.ts`).
 */

/** The layer sources whose features are drawn by `VectorLayer`. */
export type VectorSource = Extract<LayerSource, { type: 'geojson' | 'csv' | 'wfs' | 'ogc-features' }>;

/** Whether a source is a vector source. */
export function isVectorSource(source: LayerSource): source is VectorSource {
  return (
    source.type === 'geojson' ||
    source.type === 'csv' ||
    source.type === 'wfs' ||
    source.type === 'ogc-features'
  );
}

/** Fetches a URL as text; a non-2xx answer is an error naming the status and the URL. */
async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${url}`);
  return response.text();
}

/**
 * Loads the features of a vector source: GeoJSON and CSV from the app's origin (or any URL given), WFS GetFeature
 * as GeoJSON, OGC API Features page by page; remote ones in the source's box (or the city's ground radius).
 */
export async function loadVectorFeatures(
  source: VectorSource,
  layerId: string,
  ground: CityLayersConfig['ground'],
): Promise<LayerFeature[]> {
  const base = document.baseURI;
  switch (source.type) {
    case 'geojson': {
      const url = new URL(source.url, base).href;
      return geoJsonLayerFeatures(await fetchText(url), layerId, source.url).features;
    }
    case 'csv': {
      const { features, problems } = readCsvFeatures(
        await fetchText(new URL(source.url, base).href),
        layerId,
        source,
      );
      if (problems.length > 0) console.warn(`layer ${layerId}: ${problems.length} rows skipped`, problems);
      return features;
    }
    case 'wfs': {
      const url = wfsGetFeatureUrl(source, sourceBox(source, ground), base);
      return readWfsGeoJson(await fetchText(url), layerId, url);
    }
    case 'ogc-features': {
      const result = await readOgcFeatures(
        source,
        sourceBox(source, ground),
        layerId,
        async (url) => JSON.parse(await fetchText(url)) as unknown,
        base,
      );
      if (result.truncated)
        console.warn(`layer ${layerId}: stopped after ${result.features.length} features`);
      return result.features;
    }
  }
}
