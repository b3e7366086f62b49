import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { imageMimeType } from '../../src/core/tiles/glb.ts';
import type { ReadWarning } from '../../src/core/citygml/types.ts';
import { errorMessage } from '../../src/core/errors.ts';

/**
 * Largest texture image the converter reads, in bytes (64 MiB; for a zip entry, its inflated size).
 * Larger images are refused with a warning: the biggest PLATEAU facade atlases are a few MiB, and every
 * tile that uses an image embeds it whole, so anything this large is a mistake or an attack.
 */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

/**
 * Where a texture image is read from, or why it is not read at all. Made by `imageReference` on the
 * worker threads, carried on meshes (`BuildingMesh.texture.uris`) as `encodeImageSource` strings, and
 * read by `ImageResolver` on the main thread.
 */
export type ImageSource =
  /** A file `path` (relative, `/`-separated) inside the folder `root` (absolute) of its CityGML file. */
  | { kind: 'file'; root: string; path: string }
  /** An `entry` of the zip `archive` (absolute path) that holds the CityGML document. */
  | { kind: 'zip'; archive: string; entry: string }
  /** An image that is not read: the CityGML `document` named it as `uri`, refused for `reason`. */
  | { kind: 'refused'; document: string; uri: string; reason: string };

/** The reference string of an image source (JSON, so that no path character needs escaping). */
export function encodeImageSource(source: ImageSource): string {
  return JSON.stringify(source);
}

/** The image source of a reference string; undefined for anything `encodeImageSource` did not make. */
export function decodeImageSource(reference: string): ImageSource | undefined {
  try {
    const value = JSON.parse(reference) as Partial<Record<string, unknown>> | null;
    const text = (key: string) => typeof value?.[key] === 'string';
    if (value?.kind === 'file' && text('root') && text('path')) return value as ImageSource;
    if (value?.kind === 'zip' && text('archive') && text('entry')) return value as ImageSource;
    if (value?.kind === 'refused' && text('document') && text('uri') && text('reason'))
      return value as ImageSource;
  } catch {
    // not a reference of ours
  }
  return undefined;
}

const MIB = 1024 * 1024;
const tooLarge = (bytes: number) =>
  `${bytes} bytes, more than the ${MAX_IMAGE_BYTES / MIB} MiB limit for one image`;

/** Why a file is not a regular file ("a FIFO", …); undefined for a regular file. */
function notRegular(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isFIFO()) return 'a FIFO (named pipe), not a regular file';
  if (stats.isSocket()) return 'a socket, not a regular file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device, not a regular file';
  if (stats.isDirectory()) return 'a directory, not a regular file';
  return 'not a regular file';
}

/** Whether `path` lies strictly inside the folder `root` (both absolute, no `..` left). */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * Why the image `path` (relative) inside the folder `root` must not be read, or undefined when it may:
 * it (or a symbolic link on the way) leads outside the folder, it is missing, not a regular file (a
 * FIFO would block the reading thread for good), or larger than `MAX_IMAGE_BYTES`. Only metadata is
 * read (realpath, stat), so nothing here can block on a FIFO or a device.
 */
function fileProblem(root: string, path: string): string | undefined {
  const target = resolve(root, path);
  if (isAbsolute(path) || !isInside(root, target)) return "outside the CityGML file's folder";
  try {
    const real = realpathSync(target);
    if (!isInside(realpathSync(root), real))
      return "a symbolic link to a file outside the CityGML file's folder";
    const stats = statSync(real);
    return notRegular(stats) ?? (stats.size > MAX_IMAGE_BYTES ? tooLarge(stats.size) : undefined);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'not found' : `unreadable (${errorMessage(error)})`;
  }
}

/** Reads a file checked by `fileProblem`; throws with the reason when it is refused after all. */
function readImageFile(root: string, path: string): Uint8Array {
  const problem = fileProblem(root, path);
  if (problem) throw new RefusedImage(problem);
  // The checked real path is opened without following a link, and checked again on the descriptor: the
  // file may have been replaced since. O_NONBLOCK keeps the open from waiting for a writer should a
  // FIFO have taken its place.
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
  const fd = openSync(realpathSync(resolve(root, path)), flags);
  try {
    const stats = fstatSync(fd);
    const problem = notRegular(stats) ?? (stats.size > MAX_IMAGE_BYTES ? tooLarge(stats.size) : undefined);
    if (problem) throw new RefusedImage(problem);
    return readFully(fd, 0, stats.size);
  } finally {
    closeSync(fd);
  }
}

