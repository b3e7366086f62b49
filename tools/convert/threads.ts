/**
 * The converter's worker threads (Node worker_threads): the pool that reads the inputs (`readOnWorkers` in
 * read-phase.ts), and the tile content writer that runs on the same threads afterwards.
 */
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { TileContent, TileContentJob, TileContentOptions } from '../../src/core/tiles/builder.ts';
import type { DiskMeshStore } from './disk-mesh-store.ts';
import type { FromWorker, ToWorker, WorkerSettings } from './protocol.ts';
import { createConverterThread } from './worker-core.ts';
import { RunInterruptedError, ThreadFailure } from './report.ts';
/** Encoded meshes a worker may have in flight before it pauses. */
export const MAX_UNACKNOWLEDGED_MESHES = 512;

/** Heap limits of a worker thread (MiB), as `Worker`'s `resourceLimits` takes them. */
export interface WorkerHeapLimits {
  maxYoungGenerationSizeMb: number;
  maxOldGenerationSizeMb: number;
}

/**
 * Heap limits while reading. A worker holds one document's reader state and a bounded queue of meshes
 * (~25 MiB live) but allocates about 10 bytes per input byte. With 48/256 MiB instead of 16/96 MiB it
 * scavenges less often (50 instead of 83 times on 70 MB of demo-city CityGML, `--trace-gc`); the full
 * collections stay (22 against 23: V8 keeps the old generation near its live size under a 256 MiB cap;
 * uncapped it ran 4, at a memory cost not yet measured at a million buildings). The reading phase is
 * where the main thread holds least (the tile plan and the JSON come later).
 */
export const READ_WORKER_LIMITS: WorkerHeapLimits = {
  maxYoungGenerationSizeMb: Number(process.env.CONVERT_WORKER_YOUNG_MB ?? 48),
  maxOldGenerationSizeMb: Number(process.env.CONVERT_WORKER_OLD_MB ?? 256),
};

/**
 * Heap limits while writing tile contents: a small young generation and a capped old generation keep
 * peak RSS low with many threads when the main thread holds the whole plan.
 */
export const TILE_WORKER_LIMITS: WorkerHeapLimits = {
  maxYoungGenerationSizeMb: Number(process.env.CONVERT_TILE_WORKER_YOUNG_MB ?? 16),
  maxOldGenerationSizeMb: Number(process.env.CONVERT_TILE_WORKER_OLD_MB ?? 96),
};
/**
 * Set by the CLI bundle (`tools/convert/bundle.ts`, esbuild `define`): the bundled worker file, next to
 * the bundled CLI. Unset when run from the TypeScript sources (tsx, tests): a bootstrap registers tsx in
 * each worker first, which costs about half a second per worker.
 */
declare const __CONVERT_WORKER_BUNDLE__: string | undefined;
const WORKER_BUNDLE =
  typeof __CONVERT_WORKER_BUNDLE__ === 'string'
    ? new URL(__CONVERT_WORKER_BUNDLE__, import.meta.url)
    : undefined;
const WORKER_ENTRY = WORKER_BUNDLE ?? new URL('./worker-bootstrap.mjs', import.meta.url);
export const WORKER_MODULE = WORKER_BUNDLE ? '' : new URL('./worker.ts', import.meta.url).href;

/**
 * Inputs up to this many bytes in all are read and written on the main thread (`InProcessThread`):
 * starting a worker thread and loading the converter into it costs 0.1–0.2 s of CPU per thread (more
 * wall time on a loaded machine), more than converting a few MB takes. `CONVERT_IN_PROCESS_MAX_BYTES`
 * changes it (-1: always start worker threads).
 */
export const IN_PROCESS_MAX_BYTES = Number(process.env.CONVERT_IN_PROCESS_MAX_BYTES ?? 4 * 1024 * 1024);

/** Machines with at most this many cores convert medium inputs on one thread by default. */
export const FEW_CORES = 2;

/**
 * Without `--jobs`, on a machine with at most FEW_CORES cores, inputs up to this many bytes in all are
 * converted on the main thread. There, the main thread alone already keeps about 1.4 cores busy (V8
 * compiles and collects on background threads), and worker threads add 2–2.5 s of CPU (three isolates
 * compiling the same code, meshes encoded, spooled and decoded, thread start-up). Measured on 2 cores:
 * 102 MB of NRW LoD2 took 2.1 s on one thread against 3.0 s with two workers, 73 MB in 40 NRW files
 * 2.2–2.6 against 3.2–3.5 s, 585 MB of demo city 18.1 against 17.9 s; from 1.17 GB on the workers win
 * (25–28 against 34–42 s), and a stream always has them.
 */
