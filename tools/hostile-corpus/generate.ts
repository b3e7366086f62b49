/**
 * The converter's hostile-input corpus: inputs that real downloads, careless users or attackers hand
 * to `stadtmodell-convert`, each with the outcome a correct converter gives. Nothing here is committed
 * as data: every case writes its files when run (big ones streamed, never held in memory), so the
 * corpus costs no repository space and sizes can differ between the unit test and the benchmark.
 *
 * Used by tools/hostile-corpus/hostile.test.ts (test-sized cases, every run bounded in time) and
 * bench/hostile-inputs.ts (all cases, with the big variants, recording time and peak RSS).
 */
import { CONTENT_CASES } from './cases-content.ts';
import { FILE_CASES } from './cases-files.ts';
import type { HostileCase } from './types.ts';

/** Whole case list; `scope` says where each runs. */
export const HOSTILE_CASES: HostileCase[] = [...FILE_CASES, ...CONTENT_CASES];

/** The cases the unit test runs. */
export const TEST_CASES = HOSTILE_CASES.filter((c) => c.scope === 'both' || c.scope === 'test');
/** The cases the benchmark runs (every CLI case, with the big variants instead of the test-sized ones). */
export const BENCH_CASES = HOSTILE_CASES.filter((c) => c.scope === 'both' || c.scope === 'bench');
