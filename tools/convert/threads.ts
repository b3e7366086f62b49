/**
 * The converter's worker threads (Node worker_threads): the pool that reads the inputs, and the tile
 * content writer that runs on the same threads afterwards.
 */
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import { emptySessionReport } from '../../src/core/convert/session.ts';
import type { SessionReport } from '../../src/core/convert/session.ts';
import type { TileContent, TileContentJob, TileContentOptions } from '../../src/core/tiles/builder.ts';
import type { DiskMeshStore } from './disk-mesh-store.ts';
import type { InputSource } from './inputs.ts';
import type { FromWorker, ReadStages, ToWorker, WorkerSettings } from './protocol.ts';
import { JobOrder, MAX_WAITING_SUMMARIES } from './job-order.ts';
import type { StoredMeshes } from './job-order.ts';
import { createConverterThread } from './worker-core.ts';
import { receivedBytes } from './collect.ts';
import { mergeReport, RunInterruptedError, shiftLines, ThreadFailure } from './report.ts';
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

/** An input that an earlier run read: its encoded meshes (input order) and its report, from the mesh cache. */
export interface CachedInput {
  /** Number of meshes. */
  count: number;
  /** The encoded meshes in input order, read from the cache as they are iterated. */
  meshes(): Iterable<Uint8Array>;
  /** The input's report, line numbers of the whole file. */
  report: SessionReport;
  /** CityGML documents read. */
  files: number;
}

/** The handles `first`, `first + 1`, … of `count` meshes stored together. */
function handleRange(first: number, count: number): number[] {
  const handles = new Array<number>(count);
  for (let i = 0; i < count; i++) handles[i] = first + i;
  return handles;
}

/**
 * Reads all sources on a pool of worker threads and appends every mesh to `store`. Jobs go out
 * largest file first (a file's pieces in order); each worker holds one job at a time and pauses while
 * `maxUnacknowledged` of its meshes are not yet stored. `cached` is asked once per job; a job it answers
 * is not read: its meshes and report are taken as they are. `onJobStored` gets the mesh handles in input
 * order (`JobOrder`: job 0, 1, …; the next job's as they are stored, a later job's once all earlier jobs
 * are complete), with the tiler's summaries of those a worker thread read while at most
 * `maxWaitingSummaries` buildings' summaries wait, so tiling is deterministic whatever the thread count.
 * Returns the number of meshes and of documents read, and each input's report and documents (by path;
 * pieces merged).
 */