export const FEW_CORES_IN_PROCESS_MAX_BYTES = 512 * 1024 * 1024;

/**
 * The default of `inProcessBytes`: FEW_CORES_IN_PROCESS_MAX_BYTES when the thread count is left to the
 * machine (`jobsGiven` false) and it has at most FEW_CORES `cores`; IN_PROCESS_MAX_BYTES otherwise, and
 * always when `CONVERT_IN_PROCESS_MAX_BYTES` is set.
 */
export function defaultInProcessBytes(jobsGiven: boolean, cores: number): number {
  if (process.env.CONVERT_IN_PROCESS_MAX_BYTES !== undefined || jobsGiven || cores > FEW_CORES)
    return IN_PROCESS_MAX_BYTES;
  return FEW_CORES_IN_PROCESS_MAX_BYTES;
}

/**
 * Encoded mesh bytes a run on the main thread alone keeps in memory rather than in the spool file
 * (`DiskMeshStore.keepInMemory`); the rest is spooled, so a larger input still fits the memory bound.
 */
export const IN_PROCESS_MESH_MEMORY_BYTES = 64 * 1024 * 1024;

/** A worker thread, or the same logic on the main thread: what the pool needs of either. */
export type ConverterThread = EventEmitter & {
  postMessage(message: ToWorker, transfer?: ArrayBuffer[]): void;
  terminate(): Promise<unknown>;
};

/**
 * The worker logic (`worker-core.ts`) on the main thread, behind the interface of a `Worker`: messages
 * both ways are delivered on a later turn of the event loop (as between threads), by reference (no
 * copy). After `terminate` nothing is delivered any more; a job in progress then stalls at its
 * backpressure limit (small inputs only run here, so it ends soon either way).
 */
export class InProcessThread extends EventEmitter {
  private ended = false;
  private readonly handle: (message: ToWorker) => void;

  constructor(settings: WorkerSettings) {
    super();
    this.handle = createConverterThread({ ...settings, sameThread: true }, (message) =>
      setImmediate(() => {
        if (!this.ended) this.emit('message', message);
      }),
    );
  }

  postMessage(message: ToWorker): void {
    setImmediate(() => {
      if (!this.ended) this.handle(message);
    });
  }

  terminate(): Promise<number> {
    this.ended = true;
    return Promise.resolve(0);
  }
}

/**
 * The converter's worker threads: started once, they read the inputs and then write the tile contents.
 * Each phase installs its message handler; an error or an unexpected exit of any thread fails the phase.
 */
export class ConverterThreads {
  readonly workers: ConverterThread[] = [];
  /** What each thread is doing, for error messages: the input it reads, or the tile it writes. */
  readonly tasks = new Map<ConverterThread, { file?: string; what: string }>();
  /** The first thread failure; a phase started after it fails at once. */
  failure: ThreadFailure | undefined;
  private handle: (worker: ConverterThread, message: FromWorker) => void = () => {};
  private fail: (error: Error) => void = () => {};
  private ending = false;

  /**
   * Starts `count` worker threads, or with `inProcess` one `InProcessThread` on this thread (then
   * `count` is ignored).
   */
  constructor(
    private readonly count: number,
    private readonly settings: WorkerSettings,
    readonly inProcess = false,
    limits: WorkerHeapLimits = READ_WORKER_LIMITS,
  ) {
    this.start(limits);
  }

  /**
   * Ends the threads and starts as many new ones with `limits` (a new heap each), e.g. smaller heaps for
   * the tile phase. Only between phases; in process nothing changes.
   */
  async restart(limits: WorkerHeapLimits): Promise<void> {
    if (this.inProcess) return;
    this.ending = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
    this.tasks.clear();
    this.ending = false;
    this.start(limits);
  }

