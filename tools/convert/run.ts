import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFAULT_MAX_LOD } from '../../src/core/citygml/index.ts';
import { emptySessionReport } from '../../src/core/convert/session.ts';
import type { SessionReport } from '../../src/core/convert/session.ts';
import { initTileCompression } from '../../src/core/tiles/compression.ts';
import { TilesetBuilder } from '../../src/core/tiles/tileset.ts';
import type { TileContent, TileContentJob, TileContentOptions } from '../../src/core/tiles/builder.ts';
import { expandInputs, splitSource } from './inputs.ts';
import type { InputSource } from './inputs.ts';
import { ImageResolver } from './images.ts';
import { DiskMeshStore } from './disk-mesh-store.ts';
import { OutputRefusedError, StagedArchiveOutput, StagedOutput } from './output.ts';
import type { RunOutput } from './output.ts';
import { ProgressDisplay } from './progress.ts';
import { workerHeights } from './protocol.ts';
import type { FromWorker, ToWorker, WorkerSettings } from './protocol.ts';
import { errorMessage } from '../../src/core/errors.ts';
import {
  MAX_REPORTED_WARNINGS,
  mergeReport,
  NothingConvertedError,
  round3,
  RunInterruptedError,
  shiftLines,
  ThreadFailure,
} from './report.ts';
import type { RunReport } from './report.ts';

export { MAX_REPORTED_WARNINGS, NothingConvertedError, RunInterruptedError, ThreadFailure };
export type { RunReport };

/** Options of one converter run (`npm run convert`); defaults in CONVERT_DEFAULTS. */
export interface ConvertOptions {
  /** Files, directories and globs (`*`, `**`); `.gz` and `.zip` are read streaming. */
  inputs: string[];
  /** The output folder, or with `format: '3tz'` the archive file (its name ending in `.3tz`). */
  out: string;
  /**
   * 'dir': a tileset folder; '3tz': one `.3tz` archive (tileset.json first, the 3tz index last, each
   * file STORED byte-identical to the folder's). Default 'dir'.
   */
  format?: OutputFormat;
  /** srsName for data without one (or with a local CRS), e.g. "EPSG:25832". */
  crs?: string;
  /** 'egm96' (built-in), 'none', a number of metres, or a GeoTIFF geoid grid file. */
  geoid?: string;
  /** Highest LoD to take per building (default `DEFAULT_MAX_LOD`, 2). */
  lod?: number;
  /** Worker threads (default: all cores). */
  jobs?: number;
  /** Compact tiles: EXT_meshopt_compression and KHR_mesh_quantization (default true); false writes float32. */
  compress?: boolean;
  quiet?: boolean;
  /** Progress display: 'auto' (a redrawn line on a terminal, plain lines otherwise), or as given. */
  progress?: 'auto' | 'tty' | 'lines' | 'off';
  /** Log lines (default: stderr). */
  log?: (line: string) => void;
  /** Plain files at least this large are split across workers (default `SPLIT_MIN_BYTES`). */
  splitBytes?: number;
  /** Aborts the run: workers stop, temporary files go, the previous output stays. */
  signal?: AbortSignal;
  /**
   * Pack ParameterizedTexture images (PNG/JPEG, embedded unchanged) into the tiles that use them, with
   * TEXCOORD_0 on textured surfaces (default false). Plain files are then not split across workers,
   * and are read twice (global appearances first).
   */
  textures?: boolean;
  /**
   * Write into an existing non-empty directory that holds no earlier converter output (its files are
   * kept; see `StagedOutputOptions.force`). Default false: such a directory is refused.
   */
  force?: boolean;
}

/** What `--out` becomes: a tileset folder or a `.3tz` archive. */
export type OutputFormat = 'dir' | '3tz';

/** Plain files at least this large are read in pieces by several workers at once. */
export const SPLIT_MIN_BYTES = 16 * 1024 * 1024;

/** Defaults of the optional `ConvertOptions` that have a fixed default (`jobs` is the machine's cores). */
export const CONVERT_DEFAULTS: Required<
  Pick<
    ConvertOptions,
    'geoid' | 'lod' | 'quiet' | 'compress' | 'progress' | 'textures' | 'force' | 'splitBytes' | 'format'
  >
> = {
  geoid: 'egm96',
  lod: DEFAULT_MAX_LOD,
  quiet: false,
  compress: true,
  progress: 'auto',
  textures: false,
  force: false,
  splitBytes: SPLIT_MIN_BYTES,
  format: 'dir',
};

