/**
 * Runs one hostile case through the real converter bin (`node tools/convert-bin.mjs`, a child process
 * in its own process group, so a stalled run and its worker threads can be killed as a whole) and
 * checks the outcome: the case's expectation and the invariants every run must keep, whatever its
 * input. Shared by the unit test and the benchmark so both judge runs the same way.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FAILED_REPORT } from '../convert/output.ts';
import { goodDocument } from './blocks.ts';
import type { CaseSetup, HostileCase } from './types.ts';
import { errorMessage } from '../../src/core/errors.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
export const CONVERT_BIN = join(repoRoot, 'tools/convert-bin.mjs');
/** GNU time reports the peak RSS of the process it runs (`%M`, KiB); worker threads count in it. */
const TIME_BIN = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
/** Names of the converter's temporaries next to `--out`. */
const TEMPORARY = /\.(tmp|spool|old)-\d+$/;

/** One process's outcome. */
export interface ProcessResult {
  code: number | null;
  signal: string | null;
  stalled: boolean;
  stderr: string;
  wallSeconds: number;
  peakRssMiB?: number;
}

/** A case's outcome and every expectation or invariant it broke (empty: passed). */
export interface CaseResult {
  name: string;
  runs: ProcessResult[];
  failures: string[];
  report?: RunReportLike;
  setupSeconds: number;
}

/** The parts of report.json the checks read. */
interface RunReportLike {
  buildings: { read: number; written: number; dropped: number };
  dropped: { id?: string; file?: string; line?: number; reason?: string }[];
  warnings: { file?: string; line?: number; message?: string }[];
  errors: { file?: string; line?: number; message?: string }[];
}

/** Runs the bin once; kills its process group after `timeoutMs` ("stalled"). */
export function runBin(
  args: string[],
  cwd: string,
  timeoutMs: number,
  rssFile?: string,
): Promise<ProcessResult> {
  const command = [process.execPath, CONVERT_BIN, ...args];
  const argv = TIME_BIN && rssFile ? [TIME_BIN, '-f', '%M', '-o', rssFile, ...command] : command;
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    let stderr = '';
    let stalled = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      // Keep the head: a flood of lines must not grow the test's own memory without bound.
      if (stderr.length < 1 << 20) stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      stalled = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let peakRssMiB: number | undefined;
      let reportedSignal = signal;
      if (TIME_BIN && rssFile && existsSync(rssFile)) {
        const text = readFileSync(rssFile, 'utf8');
        const kib = /(\d+)\s*$/.exec(text.trim());
        if (kib) peakRssMiB = Number(kib[1]) / 1024;
        const killed = /terminated by signal (\d+)/.exec(text);
        if (killed) reportedSignal = `signal ${killed[1]}` as NodeJS.Signals;
      }
      done({
        code: reportedSignal ? null : code,
        signal: reportedSignal,
        stalled,
        stderr,
        wallSeconds: (performance.now() - started) / 1000,
        peakRssMiB,
      });
    });
  });
}

/** Files under `root` (relative path → size, mtime, bytes as base64 when small), skipping `skip` paths. */
function snapshot(root: string, skip: (path: string) => boolean): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (skip(path)) continue;
      const stat = lstatSync(path, { throwIfNoEntry: false });
      if (!stat) continue;
      const rel = path.slice(root.length + 1);
      if (entry.isDirectory()) {
        files.set(`${rel}/`, 'dir');
        walk(path);
      } else files.set(rel, `${stat.size} ${stat.mtimeMs}`);
    }
  };
  walk(root);
  return files;
}

/** Every file's bytes under `dir` (relative path → base64), for the previous output's intactness. */
function contents(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) files.set(rel, readFileSync(join(dir, rel)).toString('base64'));
    }
  };
  if (existsSync(dir)) walk('');
  return files;
}

