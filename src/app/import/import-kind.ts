/**
 * What a dropped or picked file is, from its name and its first bytes: CityGML (or a tileset archive) for
 * the conversion, an XPlanGML plan, a vector drop-in (GeoJSON, CSV/TSV points) or a GIS format (Shapefile
 * parts or a ZIP of them, GeoPackage, KML/KMZ, FlatGeobuf) or a terrain model (DGM: GeoTIFF, XYZ or ESRI ASCII grid). Reads at most the first
 * `SNIFF_BYTES` of a file, or a ZIP's central directory, never the whole file.
 */
import { VECTOR_EXTENSIONS } from '../../../workers/convert-api.ts';
import { listZipEntries } from '../../../workers/zip-entries.ts';
import { gisFormatOf, isGisArchive } from '../../core/layers/gis/names.ts';
import { isDgmArchive, isDgmName } from '../../core/terrain/dgm-names.ts';

/**
 * How an import is handled: converted to 3D Tiles, opened as a plan, drawn as vector features, or read as
 * a GIS format (Shapefile, GeoPackage, KML, FlatGeobuf) by the layers worker and drawn as vector features,
 * or a terrain model (DGM) read by the terrain worker and shown as the globe's terrain.
 */
export type ImportKind = 'citygml' | 'plan' | 'vector' | 'gis' | 'terrain';

/** Bytes read from the start of a .gml/.xml file to tell XPlanGML from CityGML. */
export const SNIFF_BYTES = 8192;

/** True when the start of an XML document declares an XPlanGML namespace (http://www.xplanung.de/xplangml/…). */
export function isXPlanHead(head: string): boolean {
  return /xmlns(?::[\w.-]+)?\s*=\s*["']http:\/\/www\.xplanung\.de\/xplangml\//.test(head);
}

/** True when a ZIP's entry names hold an XPlanArchiv plan (`xplan.gml`) and no tileset. */
export function isXPlanArchive(entries: readonly string[]): boolean {
  return (
    entries.some((name) => /(^|\/)xplan\.gml$/i.test(name)) &&
    !entries.some((name) => /(^|\/)tileset\.json$/i.test(name))
  );
}

/** The kind of an import by its file name and content (see the module comment). */
export async function detectImportKind(file: Blob, name: string): Promise<ImportKind> {
  const lower = name.toLowerCase();
  // A gzipped GeoJSON or table (`.geojson.gz`, `.csv.gz`) is a vector drop-in; other `.gz` are CityGML.
  const inner = lower.endsWith('.gz') ? lower.slice(0, -3) : lower;
  if (VECTOR_EXTENSIONS.some((ext) => inner.endsWith(ext))) return 'vector';
  if (gisFormatOf(lower)) return 'gis';
  if (isDgmName(lower)) return 'terrain';
  if (/\.(gml|xml)$/.test(lower)) {
    const head = new TextDecoder().decode(await file.slice(0, SNIFF_BYTES).arrayBuffer());
    // UTF-16 files: drop the zero bytes of ASCII characters before looking for the namespace
    return isXPlanHead(head.includes('\u0000') ? head.replaceAll('\u0000', '') : head) ? 'plan' : 'citygml';
  }
  if (lower.endsWith('.zip')) {
    try {
      const entries = await listZipEntries(file);
      if (isXPlanArchive(entries)) return 'plan';
      if (isGisArchive(entries)) return 'gis';
      if (isDgmArchive(entries)) return 'terrain';
    } catch {
      // not a readable ZIP: the converter reports it
    }
  }
  return 'citygml';
}
