/**
 * A pool of conversion workers on the main thread: size from `navigator.hardwareConcurrency` (one core
 * left to the page, at most `MAX_POOL_SIZE`), a bounded queue, `AbortSignal` cancellation (a queued job
 * leaves the queue; a running one ends with its worker, which is replaced).
 */
import { proxy, wrap } from 'comlink';
import type { Remote } from 'comlink';
import { CancelledError } from '../src/core/errors.ts';
import type { PlanLayerData } from '../src/core/layers/xplan/plan-data.ts';
import type {
  BlobFile,
  ConvertJobOptions,
  ConvertResult,
  ConvertWorkerApi,
  VectorImportOptions,
  VectorResult,
} from './convert-api.ts';

/** Most workers, however many cores: each holds a file's meshes in memory. */
export const MAX_POOL_SIZE = 4;
/** Most jobs waiting for a worker; more are refused. */
export const MAX_QUEUED_JOBS = 32;

/** A started worker: its API (as comlink's `wrap` gives it) and how to end it. */
export interface PoolWorker {
  api: Pick<
    Remote<ConvertWorkerApi>,
    'convert' | 'exportArchive' | 'exportFolderZip' | 'readVector' | 'readPlan'
  >;
  terminate(): void;
}

export interface ConversionPoolOptions {
  size?: number;
  maxQueued?: number;
  /** Starts a worker; default: `convert.worker.ts` as a module worker wrapped by comlink. */
  createWorker?: () => PoolWorker;
}

interface Job<T> {
  run: (api: PoolWorker['api']) => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
  signal?: AbortSignal;
}

interface Slot {
  worker: PoolWorker;
  job?: Job<unknown>;
}

/** Pool size for `cores` logical processors: one left to the page, between 1 and MAX_POOL_SIZE. */
export function poolSizeFor(cores: number | undefined): number {
  return Math.max(1, Math.min(MAX_POOL_SIZE, (cores ?? 2) - 1));
}

function startConvertWorker(): PoolWorker {
  const worker = new Worker(new URL('./convert.worker.ts', import.meta.url), {
    type: 'module',
    name: 'stadtmodell-convert',
  });
  return { api: wrap<ConvertWorkerApi>(worker), terminate: () => worker.terminate() };
}

/**
 * A "worker" that converts on the main thread (the benchmark's baseline, `?importOnMainThread=1`): the
 * same `ConvertWorkerApi`, loaded on first use so the converter stays out of the start-up bundle.
 */
export function startMainThreadConverter(): PoolWorker {
  const api = Promise.all([import('./convert-file.ts'), import('./display-heads.ts')]).then(
    ([convertFile, displayHeads]) => displayHeads.withDisplayHeads(convertFile.convertWorkerApi),
  );
  return {
    api: {
      convert: async (...args: Parameters<ConvertWorkerApi['convert']>) => (await api).convert(...args),
      exportArchive: async (files: BlobFile[]) => (await api).exportArchive(files),
      exportFolderZip: async (files: BlobFile[], folder: string) =>
        (await api).exportFolderZip(files, folder),
      readVector: async (...args: Parameters<ConvertWorkerApi['readVector']>) =>
        (await api).readVector(...args),
      readPlan: async (file: Blob, name: string) => (await api).readPlan(file, name),
    } as PoolWorker['api'],
    terminate: () => undefined, // a synchronous parse on the main thread cannot be stopped
  };
}

/**
 * Pool options from the page's query string (read once, for the import benchmark): `importWorkers=N`
 * sets the pool size, `importOnMainThread=1` converts on the main thread; none of them: the defaults.
 */
export function conversionPoolOptionsFromSearch(search: string): ConversionPoolOptions {
  const params = new URLSearchParams(search);
  const options: ConversionPoolOptions = {};
  const workers = Number(params.get('importWorkers'));
  if (Number.isInteger(workers) && workers >= 1) options.size = workers;
  if (params.get('importOnMainThread') === '1') {
    options.createWorker = startMainThreadConverter;
    options.size ??= 1;
  }
  return options;
}

export class ConversionPool {
  readonly size: number;
  private readonly maxQueued: number;
  private readonly createWorker: () => PoolWorker;
  private readonly slots: Slot[] = [];
  private readonly queue: Job<unknown>[] = [];
  private disposed = false;

