/**
 * The converter's tile phase on its threads: the tileset builder plans the tiles on this thread while
 * the worker threads (or, in process, this thread) write the tile contents; the files go to the output
 * as they come. Times what was this thread's own tiling work apart from its waiting for contents.
 */
import { writeTileContent } from '../../src/core/tiles/builder.ts';
import type { TileContent, TileContentJob, TileContentOptions } from '../../src/core/tiles/builder.ts';
import type { TilesetBuilder } from '../../src/core/tiles/tileset.ts';
import type { TilesetFile } from '../../src/core/tiles/types.ts';
import { COLLECT_BEFORE_INDEX_FROM_BUILDINGS, collectNow, receivedBytes } from './collect.ts';
import type { DiskMeshStore } from './disk-mesh-store.ts';
import type { UpdateSession } from './incremental.ts';
import { RunInterruptedError } from './report.ts';
import { TILE_WORKER_LIMITS, tileWriterOn } from './threads.ts';
import type { ConverterThreads } from './threads.ts';

/** What the tile phase did. */
export interface TilePhase {
  /** Tile contents (GLBs) written. */
  tiles: number;
  /** Thread seconds spent writing tile contents (spool reads, decoding, GLB encoding). */
  encodeTilesSeconds: number;
  /** Whether the threads were restarted with smaller heaps for the phase. */
  threadsRestarted: boolean;
  /** Milliseconds of this thread's own tiling work (the plan), without waiting for contents. */
  tileMs: number;
}

/** Settings of `writeTilesOnThreads`. */
export interface TilePhaseSettings {
  /** With `--update`: tiles the previous output wrote from the same buildings are taken from there. */
  update?: UpdateSession;
  signal?: AbortSignal;
  /** From this many buildings the threads get new, smaller heaps for the phase. */
  restartThreadsFromBuildings: number;
}

/**
 * Writes the builder's tiles: contents on `threads` (two in flight per thread; in process, on this thread
 * one at a time), then the JSON and the address index, each file handed to `write` as it comes. The
 * threads are terminated once every content is in. Throws `RunInterruptedError` when `signal` aborts.
 */
export async function writeTilesOnThreads(
  builder: TilesetBuilder,
  threads: ConverterThreads,
  store: DiskMeshStore,
  write: (file: TilesetFile) => void,
  settings: TilePhaseSettings,
): Promise<TilePhase> {
  const { update, signal } = settings;
  // Many buildings: the plan is large on this thread, so the threads get new, smaller heaps for the
  // tile phase (start-up ~0.1 s, not worth it below this).
  let threadsRestarted = false;
  if (!threads.inProcess && builder.stats.buildings >= settings.restartThreadsFromBuildings) {
    await threads.restart(TILE_WORKER_LIMITS);
    threadsRestarted = true;
  }
  const writer = threads.inProcess ? writerHere(store) : tileWriterOn(threads, store, signal);
  // When each tile content was asked for and when it arrived, so that this thread's waiting for
  // contents can be told from its own tiling work (the serial part).
  const asked: number[] = [];
  const arrived: number[] = [];
  const timedWrite = (job: TileContentJob, writeOptions: TileContentOptions) => {
    const index = asked.length;
    asked.push(performance.now());
    const content = writer.write(job, writeOptions);
    void content.then(
      () => (arrived[index] = performance.now()),
      () => {},
    );
    return content;
  };
  const writeTile = update ? update.reusingTiles(timedWrite, (handle) => store.get(handle)) : timedWrite;
  const files = builder.finishWith(writeTile, threads.workers.length * 2);
  let tileMs = 0;
  let tiles = 0;
  let released = false;
  for (;;) {
    const started = performance.now();
    const next = await files.next();
    const ended = performance.now();
    // The generator waited for the tiles-th content when it had not arrived when it was resumed.
    // (In process the contents are written inside next() itself: subtracted below.)
    const waited =
      !threads.inProcess && !next.done && next.value.path.endsWith('.glb')
        ? Math.max(0, Math.min(ended, arrived[tiles] ?? ended) - Math.max(started, asked[tiles] ?? started))
        : 0;
    tileMs += ended - started - waited;
    if (next.done) break;
    // Tile contents come first, then the JSON and the address index: once the first other file
    // arrives, every content is in, and the threads (and their heaps, ~150 MiB each) can go before
    // the address index, the largest allocation of the main thread, is written.
    if (!released && !next.value.path.endsWith('.glb')) {
      released = true;
      await writer.close();
      if (!threads.inProcess) await threads.terminate();
      // The plan's temporaries and the GLBs received are garbage now: collected before the address
      // index (~60 bytes per building) is built, it takes their memory instead of more (peak RSS at a
      // million buildings). Below COLLECT_BEFORE_INDEX_FROM_BUILDINGS both are a few MB: not worth a
      // full collection (11–16 ms).
      if (builder.stats.buildings >= COLLECT_BEFORE_INDEX_FROM_BUILDINGS) collectNow();
    }
    write(next.value);
    if (next.value.path.endsWith('.glb')) {
      tiles += 1;
      // The GLB came from a thread: freed only by a full collection (collect.ts).
      receivedBytes(next.value.bytes.byteLength);
    }
  }
  if (!released) await writer.close();
  const encodeTilesSeconds = writer.seconds();
  if (threads.inProcess) tileMs -= encodeTilesSeconds * 1000;
  if (signal?.aborted) throw new RunInterruptedError();
  return { tiles, encodeTilesSeconds, threadsRestarted, tileMs };
}

/**
 * The tile content writer of an in-process run: writes each content on this thread from the spool
 * (the same `writeTileContent` the worker threads run, so the same bytes) and times it.
 */
function writerHere(store: DiskMeshStore): {
  write: (job: TileContentJob, options: TileContentOptions) => Promise<TileContent>;
  close: () => Promise<void>;
  seconds: () => number;
} {
  let ms = 0;
  return {
    write: (job, options) => {
      const started = performance.now();
      try {
        return Promise.resolve(
          writeTileContent(
            job.handles.map((handle) => store.get(handle)),
            options,
          ),
        );
      } catch (error) {
        return Promise.reject(error as Error);
      } finally {
        ms += performance.now() - started;
      }
    },
    close: () => Promise.resolve(),
    seconds: () => ms / 1000,
  };
}
