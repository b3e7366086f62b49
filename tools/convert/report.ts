/**
 * The converter run's report (`report.json`) and its errors: merging the workers' session reports, and the
 * one-line reasons a run that converted nothing gives, naming the file and line; a failed run's report.
 */
import { basename } from 'node:path';
import type { SessionReport } from '../../src/core/convert/session.ts';
import type { CrsProblem } from '../../src/core/crs/crs-error.ts';
import { errorMessage } from '../../src/core/errors.ts';
import { getOwn, setOwn } from '../../src/core/util/own.ts';
import type { InputRecord, UpdateReport } from './incremental.ts';
import type { RunOutput } from './output.ts';
import type { Shard } from './shard.ts';

/** Most warnings listed in report.json; the rest are counted in `warningsNotListed`. */
export const MAX_REPORTED_WARNINGS = 5000;

/** `report.json`: the contract other tools rely on. */
export interface RunReport extends Omit<SessionReport, 'heightCorrection'> {
  /**
   * 'converted' (exit 0), or 'failed' (exit 1: nothing converted or a fatal error; `fatal` says why and
   * no tileset was written by this run).
   */
  status?: 'converted' | 'failed';
  /** The one-line reason of a failed run. */
  fatal?: string;
  /**
   * Set on a failed run: true when `--out` held an earlier output, which was left byte-identical (this
   * report is then `report.failed.json` beside it); false when this report is `<out>/report.json`.
   * With `--format 3tz` the report is always `<out>.report.failed.json` beside the archive.
   */
  previousOutputKept?: boolean;
  input: { files: number; bytes: number };
  /** How heights were made ellipsoidal; several joined with "; " when files differed. */
  heightCorrection: string;
  warningsNotListed: number;
  output: { tiles: number; bytes: number };
  jobs: number;
  /** Where the time went: reading + meshing on the workers (and summarising for the tiler), tile writing (seconds). */
  phases?: {
    readSeconds: number;
    writeTilesSeconds: number;
    /** Encoded mesh bytes stored: in the spool file, or on one thread partly in memory. */
    spoolBytes: number;
    /** Worker threads started; 0 when a small input was read and written on the main thread. */
    threads?: number;
    /** The threads were restarted with smaller heaps for the tile phase (`restartThreadsFromBuildings`). */
    threadsRestarted?: boolean;
    /** Seconds per pipeline stage (see `StageSeconds`). */
    stages?: StageSeconds;
  };
  seconds: number;
  /** Every input file read (after `--shard`), with the SHA-256 of its bytes on disk. */
  inputs?: InputRecord[];
  /** Set by `--update`: what was taken from the previous output and what changed against it. */
  update?: UpdateReport;
  /** Set by `--shard i/n`: this output holds share `index` (0-based) of `count`. */
  shard?: Shard;
}

export const round3 = (x: number) => Number(x.toFixed(3));

/** Thrown when the run was aborted (SIGINT); the CLI exits with 130. */
export class RunInterruptedError extends Error {
  constructor() {
    super('convert: interrupted; previous output left as it was');
    this.name = 'RunInterruptedError';
  }
}

/** A worker thread died or failed (out of memory, an internal error); `file` is the input it was reading. */
export class ThreadFailure extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'ThreadFailure';
  }
}

/** `file:line: ` of a report entry (the line left out when unknown), or nothing without a file. */
const place = (file?: string, line?: number): string =>
  file ? `${file}${line !== undefined && line > 0 ? `:${line}` : ''}: ` : '';

/** Data the converter can place, named where an srsName problem is explained. */
const KNOWN_CRS_EXAMPLES =
  'e.g. EPSG:25832 or EPSG:25833 (ETRS89 / UTM), EPSG:31467 (DHDN / Gauss-Krüger), EPSG:4326';

/**
 * A dropped object's srsName problem (the core's `CrsProblem`, whose messages speak of "an override
 * CRS") in the CLI's words: what the srsName was, what was expected, and the flag that fixes it.
 */
function explainCrs(crs: CrsProblem): string {
  switch (crs.kind) {
    case 'unknown':
      return `srsName ${crs.srsName ?? ''} is not a CRS the converter knows (expected ${KNOWN_CRS_EXAMPLES}; pass --crs <srsName> to name the data's real CRS)`;
    case 'missing':
      return `the coordinates have no srsName, so their CRS is unknown (expected an srsName on gml:Envelope or the geometry, ${KNOWN_CRS_EXAMPLES}; pass --crs <srsName>)`;
    case 'local':
      return `srsName ${crs.srsName ?? ''} is a local engineering CRS, which cannot be placed on the globe (pass --crs <srsName> with the data's real CRS, ${KNOWN_CRS_EXAMPLES})`;
  }
}

/**
 * The one-line reason of a run that converted nothing, naming the file (and line) it is about: the
 * first error, else the first dropped object (srsName problems explained), else the inputs that held
 * no city objects with geometry. Further problems are counted; the report lists them.
 */
