/**
 * Buffers that move between threads and come back to be filled again (a stream piece: main thread →
 * worker, back when read).
 * - Filling fresh memory costs a page fault per 4 KiB: on this VM, copying a stream twice into fresh
 *   buffers took 5.2 s of the main thread for 1.17 GB (200 000 demo buildings).
 * - A buffer transferred to another thread and dropped there is freed only by a full collection
 *   (collect.ts), which the receiver then has to force.
 * Tried for the workers' mesh batches as well (back to the worker once spooled): no difference beyond
 * the noise in 7 ABBA pairs of 200 000 streamed buildings, so they are still dropped after spooling.
 */
import { receivedBytes } from './collect.ts';

export class BufferPool {
  private readonly free: ArrayBuffer[] = [];

  /** `keep`: buffers held while none is needed (more given back are left to the collector). */
  constructor(private readonly keep = 4) {}

  /** A buffer of at least `bytes` bytes (contents not cleared): a held one if one is large enough, else a new one. */
  take(bytes: number): ArrayBuffer {
    const index = this.free.findIndex((buffer) => buffer.byteLength >= bytes);
    if (index >= 0) return this.free.splice(index, 1)[0]!;
    return new ArrayBuffer(bytes);
  }

  /** Gives back a buffer no longer read (a detached, empty one is ignored). */
  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength === 0) return;
    if (this.free.length < this.keep) this.free.push(buffer);
    else receivedBytes(buffer.byteLength);
  }

  /** Buffers held now. */
  get held(): number {
    return this.free.length;
  }
}
