#!/usr/bin/env -S npx tsx
/**
 * Converter throughput benchmark (`npm run bench:convert`; not a test). Measures end-to-end conversion
 * (`tools/convert-bin.mjs` in a child process) in MB/s, buildings/s, peak RSS and output bytes per
 * building, with `--jobs 0` (one thread), `--jobs 1` and `--jobs 2`, next to libcitygml's `citygmltest` parse-only time on the
 * same file in the same run:
 *   (a) a real NRW LoD2 tile repeated to ≥ 100 MB inside one CityModel, ids and XLinks renamed per copy;
 *   (b) the generated demo city at 100 000 buildings;
 * and, for each, a second `--update` run over the unchanged input (meshes from the cache, tiles reused).
 * Also per input: the 1 → 2 thread speed-up (wall and CPU, the same input in the same run), the host's
 * ceiling for it (two one-thread runs at once, as two processes: the throughput gained), and one row
 * per pipeline stage of the `--jobs 0` (one-thread) run from its report.json (`phases.stages`: thread seconds per
 * stage; spool, tile, plan and write are the main thread's serial part), with that stage's MB/s and share.
 * Options: --buildings N (size of b), --megabytes N (size of a), --keep (keep the generated inputs),
 * --stream (b streamed, see below; the default above STREAM_MIN_BUILDINGS), --jobs N (threads of the
 * streamed run; default all cores), --demo-only (skip a), --rounds N (N ≥ 2: one more row per input, the
 * ratio to `citygmltest` from N rounds that alternate it with `--jobs 0`, medians of wall and of CPU seconds: on
 * a machine whose speed drifts from minute to minute, one run of each is not a ratio).
 *
 * Streamed (`--buildings 1000000`): the generator (`writeDemoCityTo`, in this process) writes the city
 * into the converter's standard input (`convert -`), so no multi-GB file is written; one run with all
 * cores. With `--from-file` the city is written to a file first (5.8 GB at a million), which the
 * converter then reads as a city would run it: without `--jobs` (unless given), the file in pieces on
 * the threads. Reported: wall time, the converter's peak RSS (/usr/bin/time) and the generator's CPU seconds
 * (both share the cores), output bytes per building, tileset structure (depth, tiles, JSON files,
 * largest tileset JSON), `validateTileset` over the whole output (every GLB read), gltf-validator on 64
 * tiles spread over the output, and whether every generated building is in report.json (read ==
 * generated, written + dropped == read). No `citygmltest` row here: libcitygml keeps the whole model in
 * memory (peak RSS 445 MB for the 117 MB demo city of 20 000 buildings), so a million buildings would
 * need about 22 GB; the ratio is measured on the inputs of ≥ 100 MB above. Figures of the million-building run: tools/convert/README.md,
 * "Standard input (`-`) and a million buildings".
 */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeDemoCity, writeDemoCityTo } from '../tools/demo-city/write.ts';
import type { RunReport } from '../tools/convert/run.ts';
import { validateTileset } from '../src/core/tiles/validate.ts';
import { formatByteBreakdown, tilesetByteBreakdown } from '../src/core/tiles/breakdown.ts';
import type { TilesetFile } from '../src/core/tiles/types.ts';
import { median } from './stats.ts';
import { CONVERT_ENV, CONVERT_NODE_FLAGS } from '../tools/convert/node-flags.ts';

