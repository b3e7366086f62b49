/**
 * The mesh cache of an output for `--update` (`<out>.meshes/`): one immutable entry per input, keyed by the
 * input's SHA-256 and the settings that shape its meshes, holding its encoded meshes and its report; each
 * entry names its key and carries a SHA-256 of its contents, so a damaged or misplaced entry is not used.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import packageJson from '../../package.json' with { type: 'json' };
import { readSpoolBytes } from './disk-mesh-store.ts';
import type { CachedInput, CachedReport } from './read-phase.ts';

/**
 * Bumped when the cached mesh encoding, the entry format or the reader's output changes, so old cache
 * entries are not used. 2: the header holds the entry's key and a SHA-256 of the rest (format SMMESH02);
 * entries of version 1 have other keys, so they are not found: their inputs are converted again once and
 * the old entries pruned after that run.
 */
const MESH_CACHE_VERSION = 2;
/**
 * An entry: this magic (8 bytes), the mesh count (uint32 LE), the key it was written for (32 bytes, the
 * SHA-256 the file is named by), the SHA-256 of everything after the header (32 bytes); then `count`
 * records (uint32 LE length, that many bytes: an encoded mesh) and one record of the report JSON.
 */
const CACHE_MAGIC = 'SMMESH02';
const CACHE_HEADER_BYTES = 8 + 4 + 32 + 32;
const CACHE_CHECKSUM_AT = 8 + 4 + 32;
const CACHE_ENTRY = /^[0-9a-f]{64}\.bin$/;

/** Why a cache entry was not used or not written, in one short line: an errno code or the message. */
export function cacheProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The code that wrote cache entries and tiles: the running file's SHA-256. In the CLI bundle that file is
 * the whole converter, so any change of it invalidates the cache; from the sources it is this module only.
 */
let codeFingerprint: string | undefined;
function codeVersion(): string {
  try {
    codeFingerprint ??= sha256Hex(readFileSync(fileURLToPath(import.meta.url)));
  } catch {
    codeFingerprint = 'unknown';
  }
  return codeFingerprint;
}

/** SHA-256 (hex) of bytes or a string. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The part of a cache key that stands for the settings shaping an input's meshes (converter version,
 * `--crs`, `--geoid`, `--lod`, `--textures`); a geoid grid file counts by path, size and change time.
 */
export function meshSettingsKey(settings: {
  crs?: string;
  geoid: string;
  lod: number;
  textures: boolean;
}): string {
  let geoidFile: string | undefined;
  if (existsSync(settings.geoid)) {
    const stat = statSync(settings.geoid);
    geoidFile = `${resolve(settings.geoid)}:${stat.size}:${stat.mtimeMs}`;
  }
  return sha256Hex(
    JSON.stringify({
      cache: MESH_CACHE_VERSION,
      version: packageJson.version,
      code: codeVersion(),
      crs: settings.crs ?? null,
      geoid: geoidFile ?? settings.geoid,
      lod: settings.lod,
      textures: settings.textures,
    }),
  );
}

/**
 * The mesh cache of an output: the folder `<out>.meshes` beside it, one file `<key>.bin` per input
 * (key: SHA-256 of the input's SHA-256 and the settings key), holding the input's encoded meshes in
 * input order and its report. Entries are immutable (written to a temporary name, then renamed); the
 * folder holds only files the converter wrote, and `prune` deletes only entry names.
 */
export class MeshCache {
  readonly dir: string;

  constructor(out: string) {
    this.dir = `${resolve(out)}.meshes`;
  }

  /** The entry key of an input with this content hash under these settings. */
  static key(inputSha256: string, settingsKey: string): string {
    return sha256Hex(`${inputSha256}:${settingsKey}`);
  }

  /** Whether there is an entry (a file) for this key. */
  has(key: string): boolean {
    try {
      return statSync(join(this.dir, `${key}.bin`)).isFile();
    } catch {
      return false;
    }
  }

  /**
   * The entry for this key, read when its `read` is called (see `readEntry`): nothing is read or opened
   * before, so an entry is read once, front to back, checked as it is read.
   */
  entry(key: string): CachedInput {
    const path = join(this.dir, `${key}.bin`);
    return { read: (put) => readEntry(path, key, put) };
  }

