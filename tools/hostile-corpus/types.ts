/** The shape of a hostile-input case: what it writes, how it is run, and the outcome a correct converter gives. */

/** What a case's `make` prepared: the command line (inputs, `--out`) and what to check afterwards. */
export interface CaseSetup {
  /** Input arguments as passed to the bin (absolute paths unless `cwd` is set). */
  inputs: string[];
  /** The `--out` argument. */
  out: string;
  /** Working directory of the run (default: the case directory). */
  cwd?: string;
  /** Paths (relative to the case directory) that must still exist unchanged (size, mtime, bytes). */
  survivors?: string[];
  /** Paths (relative to the case directory, may lead out of it) that must not exist after the run. */
  mustNotExist?: string[];
  /** Temporaries of other processes put next to `--out` that the run must clean up. */
  staleTemporaries?: string[];
}

/** The outcome a correct converter gives for one case. */
export interface CaseExpectation {
  /** Allowed exit codes. */
  exitCodes: (0 | 1 | 2)[];
  /** Names the file and what was expected: stderr must match it when the exit code is not 0. */
  message: RegExp;
  /**
   * When the run exits 0: stderr plus report.json's dropped/warnings/errors (one line each,
   * `file:line id reason`) must match it, e.g. the dropped building and why.
   */
  reportMessage?: RegExp;
  /** report.json `buildings` counts, when the case fixes them. */
  read?: number;
  written?: number;
  writtenAtLeast?: number;
  dropped?: number;
  /** Byte strings that must appear in some output file (e.g. an attribute kept as text). */
  outputContains?: string[];
  /** Byte strings that must appear in no output file and not on stderr (secrets, injected content). */
  outputLacks?: string[];
  /** Peak resident set size the run must stay under, MiB (checked where `/usr/bin/time` exists). */
  maxRssMiB?: number;
}

/** Where a case runs: the unit test, the benchmark, both, or only the browser's end-to-end test. */
export type CaseScope = 'both' | 'test' | 'bench' | 'browser';

/** One hostile input. */
export interface HostileCase {
  name: string;
  description: string;
  scope: CaseScope;
  /** Writes the case's files into `dir` (an empty directory) and says how to run it. */
  make(dir: string): Promise<CaseSetup>;
  /** Extra CLI flags. */
  args?: string[];
  /**
   * Convert a small good input into `--out` before the run, so a failing run can be checked for
   * leaving that previous output byte-identical.
   */
  previous?: boolean;
  /** Run this many processes at once on the same `--out` (default 1). */
  concurrent?: number;
  expect: CaseExpectation;
}