const repoRoot = resolve(import.meta.dirname, '..');
const nrwTile = resolve(
  repoRoot,
  '../shared/data/citygml/nrw-wesel-lod2/demo-block-2x2/LoD2_32_337_5728_1_NW.gml',
);
const bin = join(repoRoot, 'tools/convert-bin.mjs');
const { values } = parseArgs({
  options: {
    buildings: { type: 'string' },
    megabytes: { type: 'string' },
    keep: { type: 'boolean' },
    stream: { type: 'boolean' },
    jobs: { type: 'string' },
    'demo-only': { type: 'boolean' },
    rounds: { type: 'string' },
    'from-file': { type: 'boolean' },
  },
});
const rounds = Math.max(1, Math.floor(Number(values.rounds ?? 1)));
const buildings = Number(values.buildings ?? 100_000);
/** Above this many buildings the demo city is streamed into the converter (no file, one run). */
const STREAM_MIN_BUILDINGS = 200_000;
const fromFile = values['from-file'] ?? false;
const streamed = fromFile || (values.stream ?? buildings > STREAM_MIN_BUILDINGS);
const megabytes = Number(values.megabytes ?? 100);
const hasTime = existsSync('/usr/bin/time');
const hasCitygmltest = spawnSync('citygmltest', [], { stdio: 'ignore' }).error === undefined;

/**
 * Runs a command under `/usr/bin/time -v` (when installed): wall seconds, peak RSS in MiB, exit code. The
 * command's standard output is discarded and its standard error goes to a file, as a shell's `2> log` would:
 * a pipe into this process cost `citygmltest` (about 1 MB of messages on 102 MB of NRW LoD2) 0.2–0.3 s a run.
 */
function measure(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { seconds: number; cpuSeconds?: number; peakRssMiB?: number; code: number | null } {
  const logs = mkdtempSync(join(tmpdir(), 'bench-measure-'));
  const timeLog = join(logs, 'time.txt');
  const stderrLog = join(logs, 'stderr.txt');
  const stderr = openSync(stderrLog, 'w');
  const started = performance.now();
  const options: SpawnSyncOptions = { env, stdio: ['ignore', 'ignore', stderr] };
  const result = hasTime
    ? spawnSync('/usr/bin/time', ['-v', '-o', timeLog, command, ...args], options)
    : spawnSync(command, args, options);
  const seconds = (performance.now() - started) / 1000;
  closeSync(stderr);
  const report = hasTime && existsSync(timeLog) ? readFileSync(timeLog, 'utf8') : '';
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
  const user = /User time \(seconds\): ([\d.]+)/.exec(report);
  const system = /System time \(seconds\): ([\d.]+)/.exec(report);
  const cpuSeconds = user && system ? Number(user[1]) + Number(system[1]) : undefined;
  if (result.status !== 0) console.error(readFileSync(stderrLog, 'utf8').split('\n').slice(-15).join('\n'));
  rmSync(logs, { recursive: true, force: true });
  return { seconds, cpuSeconds, peakRssMiB: rss ? Number(rss[1]) / 1024 : undefined, code: result.status };
}

/** The converter's environment as its bin and `npm run convert` set it (`node-flags.ts`). */
const convertEnv: NodeJS.ProcessEnv = { ...process.env, ...CONVERT_ENV };

/** Runs the converter bin with the flags and environment it is started with; see `measure`. */
function convert(args: string[]): ReturnType<typeof measure> {
  return measure(process.execPath, [...CONVERT_NODE_FLAGS, bin, ...args], convertEnv);
}

/**
 * Two one-thread conversions of `file` at once, as two processes (see `measure`): the wall seconds of the
 * pair. Neither shares anything with the other, so `2 × one run / pair` is the most two threads of any
 * design could gain on this host: a one-thread run already keeps more than one core busy (V8 collects
 * and compiles on background threads), and both runs share the caches and the memory bus.
 */
function convertPairAtOnce(file: string, outs: [string, string]): ReturnType<typeof measure> {
  const one = (at: number) =>
    `"$1" ${CONVERT_NODE_FLAGS.join(' ')} "$2" "$3" --out "$${at}" --jobs 0 --quiet`;
  const script = `${one(4)} & a=$!; ${one(5)} & b=$!; wait $a; x=$?; wait $b; y=$?; exit $((x + y))`;
  return measure('bash', ['-c', script, 'bash', process.execPath, bin, file, ...outs], convertEnv);
}

/** Writes the NRW tile `copies` times into one CityModel, suffixing every gml:id and local XLink per copy. */
function repeatNrwTile(out: string, targetBytes: number): void {
  const text = readFileSync(nrwTile, 'utf8');
  const first = text.search(/<core:cityObjectMember[\s>]/);
  const lastEnd = text.lastIndexOf('</core:cityObjectMember>') + '</core:cityObjectMember>'.length;
  if (first < 0 || lastEnd < first) throw new Error(`bench: no cityObjectMember in ${nrwTile}`);
  const head = text.slice(0, first);
  const body = text.slice(first, lastEnd);
  const tail = text.slice(lastEnd);
  const copies = Math.ceil(targetBytes / Buffer.byteLength(body));
  const parts = [head];
  for (let copy = 0; copy < copies; copy++) {
    parts.push(
      body
        .replace(/gml:id="([^"]+)"/g, `gml:id="$1_c${copy}"`)
        .replace(/xlink:href="#([^"]+)"/g, `xlink:href="#$1_c${copy}"`),
    );
  }
  parts.push(tail);
  writeFileSync(out, parts.join(''));
}

