/**
 * What the GIS-format readers share: the files they are given, GeoJSON-shaped features in the file's own
 * CRS turned into a `VectorLayer` (lon/lat degrees, properties as text) by the GeoJSON reader's own
 * reprojection, and layers of several tables or files put together. Platform-free.
 */
import { errorMessage } from '../../errors.ts';
import type { LayerProblem } from '../problems.ts';
import { readGeoJsonValue } from '../vector.ts';
import { setOwn } from '../../util/own.ts';
import type { VectorFeature, VectorLayer } from '../vector.ts';

/** One file of a drop or a configured source: its name (for messages and its type) and its bytes. */
export interface GisFile {
  name: string;
  bytes: Uint8Array;
}

/** The GIS formats read through loaders.gl (and sql.js for GeoPackage). */
export type GisFormat = 'shapefile' | 'geopackage' | 'kml' | 'flatgeobuf';

/** The name of each format in messages. */
export const GIS_FORMAT_NAMES: Record<GisFormat, string> = {
  shapefile: 'Shapefile',
  geopackage: 'GeoPackage',
  kml: 'KML',
  flatgeobuf: 'FlatGeobuf',
};

/** A GeoJSON-shaped feature as the loaders give it: a geometry (or none) in the file's CRS, properties. */
export interface SourceFeature {
  geometry: unknown;
  properties: Record<string, unknown> | null | undefined;
}

/** A property value as text: numbers as written, dates as ISO dates, binary as its size, null as ''. */
export function propertyText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return `(${value.byteLength} bytes)`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A problem of `file` not tied to a record (line 1). */
export function fileProblem(file: string, message: string): LayerProblem {
  return { file, line: 1, message };
}

/** A layer with nothing but `problems`. */
export function emptyLayer(sourceCrs: string, problems: LayerProblem[]): VectorLayer {
  return { features: [], coordinates: new Float64Array(0), sourceCrs, problems };
}

/**
 * Features in `srsName` (undefined: none named; degrees are read as CRS84, metres as EPSG:25832 with a
 * problem saying so) as a layer in lon/lat degrees. Each feature's `line` is its 1-based record number,
 * these formats having no lines; problems name `file` and start with the format's name.
 */
export function layerFromFeatures(
  features: readonly SourceFeature[],
  srsName: string | undefined,
  file: string,
  format: GisFormat,
): VectorLayer {
  const collection = {
    type: 'FeatureCollection',
    features: features.map((feature) => {
      const properties: Record<string, string> = {};
      for (const [key, value] of Object.entries(feature.properties ?? {}))
        setOwn(properties, key, propertyText(value));
      return { type: 'Feature', geometry: feature.geometry, properties };
    }),
    ...(srsName !== undefined ? { crs: { type: 'name', properties: { name: srsName } } } : {}),
  };
  let layer: VectorLayer;
  try {
    layer = readGeoJsonValue(collection, { file, omitFeatureIds: true });
  } catch (error) {
    return emptyLayer(srsName ?? 'CRS84', [
      fileProblem(file, `${GIS_FORMAT_NAMES[format]} reader: ${errorMessage(error)}`),
    ]);
  }
  const name = GIS_FORMAT_NAMES[format];
  for (const feature of layer.features) feature.line = feature.index + 1;
  layer.problems = layer.problems.map((problem) => {
    const record = /feature (\d+)/.exec(problem.message);
    return {
      ...problem,
      line: record ? Number(record[1]) + 1 : problem.line,
      message: problem.message
        .replace(/^GeoJSON reader: /, `${name} reader: `)
        .replace(/feature (\d+)/, (_, i) => `record ${Number(i) + 1}`),
    };
  });
  return layer;
}

/** Several layers (tables of a GeoPackage, Shapefiles of a ZIP) as one; `sourceCrs` lists theirs. */
export function concatLayers(layers: readonly VectorLayer[]): VectorLayer {
  if (layers.length === 1) return layers[0] as VectorLayer;
  const total = layers.reduce((sum, layer) => sum + layer.coordinates.length, 0);
  const coordinates = new Float64Array(total);
  const features: VectorFeature[] = [];
  const problems: LayerProblem[] = [];
  const crs = new Set<string>();
  let offset = 0;
  for (const layer of layers) {
    coordinates.set(layer.coordinates, offset);
    const vertexOffset = offset / 2;
    const first = features.length;
    for (const feature of layer.features)
      features.push({ ...feature, start: feature.start + vertexOffset, index: first + feature.index });
    problems.push(...layer.problems);
    if (layer.features.length > 0) crs.add(layer.sourceCrs);
    offset += layer.coordinates.length;
  }
  return { features, coordinates, sourceCrs: [...crs].join(', ') || 'CRS84', problems };
}

/** The bytes of `view` as an ArrayBuffer of their own (what loaders.gl's parsers take). */
export function ownBuffer(view: Uint8Array): ArrayBuffer {
  return view.byteOffset === 0 &&
    view.byteLength === view.buffer.byteLength &&
    view.buffer instanceof ArrayBuffer
    ? view.buffer
    : (view.slice().buffer as ArrayBuffer);
}