  private start(limits: WorkerHeapLimits): void {
    const { count, settings, inProcess } = this;
    const variable = limits === TILE_WORKER_LIMITS ? 'CONVERT_TILE_WORKER_OLD_MB' : 'CONVERT_WORKER_OLD_MB';
    for (let i = 0; i < (inProcess ? 1 : count); i++) {
      const worker: ConverterThread = inProcess
        ? new InProcessThread(settings)
        : new Worker(WORKER_ENTRY, { workerData: settings, resourceLimits: limits });
      this.workers.push(worker);
      worker.on('error', (error: NodeJS.ErrnoException) =>
        this.failed(
          worker,
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `ran out of memory (worker heap limit ${limits.maxOldGenerationSizeMb} MiB; ${variable} raises it)`
            : `failed: ${error.message}`,
        ),
      );
      worker.on('exit', (code) => {
        // A thread ended by `restart` is no longer among `workers`.
        if (!this.ending && this.workers.includes(worker))
          this.failed(worker, `stopped unexpectedly (exit code ${code})`);
      });
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'fatal') return this.failed(worker, `failed: ${message.message}`);
        try {
          this.handle(worker, message);
        } catch (error) {
          this.fail(error as Error);
        }
      });
    }
  }

  /** Records a thread's failure (the first one counts) with what it was doing, and fails the phase. */
  private failed(worker: ConverterThread, problem: string): void {
    if (this.ending) return;
    const task = this.tasks.get(worker);
    this.failure ??= new ThreadFailure(
      `convert: the worker thread ${task ? `${task.what} ` : ''}${problem}`,
      task?.file,
    );
    this.fail(this.failure);
  }

  /**
   * Runs one phase: `start` posts the first messages, `handle` gets every message and calls `done` at
   * the end; a thread failure or `signal` rejects the phase.
   */
  phase(
    start: (done: () => void) => void,
    handle: (worker: ConverterThread, message: FromWorker, done: () => void) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        this.handle = () => {};
        this.fail = () => {};
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      const onAbort = () => finish(new RunInterruptedError());
      if (signal?.aborted) return onAbort();
      if (this.failure) return finish(this.failure);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.fail = (error) => finish(error);
      this.handle = (worker, message) => handle(worker, message, () => finish());
      start(() => finish());
    });
  }

  async terminate(): Promise<void> {
    this.ending = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/**
 * Writes tile contents on the threads (`TilesetBuilder.finishWith`): each job goes to the thread with the
 * fewest tiles in flight, which reads the job's meshes from the spool file itself.
 */
export function tileWriterOn(
  threads: ConverterThreads,
  store: DiskMeshStore,
  signal?: AbortSignal,
): {
  write: (job: TileContentJob, options: TileContentOptions) => Promise<TileContent>;
  /** Ends the phase; resolves when it ended without a thread failure. */
  close: () => Promise<void>;
  /** Thread seconds spent writing tile contents so far (spool reads, decoding, GLB encoding). */
  seconds: () => number;
} {
  // Each write's own resolve and reject: a phase failure rejects those still waiting. (Racing every
  // write against one long-lived "failed" promise kept every settled write, GLB included, reachable
  // from that promise's reactions: 407 MB of GLBs held at a million buildings.)
  const waiting = new Map<
    number,
    { resolve: (content: TileContent) => void; reject: (error: Error) => void }
  >();
  const inFlight = new Map<ConverterThread, number>(threads.workers.map((worker) => [worker, 0]));
  let seconds = 0;
  let nextTile = 0;
  let failure: Error | undefined;
  let end: () => void = () => {};
  const done = threads.phase(
    (finish) => (end = finish),
    (worker, message) => {
      if (message.type !== 'tile') return;
      inFlight.set(worker, (inFlight.get(worker) ?? 1) - 1);
      seconds += message.seconds;
      const entry = waiting.get(message.tile);
      waiting.delete(message.tile);
      entry?.resolve(message.content);
    },
    signal,
  );
  done.catch((error: Error) => {
    failure = error;
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  });
  const write = (job: TileContentJob, options: TileContentOptions): Promise<TileContent> => {
    const tile = nextTile++;
    let worker = threads.workers[0]!;
    for (const candidate of threads.workers)
      if ((inFlight.get(candidate) ?? 0) < (inFlight.get(worker) ?? 0)) worker = candidate;
    inFlight.set(worker, (inFlight.get(worker) ?? 0) + 1);
    threads.tasks.set(worker, { what: `writing tile contents (spool ${store.path})` });
    const locations = job.handles.map((handle) => store.location(handle));
    const result = failure
      ? Promise.reject(failure)
      : new Promise<TileContent>((resolve, reject) => waiting.set(tile, { resolve, reject }));
    worker.postMessage({
      type: 'tile',
      tile,
      spool: store.path,
      offsets: locations.map((l) => l.offset),
      lengths: locations.map((l) => l.length),
      options,
    } satisfies ToWorker);
    // The tile writer awaits these one at a time; when the phase fails (abort, dead thread), the ones
    // still in flight must not become unhandled rejections, which would kill the process uncleaned.
    result.catch(() => {});
    return result;
  };
  return {
    write,
    close: () => {
      end();
      return done;
    },
    seconds: () => seconds,
  };
}
