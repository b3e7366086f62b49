import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCity } from '../demo-city/write.ts';
import { FAILED_REPORT, OUTPUT_MARKER } from './output.ts';
import type { RunReport } from './run.ts';

// The converter bin as a child process: signals, dying worker threads and leftovers of killed runs.
const repoRoot = resolve(import.meta.dirname, '../..');
const dataDir = resolve(repoRoot, '../shared/data');
const hasData = existsSync(dataDir);
if (!hasData) console.warn(`convert interrupt tests: ${dataDir} not found; real-data tests skipped`);
const bin = join(repoRoot, 'tools/convert-bin.mjs');
const small = join(dataDir, 'citygml/niedersachsen-lorup-lod1/LoD1_24065860_2_2021-01-25.gml');
const scratch = mkdtempSync(join(tmpdir(), 'convert-interrupt-'));
const city = join(scratch, 'city.gml');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface BinRun {
  code: number | null;
  signal: string | null;
  stderr: string;
}

/**
 * Runs the converter bin with plain node; `kill` gets the stderr so far and returns the signal to send
 * now (checked on every stderr chunk and every 50 ms), if any.
 */
function runBin(
  args: string[],
  {
    kill,
    env = {},
  }: { kill?: (stderr: string) => NodeJS.Signals | undefined; env?: Record<string, string> } = {},
): Promise<BinRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stderr = '';
    let sent = false;
    const check = () => {
      const signal = !sent && kill?.(stderr);
      if (signal) {
        sent = true;
        child.kill(signal);
      }
    };
    const poll = setInterval(check, 50);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      check();
    });
    child.on('close', (code, signal) => {
      clearInterval(poll);
      done({ code, signal, stderr });
    });
  });
}

/** Every file under `dir` (relative path → content, base64). */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files.set(name, readFileSync(path).toString('base64'));
  }
  return files;
}

/** Our temporaries beside outputs in the scratch directory. */
const leftovers = () => readdirSync(scratch).filter((name) => /\.(tmp|spool|old|report)-\d+$/.test(name));

/** A previous output at `out` (the small Lorup file), for checking it survives byte for byte. */
async function previousOutput(out: string): Promise<Map<string, string>> {
  const first = await runBin([small, '--out', out, '--quiet', '--jobs', '1']);
  expect(first.code).toBe(0);
  return snapshot(out);
}

const reading = (stderr: string) => /files \d+\/\d+/.test(stderr);
const tiling = (stderr: string) => /tiling \d+ objects/.test(stderr);

