import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { DEFAULT_MAX_LOD } from '../../src/core/citygml/index.ts';
import { emptySessionReport } from '../../src/core/convert/session.ts';
import { initTileCompression } from '../../src/core/tiles/compression.ts';
import { MESH_SUMMARY_FIELDS } from '../../src/core/tiles/mesh-summary.ts';
import { TilesetBuilder } from '../../src/core/tiles/tileset.ts';
import type { TilesetFile } from '../../src/core/tiles/types.ts';
import { expandInputs, splitSource } from './inputs.ts';
import type { InputSource } from './inputs.ts';
import { BufferPool } from './buffer-pool.ts';
import { STDIN_NAME, streamPieces } from './stream-input.ts';
import type { StreamTotals } from './stream-input.ts';
import { sha256File, UpdateSession } from './incremental.ts';
import { meshSettingsKey } from './mesh-cache.ts';
import { ImageResolver } from './images.ts';
import { DiskMeshStore } from './disk-mesh-store.ts';
import { StagedArchiveOutput } from './archive-output.ts';
import { OutputRefusedError, StagedOutput } from './output.ts';
import type { RunOutput } from './output.ts';
import { ProgressDisplay } from './progress.ts';
import { MAX_WAITING_SUMMARIES } from './job-order.ts';
import { workerHeights } from './protocol.ts';
import type { SummarisedBatch } from './protocol.ts';
import {
  failureReport,
  MAX_REPORTED_WARNINGS,
  NothingConvertedError,
  round3,
  RunInterruptedError,
  ThreadFailure,
  writeFailureReport,
} from './report.ts';
import { shareOfInputs } from './shard.ts';
import type { Shard } from './shard.ts';
import {
  ConverterThreads,
  defaultInProcessBytes,
  IN_PROCESS_MESH_MEMORY_BYTES,
  MAX_UNACKNOWLEDGED_MESHES,
  WORKER_MODULE,
} from './threads.ts';
import { readOnWorkers } from './read-phase.ts';
import { writeTilesOnThreads } from './write-tiles.ts';
import type { RunReport, StageSeconds } from './report.ts';

export { MAX_REPORTED_WARNINGS, NothingConvertedError, RunInterruptedError, ThreadFailure };
export type { RunReport };

/** Options of one converter run (`npm run convert`); defaults in CONVERT_DEFAULTS. */
export interface ConvertOptions {
  /**
   * Files, directories and globs (`*`, `**`); `.gz` and `.zip` are read streaming. `-` alone: one plain
   * CityGML document from `stdin` (or `options.stdin`), cut into pieces for the threads as it arrives.
   */
  inputs: string[];
  /** The stream read for the input `-` (default `process.stdin`). */
  stdin?: AsyncIterable<Buffer | string>;
  /** Bytes of members per piece of the input `-` (default `STREAM_PIECE_BYTES`, 4 MiB; tests cut smaller). */
  streamPieceBytes?: number;
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
  /** Worker threads (default: all cores); 0: none, the whole run on the calling thread. */
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
  /**
   * Inputs of at most this many bytes in all are converted on the main thread, without worker threads
   * (default `defaultInProcessBytes`: 4 MiB, or 512 MiB without `jobs` on a machine with 2 cores or
   * fewer; -1: always start the threads). A stream never is. The output is the same.
   */
  inProcessBytes?: number;
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
  /**
   * The previous output (`--update`): inputs whose SHA-256 its mesh cache (`<previous>.meshes`) holds
   * are not read again; the report compares inputs and files with it. The run writes `<out>.meshes`.
   */
  update?: string;
  /** Convert only this spatial share of the inputs (`--shard i/n`, see `shareOfInputs`). */
  shard?: Shard;
  /** Tileset layout (`--tiling`): 'explicit' (default) or 'implicit' (not with `update`, `shard`, 3tz). */
  tiling?: 'explicit' | 'implicit';
  /**
   * From this many buildings on, the worker threads are restarted after reading with the smaller heaps
   * of `TILE_WORKER_LIMITS` (the main thread then holds the whole plan); below, they keep
   * `READ_WORKER_LIMITS` (a restart costs ~0.1 s). Default 200 000.
   */
  restartThreadsFromBuildings?: number;
  /**
   * At most this many buildings' summaries from the threads wait in memory for earlier inputs to be read
   * (see `JobOrder`); beyond, the tiler reads those buildings back from the spool. Default 65 536.
   */
  maxWaitingSummaries?: number;
}