/** Encoded meshes a worker may have in flight before it pauses. */
const MAX_UNACKNOWLEDGED_MESHES = 512;

/**
 * Heap limits per worker: a worker holds one document's reader state and a bounded queue of meshes, so
 * a small young generation and a capped old generation keep peak RSS low with many threads.
 */
const WORKER_LIMITS = {
  maxYoungGenerationSizeMb: Number(process.env.CONVERT_WORKER_YOUNG_MB ?? 16),
  maxOldGenerationSizeMb: Number(process.env.CONVERT_WORKER_OLD_MB ?? 256),
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
const WORKER_MODULE = WORKER_BUNDLE ? '' : new URL('./worker.ts', import.meta.url).href;

/**
 * The converter's worker threads: started once, they read the inputs and then write the tile contents.
 * Each phase installs its message handler; an error or an unexpected exit of any thread fails the phase.
 */
class ConverterThreads {
  readonly workers: Worker[] = [];
  /** What each thread is doing, for error messages: the input it reads, or the tile it writes. */
  readonly tasks = new Map<Worker, { file?: string; what: string }>();
  /** The first thread failure; a phase started after it fails at once. */
  failure: ThreadFailure | undefined;
  private handle: (worker: Worker, message: FromWorker) => void = () => {};
  private fail: (error: Error) => void = () => {};
  private ending = false;

  constructor(count: number, settings: WorkerSettings) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(WORKER_ENTRY, { workerData: settings, resourceLimits: WORKER_LIMITS });
      this.workers.push(worker);
      worker.on('error', (error: NodeJS.ErrnoException) =>
        this.failed(
          worker,
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `ran out of memory (worker heap limit ${WORKER_LIMITS.maxOldGenerationSizeMb} MiB; CONVERT_WORKER_OLD_MB raises it)`
            : `failed: ${error.message}`,
        ),
      );
      worker.on('exit', (code) => {
        if (!this.ending) this.failed(worker, `stopped unexpectedly (exit code ${code})`);
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
  private failed(worker: Worker, problem: string): void {
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
    handle: (worker: Worker, message: FromWorker, done: () => void) => void,
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
function tileWriterOn(
  threads: ConverterThreads,
  store: DiskMeshStore,
  signal?: AbortSignal,
): {
  write: (job: TileContentJob, options: TileContentOptions) => Promise<TileContent>;
  /** Ends the phase; resolves when it ended without a thread failure. */
  close: () => Promise<void>;
} {
  const waiting = new Map<number, (content: TileContent) => void>();
  const inFlight = new Map<Worker, number>(threads.workers.map((worker) => [worker, 0]));
  let nextTile = 0;
  let failWaiting: (error: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => (failWaiting = reject));
  failed.catch(() => {}); // observed through each write's promise
  let end: () => void = () => {};
  const done = threads.phase(
    (finish) => (end = finish),
    (worker, message) => {
      if (message.type !== 'tile') return;
      inFlight.set(worker, (inFlight.get(worker) ?? 1) - 1);
      const resolve = waiting.get(message.tile);
      waiting.delete(message.tile);
      resolve?.(message.content);
    },
    signal,
  );
  done.catch((error: Error) => failWaiting(error));
  const write = (job: TileContentJob, options: TileContentOptions): Promise<TileContent> => {
    const tile = nextTile++;
    let worker = threads.workers[0]!;
    for (const candidate of threads.workers)
      if ((inFlight.get(candidate) ?? 0) < (inFlight.get(worker) ?? 0)) worker = candidate;
    inFlight.set(worker, (inFlight.get(worker) ?? 0) + 1);
    threads.tasks.set(worker, { what: `writing tile contents (spool ${store.path})` });
    const locations = job.handles.map((handle) => store.location(handle));
    const written = new Promise<TileContent>((resolve) => waiting.set(tile, resolve));
    worker.postMessage({
      type: 'tile',
      tile,
      spool: store.path,
      offsets: locations.map((l) => l.offset),
      lengths: locations.map((l) => l.length),
      options,
    } satisfies ToWorker);
    const result = Promise.race([written, failed]);
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
  };
}

/**
 * Reads all sources on a pool of worker threads and appends every mesh to `store`. Jobs go out
 * largest first; each worker holds one job at a time and pauses while `maxUnacknowledged` of its meshes
 * are not yet stored. `onJobStored` gets each job's mesh handles in input order (job 0, 1, …, as soon
 * as all earlier jobs are complete), so tiling is deterministic whatever the thread count. Returns the
 * number of meshes and of documents read.
 */
async function readOnWorkers(
  threads: ConverterThreads,
  sources: InputSource[],
  store: DiskMeshStore,
  report: SessionReport,
  onProgress: (state: { filesDone: number; bytesRead: number; objects: number }) => void,
  onJobStored: (handles: number[]) => void,
  signal?: AbortSignal,
): Promise<{ meshes: number; files: number; warningsNotListed: number }> {
  const order = sources.map((_, i) => i).sort((a, b) => (sources[b]?.size ?? 0) - (sources[a]?.size ?? 0));
  const handlesByJob: number[][] = sources.map(() => []);
  const reportsByJob: (SessionReport | undefined)[] = sources.map(() => undefined);
  const newlinesByJob = sources.map(() => 0);
  const bytesByJob = sources.map(() => 0);
  const objectsByJob = sources.map(() => 0);
  const finished = sources.map(() => false);
  let nextInOrder = 0;
  let meshes = 0;
  let next = 0;
  let done = 0;
  let files = 0;
  const progress = () =>
    onProgress({
      filesDone: done,
      bytesRead: bytesByJob.reduce((a, b) => a + b, 0),
      objects: objectsByJob.reduce((a, b) => a + b, 0),
    });
  const give = (worker: Worker) => {
    const job = order[next++];
    if (job === undefined) return false;
    const source = sources[job];
    if (!source) return false;
    const piece = source.piece ? ` (piece ${source.piece.index + 1}/${source.piece.count})` : '';
    threads.tasks.set(worker, { file: source.name, what: `reading ${source.name}${piece}` });
    worker.postMessage({ type: 'job', job, source } satisfies ToWorker);
    return true;
  };
  await threads.phase(
    () => {
      for (const worker of threads.workers) give(worker);
    },
    (worker, message, phaseDone) => {
      if (message.type === 'meshes') {
        const handles = handlesByJob[message.job];
        for (const bytes of message.meshes) handles?.push(store.putEncoded(bytes));
        meshes += message.meshes.length;
        worker.postMessage({ type: 'ack', count: message.meshes.length } satisfies ToWorker);
      } else if (message.type === 'progress') {
        bytesByJob[message.job] = message.bytesRead;
        objectsByJob[message.job] = message.objects;
        progress();
      } else if (message.type === 'done') {
        reportsByJob[message.job] = message.report;
        newlinesByJob[message.job] = message.newlines;
        bytesByJob[message.job] = sources[message.job]?.size ?? 0;
        objectsByJob[message.job] = message.report.buildings.read + message.report.otherObjects.read;
        files += message.files;
        done += 1;
        finished[message.job] = true;
        while (finished[nextInOrder]) {
          onJobStored(handlesByJob[nextInOrder] ?? []);
          handlesByJob[nextInOrder] = [];
          nextInOrder += 1;
        }
        progress();
        threads.tasks.delete(worker);
        if (done === sources.length) phaseDone();
        else give(worker);
      }
    },
    signal,
  );
  let lineOffset = 0;
  let warningsNotListed = 0;
  sources.forEach((source, job) => {
    const part = reportsByJob[job];
    if (!source.piece || source.piece.index === 0) lineOffset = 0;
    if (part && lineOffset > 0) shiftLines(part, lineOffset);
    if (part) warningsNotListed += mergeReport(report, part);
    lineOffset += newlinesByJob[job] ?? 0;
  });
  return { meshes, files, warningsNotListed };
}

/** The report of a run that ends with exit 1: what was read so far, the reason, no output. */
function failureReport(
  error: unknown,
  partial: SessionReport,
  run: { bytes: number; jobs: number; started: number },
): RunReport {
  const message = errorMessage(error).split('\n')[0] ?? '';
  const fatal = message.startsWith('convert:') ? message : `convert: ${message}`;
  const failed: RunReport =
    error instanceof NothingConvertedError
      ? error.report
      : {
          status: 'failed',
          input: { files: 0, bytes: run.bytes },
          ...partial,
          heightCorrection: partial.heightCorrection.join('; '),
          warningsNotListed: 0,
          output: { tiles: 0, bytes: 0 },
          jobs: run.jobs,
          seconds: 0,
        };
  failed.status = 'failed';
  failed.fatal = fatal;
  if (!(error instanceof NothingConvertedError)) {
    const file = error instanceof ThreadFailure ? error.file : undefined;
    failed.errors.push({ ...(file ? { file } : {}), message: fatal });
  }
  failed.output = { tiles: 0, bytes: 0 };
  failed.seconds = round3((performance.now() - run.started) / 1000);
  return failed;
}

/**
 * Writes a failed run's report into `<out>` without touching an earlier output there: `report.json` in
 * a new or empty `<out>`, FAILED_REPORT beside an earlier tileset (see `StagedOutput.commitReportOnly`);
 * a problem writing it is logged, never thrown over the run's error.
 */
function writeFailureReport(output: RunOutput, failed: RunReport, log: (line: string) => void): void {
  failed.previousOutputKept = output.replacesOutput;
  const bytes = new TextEncoder().encode(`${JSON.stringify(failed, null, 2)}\n`);
  const path = output.failureReportPath;
  const name = basename(path);
  try {
    if (!output.commitReportOnly(bytes))
      log(`convert: ${name} not written: ${path} was not written by the converter`);
  } catch (error) {
    log(`convert: ${name} not written: ${errorMessage(error)}`);
  }
}

/**
 * Converts CityGML files into a 3D Tiles 1.1 tileset at `options.out` and writes `report.json` beside
 * it. A file that fails (bad XML, unknown CRS) is reported and the others still convert; objects read
 * before a fault are kept. Returns the report; throws `OutputRefusedError` for an unsafe `out` (before
 * any work), `NothingConvertedError` when nothing could be converted, `ThreadFailure` when a worker
 * thread died, and `RunInterruptedError` when aborted. A previous output is left byte-identical by
 * every failure; all but an abort and a refusal write their report (status "failed") into `out`:
 * `report.json` when `out` was new or empty, else `report.failed.json` beside the earlier tileset (the
 * next successful run removes it). With `format: '3tz'` the report goes to `<out>.report.failed.json`
 * beside the archive, and no archive is written.
 */
export async function convertCityGml(options: ConvertOptions): Promise<RunReport> {
  const started = performance.now();
  const log = options.quiet ? () => {} : (options.log ?? ((line: string) => console.error(line)));
  const progressMode = options.quiet ? 'off' : (options.progress ?? CONVERT_DEFAULTS.progress);
  const display = new ProgressDisplay(
    progressMode === 'auto' ? (process.stderr.isTTY && !options.log ? 'tty' : 'lines') : progressMode,
    (text) => (progressMode === 'auto' && !options.log ? process.stderr.write(text) : log(text.trimEnd())),
  );
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  const report = emptySessionReport();
  const geoid = options.geoid ?? CONVERT_DEFAULTS.geoid;
  const expanded = expandInputs(options.inputs);
  const { errors } = expanded;
  const splitBytes = options.splitBytes ?? CONVERT_DEFAULTS.splitBytes;
  const textures = options.textures ?? CONVERT_DEFAULTS.textures;
  // Texture runs read whole files: global appearances may come after every city object (PLATEAU).
  const sources = expanded.sources.flatMap((source) =>
    jobs > 1 && !textures && source.size >= splitBytes
      ? splitSource(source, Math.min(jobs * 2, Math.ceil(source.size / splitBytes)))
      : [source],
  );
  for (const e of errors) report.errors.push(e);
  const bytes = sources.reduce((sum, s) => sum + s.size, 0);

  // Refuses an unsafe --out (OutputRefusedError) before any work, and clears temporaries of dead runs.
  const outputInputs = [
    ...options.inputs.filter((input) => existsSync(input)),
    ...sources.map((s) => s.path),
  ];
  const output: RunOutput =
    (options.format ?? CONVERT_DEFAULTS.format) === '3tz'
      ? new StagedArchiveOutput(options.out, { inputs: outputInputs, log })
      : new StagedOutput(options.out, {
          force: options.force ?? CONVERT_DEFAULTS.force,
          inputs: outputInputs,
          log,
        });
  const store = new DiskMeshStore(output.scratchPath('spool'));
  let threads: ConverterThreads | undefined;
  try {
    if (!/^(egm96|none|[-+]?\d+(\.\d+)?)$/.test(geoid) && !existsSync(geoid)) {
      throw new Error(
        `convert: --geoid ${geoid}: not egm96, none, a number of metres or an existing GeoTIFF file`,
      );
    }
    const state = { filesDone: 0, files: sources.length, bytesRead: 0, bytes, buildings: 0 };
    const compress = options.compress ?? CONVERT_DEFAULTS.compress;
    if (compress) await initTileCompression();
    // Meshes go to the builder (which keeps a small summary each) job by job in input order, while
    // later jobs are still being read.
    const images = textures ? new ImageResolver() : undefined;
    const builder = new TilesetBuilder({
      store,
      compress,
      quantize: compress,
      ...(images ? { images: (reference: string) => images.read(reference) } : {}),
    });
    const addToBuilder = (handles: number[]) => {
      for (const handle of handles) builder.add(store.getForAdd(handle));
    };
    const { meshes, files, warningsNotListed } =
      sources.length === 0
        ? { meshes: 0, files: 0, warningsNotListed: 0 }
        : await readOnWorkers(
            (threads = new ConverterThreads(jobs, {
              module: WORKER_MODULE,
              crs: options.crs,
              heights: await workerHeights(geoid),
              lod: options.lod ?? CONVERT_DEFAULTS.lod,
              textures,
              maxUnacknowledged: MAX_UNACKNOWLEDGED_MESHES,
            })),
            sources,
            store,
            report,
            (p) => display.update({ ...state, ...p, buildings: p.objects, phase: 'reading' }),
            addToBuilder,
            options.signal,
          );
    const result: RunReport = {
      status: 'converted',
      input: { files, bytes },
      ...report,
      heightCorrection: report.heightCorrection.join('; '),
      warningsNotListed,
      output: { tiles: 0, bytes: 0 },
      jobs,
      seconds: 0,
    };
    if (meshes === 0 || builder.stats.buildings === 0)
      throw new NothingConvertedError(
        result,
        expanded.sources.map((source) => source.name),
      );
    display.update({ ...state, filesDone: sources.length, buildings: meshes, phase: 'tiling' }, true);
    if (options.signal?.aborted) throw new RunInterruptedError();
    const readSeconds = (performance.now() - started) / 1000;
    // Yield to the event loop now and then, so SIGINT (abort) is noticed during the long synchronous phase.
    const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));
    let tiles = 0;
    if (images || !threads) {
      // Texture images are read on this thread (the resolver keeps one warning per failed image).
      for (const file of builder.finish()) {
        output.write(file);
        if (file.path.endsWith('.glb')) tiles += 1;
        if (tiles % 16 === 15) {
          await breathe();
          if (options.signal?.aborted) throw new RunInterruptedError();
        }
      }
    } else {
      // The threads write the tile contents (two in flight each); this one writes files and the JSON.
      const writer = tileWriterOn(threads, store, options.signal);
      for await (const file of builder.finishWith(writer.write, threads.workers.length * 2)) {
        output.write(file);
        if (file.path.endsWith('.glb')) tiles += 1;
      }
      await writer.close();
      if (options.signal?.aborted) throw new RunInterruptedError();
    }
    result.output = { tiles, bytes: builder.stats.bytes };
    for (const warning of images?.warnings ?? []) {
      if (result.warnings.length < MAX_REPORTED_WARNINGS) result.warnings.push(warning);
      else result.warningsNotListed += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    result.phases = {
      readSeconds: round3(readSeconds),
      writeTilesSeconds: round3(seconds - readSeconds),
      spoolBytes: store.bytes,
    };
    result.seconds = Number(((performance.now() - started) / 1000).toFixed(3));
    output.write({
      path: 'report.json',
      bytes: new TextEncoder().encode(`${JSON.stringify(result, null, 2)}\n`),
    });
    await breathe();
    if (options.signal?.aborted) throw new RunInterruptedError();
    output.commit();
    display.finish();
    log(
      `convert: ${report.buildings.written}/${report.buildings.read} buildings and ${report.otherObjects.written} other objects → ${options.out} (${tiles} tiles, ${(builder.stats.bytes / 1e6).toFixed(2)} MB, ${result.seconds} s${report.errors.length ? `, ${report.errors.length} errors` : ''})`,
    );
    return result;
  } catch (error) {
    display.finish();
    if (!(error instanceof RunInterruptedError) && !(error instanceof OutputRefusedError)) {
      writeFailureReport(output, failureReport(error, report, { bytes, jobs, started }), log);
    }
    throw error;
  } finally {
    await threads?.terminate();
    store.dispose();
    output.abort();
  }
}