  /**
   * Writes an entry (meshes one at a time from `mesh(i)`, so a large input is never held whole), to a
   * temporary name renamed into place. Throws when it cannot (the temporary is then removed; nothing else).
   */
  write(key: string, count: number, mesh: (index: number) => Uint8Array, rest: CachedReport): void {
    const path = join(this.dir, `${key}.bin`);
    const temporary = `${path}.tmp-${process.pid}`;
    let fd: number | undefined;
    let created = false;
    try {
      mkdirSync(this.dir, { recursive: true });
      // A file at the temporary name is a leftover of a dead process with this id (`prune` deletes those
      // too); anything else there (a directory, a link) is left alone and the entry is not written.
      if (lstatSync(temporary, { throwIfNoEntry: false })?.isFile()) rmSync(temporary, { force: true });
      fd = openSync(temporary, 'wx');
      created = true;
      const header = new Uint8Array(CACHE_HEADER_BYTES);
      header.set(new TextEncoder().encode(CACHE_MAGIC));
      new DataView(header.buffer).setUint32(8, count, true);
      header.set(Buffer.from(key, 'hex'), 12);
      writeAll(fd, header);
      const hash = createHash('sha256');
      const length = new Uint8Array(4);
      const record = (bytes: Uint8Array) => {
        new DataView(length.buffer).setUint32(0, bytes.byteLength, true);
        hash.update(length);
        hash.update(bytes);
        writeAll(fd!, length);
        writeAll(fd!, bytes);
      };
      for (let i = 0; i < count; i++) record(mesh(i));
      record(new TextEncoder().encode(JSON.stringify(rest)));
      const checksum = hash.digest();
      for (let written = 0; written < checksum.byteLength; )
        written += writeSync(
          fd,
          checksum,
          written,
          checksum.byteLength - written,
          CACHE_CHECKSUM_AT + written,
        );
      closeSync(fd);
      fd = undefined;
      renameSync(temporary, path);
    } catch (error) {
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {
          // Closed or not: the temporary goes below.
        }
      }
      // Only the temporary this call created ('wx') is removed, never what was at the entry's name.
      if (created) rmSync(temporary, { force: true });
      throw error;
    }
  }

  /** Brings an entry of another output's cache here (a hard link, else a copy). */
  adopt(from: MeshCache, key: string): void {
    if (from.dir === this.dir || this.has(key) || !from.has(key)) return;
    mkdirSync(this.dir, { recursive: true });
    const source = join(from.dir, `${key}.bin`);
    const target = join(this.dir, `${key}.bin`);
    try {
      linkSync(source, target);
    } catch {
      const temporary = `${target}.tmp-${process.pid}`;
      if (lstatSync(temporary, { throwIfNoEntry: false })?.isFile()) rmSync(temporary, { force: true });
      // Copied file to file, not through a buffer holding the whole entry (hundreds of MB for a large
      // input); like 'wx', it fails when anything stands at the temporary name, and a failed copy leaves
      // no temporary behind.
      copyFileSync(source, temporary, constants.COPYFILE_EXCL);
      try {
        renameSync(temporary, target);
      } catch (error) {
        rmSync(temporary, { force: true });
        throw error;
      }
    }
  }

  /**
   * Deletes the entries not in `keep` and the temporaries of this or of dead processes (a killed run's);
   * nothing else in the folder.
   */
  prune(keep: ReadonlySet<string>): void {
    if (!existsSync(this.dir)) return;
    for (const name of readdirSync(this.dir)) {
      const temporary = /^[0-9a-f]{64}\.bin\.tmp-(\d+)$/.exec(name);
      const stale = temporary
        ? !processAlive(Number(temporary[1])) || Number(temporary[1]) === process.pid
        : false;
      // Only files: a directory or link someone put at such a name is not ours.
      if (stale || (CACHE_ENTRY.test(name) && !keep.has(name.slice(0, 64))))
        if (lstatSync(join(this.dir, name), { throwIfNoEntry: false })?.isFile())
          rmSync(join(this.dir, name), { force: true });
    }
  }
}

/** Whether a process with this id runs (signal 0 checks without sending anything). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Bytes a cache entry is read in at a time (a record larger than this is read whole). */
const CACHE_READ_BYTES = 1 << 20;