  constructor(options: ConversionPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? poolSizeFor(globalThis.navigator?.hardwareConcurrency));
    this.maxQueued = options.maxQueued ?? MAX_QUEUED_JOBS;
    this.createWorker = options.createWorker ?? startConvertWorker;
  }

  /** Jobs waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  /** Jobs running now. */
  get running(): number {
    return this.slots.filter((s) => s.job).length;
  }

  /** Converts one file on a worker (see `ConvertWorkerApi.convert`); rejects with AbortError when cancelled. */
  convert(file: Blob, name: string, options: ConvertJobOptions = {}): Promise<ConvertResult> {
    const { onProgress, onPreview } = options;
    return this.submit(
      (api) =>
        api.convert(
          file,
          name,
          onProgress ? proxy(onProgress) : undefined,
          onPreview ? proxy(onPreview) : undefined,
        ),
      options.signal,
    );
  }

  /** Packs a tileset as `.3tz` bytes on a worker. */
  exportArchive(files: BlobFile[], signal?: AbortSignal): Promise<ArrayBuffer> {
    return this.submit((api) => api.exportArchive(files), signal);
  }

  /** Packs a tileset as a ZIP of its folder (the CLI's layout under `folder/`) on a worker. */
  exportFolderZip(files: BlobFile[], folder: string, signal?: AbortSignal): Promise<ArrayBuffer> {
    return this.submit((api) => api.exportFolderZip(files, folder), signal);
  }

  /** Reads a GeoJSON file or CSV/TSV point table on a worker (see `ConvertWorkerApi.readVector`). */
  readVector(
    file: Blob,
    name: string,
    options: VectorImportOptions & { signal?: AbortSignal } = {},
  ): Promise<VectorResult> {
    const { signal, ...readOptions } = options;
    return this.submit((api) => api.readVector(file, name, readOptions), signal);
  }

  /** Reads an XPlanGML plan (plain or XPlanArchiv ZIP) on a worker. */
  readPlan(file: Blob, name: string, signal?: AbortSignal): Promise<PlanLayerData> {
    return this.submit((api) => api.readPlan(file, name), signal);
  }

  /** Ends all workers; queued and running jobs reject with AbortError. */
  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0)) job.reject(new CancelledError('conversion pool: cancelled'));
    for (const slot of this.slots.splice(0)) {
      slot.worker.terminate();
      slot.job?.reject(new CancelledError('conversion pool: cancelled'));
    }
  }

  private submit<T>(run: Job<T>['run'], signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.disposed) return reject(new Error('conversion pool: disposed'));
      if (signal?.aborted) return reject(new CancelledError('conversion pool: cancelled'));
      if (this.queue.length >= this.maxQueued) {
        return reject(
          new Error(`conversion pool: more than ${this.maxQueued} files waiting; try again later`),
        );
      }
      const job: Job<T> = { run, resolve, reject, signal };
      signal?.addEventListener('abort', () => this.cancel(job as Job<unknown>), { once: true });
      this.queue.push(job as Job<unknown>);
      this.pump();
    });
  }

  private cancel(job: Job<unknown>): void {
    const queuedAt = this.queue.indexOf(job);
    if (queuedAt >= 0) {
      this.queue.splice(queuedAt, 1);
      job.reject(new CancelledError('conversion pool: cancelled'));
      return;
    }
    const slotAt = this.slots.findIndex((s) => s.job === job);
    const slot = this.slots[slotAt];
    if (!slot) return; // already finished
    slot.worker.terminate(); // the only way to stop a synchronous parse mid-file
    this.slots.splice(slotAt, 1);
    job.reject(new CancelledError('conversion pool: cancelled'));
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = { worker: this.createWorker() };
        this.slots.push(slot);
      }
      const job = this.queue.shift();
      if (!job) return;
      const current = slot;
      current.job = job;
      job.run(current.worker.api).then(
        (value) => this.finish(current, job, () => job.resolve(value)),
        (error: unknown) => this.finish(current, job, () => job.reject(error)),
      );
    }
  }

  private finish(slot: Slot, job: Job<unknown>, settle: () => void): void {
    if (slot.job !== job) return; // cancelled: already rejected, worker gone
    slot.job = undefined;
    settle();
    this.pump();
  }
}
