/**
 * The terrain converter's worker threads: a `TerrainTileRunner` (core `pyramid.ts`) that hands each tile's
 * work to the thread with the fewest tiles in flight. The threads start through the CityGML converter's
 * bootstrap (`tools/convert/worker-bootstrap.mjs`: tsx registered in the thread, then the module named in
 * `workerData.module`); job arrays are transferred there and the tile bytes and grids back, not copied.
 */
import { Worker } from 'node:worker_threads';
import type {
  TerrainEncodeJob,
  TerrainLeafJob,
  TerrainLeafResult,
  TerrainTile,
  TerrainTileRunner,
} from '../../src/core/terrain/pyramid.ts';
import type { WorkerHeights } from '../convert/protocol.ts';

/** What a terrain worker sets its CRS up from: the same as the main thread's `terrainCrs`. */
export interface TerrainWorkerSettings {
  srsName: string;
  heights: WorkerHeights;
}

export type TerrainToWorker =
  | { type: 'leaf'; id: number; job: TerrainLeafJob }
  | { type: 'encode'; id: number; job: TerrainEncodeJob };

export type TerrainFromWorker =
  | { type: 'done'; id: number; tile: TerrainTile | undefined; grid?: Float32Array }
  | { type: 'failed'; id: number; message: string };

const BOOTSTRAP = new URL('../convert/worker-bootstrap.mjs', import.meta.url);
const MODULE = new URL('./worker.ts', import.meta.url).href;
/** A thread holds a few tiles' arrays (~1.6 MB each): small heaps keep the run's peak RSS low. */
const LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 };

/** `count` worker threads doing the pyramid's per-tile work; `close()` ends them. */
export class TerrainThreads implements TerrainTileRunner {
  /** Two tiles per thread: one in work, one waiting, while the main thread samples the next. */
  readonly inFlight: number;
  private readonly workers: Worker[] = [];
  private readonly load = new Map<Worker, number>();
  private readonly waiting = new Map<
    number,
    {
      resolve: (message: TerrainFromWorker & { type: 'done' }) => void;
      reject: (error: Error) => void;
    }
  >();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  constructor(count: number, settings: TerrainWorkerSettings) {
    this.inFlight = 2 * count;
    for (let i = 0; i < count; i++) {
      const worker = new Worker(BOOTSTRAP, {
        workerData: { ...settings, module: MODULE },
        resourceLimits: LIMITS,
      });
      this.workers.push(worker);
      this.load.set(worker, 0);
      worker.on('message', (message: TerrainFromWorker) => {
        const entry = this.waiting.get(message.id);
        if (!entry) return;
        this.waiting.delete(message.id);
        this.load.set(worker, (this.load.get(worker) ?? 1) - 1);
        if (message.type === 'done') entry.resolve(message);
        else entry.reject(new Error(`terrain: a worker thread failed on a tile: ${message.message}`));
      });
      worker.on('error', (error: NodeJS.ErrnoException) =>
        this.fail(
          new Error(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `terrain: a worker thread ran out of memory (heap limit ${LIMITS.maxOldGenerationSizeMb} MiB)`
              : `terrain: a worker thread failed: ${error.message}`,
          ),
        ),
      );
      worker.on('exit', (code) => {
        if (!this.closing)
          this.fail(new Error(`terrain: a worker thread stopped unexpectedly (exit code ${code})`));
      });
    }
  }

  /** Fails every tile in work (and every later one) with `error`. */
  private fail(error: Error): void {
    this.failure ??= error;
    for (const entry of this.waiting.values()) entry.reject(this.failure);
    this.waiting.clear();
  }

  private send(
    message: TerrainToWorker,
    transfer: ArrayBuffer[],
  ): Promise<TerrainFromWorker & { type: 'done' }> {
    if (this.failure) return Promise.reject(this.failure);
    let worker = this.workers[0]!;
    for (const candidate of this.workers)
      if ((this.load.get(candidate) ?? 0) < (this.load.get(worker) ?? 0)) worker = candidate;
    this.load.set(worker, (this.load.get(worker) ?? 0) + 1);
    return new Promise((resolve, reject) => {
      this.waiting.set(message.id, { resolve, reject });
      worker.postMessage(message, transfer);
    });
  }

  async leaf(job: TerrainLeafJob): Promise<TerrainLeafResult> {
    const transfer = [job.sourceX.buffer, job.sourceY.buffer, job.heights.buffer] as ArrayBuffer[];
    const done = await this.send({ type: 'leaf', id: this.nextId++, job }, transfer);
    return { tile: done.tile, grid: done.grid! };
  }

  async encode(job: TerrainEncodeJob): Promise<TerrainTile | undefined> {
    return (await this.send({ type: 'encode', id: this.nextId++, job }, [job.grid.buffer as ArrayBuffer]))
      .tile;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
