import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import type { BuildingMesh } from '../../src/core/tiles/types.ts';
import { decodeBuildingMesh, encodeBuildingMesh } from '../../src/core/tiles/mesh-store.ts';
import type { MeshStore } from '../../src/core/tiles/mesh-store.ts';

/**
 * Disk-backed store of building meshes (the tiles core's `MeshStore` contract): every mesh is appended
 * to a spool file and read back by positional reads, so memory holds only two numbers per mesh however
 * many buildings a run converts. The spool file is deleted by `dispose()`.
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

  /** Creates (truncates) the spool file at `path`. */
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w+');
  }

  /** Number of meshes stored. */
  get size(): number {
    return this.count;
  }

  /** Bytes written to the spool file. */
  get bytes(): number {
    return this.end;
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
    const bytes = this.getEncoded(handle);
    read?.(bytes);
    const mesh = decodeBuildingMesh(bytes);
    this.adopted = { mesh, handle };
    return mesh;
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
    let written = 0;
    while (written < total) {
      written += writeSync(this.fd, bytes, written, total - written, this.end + written);
    }
    const needed = this.count + lengths.length;
    if (needed > this.offsets.length) {
      const capacity = Math.max(1024, this.offsets.length * 2, needed);
      const offsets = new Float64Array(capacity);
      offsets.set(this.offsets);
      this.offsets = offsets;
      const grown = new Uint32Array(capacity);
      grown.set(this.lengths);
      this.lengths = grown;
    }
    const first = this.count;
    for (let i = 0; i < lengths.length; i++) {
      this.offsets[this.count] = this.end;
      this.lengths[this.count] = lengths[i]!;
      this.count += 1;
      this.end += lengths[i]!;
    }
    return first;
  }

  /** Where the encoded mesh with `handle` lies in the spool file (bytes), for readers on other threads. */
  location(handle: number): { offset: number; length: number } {
    const offset = this.offsets[handle];
    const length = this.lengths[handle];
    if (!(handle >= 0 && handle < this.count) || offset === undefined || length === undefined) {
      throw new Error(`convert mesh store: no mesh with handle ${handle}`);
    }
    return { offset, length };
  }

  /** Encoded bytes of the mesh with `handle`. */
  getEncoded(handle: number): Uint8Array {
    const { offset, length } = this.location(handle);
    const bytes = new Uint8Array(length);
    let read = 0;
    while (read < length) {
      const n = readSync(this.fd, bytes, read, length - read, offset + read);
      if (n === 0) throw new Error(`convert mesh store: spool file ${this.path} ends early`);
      read += n;
    }
    return bytes;
  }

  /** The mesh with `handle`, read back from the spool file. */
  get(handle: number): BuildingMesh {
    return decodeBuildingMesh(this.getEncoded(handle));
  }

  /** Closes and deletes the spool file. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    closeSync(this.fd);
    rmSync(this.path, { force: true });
    this.offsets = new Float64Array(0);
    this.lengths = new Uint32Array(0);
    this.count = 0;
  }
}