interface Row {
  input: string;
  tool: string;
  seconds: number;
  /** user + system CPU seconds (all threads): comparable when the machine is shared. */
  cpuSeconds?: number;
  mbPerSecond: number;
  buildingsPerSecond?: number;
  peakRssMiB?: number;
  bytesPerBuilding?: number;
  ratioToLibcitygml?: number;
  /** Wall-time speed-up against the `--jobs 0` (one-thread) run of the same input. */
  speedup?: number;
  /** Share of the summed stage seconds (stage rows). */
  share?: number;
}

/** Stage rows: what each stage of one run cost, from the converter's own timing (report.json). */
function stageRows(label: string, size: number, report: RunReport): Row[] {
  const stages = report.phases?.stages;
  if (!stages) return [];
  const total = Object.values(stages).reduce((a, b) => a + b, 0);
  const serial = new Set(['spool', 'tile', 'plan', 'write']);
  return Object.entries(stages).map(([stage, seconds]) => ({
    input: label,
    tool: `  stage ${stage} (${serial.has(stage) ? 'main thread, serial' : 'worker threads'})`,
    seconds,
    mbPerSecond: size / 1e6 / Math.max(seconds, 1e-6),
    share: seconds / Math.max(total, 1e-9),
  }));
}

/** Output bytes by part (B/building, `src/core/tiles/breakdown.ts`) of each input's `--jobs 0` run. */
const breakdowns: string[] = [];

/** Where the output's bytes go, per building: GLB parts, tileset/schema JSON (not report.json, the address index). */
function outputBreakdown(out: string, buildings: number): string {
  const files: TilesetFile[] = readdirSync(out, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(out, path)).isFile())
    .map((path) => ({
      path: path.split('\\').join('/'),
      bytes: new Uint8Array(readFileSync(join(out, path))),
    }));
  const skip = new Set(['report.json', '.stadtmodell-output.json', 'addresses.json']);
  return formatByteBreakdown(tilesetByteBreakdown(files, skip), Math.max(1, buildings));
}

/** What each `--jobs` value means in threads, for the table. */
const THREADS_LABEL: Record<number, string> = {
  0: ' (one thread)',
  1: ' (a worker + the main thread)',
  2: ' (2 workers + the main thread)',
};

/**
 * `rounds` rounds of `citygmltest` then `--jobs 0` on `file`, one after the other: the ratio of their median
 * wall times, and each round's ratio (both tools see the same minutes); also the ratio of their median CPU
 * seconds (user + system, all threads): `--jobs 0` runs the conversion on one JavaScript thread, but V8
 * compiles and collects garbage on helper threads beside it (about 1.3 cores busy), where `citygmltest` is
 * one thread. Undefined below 2 rounds or without `citygmltest`.
 */
