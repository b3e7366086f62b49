import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { writing } from './write-failure.ts';
import type { BuildingMesh } from '../../src/core/tiles/types.ts';
import { decodeBuildingMesh, encodeBuildingMesh } from '../../src/core/tiles/mesh-store.ts';
import type { MeshStore } from '../../src/core/tiles/mesh-store.ts';

/**
 * Spool bytes read at once when meshes are read back in the order they were stored: one read for the
 * meshes of about 256 KiB instead of one each (a positional read per mesh cost the main thread about 10 µs,
 * 30 % of its time handing meshes to the tiler).
 */
const READ_AHEAD_BYTES = 256 * 1024;

/** What the spool file is, in messages about it. */
const SPOOL_FILE = 'the scratch file of meshes';

/**
 * Disk-backed store of building meshes (the tiles core's `MeshStore` contract): every mesh is appended
 * to a spool file and read back by positional reads, so memory holds only two numbers per mesh however
 * many buildings a run converts. The spool file is deleted by `dispose()`.
 *
 * With `keepInMemory(n)` the first meshes, up to `n` encoded bytes, stay in memory instead: a run on one
 * thread reads every mesh back twice (for the tiler, then for its tile), and a positional read per mesh
 * cost it about 4 % of its time on 100 MB of CityGML. Meshes held in memory have no `location`, so only a
 * run that writes its tiles on this thread may use it. Such a run hands over its meshes as objects
 * (`putMeshes`), held as they are: encoding and decoding them cost it about 2 % of its instructions.
 */
export class DiskMeshStore implements MeshStore {
  private readonly fd: number;
  // Typed columns (amortised doubling): 12 bytes per mesh, no boxed numbers, for millions of meshes.
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private count = 0;
  private end = 0;
  private disposed = false;
  private adopted: { mesh: BuildingMesh; handle: number } | undefined;
  /** Meshes held in memory, encoded or as objects: handles below `resident.length` (see `keepInMemory`). */
  private resident: (Uint8Array | BuildingMesh)[] = [];
  private residentBytes = 0;
  private memoryBudget = 0;
  /** The spool bytes last read ahead by a sequential `getEncoded` (file offset `start`). */
  private readAhead: { start: number; bytes: Uint8Array } | undefined;

  /** Creates (truncates) the spool file at `path`. */
  constructor(readonly path: string) {
    this.fd = writing(`${SPOOL_FILE} ${path}`, () => openSync(path, 'w+'));
  }

  /** Number of meshes stored. */
  get size(): number {
    return this.count;
  }

  /** Encoded bytes stored: written to the spool file or held in memory (for objects, `heldBytes`). */
  get bytes(): number {
    return this.end + this.residentBytes;
  }

  /**
   * Holds the meshes stored from now on in memory until they take `bytes` encoded bytes; the rest go to
   * the spool file. Only before the first mesh is stored (handles held in memory come first).
   */
  keepInMemory(bytes: number): void {
    if (this.count > 0) throw new Error('convert mesh store: keepInMemory after meshes were stored');
    this.memoryBudget = bytes;
  }

  /** Stores a mesh; returns its handle for `get`. A mesh just read back with `getForAdd` is not written again. */
  put(mesh: BuildingMesh): number {
    const adopted = this.adopted;
    this.adopted = undefined;
    if (adopted?.mesh === mesh) return adopted.handle;
    return this.putEncoded(encodeBuildingMesh(mesh));
  }

  /**
   * The mesh with `handle`, to be handed to a `TilesetBuilder` using this store: the builder's next
   * `put()` of exactly this mesh returns `handle` instead of spooling a second copy. `read` sees its
   * encoded bytes.
   */
  getForAdd(handle: number, read?: (bytes: Uint8Array) => void): BuildingMesh {
    let mesh: BuildingMesh;
    const object = this.heldObject(handle);
    if (object) {
      read?.(encodeBuildingMesh(object));
      mesh = object;
    } else {
      const bytes = this.getEncoded(handle, true);
      read?.(bytes);
      mesh = decodeBuildingMesh(bytes);
    }
    this.adopted = { mesh, handle };
    return mesh;
  }