describe.skipIf(!hasData)('convert bin: interruptions and crashes leave nothing behind', () => {
  beforeAll(async () => {
    // About 29 MB: several seconds of reading and of tiling with two threads.
    await writeDemoCity({ out: city, buildings: 5000 });
  }, 60_000);

  it.each([
    ['SIGINT', 'reading', reading, 130],
    ['SIGINT', 'tiling', tiling, 130],
    ['SIGTERM', 'reading', reading, 143],
    ['SIGHUP', 'reading', reading, 129],
  ] as const)(
    '%s while %s exits cleanly (no uncaught error), keeping the previous output',
    async (signal, _phase, when, code) => {
      const out = join(scratch, `tiles-${signal}-${_phase}`);
      const before = await previousOutput(out);
      const run = await runBin([city, '--out', out, '--jobs', '2'], {
        kill: (stderr) => (when(stderr) ? signal : undefined),
      });
      expect(run.stderr).not.toMatch(/RunInterruptedError|Uncaught|at .*\.mjs:\d+/);
      expect(run.stderr).toMatch(/convert: interrupted/);
      expect(run.signal).toBeNull();
      expect(run.code).toBe(code);
      expect(snapshot(out)).toEqual(before);
      expect(leftovers()).toEqual([]);
    },
    90_000,
  );

  it('removes temporaries a SIGKILLed run left, keeping those of live processes', async () => {
    const out = join(scratch, 'tiles-killed');
    const killed = await runBin([city, '--out', out, '--jobs', '2'], {
      kill: (stderr) => (reading(stderr) ? 'SIGKILL' : undefined),
    });
    expect(killed.signal).toBe('SIGKILL');
    // What a killed run leaves: its spool file and staging directory.
    const left = leftovers();
    expect(left.some((name) => name.startsWith('tiles-killed.spool-'))).toBe(true);
    expect(left.some((name) => name.startsWith('tiles-killed.tmp-'))).toBe(true);
    // Temporaries named with a live PID (this test's) may belong to a run in progress: they stay.
    const live = [`tiles-killed.tmp-${process.pid}`, `tiles-killed.spool-${process.pid}`];
    mkdirSync(join(scratch, live[0]!));
    writeFileSync(join(scratch, live[1]!), 'in use');
    const next = await runBin([small, '--out', out, '--quiet', '--jobs', '1']);
    expect(next.code).toBe(0);
    expect(leftovers().sort()).toEqual(live.sort());
    for (const name of live) rmSync(join(scratch, name), { recursive: true });
  }, 90_000);

  it('a worker thread at its heap limit: exit 1 naming the file, report.failed.json, previous output kept', async () => {
    const out = join(scratch, 'tiles-oom');
    const before = await previousOutput(out);
    const input = join(dataDir, 'citygml/nrw-wesel-lod2/LoD2_32_329_5729_1_NW.gml');
    // 4 MiB of old generation: the worker dies (ERR_WORKER_OUT_OF_MEMORY) right after taking its job.
    // The input is small enough to be read without threads; -1 starts the worker all the same.
    const run = await runBin([input, '--out', out, '--jobs', '1'], {
      env: { CONVERT_WORKER_OLD_MB: '4', CONVERT_IN_PROCESS_MAX_BYTES: '-1' },
    });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    const last = run.stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(
      /^convert: the worker thread reading .*LoD2_32_329_5729_1_NW\.gml ran out of memory/,
    );
    const report = JSON.parse(readFileSync(join(out, FAILED_REPORT), 'utf8')) as RunReport;
    expect(report.status).toBe('failed');
    expect(report.fatal).toBe(last);
    expect(report.previousOutputKept).toBe(true);
    expect(report.errors.at(-1)).toEqual({ file: input, message: last });
    // The previous output is byte-identical, its report.json included; the failed run's report is beside it.
    const after = snapshot(out);
    after.delete(FAILED_REPORT);
    expect(after).toEqual(before);
    expect(leftovers()).toEqual([]);
  }, 90_000);

  it('writes report.json into a new --out when nothing could be converted, and exits 1', async () => {
    const out = join(scratch, 'tiles-nothing');
    const run = await runBin([join(dataDir, 'citygml/val3dity-tudelft/FZK-Haus_full.gml'), '--out', out]);
    expect(run.code).toBe(1);
    expect(readdirSync(out).sort()).toEqual([OUTPUT_MARKER, 'report.json']);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
    expect(report.status).toBe('failed');
    expect(report.fatal).toMatch(/^convert: nothing could be converted/);
    expect(report.previousOutputKept).toBe(false);
    expect(leftovers()).toEqual([]);
  }, 60_000);

  it('refuses --out holding files it did not write, with exit 2 and one line, deleting nothing', async () => {
    const out = join(scratch, 'precious');
    mkdirSync(out);
    writeFileSync(join(out, 'thesis.tex'), 'precious');
    const run = await runBin([small, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^convert: refusing --out .*--force/),
    ]);
    expect(readdirSync(out)).toEqual(['thesis.tex']);
    const inputDir = await runBin([small, '--out', join(dataDir, 'citygml/niedersachsen-lorup-lod1')]);
    expect(inputDir.code).toBe(2);
    expect(inputDir.stderr).toMatch(/holds the input/);
    const forced = await runBin([small, '--out', out, '--force', '--quiet']);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(out, 'thesis.tex'), 'utf8')).toBe('precious');
    expect(existsSync(join(out, 'tileset.json'))).toBe(true);
    expect(leftovers()).toEqual([]);
  }, 60_000);
});
