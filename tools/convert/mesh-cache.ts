/**
 * The mesh cache of an output for `--update` (`<out>.meshes/`): one immutable entry per input, keyed by the
 * input's SHA-256 and the settings that shape its meshes, holding its encoded meshes and its report; each
 * entry names its key and carries a SHA-256 of its contents, so a damaged or misplaced entry is not used.
 */
import { createHash, type Hash } from 'node:crypto';
import {
  closeSync,
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
import type { SessionReport } from '../../src/core/convert/session.ts';
import { readSpoolBytes } from './disk-mesh-store.ts';
import type { CachedInput } from './threads.ts';

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
   * The cached input, or undefined when there is none or it cannot be used (it is then read again); see
   * `check` for what is checked.
   */
  read(key: string): CachedInput | undefined {
    const entry = this.check(key);
    return typeof entry === 'string' ? undefined : entry;
  }

  /**
   * The cached input, or why its entry cannot be used (a short reason; '' when there is no entry). The
   * entry is checked whole first: its header (magic, the key it was written for) and the SHA-256 of all
   * bytes after the header, computed over the records as they are read; its meshes are read from disk
   * again as `meshes()` is iterated, a chunk at a time, so an entry of a multi-GB input is never held whole
   * (readFileSync held 375 MB at 200 000 buildings). That second pass checks the same SHA-256 and throws
   * when the bytes differ from those checked (the file changed in between): the run then fails.
   */
  check(key: string): CachedInput | string {
    const path = join(this.dir, `${key}.bin`);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? '' : cacheProblem(error);
    }
    try {
      const size = fstatSync(fd).size;
      if (size < CACHE_HEADER_BYTES + 4) return 'too short';
      const header = readSpoolBytes(fd, path, 0, CACHE_HEADER_BYTES, 'mesh cache entry');
      if (new TextDecoder().decode(header.subarray(0, 8)) !== CACHE_MAGIC)
        return 'not an entry of this format';
      if (Buffer.from(header.subarray(12, 44)).toString('hex') !== key) return 'written for another key';
      const count = new DataView(header.buffer).getUint32(8, true);
      const checksum = header.slice(CACHE_CHECKSUM_AT, CACHE_HEADER_BYTES);
      const hash = createHash('sha256');
      let json: Uint8Array | undefined;
      const walk = cacheRecords(fd, path, size, CACHE_HEADER_BYTES, count + 1, hash);
      let step = walk.next();
      while (!step.done) {
        json = step.value;
        step = walk.next();
      }
      if (step.value < 0 || json === undefined) return 'ends early';
      if (step.value !== size) return 'bytes after its end';
      if (!hash.digest().equals(checksum)) return 'checksum mismatch';
      const { report, files } = JSON.parse(new TextDecoder().decode(json)) as {
        report: SessionReport;
        files: number;
      };
      return {
        count,
        report,
        files,
        *meshes() {
          const again = openSync(path, 'r');
          try {
            // Entries are written once and renamed into place, but the file may have been replaced or
            // changed since the check: the same checksum is verified as the meshes are read again.
            const changed = new Error(
              `convert: mesh cache entry ${path} changed after it was checked (its bytes differ); ` +
                'run again, or delete the entry',
            );
            if (
              fstatSync(again).size !== size ||
              !Buffer.from(readSpoolBytes(again, path, 0, CACHE_HEADER_BYTES, 'mesh cache entry')).equals(
                header,
              )
            )
              throw changed;
            const hash = createHash('sha256');
            const records = cacheRecords(again, path, size, CACHE_HEADER_BYTES, count + 1, hash);
            for (let i = 0; i < count; i++) {
              const step = records.next();
              if (step.done) throw changed;
              yield step.value;
            }
            let step = records.next();
            if (!step.done) step = records.next();
            if (!step.done || step.value !== size || !hash.digest().equals(checksum)) throw changed;
          } finally {
            closeSync(again);
          }
        },
      };
    } catch (error) {
      return cacheProblem(error);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Writes an entry (meshes one at a time from `mesh(i)`, so a large input is never held whole), to a
   * temporary name renamed into place. Throws when it cannot (the temporary is then removed; nothing else).
   */
  write(
    key: string,
    count: number,
    mesh: (index: number) => Uint8Array,
    rest: { report: SessionReport; files: number },
  ): void {
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
      const fd = openSync(temporary, 'wx');
      try {
        try {
          writeAll(fd, readFileSync(source));
        } finally {
          closeSync(fd);
        }
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
 * The `count` records of a cache entry (open as `fd`, `size` bytes) from byte `at` on, each a uint32 length
 * (little-endian) and that many bytes, read `CACHE_READ_BYTES` at a time; each is a view of the chunk read.
 * Each record's length and bytes go into `hash` as they are read. Returns the offset after the last, or -1
 * when the file ends first.
 */
function* cacheRecords(
  fd: number,
  path: string,
  size: number,
  at: number,
  count: number,
  hash?: Hash,
): Generator<Uint8Array, number> {
  if (at < 0) return -1;
  let chunk: Uint8Array = new Uint8Array(0);
  let chunkAt = at;
  /** The file's bytes [from, from + length), from the chunk or a new one; undefined past the end. */
  const bytesAt = (from: number, length: number): Uint8Array | undefined => {
    if (from + length > size) return undefined;
    if (from + length > chunkAt + chunk.length) {
      const bytes = Math.min(size - from, Math.max(length, CACHE_READ_BYTES));
      chunk = readSpoolBytes(fd, path, from, bytes, 'mesh cache entry');
      chunkAt = from;
    }
    return chunk.subarray(from - chunkAt, from - chunkAt + length);
  };
  for (let i = 0; i < count; i++) {
    const head = bytesAt(at, 4);
    if (!head) return -1;
    const length = new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true);
    const bytes = bytesAt(at + 4, length);
    if (!bytes) return -1;
    hash?.update(head).update(bytes);
    at += 4 + length;
    yield bytes;
  }
  return at;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.byteLength; )
    written += writeSync(fd, bytes, written, bytes.byteLength - written);
}