/** Reads up to `length` bytes at `position` (fewer at the end of the file). */
function readFully(fd: number, position: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, bytes, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? bytes : bytes.subarray(0, done);
}

/** A reason an image is not read (as opposed to an I/O error). */
class RefusedImage extends Error {}

/** One file of a zip archive, from its central directory. */
interface ZipEntry {
  /** Compression method: 0 stored, 8 deflated. */
  method: number;
  /** General purpose flags (bit 0: encrypted). */
  flags: number;
  /** Bytes in the archive (after the local header). */
  compressedSize: number;
  /** Bytes once inflated, as the directory states them. */
  size: number;
  /** Byte offset of the local file header. */
  offset: number;
}

/** Largest central directory read, in bytes (some hundred thousand entries). */
const MAX_ZIP_DIRECTORY_BYTES = 256 * MIB;

/**
 * The entries of a zip archive by name, from its central directory only (names decoded as fflate's
 * `Unzip` decodes them, so they match the worker's document entries). Zip64 archives are read too.
 */
function readZipDirectory(fd: number, fileSize: number): Map<string, ZipEntry> {
  const tailLength = Math.min(fileSize, 22 + 0xffff);
  const tail = Buffer.from(readFully(fd, fileSize - tailLength, tailLength));
  let end = tail.length - 22;
  while (end >= 0 && tail.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error('no zip end of central directory');
  let count = tail.readUInt16LE(end + 10);
  let size = tail.readUInt32LE(end + 12);
  let offset = tail.readUInt32LE(end + 16);
  if ((count === 0xffff || size === 0xffffffff || offset === 0xffffffff) && end >= 20) {
    if (tail.readUInt32LE(end - 20) === 0x07064b50) {
      const record = Buffer.from(readFully(fd, Number(tail.readBigUInt64LE(end - 12)), 56));
      if (record.length < 56 || record.readUInt32LE(0) !== 0x06064b50) throw new Error('bad zip64 record');
      count = Number(record.readBigUInt64LE(32));
      size = Number(record.readBigUInt64LE(40));
      offset = Number(record.readBigUInt64LE(48));
    }
  }
  if (size > MAX_ZIP_DIRECTORY_BYTES) throw new Error('zip central directory too large');
  const directory = Buffer.from(readFully(fd, offset, size));
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let i = 0; i < count && at + 46 <= directory.length; i++) {
    if (directory.readUInt32LE(at) !== 0x02014b50) throw new Error('bad zip central directory');
    const flags = directory.readUInt16LE(at + 8);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      method: directory.readUInt16LE(at + 10),
      flags,
      compressedSize: directory.readUInt32LE(at + 20),
      size: directory.readUInt32LE(at + 24),
      offset: directory.readUInt32LE(at + 42),
    };
    const nameBytes = directory.subarray(at + 46, at + 46 + nameLength);
    const name = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');
    // Zip64: the 64-bit values follow in this order, each only where the 32-bit field is saturated.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = directory.readUInt16LE(extra);
      const length = directory.readUInt16LE(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        for (const key of ['size', 'compressedSize', 'offset'] as const) {
          if (entry[key] !== 0xffffffff || field + 8 > extra + 4 + length) continue;
          entry[key] = Number(directory.readBigUInt64LE(field));
          field += 8;
        }
      }
      extra += 4 + length;
    }
    entries.set(name, entry);
    at = extraEnd + commentLength;
  }
  return entries;
}

/** The last archive's directory per thread: a run reads one archive's images after another. */
let zipDirectoryCache: { key: string; entries: Map<string, ZipEntry> } | undefined;

/** The zip entry `name` of `archive` (open as `fd`), or undefined when the archive has none. */
function zipEntry(archive: string, fd: number, name: string): ZipEntry | undefined {
  const stats = fstatSync(fd);
  const key = `${archive}\0${stats.size}\0${stats.mtimeMs}`;
  if (zipDirectoryCache?.key !== key) zipDirectoryCache = { key, entries: readZipDirectory(fd, stats.size) };
  return zipDirectoryCache.entries.get(name);
}

