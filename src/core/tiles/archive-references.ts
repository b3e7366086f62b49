/**
 * References between the files of a tileset held in an archive (`content.uri`, external tilesets,
 * `schemaUri`, glTF buffer and image URIs, the glTF inside b3dm/i3dm/cmpt). An imported archive must be
 * self-contained: a reference to another host, an absolute path, a path leading out of the archive
 * (`..`) or a file the archive lacks would make the viewer request something from elsewhere (or fail
 * late), so each is an error naming the archive, the referencing entry and the URI. `data:` URIs are
 * accepted: they are embedded and make no request.
 */
import { parseGlb } from './glb-container.ts';
import { decodeUtf8 } from './utf8.ts';
import { errorMessage } from '../errors.ts';

/** A tileset archive that is not self-contained or whose files cannot be read; names the archive. */
export class TilesetArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TilesetArchiveError';
  }
}

/** JSON keys whose string values are references, in tileset JSON (`url`: 3D Tiles 1.0 drafts) and glTF. */
const REFERENCE_KEYS = new Set(['uri', 'url', 'schemaUri']);
/**
 * Subtrees holding user data, never fetched by a loader: a metadata property or an `extras` value that
 * happens to be called `url` is not a reference.
 */
const DATA_KEYS = new Set(['extras', 'metadata', 'properties']);

/**
 * Calls `map` for every reference in a tileset or glTF JSON (see `REFERENCE_KEYS`), in document order,
 * and stores what it returns in place.
 */
export function mapJsonReferences(json: unknown, map: (uri: string) => string): void {
  // An explicit stack, not recursion: JSON.parse takes 100 000 nested arrays, a recursive walk does not.
  // Each entry is a value to walk or a reference to map; pushed in reverse, popped in document order.
  type Step = { value: unknown } | { record: Record<string, unknown>; key: string };
  const stack: Step[] = [{ value: json }];
  for (let step = stack.pop(); step !== undefined; step = stack.pop()) {
    if ('record' in step) {
      step.record[step.key] = map(step.record[step.key] as string);
      continue;
    }
    const { value } = step;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i] });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const record = value as Record<string, unknown>;
    const entries = Object.entries(record);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      if (DATA_KEYS.has(key)) continue;
      stack.push(REFERENCE_KEYS.has(key) && typeof child === 'string' ? { record, key } : { value: child });
    }
  }
}

/** Every reference in a tileset or glTF JSON, in document order. */
export function jsonReferences(json: unknown): string[] {
  const found: string[] = [];
  mapJsonReferences(json, (uri) => {
    found.push(uri);
    return uri;
  });
  return found;
}

