/** File names of the import: which files are taken, and what an export is called. */
import { IMPORT_EXTENSIONS } from '../../../workers/convert-api.ts';

/** True when the importer takes files with this name. */
export function isImportable(name: string): boolean {
  const lower = name.toLowerCase();
  return IMPORT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Download name of an export: the file name without its endings, plus `.3tz`. */
export function exportFileName(name: string): string {
  return `${name.replace(/(\.(gml|xml|citygml|gz|zip|3tz))+$/i, '') || 'tileset'}.3tz`;
}