  /**
   * Stores meshes as they are, in memory while the budget of `keepInMemory` lasts (the rest encoded to the
   * spool file); returns the first one's handle (the others follow it). The meshes must be in the form
   * `meshAsStored` gives, and not be changed afterwards: `get` returns them, not copies.
   */
  putMeshes(meshes: readonly BuildingMesh[]): number {
    let total = 0;
    for (const mesh of meshes) total += heldBytes(mesh);
    if (this.count !== this.resident.length || this.residentBytes + total > this.memoryBudget) {
      const { bytes, lengths } = encodedBatch(meshes.map(encodeBuildingMesh));
      return this.putEncodedBatch(bytes, lengths);
    }
    const first = this.count;
    this.grow(this.count + meshes.length);
    for (const mesh of meshes) {
      this.resident.push(mesh);
      this.count += 1;
    }
    this.residentBytes += total;
    return first;
  }

  /** Stores a mesh already encoded by `encodeBuildingMesh`; returns its handle. */
  putEncoded(bytes: Uint8Array): number {
    return this.putEncodedBatch(bytes, [bytes.byteLength]);
  }

  /**
   * Stores meshes encoded by `encodeBuildingMesh` and laid back to back in `bytes`, `lengths[i]` bytes
   * each (as the converter workers send them), with one write; returns the first one's handle (the
   * others follow it).
   */
  putEncodedBatch(bytes: Uint8Array, lengths: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < lengths.length; i++) total += lengths[i]!;
    if (total !== bytes.byteLength) {
      throw new Error(`convert mesh store: a batch of ${bytes.byteLength} bytes holds meshes of ${total}`);
    }
    const inMemory = this.count === this.resident.length && this.residentBytes + total <= this.memoryBudget;
    let written = 0;
    while (!inMemory && written < total) {
      written += writing(`${SPOOL_FILE} ${this.path}`, () =>
        writeSync(this.fd, bytes, written, total - written, this.end + written),
      );
    }
    this.grow(this.count + lengths.length);
    const first = this.count;
    let at = 0;
    for (let i = 0; i < lengths.length; i++) {
      const length = lengths[i]!;
      this.lengths[this.count] = length;
      if (inMemory) {
        this.resident.push(bytes.subarray(at, at + length));
      } else {
        this.offsets[this.count] = this.end;
        this.end += length;
      }
      at += length;
      this.count += 1;
    }
    if (inMemory) this.residentBytes += total;
    return first;
  }

  /** Makes room in the columns for `needed` meshes. */
  private grow(needed: number): void {
    if (needed <= this.offsets.length) return;
    const capacity = Math.max(1024, this.offsets.length * 2, needed);
    const offsets = new Float64Array(capacity);
    offsets.set(this.offsets);
    this.offsets = offsets;
    const grown = new Uint32Array(capacity);
    grown.set(this.lengths);
    this.lengths = grown;
  }

  /** Where the encoded mesh with `handle` lies in the spool file (bytes), for readers on other threads. */
  location(handle: number): { offset: number; length: number } {
    if (handle >= 0 && handle < this.resident.length) {
      throw new Error(`convert mesh store: mesh ${handle} is held in memory, not in the spool file`);
    }
    const offset = this.offsets[handle];
    const length = this.lengths[handle];
    if (!(handle >= 0 && handle < this.count) || offset === undefined || length === undefined) {
      throw new Error(`convert mesh store: no mesh with handle ${handle}`);
    }
    return { offset, length };
  }

  /**
   * Encoded bytes of the mesh with `handle`. With `sequential` (the caller goes on to the meshes stored after
   * it, as `getForAdd` is called), up to `READ_AHEAD_BYTES` of the spool file are read at once and the next
   * meshes within them are served without a read of their own.
   */
  getEncoded(handle: number, sequential = false): Uint8Array {
    const held = this.resident[handle];
    if (held) return held instanceof Uint8Array ? held : encodeBuildingMesh(held);
    const { offset, length } = this.location(handle);
    const window = this.readAhead;
    if (window && offset >= window.start && offset + length <= window.start + window.bytes.byteLength) {
      return window.bytes.subarray(offset - window.start, offset - window.start + length);
    }
    if (!sequential) return this.readSpool(offset, length);
    // A fresh buffer each time: meshes handed out from the last one stay valid.
    const bytes = this.readSpool(offset, Math.max(length, Math.min(READ_AHEAD_BYTES, this.end - offset)));
    this.readAhead = { start: offset, bytes };
    return bytes.subarray(0, length);
  }

  /** `length` bytes of the spool file from `offset`. */
  private readSpool(offset: number, length: number): Uint8Array {
    return readSpoolBytes(this.fd, this.path, offset, length);
  }

  /** The mesh with `handle`: held in memory, or read back from the spool file. */
  get(handle: number): BuildingMesh {
    return this.heldObject(handle) ?? decodeBuildingMesh(this.getEncoded(handle));
  }

  /** The mesh with `handle` when it is held in memory as an object (`putMeshes`). */
  private heldObject(handle: number): BuildingMesh | undefined {
    const held = this.resident[handle];
    return held === undefined || held instanceof Uint8Array ? undefined : held;
  }

  /** Closes and deletes the spool file. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    closeSync(this.fd);
    rmSync(this.path, { force: true });
    this.readAhead = undefined;
    this.offsets = new Float64Array(0);
    this.lengths = new Uint32Array(0);
    // residentBytes stays, as `end` does: `bytes` is reported after the run
    this.resident = [];
    this.count = 0;
  }
}

/**
 * Bytes a mesh held as an object counts against the memory budget: its encoded size, the text estimated
 * (two bytes per character of keys and string values, eight per other value) rather than encoded.
 */