/** The archive path `uri` refers to from the entry `entry`, without checking that it exists. */
function joinArchivePath(entry: string, path: string): string | undefined {
  const parts = entry.split('/').slice(0, -1);
  for (const part of path.split('/')) {
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/**
 * The path inside the archive that `uri` (found in the entry `entry`) refers to, or `undefined` for an
 * embedded `data:` URI. Query and fragment are dropped and %-escapes decoded. Throws
 * `TilesetArchiveError` for URIs with a scheme (`https:`, `blob:`, `file:` …), network-path (`//host`)
 * and absolute (`/x`) references, and for `..` leading out of the archive. `archive` names it in messages.
 */
export function resolveArchiveUri(uri: string, entry: string, archive: string): string | undefined {
  const outside = (why: string) =>
    new TilesetArchiveError(
      `${archive}: ${entry} refers to "${uri}", ${why}; an imported archive must be self-contained`,
    );
  const trimmed = uri.trim();
  if (/^data:/i.test(trimmed)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) throw outside('outside the archive');
  if (trimmed.startsWith('//') || trimmed.startsWith('\\\\')) throw outside('on another host');
  if (trimmed.startsWith('/') || trimmed.startsWith('\\')) throw outside('an absolute path');
  let path = trimmed.split(/[?#]/)[0] ?? '';
  try {
    path = decodeURIComponent(path);
  } catch {
    // Not valid %-encoding: look the name up as written.
  }
  const resolved = joinArchivePath(entry, path);
  if (resolved === undefined) throw outside('which leads out of the archive (..)');
  return resolved;
}

/** The error for a reference to a file the archive lacks (a template hints at implicit tiling). */
export function missingEntryError(uri: string, entry: string, archive: string): TilesetArchiveError {
  if (/\{(level|x|y|z)\}/.test(uri)) {
    return new TilesetArchiveError(
      `${archive}: ${entry} refers to "${uri}", an implicit tiling template; implicit tilesets cannot be imported from archives`,
    );
  }
  return new TilesetArchiveError(
    `${archive}: ${entry} refers to "${uri}", which is not in the archive; an imported archive must be self-contained`,
  );
}

const magicOf = (bytes: Uint8Array, at = 0): string =>
  String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);

const u32 = (bytes: Uint8Array, at: number): number =>
  ((bytes[at] ?? 0) |
    ((bytes[at + 1] ?? 0) << 8) |
    ((bytes[at + 2] ?? 0) << 16) |
    ((bytes[at + 3] ?? 0) << 24)) >>>
  0;

/** How the references of a file are read: JSON (tileset, glTF, schema), GLB, legacy tile, or none. */
export type ReferenceCarrier = 'json' | 'glb' | 'legacy' | 'none';

/** How `path` carries references, from its name (JSON) or its first bytes (GLB, b3dm, i3dm, cmpt). */
export function referenceCarrier(path: string, bytes: Uint8Array): ReferenceCarrier {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json') || lower.endsWith('.gltf')) return 'json';
  const magic = magicOf(bytes);
  if (magic === 'glTF') return 'glb';
  if (magic === 'b3dm' || magic === 'i3dm' || magic === 'cmpt') return 'legacy';
  return 'none';
}

/** Parses a JSON entry, as a `TilesetArchiveError` naming the entry when it is not JSON. */
export function parseJsonEntry(bytes: Uint8Array, entry: string, archive: string): unknown {
  try {
    return JSON.parse(decodeUtf8(bytes)) as unknown;
  } catch (error) {
    throw new TilesetArchiveError(`${archive}: ${entry} is not valid JSON (${errorMessage(error)})`);
  }
}

/** Parses a GLB entry, as a `TilesetArchiveError` naming the entry when it is damaged. */
export function parseGlbEntry(
  bytes: Uint8Array,
  entry: string,
  archive: string,
): ReturnType<typeof parseGlb> {
  try {
    return parseGlb(bytes);
  } catch (error) {
    throw new TilesetArchiveError(`${archive}: ${entry}: ${errorMessage(error)}`);
  }
}

/**
 * References of a b3dm, i3dm or cmpt tile: those of its embedded glTF (an i3dm may instead name its
 * glTF by URI), for cmpt those of every inner tile.
 */
function legacyReferences(bytes: Uint8Array, entry: string, archive: string): string[] {
  const damaged = (what: string) => new TilesetArchiveError(`${archive}: ${entry}: damaged ${what} tile`);
  const magic = magicOf(bytes);
  if (magic === 'cmpt') {
    const found: string[] = [];
    const count = u32(bytes, 12);
    let at = 16;
    for (let i = 0; i < count; i += 1) {
      const length = u32(bytes, at + 8);
      if (length < 12 || at + length > bytes.length) throw damaged('cmpt');
      found.push(...legacyReferences(bytes.subarray(at, at + length), entry, archive));
      at += length;
    }
    return found;
  }
  if (magic === 'b3dm') {
    // Current header (28 bytes) first, then the two legacy layouts (20 and 24 bytes) Cesium still reads.
    const starts = [
      28 + u32(bytes, 12) + u32(bytes, 16) + u32(bytes, 20) + u32(bytes, 24),
      20 + u32(bytes, 16),
      24 + u32(bytes, 12) + u32(bytes, 16),
    ];
    const start = starts.find((at) => at + 20 <= bytes.length && magicOf(bytes, at) === 'glTF');
    if (start === undefined) throw damaged('b3dm');
    return jsonReferences(parseGlbEntry(bytes.subarray(start), entry, archive).json);
  }
  if (magic === 'i3dm') {
    const start = 32 + u32(bytes, 12) + u32(bytes, 16) + u32(bytes, 20) + u32(bytes, 24);
    if (start > bytes.length) throw damaged('i3dm');
    // glTF format 0: the rest is the URI of the glTF, not the glTF itself.
    if (u32(bytes, 28) === 0) return [decodeUtf8(bytes, start).replace(/[\0 ]+$/, '')];
    return jsonReferences(parseGlbEntry(bytes.subarray(start), entry, archive).json);
  }
  return [];
}

/** Every reference `entry` (a file of the archive `archive`) holds, unresolved. */
export function entryReferences(entry: string, bytes: Uint8Array, archive: string): string[] {
  switch (referenceCarrier(entry, bytes)) {
    case 'json':
      return jsonReferences(parseJsonEntry(bytes, entry, archive));
    case 'glb':
      return jsonReferences(parseGlbEntry(bytes, entry, archive).json);
    case 'legacy':
      return legacyReferences(bytes, entry, archive);
    case 'none':
      return [];
  }
}

/**
 * Checks that the tileset in `files` (paths relative to the tileset root, `tileset.json` among them) is
 * self-contained: every file reachable from `tileset.json` refers only to files of the archive (or to
 * `data:` URIs). Throws `TilesetArchiveError` naming `archive`, the referencing entry and the URI.
 */
export function checkArchiveReferences(
  files: readonly { path: string; bytes: Uint8Array }[],
  archive: string,
): void {
  const byPath = new Map(files.map((file) => [file.path, file.bytes]));
  if (!byPath.has('tileset.json')) throw new TilesetArchiveError(`${archive}: no tileset.json at the root`);
  const seen = new Set<string>(['tileset.json']);
  const pending = ['tileset.json'];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const bytes = byPath.get(entry) ?? new Uint8Array(0);
    for (const uri of entryReferences(entry, bytes, archive)) {
      const target = resolveArchiveUri(uri, entry, archive);
      if (target === undefined) continue;
      if (!byPath.has(target)) throw missingEntryError(uri, entry, archive);
      if (!seen.has(target)) {
        seen.add(target);
        pending.push(target);
      }
    }
  }
}
