/**
 * Zipped XPlanGML plans (as XPlanung exchange archives are published): finds the plan document (`xplan.gml`,
 * else the only `.gml`/`.xml` entry) in an in-memory ZIP, decodes it to text and lists the other entries
 * (PDF documents, scanned plan rasters with world files). Platform-free, over fflate.
 */
import { strFromU8 } from 'fflate';
import { checkZipLimits, listZip, readZipEntry, ZipReadError } from '../../zip/read-zip.ts';
import type { ZipLimits } from '../../zip/read-zip.ts';
import { sniffXmlEncoding } from '../../gml/encoding.ts';
import { errorMessage } from '../../errors.ts';

/** What an archive entry is, from its name. */
export type ArchiveEntryKind = 'xplan' | 'gml' | 'pdf' | 'raster' | 'world-file' | 'other';

/** One entry of the archive (directories left out). */
export interface ArchiveEntry {
  /** Path inside the archive, as stored. */
  name: string;
  kind: ArchiveEntryKind;
  /** Uncompressed size, bytes. */
  size: number;
}

/** Options of `openXPlanArchive`. */
export interface XPlanArchiveOptions {
  /** File name used in messages. */
  file?: string;
  /** Refuse archives whose extracted entries would exceed this many bytes (zip bombs). Default 1 GiB. */
  maxUncompressedBytes?: number;
  /** Further caps on inflating (per entry, ratio); `maxUncompressedBytes` is the total. Default `ZIP_LIMITS_DEFAULTS`. */
  limits?: ZipLimits;
  /** Other entries to extract as bytes (e.g. `(name) => name.endsWith('.pgw')`). Default none. */
  extract?: (name: string) => boolean;
}

/** The plan document and the rest of the archive. */
export interface XPlanArchive {
  /** Entry name of the plan document. */
  gmlName: string;
  /** The plan document decoded to text (UTF-8 unless its XML declaration says ISO-8859-1). */
  gmlText: string;
  entries: ArchiveEntry[];
  /** Bytes of the entries chosen by `options.extract`. */
  extracted: Map<string, Uint8Array>;
}

/** Problems with the archive itself; messages start with "XPlanGML archive: ". */
export class XPlanArchiveError extends Error {
  constructor(message: string) {
    super(`XPlanGML archive: ${message}`);
    this.name = 'XPlanArchiveError';
  }
}

function kindOf(name: string): ArchiveEntryKind {
  const lower = name.toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  if (base === 'xplan.gml') return 'xplan';
  if (lower.endsWith('.gml') || lower.endsWith('.xml')) return 'gml';
  if (lower.endsWith('.pdf')) return 'pdf';
  if (/\.(png|tif|tiff|jpg|jpeg|ecw|jp2)$/.test(lower)) return 'raster';
  if (/\.(pgw|tfw|tifw|jgw|wld|j2w)$/.test(lower)) return 'world-file';
  return 'other';
}

/** Whether the bytes start like a ZIP archive (local file header or empty-archive end record). */
export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 0x03 || bytes[2] === 0x05) &&
    (bytes[3] === 0x04 || bytes[3] === 0x06)
  );
}

/** Decodes XML bytes to text: UTF-8 (BOM removed) or ISO-8859-1 when declared; other encodings are refused. */
export function decodeXmlBytes(bytes: Uint8Array, file = '<input>'): string {
  const encoding = sniffXmlEncoding(bytes.subarray(0, 1024));
  if (encoding === 'utf-8' || encoding === 'utf8') {
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    return strFromU8(start > 0 ? bytes.subarray(start) : bytes);
  }
  if (encoding === 'iso-8859-1' || encoding === 'latin1' || encoding === 'us-ascii' || encoding === 'ascii') {
    return strFromU8(bytes, true);
  }
  throw new XPlanArchiveError(
    `${file}: encoding "${encoding}" is not supported; expected UTF-8 or ISO-8859-1`,
  );
}

/**
 * Opens a zipped XPlanGML plan held in memory. The plan document is the entry named `xplan.gml` (in any
 * folder), else the only `.gml`/`.xml` entry. Throws `XPlanArchiveError` for bytes that are not a ZIP, an
 * archive without a plan document (or with several candidates and no `xplan.gml`), or one too large.
 */
export function openXPlanArchive(bytes: Uint8Array, options: XPlanArchiveOptions = {}): XPlanArchive {
  const file = options.file ?? '<archive>';
  const limit = options.maxUncompressedBytes ?? 1024 ** 3;
  if (!isZip(bytes))
    throw new XPlanArchiveError(`${file}: not a ZIP archive (expected the bytes "PK\\x03\\x04")`);
  let zipEntries: ReturnType<typeof listZip>;
  // The central directory lists the entries without inflating anything.
  try {
    zipEntries = listZip(bytes, file);
  } catch (error) {
    if (error instanceof ZipReadError) throw new XPlanArchiveError(error.message);
    throw new XPlanArchiveError(`${file}: unreadable ZIP (${errorMessage(error)})`);
  }
  const entries: ArchiveEntry[] = zipEntries.map((entry) => ({
    name: entry.name,
    kind: kindOf(entry.name),
    size: entry.size,
  }));
  const xplan = entries.filter((entry) => entry.kind === 'xplan');
  const gml = entries.filter((entry) => entry.kind === 'gml');
  let chosen: ArchiveEntry | undefined;
  if (xplan.length >= 1) chosen = xplan[0];
  else if (gml.length === 1) chosen = gml[0];
  if (chosen === undefined) {
    throw new XPlanArchiveError(
      `${file}: ${gml.length > 1 ? `${gml.length} GML entries and no xplan.gml` : 'no plan document'}; expected an entry named xplan.gml`,
    );
  }
  const gmlName = chosen.name;
  const wanted = (name: string): boolean => name === gmlName || (options.extract?.(name) ?? false);
  const total = entries.filter((entry) => wanted(entry.name)).reduce((sum, entry) => sum + entry.size, 0);
  if (total > limit) {
    throw new XPlanArchiveError(`${file}: entries to extract hold ${total} bytes; expected at most ${limit}`);
  }
  // Entry by entry within the limits, stopping as soon as an entry's real output passes its declared
  // size, so a crafted directory cannot make this allocate more than the limits.
  const limits: ZipLimits = { ...options.limits, maxTotalBytes: limit };
  const files: Record<string, Uint8Array> = {};
  try {
    const chosenEntries = zipEntries.filter((entry) => wanted(entry.name));
    checkZipLimits(chosenEntries, file, limits);
    for (const entry of chosenEntries) files[entry.name] = readZipEntry(bytes, entry, file);
  } catch (error) {
    if (error instanceof ZipReadError) throw new XPlanArchiveError(error.message);
    throw error;
  }
  const gmlBytes = files[gmlName];
  if (gmlBytes === undefined) throw new XPlanArchiveError(`${file}: entry ${gmlName} could not be extracted`);
  const extracted = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) if (name !== gmlName) extracted.set(name, data);
  return { gmlName, gmlText: decodeXmlBytes(gmlBytes, `${file}/${gmlName}`), entries, extracted };
}