/**
 * Reads the entry at `path` (written for `key`) once, front to back, a chunk at a time (never held whole:
 * readFileSync held 375 MB at 200 000 buildings), handing each mesh to `put` as it is read; returns the
 * input's report and documents read, or why the entry cannot be used (a short reason; '' when there is no
 * entry). Its header (magic, the key it was written for) is checked before any mesh is handed over; the
 * records' layout and the SHA-256 of all bytes after the header only at the end: checking them before
 * handing meshes over meant reading each entry twice (twice its size read, twice hashed). So a damaged
 * entry may have handed over meshes before its reason comes: the caller drops those (see `CachedInput`).
 * Problems reading the entry (an errno code, the file ending early) are returned as reasons; what `put`
 * throws is not caught.
 */
function readEntry(path: string, key: string, put: (mesh: Uint8Array) => void): CachedReport | string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? '' : cacheProblem(error);
  }
  try {
    const records = entryMeshes(fd, path, key);
    for (;;) {
      let step: IteratorResult<Uint8Array, CachedReport | string>;
      try {
        step = records.next();
      } catch (error) {
        return cacheProblem(error);
      }
      if (step.done) return step.value;
      put(step.value);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The meshes of the entry open as `fd` as they are read (each a view of the bytes read, valid for good);
 * returns its report and documents read once the whole entry checked out, else why not.
 */
function* entryMeshes(fd: number, path: string, key: string): Generator<Uint8Array, CachedReport | string> {
  const size = fstatSync(fd).size;
  if (size < CACHE_HEADER_BYTES + 4) return 'too short';
  const header = readSpoolBytes(fd, path, 0, CACHE_HEADER_BYTES, 'mesh cache entry');
  if (new TextDecoder().decode(header.subarray(0, 8)) !== CACHE_MAGIC) return 'not an entry of this format';
  if (Buffer.from(header.subarray(12, 44)).toString('hex') !== key) return 'written for another key';
  const count = new DataView(header.buffer).getUint32(8, true);
  const reader = new EntryReader(fd, path, size, CACHE_HEADER_BYTES);
  let json: Uint8Array | undefined;
  // `count` records of meshes, then one of the report.
  for (let i = 0; i <= count; i++) {
    const head = reader.take(4);
    const bytes = head && reader.take(new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true));
    if (!bytes) return 'ends early';
    if (i < count) yield bytes;
    else json = bytes;
  }
  if (reader.at !== size) return 'bytes after its end';
  if (!reader.digest().equals(header.subarray(CACHE_CHECKSUM_AT, CACHE_HEADER_BYTES)))
    return 'checksum mismatch';
  return JSON.parse(new TextDecoder().decode(json)) as CachedReport;
}

/**
 * Takes the bytes of a file (open as `fd`, `size` bytes) in order from `at` on, read `CACHE_READ_BYTES` at
 * a time (more for a longer `take`); each byte is read once, and goes into the SHA-256 as it is read.
 */
class EntryReader {
  private chunk = new Uint8Array(0);
  private chunkAt: number;
  private readonly hash = createHash('sha256');

  constructor(
    private readonly fd: number,
    private readonly path: string,
    private readonly size: number,
    /** The offset of the next byte to take. */
    public at: number,
  ) {
    this.chunkAt = at;
  }

  /**
   * The next `length` bytes, a view of the chunk holding them (chunks are never reused: the view stays
   * valid); undefined when the file ends first.
   */
  take(length: number): Uint8Array | undefined {
    if (this.at + length > this.size) return undefined;
    const end = this.chunkAt + this.chunk.length;
    if (this.at + length > end) {
      // A new chunk from `at`: the bytes of the old one not yet taken (a record cut by the chunk's end)
      // are copied over, not read again.
      const next = new Uint8Array(Math.min(this.size - this.at, Math.max(length, CACHE_READ_BYTES)));
      const kept = end - this.at;
      next.set(this.chunk.subarray(this.chunk.length - kept));
      readSpoolBytes(this.fd, this.path, this.at + kept, next.length - kept, 'mesh cache entry', {
        bytes: next,
        at: kept,
      });
      this.hash.update(next.subarray(kept));
      this.chunk = next;
      this.chunkAt = this.at;
    }
    const from = this.at - this.chunkAt;
    this.at += length;
    return this.chunk.subarray(from, from + length);
  }

  /** The SHA-256 of the bytes read (all of them from the first `at` on, once `at` is the file's size). */
  digest(): Buffer {
    return this.hash.digest();
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.byteLength; )
    written += writeSync(fd, bytes, written, bytes.byteLength - written);
}