function alternatingRatio(label: string, file: string, size: number): Row | undefined {
  if (rounds < 2 || !hasCitygmltest) return undefined;
  const out = join(work, `out-${label.replace(/\W+/g, '-')}-rounds`);
  const library: number[] = [];
  const ours: number[] = [];
  const libraryCpu: number[] = [];
  const oursCpu: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const reference = measure('citygmltest', [file]);
    library.push(reference.seconds);
    if (reference.cpuSeconds !== undefined) libraryCpu.push(reference.cpuSeconds);
    const run = convert([file, '--out', out, '--jobs', '0', '--quiet']);
    if (run.code !== 0) throw new Error(`bench: conversion of ${file} with --jobs 0 failed (${run.code})`);
    ours.push(run.seconds);
    if (run.cpuSeconds !== undefined) oursCpu.push(run.cpuSeconds);
    rmSync(out, { recursive: true, force: true });
  }
  const each = library.map((seconds, round) => (seconds / ours[round]!).toFixed(2)).join(' ');
  const cpu =
    libraryCpu.length === rounds && oursCpu.length === rounds
      ? `; CPU medians ${median(libraryCpu).toFixed(2)} / ${median(oursCpu).toFixed(2)} s, ratio ${(median(libraryCpu) / median(oursCpu)).toFixed(2)}`
      : '';
  return {
    input: label,
    tool: `--jobs 0 vs citygmltest, ${rounds} alternating rounds (wall medians ${median(library).toFixed(2)} / ${median(ours).toFixed(2)} s; per round ${each}${cpu})`,
    seconds: median(ours),
    ...(oursCpu.length === rounds ? { cpuSeconds: median(oursCpu) } : {}),
    mbPerSecond: size / 1e6 / median(ours),
    ratioToLibcitygml: median(library) / median(ours),
  };
}

