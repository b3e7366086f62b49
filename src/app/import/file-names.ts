/** File names of the import: which files are taken, and what an export is called. */
import { IMPORT_EXTENSIONS } from '../../../workers/convert-api.ts';

/** True when the importer takes files with this name. */
export function isImportable(name: string): boolean {
  const lower = name.toLowerCase();
  return IMPORT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** The file name without its import endings (.gml, .gz, .zip, .3tz …); 'tileset' when nothing is left. */
export function exportBaseName(name: string): string {
  return name.replace(/(\.(gml|xml|citygml|gz|zip|3tz))+$/i, '') || 'tileset';
}

/** Download name of an export: the file name without its endings, plus `.3tz`. */
export function exportFileName(name: string): string {
  return `${exportBaseName(name)}.3tz`;
}

/** Download name of the tileset-folder ZIP: the base name plus `-tileset.zip` (so it never equals the input). */
export function exportZipFileName(name: string): string {
  return `${exportBaseName(name)}-tileset.zip`;
}