function heldBytes(mesh: BuildingMesh): number {
  const vertices = mesh.positions.length / 3;
  let text = 32 + mesh.id.length * 2;
  for (const key in mesh.properties) {
    const value = mesh.properties[key];
    text += key.length * 2 + (typeof value === 'string' ? value.length * 2 : 8);
  }
  return (
    24 +
    vertices * (mesh.colors ? 41 : 37) +
    mesh.indices.length * 4 +
    (mesh.texture ? vertices * 10 : 0) +
    text
  );
}

/**
 * Encoded meshes laid back to back in one array, with their lengths: the batch form of `putEncodedBatch` and of
 * the workers' `meshes` message (one buffer to transfer or write instead of one per mesh).
 */
export function encodedBatch(encoded: readonly Uint8Array[]): { bytes: Uint8Array; lengths: Uint32Array } {
  const lengths = new Uint32Array(encoded.length);
  let total = 0;
  for (let i = 0; i < encoded.length; i++) total += lengths[i] = encoded[i]!.byteLength;
  const bytes = new Uint8Array(total);
  for (let i = 0, at = 0; i < encoded.length; at += lengths[i]!, i++) bytes.set(encoded[i]!, at);
  return { bytes, lengths };
}

/**
 * `length` bytes of the file at `path` (open as `fd`) from `offset`, into `into` from its byte `at` when
 * given (else a new array), which is returned; throws, naming the file (`what`: the spool file, a mesh
 * cache entry), when it ends before.
 */
export function readSpoolBytes(
  fd: number,
  path: string,
  offset: number,
  length: number,
  what = 'spool file',
  into?: { bytes: Uint8Array; at: number },
): Uint8Array {
  const bytes = into?.bytes ?? new Uint8Array(length);
  const start = into?.at ?? 0;
  for (let read = 0; read < length; ) {
    const n = readSync(fd, bytes, start + read, length - read, offset + read);
    if (n === 0) throw new Error(`convert: ${what} ${path} ends early`);
    read += n;
  }
  return bytes;
}

/**
 * Gaps between two meshes of one tile (spool bytes) that are read through rather than read around: a
 * positional read costs about 10 µs, the bytes of a gap this size far less.
 */
const MERGE_GAP_BYTES = 64 * 1024;
/** Most bytes one merged read takes, so that a tile's reads never need a large buffer. */
const MERGED_READ_BYTES = 1024 * 1024;

/**
 * The encoded meshes at `offsets` (with `lengths`) in the spool file open as `fd`, in the given order. Meshes
 * that lie close together in the file (most of a tile's, as inputs are mostly in spatial order) are read
 * with one positional read; each returned array is a view of the bytes read.
 */
export function readSpooledMeshes(
  fd: number,
  path: string,
  offsets: readonly number[],
  lengths: readonly number[],
): Uint8Array[] {
  const order = offsets.map((_, i) => i).sort((a, b) => offsets[a]! - offsets[b]!);
  const out: Uint8Array[] = new Array<Uint8Array>(offsets.length);
  for (let first = 0; first < order.length; ) {
    const start = offsets[order[first]!]!;
    let end = start + (lengths[order[first]!] ?? 0);
    let last = first + 1;
    for (; last < order.length; last++) {
      const next = order[last]!;
      const nextEnd = Math.max(end, offsets[next]! + (lengths[next] ?? 0));
      if (offsets[next]! - end > MERGE_GAP_BYTES || nextEnd - start > MERGED_READ_BYTES) break;
      end = nextEnd;
    }
    const bytes = readSpoolBytes(fd, path, start, end - start);
    for (let k = first; k < last; k++) {
      const i = order[k]!;
      out[i] = bytes.subarray(offsets[i]! - start, offsets[i]! - start + (lengths[i] ?? 0));
    }
    first = last;
  }
  return out;
}