/** What `--out` becomes: a tileset folder or a `.3tz` archive. */
export type OutputFormat = 'dir' | '3tz';

/** Plain files at least this large are read in pieces by several workers at once. */
export const SPLIT_MIN_BYTES = 16 * 1024 * 1024;

/**
 * Defaults of the optional `ConvertOptions` that have a fixed default (`jobs` is the machine's cores,
 * `inProcessBytes` depends on them: `defaultInProcessBytes`).
 */
export const CONVERT_DEFAULTS: Required<
  Pick<
    ConvertOptions,
    | 'geoid'
    | 'lod'
    | 'quiet'
    | 'compress'
    | 'progress'
    | 'textures'
    | 'force'
    | 'splitBytes'
    | 'format'
    | 'restartThreadsFromBuildings'
    | 'maxWaitingSummaries'
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
  restartThreadsFromBuildings: 200_000,
  maxWaitingSummaries: MAX_WAITING_SUMMARIES,
};

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
  const display = progressDisplay(options, log);
  // `jobs: 0` is one thread: everything on this thread (the report counts it as one).
  const oneThread = options.jobs === 0;
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  const report = emptySessionReport();
  const geoid = options.geoid ?? CONVERT_DEFAULTS.geoid;
  // `-`: one CityGML document from a stream, cut into pieces as it arrives (no file, no size ahead).
  const fromStream = options.inputs.includes(STDIN_NAME);
  checkCombinations(options, fromStream);
  const streamTotals: StreamTotals = { bytes: 0, sha256: '' };
  const splitBytes = options.splitBytes ?? CONVERT_DEFAULTS.splitBytes;
  const textures = options.textures ?? CONVERT_DEFAULTS.textures;
  const { expanded, emptyShare } = inputsOfRun(options, fromStream);
  let bytes = expanded.sources.reduce((sum, s) => sum + s.size, 0);
  // A small input is read and written on this thread: thread start-up would cost more than the work.
  // So is a medium one on a machine with few cores when --jobs is not given (defaultInProcessBytes).
  const inProcessBytes =
    options.inProcessBytes ?? defaultInProcessBytes(options.jobs !== undefined, availableParallelism());
  const inProcess = oneThread || (!fromStream && bytes <= inProcessBytes);
  const splittable = (source: InputSource) =>
    !inProcess && jobs > 1 && !textures && source.size >= splitBytes;
  // Content hashes for the report (and, with --update, the cache keys). With --update every input is
  // hashed ahead, while the run starts; otherwise only inputs that will be split into pieces are: the
  // threads hash whole files as they read them (`hashInputs`), so those are not read a second time.
  // Texture runs read whole files: global appearances may come after every city object (PLATEAU).
  const hashAhead = (source: InputSource) => options.update !== undefined || splittable(source);
  const hashing = Promise.all(
    expanded.sources.map((source) => (hashAhead(source) ? sha256File(source.path) : undefined)),
  );
  hashing.catch(() => {}); // awaited below; a file gone meanwhile fails the run there
  for (const e of expanded.errors) report.errors.push(e);

  // Refuses an unsafe --out (OutputRefusedError) before any work, and clears temporaries of dead runs.
  const outputInputs = [
    ...options.inputs.filter((input) => existsSync(input)),
    ...expanded.sources.map((s) => s.path),
  ];
  const output = stagedOutput(options, outputInputs, log);
  const lod = options.lod ?? CONVERT_DEFAULTS.lod;
  const update =
    options.update === undefined
      ? undefined
      : new UpdateSession(
          options.update,
          options.out,
          meshSettingsKey({ crs: options.crs, geoid, lod, textures }),
        );
  const store = new DiskMeshStore(output.scratchPath('spool'));
  let threads: ConverterThreads | undefined;
  try {
    if (emptyShare) throw new Error(emptyShare);
    const geoidProblem = geoidOptionProblem(geoid);
    if (geoidProblem) throw new Error(`convert: --geoid ${geoid}: ${geoidProblem}`);
    const inputs = (await (update ? hashing : Promise.resolve([]))).map((sha256, i) => ({
      name: expanded.sources[i]!.name,
      bytes: expanded.sources[i]!.size,
      sha256: sha256!,
    }));
    if (update) {
      update.plan(expanded.sources, inputs);
      if (!update.hasPrevious)
        log(`convert: --update ${options.update}: no earlier report there; converting everything`);
    }
    // Inputs taken from the mesh cache are one job each.
    const sources = expanded.sources.flatMap((source) =>
      splittable(source) && !update?.inCache(source.path)
        ? splitSource(source, Math.min(jobs * 2, Math.ceil(source.size / splitBytes)))
        : [source],
    );
    bytes = sources.reduce((sum, s) => sum + s.size, 0);
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
      ...(options.tiling === 'implicit' ? { tiling: 'implicit' as const } : {}),
      ...(images ? { images: (reference: string) => images.read(reference) } : {}),
    });
    // Main-thread seconds of the serial stages (see StageSeconds).
    let tileMs = 0;
    let writeMs = 0;
    const addToBuilder = (handles: number[], job: number, summarised: readonly SummarisedBatch[]) => {
      const started = performance.now();
      update?.stored(sources[job]!.path, handles);
      const read = (handle: number) => update && ((bytes: Uint8Array) => update.meshRead(handle, bytes));
      // Meshes a worker thread summarised are not read back here (but for --update's recipes); those whose
      // summaries were dropped while they waited for earlier inputs (JobOrder) are.
      if (summarised.length > 0 && summarised.reduce((n, b) => n + b.heads.length, 0) === handles.length) {
        let next = 0;
        for (const { summaries, heads, census } of summarised) {
          builder.addCensus(census);
          heads.forEach((head, i) => {
            const handle = handles[next++]!;
            read(handle)?.(store.getEncoded(handle, true)); // not read back without --update
            builder.addSummarised(summaries, i * MESH_SUMMARY_FIELDS, head, () => handle);
          });
        }
      } else for (const handle of handles) builder.add(store.getForAdd(handle, read(handle)));
      tileMs += performance.now() - started;
    };
    // tiles are then written on this thread too, which reads meshes back from memory
    if (inProcess) store.keepInMemory(IN_PROCESS_MESH_MEMORY_BYTES);
    const pieceBuffers = new BufferPool();
    const stream = fromStream
      ? streamPieces(
          options.stdin ?? (process.stdin as AsyncIterable<Buffer>),
          streamTotals,
          options.streamPieceBytes,
          pieceBuffers,
        )
      : undefined;
    const { meshes, files, warningsNotListed, byInput, stages, spoolSeconds, hashes, imageUses } =
      sources.length === 0 && !stream
        ? nothingRead()
        : await readOnWorkers(
            (threads = new ConverterThreads(
              jobs,
              {
                module: WORKER_MODULE,
                crs: options.crs,
                heights: await workerHeights(geoid),
                lod,
                textures,
                maxUnacknowledged: MAX_UNACKNOWLEDGED_MESHES,
                hashInputs: options.update === undefined,
              },
              inProcess,
            )),
            sources,
            store,
            report,
            (p) =>
              display.update({
                ...state,
                ...p,
                // A stream's size is not known ahead: the bytes so far and the pieces so far.
                ...(stream ? { bytes: p.bytesRead, files: sources.length } : {}),
                buildings: p.objects,
                phase: 'reading',
              }),
            addToBuilder,
            options.signal,
            (job) => update?.cachedInput(sources[job]!.path),
            stream,
            (buffer) => pieceBuffers.give(buffer),
            options.maxWaitingSummaries ?? CONVERT_DEFAULTS.maxWaitingSummaries,
          );
    if (stream) bytes = streamTotals.bytes;
    images?.addUses(imageUses);
    const inputsHashed = update
      ? inputs
      : stream
        ? [{ name: STDIN_NAME, bytes: streamTotals.bytes, sha256: streamTotals.sha256 }]
        : await hashesOfInputs(expanded.sources, await hashing, hashes);
    const result: RunReport = {
      status: 'converted',
      input: { files, bytes },
      ...report,
      heightCorrection: report.heightCorrection.join('; '),
      warningsNotListed,
      output: { tiles: 0, bytes: 0 },
      jobs,
      seconds: 0,
      inputs: inputsHashed,
      ...(options.shard ? { shard: options.shard } : {}),
    };
    if (meshes === 0 || builder.stats.buildings === 0)
      throw new NothingConvertedError(
        result,
        expanded.sources.map((source) => source.name),
      );
    display.update({ ...state, filesDone: sources.length, buildings: meshes, phase: 'tiling' }, true);
    if (options.signal?.aborted) throw new RunInterruptedError();
    update?.saveCache((handle) => store.getEncoded(handle), byInput);
    const readSeconds = (performance.now() - started) / 1000;
    // Tiling work so far (buildings added while reading); what follows is the plan and the JSON.
    const addMs = tileMs;
    const write = (file: TilesetFile) => {
      const started = performance.now();
      output.write(file);
      update?.written(file.path, file.bytes);
      writeMs += performance.now() - started;
    };
    // Yield to the event loop now and then, so SIGINT (abort) is noticed during the long synchronous phase.
    const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));
    let tiles = 0;
    let encodeTilesSeconds = 0;
    let threadsRestarted = false;
    if (images || !threads) {
      // Texture images are read on this thread (the resolver keeps one warning per failed image).
      const finishStarted = performance.now();
      const writeMsBefore = writeMs;
      tiles = await finishOnThisThread(builder, write, breathe, options.signal);
      // Tile contents are written inside finish(): they count as tiling here.
      tileMs += performance.now() - finishStarted - (writeMs - writeMsBefore);
    } else {
      // The threads write the tile contents (two in flight each); this one writes files and the JSON.
      const phase = await writeTilesOnThreads(builder, threads, store, write, {
        ...(update ? { update } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        restartThreadsFromBuildings:
          options.restartThreadsFromBuildings ?? CONVERT_DEFAULTS.restartThreadsFromBuildings,
      });
      ({ tiles, encodeTilesSeconds, threadsRestarted } = phase);
      tileMs += phase.tileMs;
    }
    result.output = { tiles, bytes: builder.stats.bytes };
    for (const warning of images?.warnings ?? []) {
      if (result.warnings.length < MAX_REPORTED_WARNINGS) result.warnings.push(warning);
      else result.warningsNotListed += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    const stageSeconds = roundedStages({
      ...stages,
      encodeTiles: encodeTilesSeconds,
      spool: spoolSeconds,
      tile: addMs / 1000,
      plan: Math.max(0, tileMs - addMs) / 1000,
      write: writeMs / 1000,
    });
    result.phases = {
      readSeconds: round3(readSeconds),
      writeTilesSeconds: round3(seconds - readSeconds),
      spoolBytes: store.bytes,
      threads: threads?.inProcess ? 0 : (threads?.workers.length ?? 0),
      ...(threadsRestarted ? { threadsRestarted } : {}),
      stages: stageSeconds,
    };
    result.seconds = Number(((performance.now() - started) / 1000).toFixed(3));
    if (update) result.update = update.report(inputsHashed, expanded.sources);
    output.write({
      path: 'report.json',
      bytes: new TextEncoder().encode(`${JSON.stringify(result, null, 2)}\n`),
    });
    await breathe();
    if (options.signal?.aborted) throw new RunInterruptedError();
    output.commit();
    update?.prune();
    display.finish();
    for (const line of result.update?.cacheWarnings ?? []) log(`convert: --update: ${line}`);
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

/** Why `geoid` cannot be the `--geoid` option, in words for a person; undefined when it can. */
export function geoidOptionProblem(geoid: string): string | undefined {
  if (/^(egm96|none|[-+]?\d+(\.\d+)?)$/.test(geoid) || existsSync(geoid)) return undefined;
  return 'not egm96, none, a number of metres or an existing GeoTIFF file';
}

/** Refuses combinations of options that cannot work together, before any work. */
function checkCombinations(options: ConvertOptions, fromStream: boolean): void {
  if (fromStream && options.inputs.length > 1)
    throw new Error('convert: - (standard input) must be the only input');
  if (fromStream && (options.update !== undefined || options.shard || options.textures))
    throw new Error('convert: - (standard input) cannot be combined with --update, --shard or --textures');
  if (
    options.tiling === 'implicit' &&
    (options.update !== undefined || options.shard || (options.format ?? CONVERT_DEFAULTS.format) === '3tz')
  )
    throw new Error('convert: --tiling implicit cannot be combined with --update, --shard or --format 3tz');
}

/**
 * The run's input files (none for a stream) with the faults found listing them, and with `--shard` this
 * share of them; `emptyShare` is the message for a share that holds none of several inputs.
 */
function inputsOfRun(
  options: ConvertOptions,
  fromStream: boolean,
): {
  expanded: { sources: InputSource[]; errors: { file: string; message: string }[] };
  emptyShare: string | undefined;
} {
  const expanded = fromStream
    ? { sources: [] as InputSource[], errors: [] as { file: string; message: string }[] }
    : expandInputs(options.inputs);
  let emptyShare: string | undefined;
  if (options.shard) {
    const all = expanded.sources.length;
    expanded.sources = shareOfInputs(expanded.sources, options.shard);
    if (expanded.sources.length === 0 && all > 0)
      emptyShare = `convert: --shard ${options.shard.index}/${options.shard.count}: this share holds none of the ${all} inputs (more shares than inputs)`;
  }
  return { expanded, emptyShare };
}

/**
 * Plans the tileset and writes every file on this thread (texture runs, and runs without threads); returns
 * the number of tile contents. Yields to the event loop every 16 tiles so an abort (SIGINT) is noticed.
 */
async function finishOnThisThread(
  builder: TilesetBuilder,
  write: (file: TilesetFile) => void,
  breathe: () => Promise<void>,
  signal: AbortSignal | undefined,
): Promise<number> {
  let tiles = 0;
  for (const file of builder.finish()) {
    write(file);
    if (file.path.endsWith('.glb')) tiles += 1;
    if (tiles % 16 === 15) {
      await breathe();
      if (signal?.aborted) throw new RunInterruptedError();
    }
  }
  return tiles;
}

/** Stage seconds rounded to milliseconds, as the report gives them. */
function roundedStages(stages: StageSeconds): StageSeconds {
  const rounded = { ...stages };
  for (const key of Object.keys(rounded) as (keyof StageSeconds)[]) rounded[key] = round3(rounded[key]);
  return rounded;
}

/**
 * Each input file's name, size and SHA-256 for the report: hashed ahead (`ahead`), by the threads as they read it
 * (`byThreads`, by path), or now, for a file the threads did not read to its end (a fault stopped its reader).
 */
async function hashesOfInputs(
  sources: readonly InputSource[],
  ahead: readonly (string | undefined)[],
  byThreads: ReadonlyMap<string, string>,
): Promise<{ name: string; bytes: number; sha256: string }[]> {
  return Promise.all(
    sources.map(async (source, i) => {
      const sha256 = ahead[i] ?? byThreads.get(source.path) ?? (await sha256File(source.path));
      return { name: source.name, bytes: source.size, sha256 };
    }),
  );
}

/** What reading gives when there is nothing to read (every input refused): no threads are started. */
function nothingRead(): Awaited<ReturnType<typeof readOnWorkers>> {
  return {
    meshes: 0,
    files: 0,
    warningsNotListed: 0,
    byInput: new Map(),
    stages: { read: 0, parse: 0, reproject: 0, triangulate: 0, encode: 0 },
    spoolSeconds: 0,
    hashes: new Map<string, string>(),
    imageUses: new Map(),
  };
}

/**
 * The progress display of a run: a redrawn line on a terminal (`auto` without a log function), else lines
 * through `log`; none when quiet.
 */
function progressDisplay(options: ConvertOptions, log: (line: string) => void): ProgressDisplay {
  const mode = options.quiet ? 'off' : (options.progress ?? CONVERT_DEFAULTS.progress);
  return new ProgressDisplay(
    mode === 'auto' ? (process.stderr.isTTY && !options.log ? 'tty' : 'lines') : mode,
    (text) => (mode === 'auto' && !options.log ? process.stderr.write(text) : log(text.trimEnd())),
  );
}

/**
 * Where the run writes: a staged folder, or a staged 3TZ archive. Refuses an unsafe `out` before any work
 * (`OutputRefusedError`: the root, the current directory or a parent of it, a folder holding one of `inputs`,
 * a symbolic link, a non-empty folder the converter did not write without `force`; see output.ts).
 */
function stagedOutput(options: ConvertOptions, inputs: string[], log: (line: string) => void): RunOutput {
  return (options.format ?? CONVERT_DEFAULTS.format) === '3tz'
    ? new StagedArchiveOutput(options.out, { inputs, log })
    : new StagedOutput(options.out, { force: options.force ?? CONVERT_DEFAULTS.force, inputs, log });
}