/** Why a zip entry is not read (missing, too large, encrypted, unknown method), or undefined. */
function zipEntryProblem(entry: ZipEntry | undefined): string | undefined {
  if (!entry) return 'not found in the archive';
  if (entry.flags & 1) return 'encrypted';
  if (entry.method !== 0 && entry.method !== 8) return `compressed with zip method ${entry.method}`;
  if (entry.size > MAX_IMAGE_BYTES) return tooLarge(entry.size);
  return undefined;
}

/** Opens a zip archive for reading, refusing anything but a regular file. */
function openArchive(archive: string): number {
  const fd = openSync(archive, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  const problem = notRegular(fstatSync(fd));
  if (problem) {
    closeSync(fd);
    throw new RefusedImage(`archive is ${problem}`);
  }
  return fd;
}

/**
 * Reads one entry of a zip archive: only its bytes are read (the local header, then the data) and a
 * deflated entry is inflated to at most `MAX_IMAGE_BYTES`, whatever its directory record claims.
 */
function readZipImage(archive: string, name: string): Uint8Array {
  const fd = openArchive(archive);
  try {
    const entry = zipEntry(archive, fd, name);
    const problem = zipEntryProblem(entry);
    if (problem || !entry) throw new RefusedImage(problem ?? 'not found in the archive');
    const header = Buffer.from(readFully(fd, entry.offset, 30));
    if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) throw new Error('bad zip local header');
    const start = entry.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    // Deflate adds at most 5 bytes per 64 KiB stored block, so more than this cannot inflate to the limit.
    const limit = entry.method === 0 ? MAX_IMAGE_BYTES : MAX_IMAGE_BYTES + MAX_IMAGE_BYTES / 8192 + 64;
    if (entry.compressedSize > limit) throw new RefusedImage(tooLarge(entry.compressedSize));
    const data = readFully(fd, start, entry.compressedSize);
    if (entry.method === 0) return data;
    try {
      return new Uint8Array(inflateRawSync(data, { maxOutputLength: MAX_IMAGE_BYTES }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new RefusedImage(`inflates to more than the ${MAX_IMAGE_BYTES / MIB} MiB limit for one image`);
      throw error;
    }
  } finally {
    closeSync(fd);
  }
}

/** Why a zip entry named by a document must not be read (checked on the directory only), or undefined. */
function zipProblem(archive: string, name: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openArchive(archive);
    return zipEntryProblem(zipEntry(archive, fd, name));
  } catch (error) {
    return `unreadable (${errorMessage(error)})`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function decodeURIComponentSafe(text: string): string {
  try {
    return /%[0-9a-f]{2}/i.test(text) ? decodeURIComponent(text) : text;
  } catch {
    return text;
  }
}

/** References made for the current document (a worker reads one document at a time). */
let referenceCache: { document: string; references: Map<string, string> } | undefined;

/**
 * The reference (`encodeImageSource`) of a texture image that a CityGML document names as `uri`.
 * Images are read only from inside the document's own folder, or for a document inside a zip archive
 * (`zipEntry`, its entry name) only from the same archive: an absolute path elsewhere, a `../` that
 * leaves the folder or archive, a symbolic link that leads outside it, a missing file, anything but a
 * regular file (FIFO, device, socket) and an image over `MAX_IMAGE_BYTES` give a `refused` source that
 * names the document, the URI and the reason (the resolver warns with it). URLs are refused too: the
 * converter reads local files only. Checks only metadata (a stat per image and document).
 */
export function imageReference(documentPath: string, uri: string, zipEntry?: string): string {
  const document = zipEntry === undefined ? documentPath : `${documentPath}/${zipEntry}`;
  if (referenceCache?.document !== document) referenceCache = { document, references: new Map() };
  let reference = referenceCache.references.get(uri);
  if (reference === undefined) {
    reference = encodeImageSource(imageSource(document, documentPath, uri, zipEntry));
    referenceCache.references.set(uri, reference);
  }
  return reference;
}

function imageSource(document: string, documentPath: string, uri: string, zipEntry?: string): ImageSource {
  const refused = (reason: string): ImageSource => ({ kind: 'refused', document, uri, reason });
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) return refused('not a local file (only files are read)');
  const path = uri.replace(/\\/g, '/');
  if (zipEntry !== undefined) {
    if (path.startsWith('/')) return refused('an absolute path (images are read from the same archive)');
    const entry = posix.normalize(posix.join(posix.dirname(zipEntry), path));
    if (entry === '..' || entry.startsWith('../')) return refused('outside the archive');
    const problem = zipProblem(documentPath, entry);
    return problem ? refused(problem) : { kind: 'zip', archive: documentPath, entry };
  }
  const root = dirname(documentPath);
  const decoded = decodeURIComponentSafe(path);
  const target = resolve(root, decoded);
  if (!isInside(root, target))
    return refused(
      isAbsolute(decoded)
        ? "an absolute path outside the CityGML file's folder"
        : "outside the CityGML file's folder",
    );
  const relativePath = relative(root, target).split(sep).join('/');
  const problem = fileProblem(root, relativePath);
  return problem ? refused(problem) : { kind: 'file', root, path: relativePath };
}

/**
 * The first city object that uses a texture image: the document (its name in the report), the line of
 * the object's start tag (a line of the whole document: texture runs never split files) and its id.
 * Workers record one per distinct reference and document; the resolver's warnings name it.
 */
export interface ImageUse {
  file: string;
  line: number;
  objectId: string;
}

/** Where an image source lies, for warnings. */
function describe(source: ImageSource): string {
  if (source.kind === 'file') return join(source.root, source.path);
  if (source.kind === 'zip') return `${source.archive}!${source.entry}`;
  return `"${source.uri}" in ${source.document}`;
}

/**
 * Reads texture images for the tile writer from the references the workers put on meshes (see
 * `imageReference`), checking each again as it reads (files may change during a run). Each image that
 * cannot be used (refused, missing, unreadable, not PNG/JPEG) gets one warning, placed at its first use
 * (see `addUses`) where one is known; its surfaces keep their colours.
 */
export class ImageResolver {
  private readonly failures: { reference: string; message: string }[] = [];
  private readonly failed = new Set<string>();
  private readonly uses = new Map<string, ImageUse>();

  /**
   * Records where references are first used (`ImageUse`); a reference already known keeps its use, so
   * giving the uses in input order places each warning at the image's first use in the run.
   */
  addUses(uses: Iterable<readonly [reference: string, use: ImageUse]>): void {
    for (const [reference, use] of uses) if (!this.uses.has(reference)) this.uses.set(reference, use);
  }

  /**
   * One warning per image that could not be used, with the document, line and object of its first use
   * (line 0 and no file where none was recorded, e.g. for meshes taken from `--update`'s cache).
   */
  get warnings(): ReadWarning[] {
    return this.failures.map(({ reference, message }) => {
      const use = this.uses.get(reference);
      return use ? { file: use.file, line: use.line, objectId: use.objectId, message } : { line: 0, message };
    });
  }

  read(reference: string): Uint8Array | undefined {
    if (this.failed.has(reference)) return undefined;
    const source = decodeImageSource(reference);
    let bytes: Uint8Array | undefined;
    let problem = 'not a texture image reference';
    try {
      if (source?.kind === 'refused') problem = source.reason;
      else if (source?.kind === 'file') bytes = readImageFile(source.root, source.path);
      else if (source?.kind === 'zip') bytes = readZipImage(source.archive, source.entry);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (error instanceof RefusedImage) problem = error.message;
      else problem = code === 'ENOENT' ? 'not found' : `unreadable (${errorMessage(error)})`;
    }
    if (bytes && !imageMimeType(bytes)) {
      problem = 'neither PNG nor JPEG (glTF images must be one of them)';
      bytes = undefined;
    }
    if (!bytes) {
      this.failed.add(reference);
      this.failures.push({
        reference,
        message: `texture image ${source ? describe(source) : reference}: ${problem}; its surfaces keep their semantic colours`,
      });
    }
    return bytes;
  }
}