function diff(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = [];
  for (const [path, value] of before) {
    if (!after.has(path)) changes.push(`${path} removed`);
    else if (after.get(path) !== value) changes.push(`${path} changed`);
  }
  for (const path of after.keys()) if (!before.has(path)) changes.push(`${path} created`);
  return changes;
}

/** Output files (bytes), for the contains/lacks checks. */
function outputBytes(out: string): Buffer[] {
  const all: Buffer[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) all.push(readFileSync(path));
    }
  };
  if (existsSync(out) && lstatSync(out).isDirectory()) walk(out);
  return all;
}

/** report.json's diagnostics as lines `file:line id reason`, for `reportMessage`. */
function diagnostics(report: RunReportLike | undefined): string {
  if (!report) return '';
  const lines: string[] = [];
  for (const d of report.dropped ?? [])
    lines.push(`${d.file ?? ''}:${d.line ?? 0} ${d.id ?? ''} ${d.reason ?? ''}`);
  for (const w of report.warnings ?? []) lines.push(`${w.file ?? ''}:${w.line ?? 0} ${w.message ?? ''}`);
  for (const e of report.errors ?? []) lines.push(`${e.file ?? ''}:${e.line ?? 0} ${e.message ?? ''}`);
  return lines.join('\n');
}

/** Every number of the tileset's bounding volumes must be finite and on Earth (|x| < 1e8). */
function tilesetBoundsProblem(out: string): string | undefined {
  const path = join(out, 'tileset.json');
  if (!existsSync(path)) return 'tileset.json missing after exit 0';
  let tileset: unknown;
  try {
    tileset = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return `tileset.json is not JSON (${errorMessage(error)})`;
  }
  let problem: string | undefined;
  const visit = (node: unknown) => {
    if (problem || !node || typeof node !== 'object') return;
    const volume = (node as { boundingVolume?: Record<string, unknown> }).boundingVolume;
    if (volume) {
      for (const values of Object.values(volume)) {
        if (!Array.isArray(values)) continue;
        for (const v of values)
          if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) >= 1e8)
            problem = `tileset.json bounding volume holds ${JSON.stringify(v)}`;
      }
    }
    for (const child of (node as { children?: unknown[] }).children ?? []) visit(child);
  };
  visit((tileset as { root?: unknown }).root);
  return problem;
}

/** Converts a small good document into `out` with the real bin: a previous output to keep. */
async function makePrevious(dir: string, out: string, timeoutMs: number): Promise<string | undefined> {
  const input = join(dir, '.previous', 'previous.gml');
  mkdirSync(dirname(input), { recursive: true });
  writeFileSync(input, goodDocument(1, 'prev'));
  const result = await runBin([input, '--out', out, '--quiet'], dir, timeoutMs);
  return result.code === 0
    ? undefined
    : `could not write the previous output (exit ${result.code}): ${result.stderr.trim()}`;
}