function benchmark(label: string, file: string): Row[] {
  const size = statSync(file).size;
  const rows: Row[] = [];
  let parseSeconds: number | undefined;
  let oneThread: { seconds: number; cpuSeconds?: number; report: RunReport } | undefined;
  if (hasCitygmltest) {
    const lib = measure('citygmltest', [file]);
    parseSeconds = lib.seconds;
    rows.push({
      input: label,
      tool: 'libcitygml citygmltest (parse only)',
      seconds: lib.seconds,
      cpuSeconds: lib.cpuSeconds,
      mbPerSecond: size / 1e6 / lib.seconds,
      peakRssMiB: lib.peakRssMiB,
    });
  } else console.warn('bench: citygmltest (Debian libcitygml-bin) not installed; no ratio');
  // --jobs 0: one thread (no worker); 1: a reading worker and the main thread; 2: two workers and the main thread.
  let twoThreads: { seconds: number; cpuSeconds?: number } | undefined;
  for (const jobs of [0, 1, 2, availableParallelism()].filter((j, i, all) => all.indexOf(j) === i)) {
    const out = join(work, `out-${label.replace(/\W+/g, '-')}-${jobs}`);
    const run = convert([file, '--out', out, '--jobs', String(jobs), '--quiet']);
    if (run.code !== 0)
      throw new Error(`bench: conversion of ${file} with --jobs ${jobs} failed (${run.code})`);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
    const written = report.buildings.written + report.otherObjects.written;
    rows.push({
      input: label,
      tool: `stadtmodell convert --jobs ${jobs}${THREADS_LABEL[jobs] ?? ''}`,
      seconds: run.seconds,
      cpuSeconds: run.cpuSeconds,
      mbPerSecond: size / 1e6 / run.seconds,
      buildingsPerSecond: report.buildings.read / run.seconds,
      peakRssMiB: run.peakRssMiB,
      bytesPerBuilding: report.output.bytes / Math.max(1, written),
      ratioToLibcitygml: parseSeconds === undefined ? undefined : parseSeconds / run.seconds,
      speedup: oneThread ? oneThread.seconds / run.seconds : undefined,
    });
    if (jobs === 0) {
      oneThread = { seconds: run.seconds, cpuSeconds: run.cpuSeconds, report };
      breakdowns.push(`${label}:\n${outputBreakdown(out, written)}`);
    } else if (jobs === 1) twoThreads = run;
    if ((jobs === 1 || jobs === 2) && oneThread) {
      const what = jobs === 1 ? '1 → 2 threads (--jobs 0 → 1)' : '1 thread → 2 workers + main (--jobs 0 → 2)';
      rows.push({
        input: label,
        tool: `${what}: ${(oneThread.seconds / run.seconds).toFixed(2)}× faster (CPU ${(oneThread.cpuSeconds ?? NaN).toFixed(1)} → ${(run.cpuSeconds ?? NaN).toFixed(1)} s)`,
        seconds: run.seconds,
        cpuSeconds: run.cpuSeconds,
        mbPerSecond: size / 1e6 / run.seconds,
        speedup: oneThread.seconds / run.seconds,
      });
    }
    if (jobs === 2 && twoThreads)
      rows.push({
        input: label,
        tool: `1 → 2 workers (--jobs 1 → 2): ${(twoThreads.seconds / run.seconds).toFixed(2)}× faster`,
        seconds: run.seconds,
        cpuSeconds: run.cpuSeconds,
        mbPerSecond: size / 1e6 / run.seconds,
        speedup: twoThreads.seconds / run.seconds,
      });
    rmSync(out, { recursive: true, force: true });
  }
  if (oneThread) {
    const outs: [string, string] = [join(work, 'out-pair-a'), join(work, 'out-pair-b')];
    const pair = convertPairAtOnce(file, outs);
    for (const out of outs) rmSync(out, { recursive: true, force: true });
    if (pair.code !== 0) throw new Error(`bench: two conversions of ${file} at once failed (${pair.code})`);
    const gain = (2 * oneThread.seconds) / pair.seconds;
    rows.push({
      input: label,
      tool: `host ceiling: 2 one-thread runs at once (2 processes): ${gain.toFixed(2)}× the throughput of one (CPU ${(oneThread.cpuSeconds ?? NaN).toFixed(1)} → ${(pair.cpuSeconds ?? NaN).toFixed(1)} s for two)`,
      seconds: pair.seconds,
      cpuSeconds: pair.cpuSeconds,
      mbPerSecond: (2 * size) / 1e6 / pair.seconds,
      speedup: gain,
    });
    rows.push(...stageRows(label, size, oneThread.report));
  }
  const alternating = alternatingRatio(label, file, size);
  if (alternating) rows.push(alternating);
  // --update with the input unchanged: the meshes come from the cache written by the first run, and
  // every tile from the previous output (the floor of an incremental run over this input).
  const out = join(work, `out-${label.replace(/\W+/g, '-')}-update`);
  const updateArgs = [file, '--out', out, '--update', out, '--quiet'];
  if (convert(updateArgs).code === 0) {
    const run = convert(updateArgs);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
    if (run.code === 0 && report.update?.read.length === 0)
      rows.push({
        input: label,
        tool: `stadtmodell convert --update, input unchanged (${report.update.tiles.reused} tiles reused)`,
        seconds: run.seconds,
        cpuSeconds: run.cpuSeconds,
        mbPerSecond: size / 1e6 / run.seconds,
        buildingsPerSecond: report.buildings.read / run.seconds,
        peakRssMiB: run.peakRssMiB,
      });
  }
  rmSync(out, { recursive: true, force: true });
  rmSync(`${out}.meshes`, { recursive: true, force: true });
  return rows;
}

interface ValidatorReport {
  issues: { messages: { severity: number; code: string; message: string }[] };
}
const gltfValidator = createRequire(import.meta.url)('gltf-validator') as {
  validateBytes: (bytes: Uint8Array, options?: { maxIssues?: number }) => Promise<ValidatorReport>;
};

/** Shape of a tileset on disk: tiles, depth and JSON files, external tilesets followed. */
interface TilesetStructure {
  tiles: number;
  /** Levels of tiles from the root (root alone: 1), across external tilesets. */
  depth: number;
  contents: string[];
  jsonFiles: number;
  largestJson: { path: string; bytes: number };
}

