/**
 * The GIS formats municipalities send, read into lon/lat features (`VectorLayer`): Shapefile (its parts, or a
 * ZIP of them), GeoPackage, KML/KMZ and FlatGeobuf, through loaders.gl's parsers (given ArrayBuffers, they
 * are platform-free), sql.js for GeoPackage and our streaming KML reader (`kml.ts`: loaders.gl's is too
 * slow); reprojected with the CRS module from the file's `.prj` or
 * SRS id. `groupGisFiles` puts a drop's files together (a `.shp` with its parts), `readGisDataset` reads one
 * group. Every failure is a problem naming the file; nothing throws. FlatGeobuf framing is checked first
 * (`flatgeobuf-header.ts`: the library hangs on some headers), and a ZIP's entries are inflated one
 * dataset at a time, just before that dataset is read.
 */
import { parse } from '@loaders.gl/core';
import { FlatGeobufLoader } from '@loaders.gl/flatgeobuf';
import { errorMessage } from '../../errors.ts';
import { checkZipLimits, listZip, readZipEntry, ZipReadError } from '../../zip/read-zip.ts';
import type { ZipEntry } from '../../zip/read-zip.ts';
import type { VectorLayer } from '../vector.ts';
import { concatLayers, emptyLayer, fileProblem, layerFromFeatures, ownBuffer } from './features.ts';
import type { GisFile, SourceFeature } from './features.ts';
import { checkFlatGeobuf } from './flatgeobuf-header.ts';
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

/**
 * Reads a FlatGeobuf file (its header's CRS; none named: degrees as CRS84). Its framing is checked before
 * the library sees it (see `checkFlatGeobuf`); what the library still stumbles on is inside a record.
 */
async function readFlatGeobuf(file: GisFile): Promise<VectorLayer> {
  const fail = (what: string): VectorLayer =>
    emptyLayer('unknown', [fileProblem(file.name, `FlatGeobuf reader: ${file.name} ${what}`)]);
  const check = checkFlatGeobuf(file.bytes);
  if (!check.ok) return fail(check.problem);
  let table: { features: SourceFeature[]; schema?: { metadata?: Record<string, unknown> } };
  try {
    table = (await parse(ownBuffer(file.bytes), FlatGeobufLoader, {
      worker: false,
      flatgeobuf: { shape: 'geojson-table' },
    })) as typeof table;
  } catch (error) {
    // The engine's words (a null geometry, a bad vector length) are kept only as a detail.
    const { records } = check.layout;
    const which = records === 1 ? 'its feature record' : `one of its ${records} feature records`;
    return fail(`is a damaged FlatGeobuf: ${which} cannot be decoded (${errorMessage(error)})`);
  }
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

/**
 * The GIS entries of a ZIP (a Shapefile's parts, a GeoPackage …; a name given twice: its last entry),
 * listed and checked against the core's size limits, none inflated yet.
 */
function gisEntries(zip: GisFile): ZipEntry[] {
  const entries = new Map<string, ZipEntry>();
  for (const entry of listZip(zip.bytes, zip.name))
    if (gisFormatOf(entry.name) !== undefined && !/(^|\/)__MACOSX\//.test(entry.name))
      entries.set(entry.name, entry);
  const chosen = [...entries.values()];
  checkZipLimits(chosen, zip.name);
  return chosen;
}

/**
 * Reads the GIS datasets of a ZIP as one layer, inflating each dataset's entries only when it is read,
 * so at most one dataset is held inflated at a time. An entry that fails while inflating (its real
 * ratio past the limit, damaged data) is a problem of its dataset; the other datasets still load.
 */
async function readGisZip(zip: GisFile, label: string, options: GisReadOptions): Promise<VectorLayer> {
  const groups = groupGisFiles(gisEntries(zip));
  if (groups.length === 0)
    return emptyLayer('unknown', [
      fileProblem(label, `${label} holds no Shapefile, GeoPackage, KML or FlatGeobuf file`),
    ]);
  const layers: VectorLayer[] = [];
  for (const group of groups) {
    const name = `${label}/${group.name}`;
    let files: GisFile[];
    try {
      files = group.files.map((entry) => ({
        name: entry.name,
        bytes: readZipEntry(zip.bytes, entry, zip.name),
      }));
    } catch (error) {
      if (!(error instanceof ZipReadError)) throw error;
      layers.push(emptyLayer('unknown', [fileProblem(name, error.message)]));
      continue;
    }
    layers.push(await readGroup(name, files, options));
  }
  return concatLayers(layers);
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
      // Only the document read is inflated: doc.kml (the KMZ convention), else the first .kml.
      const kmls = listZip(file.bytes, name).filter((entry) => /\.kml$/i.test(entry.name));
      const entry = kmls.find((kml) => /(^|\/)doc\.kml$/i.test(kml.name)) ?? kmls[0];
      if (!entry)
        return emptyLayer('CRS84', [fileProblem(name, `KML reader: ${name} holds no .kml document`)]);
      checkZipLimits([entry], name);
      const kml = readZipEntry(file.bytes, entry, name);
      return readKml(new TextDecoder().decode(kml), `${name}/${entry.name}`);
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
    if (files.length === 1 && /\.zip$/i.test(label))
      return await readGisZip(files[0] as GisFile, label, options);
    return await readGroup(label, files, options);
  } catch (error) {
    // A ZIP's own messages start with the archive's name and say what is wrong.
    const message =
      error instanceof ZipReadError ? error.message : `${label} cannot be read (${errorMessage(error)})`;
    return emptyLayer('unknown', [fileProblem(label, message)]);
  }
}