export async function readOnWorkers(
  threads: ConverterThreads,
  sources: InputSource[],
  store: DiskMeshStore,
  report: SessionReport,
  onProgress: (state: { filesDone: number; bytesRead: number; objects: number }) => void,
  onJobStored: StoredMeshes,
  signal?: AbortSignal,
  cached: (job: number) => CachedInput | undefined = () => undefined,
  more?: AsyncIterator<InputSource>,
  release?: (buffer: ArrayBuffer) => void,
  maxWaitingSummaries = MAX_WAITING_SUMMARIES,
): Promise<{
  meshes: number;
  files: number;
  warningsNotListed: number;
  byInput: Map<string, Pick<CachedInput, 'report' | 'files'>>;
  /** Thread seconds per reading stage, summed over jobs (cached inputs add nothing). */
  stages: ReadStages;
  /** Main-thread seconds appending meshes to the spool file. */
  spoolSeconds: number;
  /** SHA-256 (hex) by file path of the whole files read to their end (with `hashInputs`). */
  hashes: Map<string, string>;
}> {
  const filesByJob = sources.map(() => 0);
  // Filled when the phase starts: the jobs not answered from the cache, largest file first, a file's
  // pieces in order (then, with `more`, the stream's pieces in arrival order).
  const order: number[] = [];
  // Each job's mesh handles, with what the tiler needs of those a worker thread read (nothing for meshes
  // from the cache or from a thread on this thread), in input order.
  const jobOrder = new JobOrder(onJobStored, maxWaitingSummaries);
  const reportsByJob: (SessionReport | undefined)[] = sources.map(() => undefined);
  const newlinesByJob = sources.map(() => 0);
  const hashes = new Map<string, string>();
  const bytesByJob = sources.map(() => 0);
  const objectsByJob = sources.map(() => 0);
  /** A job added while reading (a piece of a stream input): appended to every per-job list. */
  const addJob = (source: InputSource) => {
    const job = sources.length;
    sources.push(source);
    filesByJob.push(0);
    reportsByJob.push(undefined);
    newlinesByJob.push(0);
    bytesByJob.push(0);
    objectsByJob.push(0);
    order.push(job);
  };
  /** With `more`: whether the stream has ended, and whether a piece is being waited for. */
  let moreEnded = more === undefined;
  let pulling = false;
  const idle: ConverterThread[] = [];
  let meshes = 0;
  let next = 0;
  let done = 0;
  let files = 0;
  const stages: ReadStages = { read: 0, parse: 0, reproject: 0, triangulate: 0, encode: 0 };
  let spoolMs = 0;
  const progress = () =>
    onProgress({
      filesDone: done,
      bytesRead: bytesByJob.reduce((a, b) => a + b, 0),
      objects: objectsByJob.reduce((a, b) => a + b, 0),
    });
  const give = (worker: ConverterThread) => {
    const job = order[next];
    const source = job === undefined ? undefined : sources[job];
    if (job === undefined || !source) {
      idle.push(worker);
      return false;
    }
    next += 1;
    const piece = source.piece
      ? ` (piece ${source.piece.index + 1}${source.piece.count ? `/${source.piece.count}` : ''})`
      : '';
    threads.tasks.set(worker, { file: source.name, what: `reading ${source.name}${piece}` });
    // A stream piece's bytes move to the thread (transferred, not copied; this thread drops them). The
    // message holds its own copy of the source: a thread on this thread (`InProcessThread`) reads it
    // later, by reference, after the bytes were dropped from `sources`.
    const data = source.data;
    worker.postMessage(
      { type: 'job', job, source: data ? { ...source } : source } satisfies ToWorker,
      data ? [data.buffer as ArrayBuffer] : undefined,
    );
    if (data) delete sources[job]!.data;
    return true;
  };
  let pullFailed: ((error: Error) => void) | undefined;
  /**
   * Asks `more` for the next stream piece while fewer than one piece waits for a thread (so at most
   * threads + 1 pieces are in memory); an idle thread gets it at once. Ends the phase when the stream
   * has ended and every job is done.
   */
  const pull = (phaseDone: () => void) => {
    if (moreEnded || pulling || order.length - next >= 1) return;
    pulling = true;
    more!.next().then(
      (result) => {
        pulling = false;
        if (result.done) {
          moreEnded = true;
          if (done === sources.length) phaseDone();
          return;
        }
        addJob(result.value);
        const worker = idle.shift();
        if (worker) give(worker);
        pull(phaseDone);
      },
      (error: unknown) => pullFailed?.(error instanceof Error ? error : new Error(String(error))),
    );
  };
  const streamFailure = new Promise<never>((_, reject) => (pullFailed = reject));
  streamFailure.catch(() => {});
  await Promise.race([
    streamFailure,
    threads.phase(
      (phaseDone) => {
        // Each cached input is asked for once and spooled mesh by mesh as it is read from the cache.
        sources.forEach((source, job) => {
          const input = cached(job);
          if (!input) return void order.push(job);
          const handles: number[] = [];
          for (const bytes of input.meshes()) handles.push(store.putEncoded(bytes));
          jobOrder.stored(job, handles);
          meshes += handles.length;
          reportsByJob[job] = input.report;
          filesByJob[job] = input.files;
          bytesByJob[job] = source.size;
          files += input.files;
          done += 1;
          jobOrder.finish(job);
        });
        // Largest file first, so that the last jobs are small; a file's pieces keep their order (the sort is
        // stable), so that each piece's meshes go to the tiler soon after it is read, not after all others.
        const fileBytes = new Map<string, number>();
        for (const source of sources)
          fileBytes.set(source.path, (fileBytes.get(source.path) ?? 0) + source.size);
        const bytesOfFile = (job: number) => fileBytes.get(sources[job]?.path ?? '') ?? 0;
        order.sort((a, b) => bytesOfFile(b) - bytesOfFile(a));
        if (done === sources.length && moreEnded) return phaseDone();
        for (const worker of threads.workers) give(worker);
        pull(phaseDone);
      },
      (worker, message, phaseDone) => {
        if (message.type === 'meshes') {
          const started = performance.now();
          const count = message.lengths.length;
          const first = store.putEncodedBatch(message.bytes, message.lengths);
          spoolMs += performance.now() - started;
          const { summaries, heads, census } = message;
          jobOrder.stored(message.job, handleRange(first, count), { summaries, heads, census });
          // Transferred from a worker: freed only by a full collection (collect.ts).
          receivedBytes(message.bytes.byteLength);
          meshes += count;
          worker.postMessage({ type: 'ack', count } satisfies ToWorker);
        } else if (message.type === 'meshObjects') {
          const started = performance.now();
          const first = store.putMeshes(message.meshes);
          spoolMs += performance.now() - started;
          jobOrder.stored(message.job, handleRange(first, message.meshes.length));
          meshes += message.meshes.length;
          worker.postMessage({ type: 'ack', count: message.meshes.length } satisfies ToWorker);
        } else if (message.type === 'progress') {
          bytesByJob[message.job] = message.bytesRead;
          objectsByJob[message.job] = message.objects;
          progress();
        } else if (message.type === 'done') {
          if (message.released) release?.(message.released);
          reportsByJob[message.job] = message.report;
          for (const key of Object.keys(stages) as (keyof ReadStages)[]) stages[key] += message.stages[key];
          filesByJob[message.job] = message.files;
          newlinesByJob[message.job] = message.newlines;
          const source = sources[message.job];
          if (message.sha256 !== undefined && source && !source.piece && !source.data)
            hashes.set(source.path, message.sha256);
          bytesByJob[message.job] = sources[message.job]?.size ?? 0;
          objectsByJob[message.job] = message.report.buildings.read + message.report.otherObjects.read;
          files += message.files;
          done += 1;
          jobOrder.finish(message.job);
          progress();
          threads.tasks.delete(worker);
          if (done === sources.length && moreEnded) phaseDone();
          else {
            give(worker);
            pull(phaseDone);
          }
        }
      },
      signal,
    ),
  ]);
  let lineOffset = 0;
  let warningsNotListed = 0;
  const byInput = new Map<string, { report: SessionReport; files: number }>();
  sources.forEach((source, job) => {
    const part = reportsByJob[job];
    if (!source.piece || source.piece.index === 0) lineOffset = 0;
    if (part && lineOffset > 0) shiftLines(part, lineOffset);
    if (part) warningsNotListed += mergeReport(report, part);
    lineOffset += newlinesByJob[job] ?? 0;
    let input = byInput.get(source.path);
    if (!input) byInput.set(source.path, (input = { report: emptySessionReport(), files: 0 }));
    if (part) mergeReport(input.report, part);
    input.files += filesByJob[job] ?? 0;
  });
  return { meshes, files, warningsNotListed, byInput, stages, spoolSeconds: spoolMs / 1000, hashes };
}
