/**
 * Hostile-input benchmark (`npm run bench:hostile`): every case of tools/hostile-corpus/generate.ts,
 * including the big variants the unit test leaves out (50 MiB attribute value, 1 GiB of text without
 * markup, a 1 MiB → 1 GiB zip bomb, a 1 000 000-vertex ring), run through the real bin. Records per
 * case the wall time, peak RSS (GNU time's `%M`: the converter process with its worker threads), the
 * exit code, the first line of the message, and whether the case's expectation and the invariants held.
 * Prints a Markdown table with the load average and writes .tmp/bench-hostile.json.
 *
 * No peer to compare with: no other CityGML converter (citygml-tools, FME's readers, py3dtiles,
 * libcitygml) ships a hostile-input corpus, so there are no published figures for these inputs. Compare
 * the outcomes (exit code, message, memory) between runs of this benchmark instead.
 *
 * Options: `--test-sizes` runs the unit test's case list instead (quick), `--only a,b` picks cases by
 * name, `--timeout <s>` sets the per-run limit (default 300 s; a run past it is killed as "stalled").
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_CASES, TEST_CASES } from '../tools/hostile-corpus/generate.ts';
import { runCase } from '../tools/hostile-corpus/run-case.ts';

const { values } = parseArgs({
  options: {
    'test-sizes': { type: 'boolean' },
    only: { type: 'string' },
    timeout: { type: 'string' },
  },
});
const only = values.only?.split(',').filter(Boolean);
const cases = (values['test-sizes'] ? TEST_CASES : BENCH_CASES).filter((c) => !only || only.includes(c.name));
const timeoutMs = Number(values.timeout ?? 300) * 1000;
const root = mkdtempSync(join(tmpdir(), 'bench-hostile-'));

interface Row {
  name: string;
  expected: string;
  exit: string;
  seconds: number;
  peakRssMiB: number | null;
  message: string;
  ok: boolean;
  failures: string[];
}

const rows: Row[] = [];
const loadBefore = loadavg();
try {
  for (const hostileCase of cases) {
    const result = await runCase(hostileCase, root, { timeoutMs });
    const runs = result.runs;
    const peaks = runs.map((run) => run.peakRssMiB).filter((x): x is number => x !== undefined);
    const row: Row = {
      name: hostileCase.name,
      expected: hostileCase.expect.exitCodes.join('/'),
      exit: runs.map((run) => (run.stalled ? 'stalled' : String(run.code ?? run.signal))).join('+') || '-',
      seconds: Math.max(0, ...runs.map((run) => run.wallSeconds)),
      peakRssMiB: peaks.length ? Math.max(...peaks) : null,
      // The line that says why: the last non-progress line (the summary or the error).
      message:
        runs[0]?.stderr
          .trim()
          .split('\n')
          .filter((line) => line.trim())
          .at(-1)
          ?.slice(0, 160) ?? '',
      ok: result.failures.length === 0,
      failures: result.failures,
    };
    rows.push(row);
    console.error(
      `${row.ok ? 'ok  ' : 'FAIL'} ${row.name}: exit ${row.exit} in ${row.seconds.toFixed(1)} s` +
        (row.ok ? '' : `: ${row.failures.join('; ')}`),
    );
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

const load = loadavg();
const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = [
  '| case | expected exit | exit | s | peak RSS MiB | held | message / failures |',
  '| --- | --- | --- | ---: | ---: | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.expected} | ${r.exit} | ${r.seconds.toFixed(1)} | ${r.peakRssMiB?.toFixed(0) ?? '–'} | ` +
      `${r.ok ? 'yes' : 'NO'} | ${escape(r.ok ? r.message : r.failures.join('; ')).slice(0, 300)} |`,
  ),
].join('\n');
console.log(table);
console.log(
  `\nload average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${load
    .map((x) => x.toFixed(2))
    .join(' ')}; ${rows.filter((r) => r.ok).length}/${rows.length} cases held`,
);
const outDir = resolve(import.meta.dirname, '../.tmp');
mkdirSync(outDir, { recursive: true });
writeFileSync(
  join(outDir, 'bench-hostile.json'),
  JSON.stringify({ date: new Date().toISOString(), loadBefore, loadAfter: load, rows }, null, 2),
);