function tilesetStructure(out: string): TilesetStructure {
  const structure: TilesetStructure = {
    tiles: 0,
    depth: 0,
    contents: [],
    jsonFiles: 0,
    largestJson: { path: '', bytes: 0 },
  };
  interface Tile {
    content?: { uri: string };
    children?: Tile[];
  }
  const visit = (tile: Tile, base: string, depth: number, external: boolean): void => {
    // The root of an external tileset stands in for the tile that references it: not a level of its own.
    if (!external) {
      structure.tiles += 1;
      structure.depth = Math.max(structure.depth, depth);
    }
    const uri = tile.content?.uri;
    if (uri?.endsWith('.json')) openJson(join(base, uri), depth);
    else if (uri) structure.contents.push(join(base, uri));
    for (const child of tile.children ?? []) visit(child, base, depth + 1, false);
  };
  const openJson = (path: string, depth: number): void => {
    const bytes = statSync(join(out, path)).size;
    structure.jsonFiles += 1;
    if (bytes > structure.largestJson.bytes) structure.largestJson = { path, bytes };
    const json = JSON.parse(readFileSync(join(out, path), 'utf8')) as { root: Tile };
    const base = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
    visit(json.root, base, depth, depth > 0);
  };
  openJson('tileset.json', 0);
  structure.depth += 1;
  return structure;
}

/** Validates the output: `validateTileset` over everything, gltf-validator on `sample` tiles spread evenly. */
async function validateOutput(
  out: string,
  contents: string[],
  sample: number,
): Promise<{ tilesetErrors: string[]; gltfErrors: string[]; gltfChecked: number }> {
  const tileset = JSON.parse(readFileSync(join(out, 'tileset.json'), 'utf8')) as unknown;
  const read = (uri: string) => {
    try {
      return new Uint8Array(readFileSync(join(out, uri)));
    } catch {
      return undefined;
    }
  };
  const tilesetErrors = validateTileset(tileset, read);
  const picked = [
    ...new Set(
      Array.from({ length: Math.min(sample, contents.length) }, (_, i) =>
        Math.floor((i * contents.length) / Math.min(sample, contents.length)),
      ),
    ),
  ].map((i) => contents[i]!);
  const gltfErrors: string[] = [];
  for (const uri of picked) {
    const report = await gltfValidator.validateBytes(readFileSync(join(out, uri)), { maxIssues: 0 });
    for (const m of report.issues.messages.filter((m) => m.severity === 0))
      gltfErrors.push(`${uri}: ${m.code} ${m.message}`);
  }
  return { tilesetErrors, gltfErrors, gltfChecked: picked.length };
}

/**
 * The demo city streamed into the converter: this process generates it into `convert -` (standard
 * input) with backpressure, so the input never exists as a file; or, `fromFile`, into a file first,
 * which the converter then reads (the generator's time is not the converter's then). Prints the figures
 * and checks.
 */
