/**
 * The converter's reading phase: every input read on the thread pool (`ConverterThreads`) or taken from the
 * mesh cache, its meshes appended to the spool in input order, and the reports merged.
 */
import { emptySessionReport } from '../../src/core/convert/session.ts';
import type { SessionReport } from '../../src/core/convert/session.ts';
import type { DiskMeshStore } from './disk-mesh-store.ts';
import type { ImageUse } from './images.ts';
import type { InputSource } from './inputs.ts';
import type { ReadStages, ToWorker } from './protocol.ts';
import { JobOrder, MAX_WAITING_SUMMARIES } from './job-order.ts';
import type { StoredMeshes } from './job-order.ts';
import { receivedBytes } from './collect.ts';
import { mergeReport, shiftLines } from './report.ts';
import type { ConverterThread, ConverterThreads } from './threads.ts';

/** What an input's reading gave besides its meshes. */
export interface CachedReport {
  /** The input's report, line numbers of the whole file. */
  report: SessionReport;
  /** CityGML documents read. */
  files: number;
}

/** An input that an earlier run read, in the mesh cache: its encoded meshes (input order) and its report. */
export interface CachedInput {
  /**
   * Reads the entry once, handing each encoded mesh (input order, a view that stays valid) to `put` as it
   * is read, and returns the input's report; or why the entry cannot be used. The entry is checked as it
   * is read, so that reason may come after meshes were handed over: those must then be dropped (the input
   * is read again).
   */
  read(put: (mesh: Uint8Array) => void): CachedReport | string;
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
  byInput: Map<string, CachedReport>;
  /** Thread seconds per reading stage, summed over jobs (cached inputs add nothing). */
  stages: ReadStages;
  /** Main-thread seconds appending meshes to the spool file. */
  spoolSeconds: number;
  /** SHA-256 (hex) by file path of the whole files read to their end (with `hashInputs`). */
  hashes: Map<string, string>;
  /** The first use of each texture image reference, by input order (none from cached inputs). */
  imageUses: Map<string, ImageUse>;
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
  const imageUsesByJob: ([string, ImageUse][] | undefined)[] = sources.map(() => undefined);
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
    imageUsesByJob.push(undefined);
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
          const read = input.read((bytes) => handles.push(store.putEncoded(bytes)));
          // A damaged entry (found at its end: entries are read once) is read again like any input; the
          // meshes it spooled stay in the spool unused, as no handle of them reaches the tiler.
          if (typeof read === 'string') return void order.push(job);
          jobOrder.stored(job, handles);
          meshes += handles.length;
          reportsByJob[job] = read.report;
          filesByJob[job] = read.files;
          bytesByJob[job] = source.size;
          files += read.files;
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
          imageUsesByJob[message.job] = message.imageUses;
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
  const imageUses = new Map<string, ImageUse>();
  for (const uses of imageUsesByJob)
    for (const [reference, use] of uses ?? []) if (!imageUses.has(reference)) imageUses.set(reference, use);
  return {
    meshes,
    files,
    warningsNotListed,
    byInput,
    stages,
    spoolSeconds: spoolMs / 1000,
    hashes,
    imageUses,
  };
}
