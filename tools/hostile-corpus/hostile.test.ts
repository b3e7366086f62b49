/**
 * The hostile-input corpus (tools/hostile-corpus/generate.ts) through the real converter bin: every
 * test-sized case runs as a child process, bounded in time (a run that hangs is killed and fails as
 * "stalled"; no timing is asserted otherwise), and must keep the invariants checked in run-case.ts and
 * its own expectation. Two cases run at once, so the suite stays within a few minutes on a loaded
 * two-core machine; inputs are generated in the system's temporary folder and removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CASES } from './generate.ts';
import { CONVERT_BIN, runCase } from './run-case.ts';

/** A case that runs longer than this is killed and reported as stalled. */
const CASE_TIMEOUT_MS = 60_000;
/** Cases in flight at once (the machine has two cores; each run also starts worker threads). */
const CONCURRENCY = 2;
/**
 * The whole suite's bound: cases still queued when it is spent fail as "not run" instead of keeping
 * the test run going (each started case still has its own CASE_TIMEOUT_MS).
 */
const SUITE_BUDGET_MS = 6 * 60_000;
const suiteStarted = performance.now();

const root = mkdtempSync(join(tmpdir(), 'hostile-corpus-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A counting semaphore: `it.concurrent` starts every case at once; this lets `CONCURRENCY` run. */
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(work: () => Promise<T>): Promise<T> {
  while (running >= CONCURRENCY) await new Promise<void>((wake) => waiting.push(wake));
  if (performance.now() - suiteStarted > SUITE_BUDGET_MS) {
    waiting.shift()?.();
    throw new Error(`not run: the suite's ${SUITE_BUDGET_MS / 60_000} min budget is spent`);
  }
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

describe('hostile inputs through the converter bin', () => {
  beforeAll(() => {
    // Builds the esbuild bundle once, before cases race to build it.
    spawnSync(process.execPath, [CONVERT_BIN, '--help'], { stdio: 'ignore', timeout: 120_000 });
  }, 180_000);

  for (const hostileCase of TEST_CASES) {
    it.concurrent(
      `${hostileCase.name}: ${hostileCase.description}`,
      async () => {
        const result = await slot(() => runCase(hostileCase, root, { timeoutMs: CASE_TIMEOUT_MS }));
        const observed = result.runs
          .map((run) => `exit ${run.stalled ? 'stalled' : (run.code ?? run.signal)}`)
          .join(', ');
        expect(result.failures, `${hostileCase.name} (${observed})`).toEqual([]);
      },
      // Queue wait (bounded by the suite budget) plus this case's own runs (previous output, the run).
      SUITE_BUDGET_MS + 3 * CASE_TIMEOUT_MS,
    );
  }
});