function nothingConvertedReason(
  report: Pick<SessionReport, 'errors' | 'dropped'>,
  inputs: readonly string[],
): string {
  const more = report.errors.length + report.dropped.length - 1;
  const andMore = more > 0 ? `; ${more} more problem${more === 1 ? '' : 's'} in the report` : '';
  const error = report.errors[0];
  if (error) {
    const message = error.message.replace(/^convert: /, '');
    // Reader messages already start with the file's name (and line:column), archive messages with the
    // archive's; others get the name here.
    const archive = error.file ? /^(.*?\.zip)\//i.exec(error.file)?.[1] : undefined;
    const named =
      error.file && (message.includes(error.file) || (archive && message.includes(archive)))
        ? ''
        : place(error.file, error.line);
    return `${named}${message}${andMore}`;
  }
  const dropped = report.dropped[0];
  if (dropped) {
    const reason = dropped.crs
      ? explainCrs(dropped.crs)
      : `${dropped.id ? `${dropped.id}: ` : ''}${dropped.reason}`;
    return `${place(dropped.file, dropped.line)}${reason}${andMore}`;
  }
  const expected =
    'expected cityObjectMember (or featureMember) elements holding buildings or other city objects with geometry';
  if (inputs.length === 1) return `${inputs[0]}: no city objects with geometry found (${expected})`;
  if (inputs.length === 0) return 'no input files';
  const listed = inputs.slice(0, 3).join(', ') + (inputs.length > 3 ? ', …' : '');
  return `none of the ${inputs.length} inputs (${listed}) holds city objects with geometry (${expected})`;
}

/**
 * Thrown when nothing could be converted; the message is the one-line reason, naming the file (and
 * line) it is about. `inputs` are the names of the inputs read, for a run that found nothing at all.
 */
export class NothingConvertedError extends Error {
  constructor(
    readonly report: RunReport,
    inputs: readonly string[] = [],
  ) {
    super(`convert: nothing could be converted (${nothingConvertedReason(report, inputs)})`);
    this.name = 'NothingConvertedError';
  }
}

/**
 * `text` with the line numbers the reader and the session write into messages moved by `offset`: the
 * reader's `name:line:column: ` and the session's "at line N".
 */
function shiftLinesInText(text: string, offset: number): string {
  return text
    .replace(/:(\d+):(\d+): /, (_, line: string, column: string) => `:${Number(line) + offset}:${column}: `)
    .replace(/\bat line (\d+)/g, (_, line: string) => `at line ${Number(line) + offset}`);
}

/** Turns the line numbers of a file piece's report into line numbers of the whole file, in messages too. */
export function shiftLines(part: SessionReport, offset: number): void {
  for (const d of part.dropped) {
    if (d.line > 0) d.line += offset;
    d.reason = shiftLinesInText(d.reason, offset);
  }
  for (const w of part.warnings) {
    if (w.line > 0) w.line += offset;
    w.message = shiftLinesInText(w.message, offset);
  }
  for (const e of part.errors) {
    if (e.line !== undefined && e.line > 0) e.line += offset;
    e.message = shiftLinesInText(e.message, offset);
  }
}

/** Adds a job's report to the run's; returns how many warnings did not fit the list. */
export function mergeReport(into: SessionReport, part: SessionReport): number {
  let warningsNotListed = 0;
  into.buildings.read += part.buildings.read;
  into.buildings.written += part.buildings.written;
  into.buildings.dropped += part.buildings.dropped;
  into.otherObjects.read += part.otherObjects.read;
  into.otherObjects.written += part.otherObjects.written;
  for (const [type, n] of Object.entries(part.otherObjects.byType)) {
    setOwn(into.otherObjects.byType, type, (getOwn(into.otherObjects.byType, type) ?? 0) + n);
  }
  into.polygons.read += part.polygons.read;
  into.polygons.triangulated += part.polygons.triangulated;
  into.polygons.dropped += part.polygons.dropped;
  into.triangles += part.triangles;
  for (const d of part.dropped) into.dropped.push(d);
  for (const w of part.warnings) {
    const repeated = w.line === 0 && into.warnings.some((x) => x.line === 0 && x.message === w.message);
    if (repeated) continue;
    if (into.warnings.length < MAX_REPORTED_WARNINGS) into.warnings.push(w);
    else warningsNotListed += 1;
  }
  for (const e of part.errors) into.errors.push(e);
  for (const h of part.heightCorrection)
    if (!into.heightCorrection.includes(h)) into.heightCorrection.push(h);
  return warningsNotListed;
}

/**
 * Seconds per pipeline stage of a run. `read` … `encodeTiles` are thread seconds summed over the worker
 * threads (they run in parallel); `spool`, `tile` and `write` are main-thread seconds (the serial part).
 * read: waiting for input bytes (disk, gunzip, unzip); parse: XML parsing and object assembly;
 * reproject: coordinates to ECEF; triangulate: polygons to meshes; encode: meshes encoded for the main
 * thread; encodeTiles: tile contents (GLB, meshopt) written from the spool; spool: meshes appended to
 * the spool file; tile: buildings added to the tiler while reading (overlaps the threads' work); plan:
 * after reading, the quadtree, the placement of contents and the tileset JSON (nothing else runs then but
 * encodeTiles); write: files written to the staging folder.
 */
export interface StageSeconds {
  read: number;
  parse: number;
  reproject: number;
  triangulate: number;
  encode: number;
  encodeTiles: number;
  spool: number;
  tile: number;
  plan: number;
  write: number;
}

/** The report of a run that ends with exit 1: what was read so far, the reason, no output. */
export function failureReport(
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
export function writeFailureReport(output: RunOutput, failed: RunReport, log: (line: string) => void): void {
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
