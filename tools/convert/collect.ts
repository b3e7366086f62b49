/**
 * Garbage collection paced by bytes received from other threads. A buffer transferred into a thread
 * (a stream piece into a worker, mesh batches and tile GLBs into the main thread) is freed only by a
 * full collection, and V8 does not start one for such memory: the JS heaps stay small, so the buffers
 * pile up. Measured on 300 000 streamed buildings: the main thread's external memory grew by 100 MB in
 * the tile phase (every GLB received), and at a million buildings peak RSS reached 1 087 MiB. Each
 * thread counts what it received and collects once per `COLLECT_EVERY_BYTES` (a full collection of
 * these small heaps takes milliseconds). 32 MiB rather than 64: 546 vs 569 MiB peak for a million
 * streamed buildings, ~6 % more CPU.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Bytes received between two collections. */
export const COLLECT_EVERY_BYTES = 32 * 1024 * 1024;

/**
 * From this many buildings on, the converter collects before it builds the address index (`collectNow`):
 * the index (~60 bytes per building) and the plan's garbage are then tens of MB.
 */
export const COLLECT_BEFORE_INDEX_FROM_BUILDINGS = 50_000;

/** V8's `gc()`, from a fresh context once `--expose-gc` is set (process-wide); undefined if refused. */
function exposeGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

let gc: (() => void) | undefined | null = null;
let received = 0;

/** Counts `bytes` received from another thread; runs a full collection once enough has come. */
export function receivedBytes(bytes: number): void {
  received += bytes;
  if (received < COLLECT_EVERY_BYTES) return;
  received = 0;
  if (gc === null) gc = exposeGc();
  gc?.();
}

/**
 * Runs a full collection now (if `gc` can be exposed): before a large allocation at a point where much
 * has just become garbage, so that the allocation reuses that memory instead of adding to peak RSS.
 */
export function collectNow(): void {
  received = 0;
  if (gc === null) gc = exposeGc();
  gc?.();
}
