/**
 * The GIS formats municipalities send, read into lon/lat features (`VectorLayer`): Shapefile (its parts, or a
 * ZIP of them), GeoPackage, KML/KMZ and FlatGeobuf, through loaders.gl's parsers (given ArrayBuffers, they
 * are platform-free), sql.js for GeoPackage and our streaming KML reader (`kml.ts`: loaders.gl's is too
 * slow); reprojected with the CRS module from the file's `.prj` or
 * SRS id. `groupGisFiles` puts a drop's files together (a `.shp` with its parts), `readGisDataset` reads one
 * group. Every failure is a problem naming the file; nothing throws.
 */
import { parse } from '@loaders.gl/core';
import { FlatGeobufLoader } from '@loaders.gl/flatgeobuf';
import { errorMessage } from '../../errors.ts';
import { readZip } from '../../zip/read-zip.ts';
import type { VectorLayer } from '../vector.ts';
import { concatLayers, emptyLayer, fileProblem, layerFromFeatures, ownBuffer } from './features.ts';
import type { GisFile, SourceFeature } from './features.ts';
import { readGeoPackage } from './geopackage.ts';
import { readKmlFeatures } from './kml.ts';
import type { SqlModule } from './geopackage.ts';
import { srsNameFromPrj } from './prj.ts';
import { readShapefile } from './shapefile.ts';
import { gisFormatOf, groupGisFiles } from './names.ts';

/** What reading needs from the platform. */
export interface GisReadOptions {
  /** The initialised sql.js module, for GeoPackages; without it a GeoPackage is a problem. */
  sql?: () => Promise<SqlModule>;
}

/** The CRS of a FlatGeobuf header's metadata (`{org, code, wkt}` as loaders.gl gives it). */
function flatGeobufSrsName(crs: unknown, file: string): string | undefined {
  let value = crs;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  if (!value || typeof value !== 'object') return undefined;
  const { org, code, wkt } = value as { org?: unknown; code?: unknown; wkt?: unknown };
  if (
    typeof code === 'number' &&
    code > 0 &&
    (org === undefined || org === null || String(org).toUpperCase() === 'EPSG')
  )
    return `EPSG:${code}`;
  return typeof wkt === 'string' && wkt.trim() !== '' ? srsNameFromPrj(wkt, file) : undefined;
}

/** Reads a FlatGeobuf file (its header's CRS; none named: degrees as CRS84). */
async function readFlatGeobuf(file: GisFile): Promise<VectorLayer> {
  const bytes = file.bytes;
  const magic = [0x66, 0x67, 0x62];
  if (bytes.byteLength < 12 || magic.some((b, i) => bytes[i] !== b))
    return emptyLayer('unknown', [
      fileProblem(file.name, `FlatGeobuf reader: ${file.name} is not a FlatGeobuf file (no "fgb" header)`),
    ]);
  const table = (await parse(ownBuffer(bytes), FlatGeobufLoader, {
    worker: false,
    flatgeobuf: { shape: 'geojson-table' },
  })) as { features: SourceFeature[]; schema?: { metadata?: Record<string, unknown> } };
  const srsName = flatGeobufSrsName(table.schema?.metadata?.crs, file.name);
  return layerFromFeatures(table.features, srsName, file.name, 'flatgeobuf');
}

/** Reads a KML document (always WGS 84 longitude/latitude; our streaming reader, see `kml.ts`). */
function readKml(text: string, name: string): VectorLayer {
  if (!/<kml[\s>]/i.test(text.slice(0, 4096)))
    return emptyLayer('CRS84', [
      fileProblem(name, `KML reader: ${name} is not KML (no <kml> element at its start)`),
    ]);
  // A cut-short document is refused as a whole: the last Placemarks would be missing unnoticed.
  if (!/<\/kml>\s*$/i.test(text.slice(-4096)))
    return emptyLayer('CRS84', [
      fileProblem(name, `KML reader: ${name} is cut short (it does not end with </kml>)`),
    ]);
  let features: SourceFeature[];
  try {
    features = readKmlFeatures(text);
  } catch (error) {
    return emptyLayer('CRS84', [
      fileProblem(name, `KML reader: ${name} is not well-formed XML (${errorMessage(error)})`),
    ]);
  }
  return layerFromFeatures(features, 'EPSG:4326', name, 'kml');
}

/** The files of a ZIP (a Shapefile's parts, a GeoPackage …), within the core's size limits. */
function unzip(file: GisFile): GisFile[] {
  const entries = readZip(file.bytes, {
    archive: file.name,
    filter: (entry) => gisFormatOf(entry.name) !== undefined && !/(^|\/)__MACOSX\//.test(entry.name),
  });
  return [...entries].map(([name, bytes]) => ({ name, bytes }));
}

/** Reads one group's files (see `groupGisFiles`) of `format`; `name` is used in messages. */
async function readGroup(
  name: string,
  files: readonly GisFile[],
  options: GisReadOptions,
): Promise<VectorLayer> {
  const file = files[0] as GisFile;
  const format = gisFormatOf(name);
  switch (format) {
    case 'shapefile':
      return readShapefile(files, name);
    case 'geopackage':
      if (!options.sql)
        return emptyLayer('unknown', [fileProblem(name, 'GeoPackage reader: SQLite is not available here')]);
      return readGeoPackage(file.bytes, name, await options.sql());
    case 'flatgeobuf':
      return readFlatGeobuf(file);
    case 'kml': {
      if (!name.toLowerCase().endsWith('.kmz')) return readKml(new TextDecoder().decode(file.bytes), name);
      const entries = readZip(file.bytes, { archive: name, filter: (entry) => /\.kml$/i.test(entry.name) });
      const [kmlName, kml] =
        [...entries].find(([entry]) => /(^|\/)doc\.kml$/i.test(entry)) ?? [...entries][0] ?? [];
      if (!kml) return emptyLayer('CRS84', [fileProblem(name, `KML reader: ${name} holds no .kml document`)]);
      return readKml(new TextDecoder().decode(kml), `${name}/${kmlName}`);
    }
    default:
      return emptyLayer('unknown', [
        fileProblem(name, `${name} is not a Shapefile, GeoPackage, KML/KMZ or FlatGeobuf file`),
      ]);
  }
}

/**
 * Reads one dataset: a Shapefile's parts, a `.gpkg`, `.kml`, `.kmz`, `.fgb`, or a ZIP of any of these
 * (several datasets in one ZIP become one layer). `name` names it in messages (default: the `.shp`'s or
 * the file's name). Never throws: every failure is a problem of the layer, naming the file.
 */
export async function readGisDataset(
  files: readonly GisFile[],
  options: GisReadOptions = {},
  name?: string,
): Promise<VectorLayer> {
  const label = name ?? groupGisFiles(files)[0]?.name ?? 'GIS file';
  try {
    if (files.length === 1 && /\.zip$/i.test(label)) {
      const inner = unzip(files[0] as GisFile);
      const groups = groupGisFiles(inner);
      if (groups.length === 0)
        return emptyLayer('unknown', [
          fileProblem(label, `${label} holds no Shapefile, GeoPackage, KML or FlatGeobuf file`),
        ]);
      const layers: VectorLayer[] = [];
      for (const group of groups) {
        const layer = await readGroup(`${label}/${group.name}`, group.files, options);
        layers.push(layer);
      }
      return concatLayers(layers);
    }
    return await readGroup(label, files, options);
  } catch (error) {
    return emptyLayer('unknown', [fileProblem(label, `${label} cannot be read (${errorMessage(error)})`)]);
  }
}