async function largeDemoRun(count: number, fromFile: boolean): Promise<Row> {
  const out = join(work, 'out-demo-large');
  const jobs = values.jobs ?? (fromFile ? undefined : String(availableParallelism()));
  /** Buildings and UTF-8 bytes the generator wrote. */
  let generated: { buildings: number; bytes: number } | undefined;
  let generatorCpu: NodeJS.CpuUsage | undefined;
  const file = fromFile ? join(work, 'demo-city-large.gml') : undefined;
  if (file) {
    const cpuBefore = process.cpuUsage();
    generated = await writeDemoCity({ out: file, buildings: count });
    generatorCpu = process.cpuUsage(cpuBefore);
  }
  const args = [
    ...CONVERT_NODE_FLAGS,
    bin,
    file ?? '-',
    '--out',
    out,
    ...(jobs ? ['--jobs', jobs] : []),
    '--quiet',
  ];
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const stdio: ['pipe' | 'ignore', 'ignore', 'pipe'] = [file ? 'ignore' : 'pipe', 'ignore', 'pipe'];
  const child = hasTime
    ? spawn('/usr/bin/time', ['-v', process.execPath, ...args], { stdio, env: convertEnv })
    : spawn(process.execPath, args, { stdio, env: convertEnv });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => (stderr += text));
  if (!file) {
    const stdin = child.stdin!;
    stdin.on('error', () => undefined); // a converter that died is reported by its exit code
    try {
      const { bytes, summary } = await writeDemoCityTo(stdin, { buildings: count });
      generated = { buildings: summary.buildings, bytes };
    } finally {
      stdin.end();
    }
    generatorCpu = process.cpuUsage(cpuBefore);
  }
  const code = await exited;
  const seconds = (performance.now() - started) / 1000;
  if (file && !values.keep) rmSync(file, { force: true });
  if (code !== 0) {
    console.error(stderr.split('\n').slice(-15).join('\n'));
    throw new Error(`bench: ${file ? 'file' : 'streamed'} conversion failed (${code})`);
  }
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  const converterCpu = user && system ? Number(user[1]) + Number(system[1]) : undefined;
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
  const written = report.buildings.written + report.otherObjects.written;
  const structure = tilesetStructure(out);
  const validationStarted = performance.now();
  const checks = await validateOutput(out, structure.contents, 64);
  const validationSeconds = (performance.now() - validationStarted) / 1000;
  if (!generated || !generatorCpu) throw new Error('bench: the demo city was not generated');
  const accounted =
    report.buildings.read === generated.buildings &&
    report.buildings.written + report.buildings.dropped === report.buildings.read;
  const megabytes = generated.bytes / 1e6;
  console.log(
    [
      file
        ? `\nfrom a file: demo city, ${generated.buildings} buildings (${megabytes.toFixed(0)} MB of CityGML) → convert <file>${jobs ? ` --jobs ${jobs}` : ''}`
        : `\nstreamed: demo city, ${generated.buildings} buildings (${megabytes.toFixed(0)} MB of CityGML, never on disk) → convert - --jobs ${jobs}`,
      `  wall ${seconds.toFixed(1)} s (${(generated.buildings / seconds).toFixed(0)} buildings/s, ${(megabytes / seconds).toFixed(1)} MB/s); converter CPU ${converterCpu?.toFixed(1) ?? '-'} s, peak RSS ${rss ? (Number(rss[1]) / 1024).toFixed(0) : '-'} MiB; generator CPU ${((generatorCpu.user + generatorCpu.system) / 1e6).toFixed(1)} s (${file ? 'before the conversion' : 'this process, same cores'})`,
      `  report.json: read ${report.buildings.read}, written ${report.buildings.written}, dropped ${report.buildings.dropped}, other objects ${report.otherObjects.written}; every generated building accounted for: ${accounted ? 'yes' : 'NO'}; phases ${JSON.stringify(report.phases)}`,
      `  output ${(report.output.bytes / 1e6).toFixed(1)} MB, ${(report.output.bytes / Math.max(1, written)).toFixed(0)} B/object (${(report.output.bytes / Math.max(1, report.buildings.written)).toFixed(0)} B/building); ${structure.tiles} tiles (${structure.contents.length} GLBs), depth ${structure.depth}, ${structure.jsonFiles} tileset JSON files, largest ${structure.largestJson.path} ${(structure.largestJson.bytes / 1024).toFixed(0)} KiB`,
      `  validateTileset (every tile and GLB): ${checks.tilesetErrors.length} errors${checks.tilesetErrors.length ? ` (first: ${checks.tilesetErrors.slice(0, 3).join('; ')})` : ''}; gltf-validator on ${checks.gltfChecked} tiles: ${checks.gltfErrors.length} errors${checks.gltfErrors.length ? ` (first: ${checks.gltfErrors.slice(0, 3).join('; ')})` : ''} (${validationSeconds.toFixed(0)} s)`,
      `  load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (1/5/15 min)`,
    ].join('\n'),
  );
  rmSync(out, { recursive: true, force: true });
  if (!accounted || checks.tilesetErrors.length > 0 || checks.gltfErrors.length > 0) process.exitCode = 1;
  return {
    input: `demo city ${generated.buildings} buildings, ${file ? 'from a file' : 'streamed'} (${megabytes.toFixed(0)} MB)`,
    tool: file
      ? `stadtmodell convert <file>${jobs ? ` --jobs ${jobs}` : ' (default threads)'}`
      : `stadtmodell convert - --jobs ${jobs} (generator in the same run)`,
    seconds,
    cpuSeconds: converterCpu,
    mbPerSecond: megabytes / seconds,
    buildingsPerSecond: report.buildings.read / seconds,
    peakRssMiB: rss ? Number(rss[1]) / 1024 : undefined,
    bytesPerBuilding: report.output.bytes / Math.max(1, written),
  };
}