/** Runs `hostileCase` in a fresh directory under `root`; the directory is removed afterwards. */
export async function runCase(
  hostileCase: HostileCase,
  root: string,
  { timeoutMs = 60_000, keep = false }: { timeoutMs?: number; keep?: boolean } = {},
): Promise<CaseResult> {
  // Neutral directory names: a case's name in the path must not satisfy its own message pattern.
  const dir = mkdtempSync(join(root, 'case-'));
  const failures: string[] = [];
  const expect = hostileCase.expect;
  const setupStarted = performance.now();
  let setup: CaseSetup;
  try {
    setup = await hostileCase.make(dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return {
      name: hostileCase.name,
      runs: [],
      failures: [`setup failed: ${errorMessage(error)}`],
      setupSeconds: 0,
    };
  }
  const cwd = setup.cwd ?? dir;
  const out = resolve(cwd, setup.out);
  const outParent = dirname(out);
  if (hostileCase.previous) {
    const problem = await makePrevious(dir, out, timeoutMs);
    if (problem) failures.push(problem);
  }
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  const inOut = (path: string) => path === out || path.startsWith(`${out}/`);
  const isTemporary = (path: string) => TEMPORARY.test(path);
  // Files outside the output folder (the stale temporaries are expected to go, checked on their own).
  const before = snapshot(dir, (path) => inOut(path) || isTemporary(path));
  const survivors = new Map(
    (setup.survivors ?? []).map((rel) => {
      const path = join(dir, rel);
      return [rel, existsSync(path) ? readFileSync(path).toString('base64') : 'missing'] as const;
    }),
  );
  const previousContents = hostileCase.previous ? contents(out) : undefined;

  const args = [...setup.inputs, '--out', setup.out, ...(hostileCase.args ?? [])];
  const count = hostileCase.concurrent ?? 1;
  const runs = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      runBin(args, cwd, timeoutMs, join(root, `${hostileCase.name}-${process.pid}-${i}.rss`)),
    ),
  );
  for (let i = 0; i < count; i++)
    rmSync(join(root, `${hostileCase.name}-${process.pid}-${i}.rss`), { force: true });

  // Invariants of every run.
  for (const [i, run] of runs.entries()) {
    const who = count > 1 ? `run ${i + 1}: ` : '';
    const firstLine = run.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300);
    if (run.stalled) failures.push(`${who}stalled (killed after ${timeoutMs / 1000} s)`);
    else if (run.signal) failures.push(`${who}ended by ${run.signal} (stderr: ${firstLine})`);
    else if (![0, 1, 2].includes(run.code ?? -1))
      failures.push(`${who}exit ${run.code}, not 0/1/2 (stderr: ${firstLine})`);
    else if (!(expect.exitCodes as number[]).includes(run.code!))
      failures.push(`${who}exit ${run.code}, expected ${expect.exitCodes.join('/')} (stderr: ${firstLine})`);
    if (!run.stalled && run.code !== 0 && run.code !== null) {
      if (!run.stderr.trim()) failures.push(`${who}exit ${run.code} with nothing on stderr`);
      else if (!expect.message.test(run.stderr))
        failures.push(`${who}stderr does not match ${expect.message} (stderr: ${firstLine})`);
    }
    if (expect.maxRssMiB !== undefined && run.peakRssMiB !== undefined && run.peakRssMiB > expect.maxRssMiB)
      failures.push(`${who}peak RSS ${run.peakRssMiB.toFixed(0)} MiB > ${expect.maxRssMiB} MiB`);
  }

  let report: RunReportLike | undefined;
  const reportPath = join(out, 'report.json');
  if (existsSync(reportPath)) {
    try {
      report = JSON.parse(readFileSync(reportPath, 'utf8')) as RunReportLike;
    } catch (error) {
      failures.push(`report.json is not JSON (${errorMessage(error)})`);
    }
  }
  const anySuccess = runs.some((run) => run.code === 0);
  const allFailed = runs.every((run) => run.code !== 0);
  if (report) {
    const { read, written, dropped } = report.buildings;
    if (read !== written + dropped)
      failures.push(`report.json: buildings.read ${read} ≠ written ${written} + dropped ${dropped}`);
  }
  if (anySuccess) {
    if (!report) failures.push('exit 0 without report.json');
    else {
      const { read, written, dropped } = report.buildings;
      if (expect.read !== undefined && read !== expect.read)
        failures.push(`buildings.read ${read}, expected ${expect.read}`);
      if (expect.written !== undefined && written !== expect.written)
        failures.push(`buildings.written ${written}, expected ${expect.written}`);
      if (expect.writtenAtLeast !== undefined && written < expect.writtenAtLeast)
        failures.push(`buildings.written ${written}, expected at least ${expect.writtenAtLeast}`);
      if (expect.dropped !== undefined && dropped !== expect.dropped)
        failures.push(`buildings.dropped ${dropped}, expected ${expect.dropped}`);
    }
    const bounds = tilesetBoundsProblem(out);
    if (bounds) failures.push(bounds);
    if (expect.reportMessage) {
      const text = `${runs.map((run) => run.stderr).join('\n')}\n${diagnostics(report)}`;
      if (!expect.reportMessage.test(text))
        failures.push(
          `no stderr line or report entry matches ${expect.reportMessage} (report: ${diagnostics(report).replace(/\n/g, ' | ').slice(0, 400) || 'none'})`,
        );
    }
  }
  if (expect.outputContains || expect.outputLacks) {
    const files = outputBytes(out);
    for (const text of expect.outputContains ?? []) {
      if (anySuccess && !files.some((bytes) => bytes.includes(text)))
        failures.push(`no output file contains ${JSON.stringify(text)}`);
    }
    for (const text of expect.outputLacks ?? []) {
      if (files.some((bytes) => bytes.includes(text)))
        failures.push(`an output file contains ${JSON.stringify(text)}`);
      if (runs.some((run) => run.stderr.includes(text)))
        failures.push(`stderr contains ${JSON.stringify(text)}`);
    }
  }
  if (previousContents && allFailed) {
    // Nothing already there is lost or changed (its report.json describes the kept tileset); the one
    // file a failed run may add is its own report beside it.
    const changes = diff(previousContents, contents(out)).filter(
      (change) => change !== `${FAILED_REPORT} created`,
    );
    if (changes.length > 0) failures.push(`previous output changed: ${changes.slice(0, 5).join(', ')}`);
    const failedReport = join(out, FAILED_REPORT);
    const wroteReport = runs.some((run) => run.code === 1);
    if (wroteReport && !existsSync(failedReport))
      failures.push(`exit 1 over a previous output without ${FAILED_REPORT}`);
    else if (existsSync(failedReport)) {
      try {
        const failed = JSON.parse(readFileSync(failedReport, 'utf8')) as RunReportLike & {
          status?: string;
        };
        if (failed.status !== 'failed')
          failures.push(`${FAILED_REPORT}: status ${failed.status}, not failed`);
        const { read, written, dropped } = failed.buildings;
        if (read !== written + dropped)
          failures.push(`${FAILED_REPORT}: buildings.read ${read} ≠ written ${written} + dropped ${dropped}`);
      } catch (error) {
        failures.push(`${FAILED_REPORT} is not JSON (${errorMessage(error)})`);
      }
    }
  }
  // Nothing outside the output folder changed.
  const after = snapshot(dir, (path) => inOut(path) || isTemporary(path));
  const changes = diff(before, after);
  if (changes.length > 0) failures.push(`outside --out: ${changes.slice(0, 5).join(', ')}`);
  for (const [rel, bytes] of survivors) {
    const path = join(dir, rel);
    const now = existsSync(path) ? readFileSync(path).toString('base64') : 'missing';
    if (now !== bytes) failures.push(`${rel} ${now === 'missing' ? 'was deleted' : 'was changed'}`);
  }
  for (const rel of setup.mustNotExist ?? []) {
    const path = resolve(dir, rel);
    if (existsSync(path)) failures.push(`${path} exists after the run`);
  }
  // No temporaries next to --out (stale ones of dead processes included) or anywhere in the case.
  const leftovers = [
    ...(existsSync(outParent) ? readdirSync(outParent) : []).filter((name) => TEMPORARY.test(name)),
    ...[...snapshot(dir, () => false).keys()].filter((path) => TEMPORARY.test(path.replace(/\/$/, ''))),
  ];
  if (leftovers.length > 0)
    failures.push(`temporaries left: ${[...new Set(leftovers)].slice(0, 5).join(', ')}`);

  if (!keep) {
    spawnChmodBack(dir);
    rmSync(dir, { recursive: true, force: true });
  }
  return { name: hostileCase.name, runs, failures, report, setupSeconds };
}

/** Undoes a read-only case's chmod (runs as a normal user) so the case directory can be removed. */
function spawnChmodBack(dir: string): void {
  const locked = join(dir, 'locked');
  if (existsSync(locked)) chmodSync(locked, 0o755);
}
