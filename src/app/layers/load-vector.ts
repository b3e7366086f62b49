import type { LayerFeature } from './features.ts';
import { geoJsonLayerFeatures } from './geojson-features.ts';
import { readCsvFeatures, readOgcFeatures, readWfsGeoJson, sourceBox, wfsGetFeatureUrl } from './remote.ts';
import { layerFeaturesFromVector } from './features.ts';
import { gisClient } from './layers-worker.ts';
import type { CityLayersConfig, LayerSource } from './types.ts';

/**
 * Loading the features of vector sources (GeoJSON, CSV, WFS, OGC API Features): fetching is done here, reading
 * by the core readers (through `features.ts` and `remote.ts`). A new vector format adds a core reader, a case
 * here and an entry in the layer registry (`registry.ts`).
 */

/** The layer sources whose features are drawn by `VectorLayer`. */
export type VectorSource = Extract<LayerSource, { type: 'geojson' | 'csv' | 'gis' | 'wfs' | 'ogc-features' }>;

/** Whether a source is a vector source. */
export function isVectorSource(source: LayerSource): source is VectorSource {
  return (
    source.type === 'geojson' ||
    source.type === 'csv' ||
    source.type === 'gis' ||
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

/** The parts of a Shapefile fetched beside its `.shp`: those that are there (the reader names what is missing). */
const SHAPEFILE_SIDECARS = ['.dbf', '.prj', '.shx', '.cpg'] as const;

/**
 * Fetches a GIS source's file (a `.shp` with its parts) and has the layers worker read it. A source that gave
 * no feature is an error naming the file and what was wrong; features that could not be read are skipped.
 */
async function loadGisFeatures(
  source: Extract<LayerSource, { type: 'gis' }>,
  layerId: string,
  base: string,
): Promise<LayerFeature[]> {
  const url = new URL(source.url, base);
  const name = decodeURIComponent(url.pathname.split('/').pop() ?? source.url);
  const fetchBlob = async (href: string): Promise<Blob | undefined> => {
    const response = await fetch(href);
    return response.ok ? response.blob() : undefined;
  };
  const main = await fetchBlob(url.href);
  if (!main) throw new Error(`${name}: not found (${url.href})`);
  const files = [{ name, blob: main }];
  if (source.format === 'shapefile' && /\.shp$/i.test(name)) {
    const sidecars = await Promise.all(
      SHAPEFILE_SIDECARS.map(async (ending) => {
        const sidecar = new URL(url.href);
        sidecar.pathname = url.pathname.replace(/\.shp$/i, ending);
        const blob = await fetchBlob(sidecar.href);
        return blob && { name: name.replace(/\.shp$/i, ending), blob };
      }),
    );
    for (const sidecar of sidecars) if (sidecar) files.push(sidecar);
  }
  const result = await gisClient().readGis(files, name);
  const first = result.problems[0];
  if (result.features.length === 0) throw new Error(first ? first.message : `${name}: no features`);
  if (result.problems.length > 0)
    console.warn(`layer ${layerId}: ${result.problems.length} problems`, result.problems);
  return layerFeaturesFromVector(result, layerId);
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
    case 'gis':
      return loadGisFeatures(source, layerId, base);
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