const work = mkdtempSync(join(tmpdir(), 'bench-convert-'));
try {
  const rows: Row[] = [];
  if (values['demo-only']) {
    // a skipped
  } else if (existsSync(nrwTile)) {
    const nrwFile = join(work, 'nrw-repeated.gml');
    repeatNrwTile(nrwFile, megabytes * 1e6);
    rows.push(...benchmark(`NRW tile ×n (${(statSync(nrwFile).size / 1e6).toFixed(0)} MB)`, nrwFile));
    if (!values.keep) rmSync(nrwFile, { force: true });
  } else console.warn(`bench: ${nrwTile} not found; NRW case skipped`);
  if (streamed) rows.push(await largeDemoRun(buildings, fromFile));
  else {
    const demoFile = join(work, 'demo-city.gml');
    await writeDemoCity({ out: demoFile, buildings });
    rows.push(
      ...benchmark(
        `demo city ${buildings} buildings (${(statSync(demoFile).size / 1e6).toFixed(0)} MB)`,
        demoFile,
      ),
    );
  }
  const fixed = (v: number | undefined, digits: number) => (v === undefined ? '-' : v.toFixed(digits));
  console.log(
    `\nconvert throughput (${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}, node ${process.version}${hasTime ? '' : ', no /usr/bin/time: RSS unknown'})`,
  );
  console.table(
    rows.map((r) => ({
      input: r.input,
      tool: r.tool,
      s: fixed(r.seconds, 1),
      'CPU s': fixed(r.cpuSeconds, 1),
      'MB/s': fixed(r.mbPerSecond, 1),
      'buildings/s': fixed(r.buildingsPerSecond, 0),
      'peak RSS MiB': fixed(r.peakRssMiB, 0),
      'output B/building': fixed(r.bytesPerBuilding, 0),
      'speed vs libcitygml parse': fixed(r.ratioToLibcitygml, 2),
      'speed-up vs one thread': fixed(r.speedup, 2),
      'stage share %': r.share === undefined ? '-' : (r.share * 100).toFixed(0),
    })),
  );
  const worstRss = Math.max(
    ...rows.filter((r) => r.tool.startsWith('stadtmodell')).map((r) => r.peakRssMiB ?? 0),
  );
  console.log(
    'stage rows: thread seconds of the one-thread (--jobs 0) run per stage (report.json phases.stages), MB/s = input MB / stage seconds',
  );
  for (const breakdown of breakdowns) console.log(`output bytes by part, ${breakdown}`);
  console.log(
    `target: ratio ≥ 1.0 with all cores, peak RSS ≤ 512 MiB (worst here: ${worstRss.toFixed(0)} MiB)`,
  );
  const resultFile = join(repoRoot, '.cache', 'bench', 'convert-throughput.json');
  mkdirSync(join(repoRoot, '.cache', 'bench'), { recursive: true });
  writeFileSync(resultFile, `${JSON.stringify(rows, null, 2)}\n`);
  console.log(`bench: figures written to ${resultFile}`);
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
  else console.log(`bench: inputs kept in ${work}`);
}
