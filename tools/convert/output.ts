import {
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import type { TilesetFile } from '../../src/core/tiles/types.ts';
import { writing } from './write-failure.ts';

/**
 * Name of the marker file written into every output directory. It lists the files the converter wrote,
 * so a later run recognises the directory as its own and deletes only those files.
 */
export const OUTPUT_MARKER = '.stadtmodell-output.json';

/**
 * Name of a failed run's report inside an earlier output: the earlier tileset keeps its own
 * `report.json` (it describes that tileset). Recognised as the converter's by name in a directory that
 * has our marker, so the next successful run removes it; the marker is not rewritten for it, leaving
 * every earlier file byte-identical.
 */
export const FAILED_REPORT = 'report.failed.json';

/** What the marker file holds. */
export interface OutputMarker {
  tool: 'stadtmodell-convert';
  /** package.json version of the converter that wrote the output. */
  version: string;
  /** Every file written, relative to the output root with `/` separators, sorted; the marker itself not. */
  files: string[];
}

/** Thrown when `--out` names something the converter must not replace; the CLI exits with 2. */
export class OutputRefusedError extends Error {
  constructor(target: string, reason: string) {
    super(`convert: refusing --out ${target}: ${reason}`);
    this.name = 'OutputRefusedError';
  }
}

/** Options of `StagedOutput`; defaults in OUTPUT_DEFAULTS. */
export interface StagedOutputOptions {
  /**
   * Write into an existing non-empty directory without our marker. Its files are kept (those the new
   * output would overwrite are left in `<out>.old-<pid>`); never allowed for a file, a directory holding
   * an input, the current directory or one of its parents, `/` or the home directory.
   */
  force?: boolean;
  /** Paths of the run's inputs: an output equal to or containing one is always refused. */
  inputs?: string[];
  /** Lines about kept or cleaned-up files (default: none). */
  log?: (line: string) => void;
}

export const OUTPUT_DEFAULTS: Required<StagedOutputOptions> = {
  force: false,
  inputs: [],
  log: () => {},
};

/** What `--out` held before this run. */
type Previous =
  | { kind: 'new' | 'empty' }
  /** Our own earlier output (`files` from its marker), or with `force` a foreign directory (no files). */
  | { kind: 'ours' | 'foreign'; files: string[] };

/**
 * Names of our temporaries beside `<out>`: staging directory, mesh spool, moved-aside output, report,
 * and the archive being written (`--format 3tz`).
 */
const TEMPORARY_KINDS = ['tmp', 'spool', 'old', 'report', 'part'] as const;

/** A kind of temporary beside `<out>` (see `scratchPath`). */
export type TemporaryKind = (typeof TEMPORARY_KINDS)[number];

/**
 * What a run writes its output through: a folder (`StagedOutput`) or a `.3tz` archive
 * (`StagedArchiveOutput`). Files are staged, and `commit()` puts them in place at once.
 */
export interface RunOutput {
  /** Absolute path of `--out`. */
  readonly target: string;
  /** Whether `<out>` already holds an earlier output, which a failed run leaves byte-identical. */
  readonly replacesOutput: boolean;
  /** Where `commitReportOnly` writes a failed run's report. */
  readonly failureReportPath: string;
  /** A sibling path of the output for scratch files (e.g. the mesh spool), never part of the output. */
  scratchPath(name: TemporaryKind): string;
  /** Writes one file (path relative to the output root). */
  write(file: TilesetFile): void;
  /** Puts the staged output in place of `<out>`. */
  commit(): void;
  /** For a run that converted nothing: writes its report, keeps any previous output; the path written. */
  commitReportOnly(report: Uint8Array): string | undefined;
  /** Removes the staged files; the previous output stays as it was. Safe after commit. */
  abort(): void;
}

/** The marker file's bytes for an output of `files` (relative paths). */
export function markerBytes(files: Iterable<string>): Uint8Array {
  const marker: OutputMarker = {
    tool: 'stadtmodell-convert',
    version: packageJson.version,
    files: [...files].sort(),
  };
  return new TextEncoder().encode(`${JSON.stringify(marker, null, 2)}\n`);
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The real path of `path`, resolving symlinks of the part that exists (the rest appended as given). */
export function realpathNearest(path: string): string {
  const missing: string[] = [];
  let at = resolve(path);
  for (;;) {
    try {
      return join(realpathSync(at), ...missing.reverse());
    } catch {
      const parent = dirname(at);
      if (parent === at) return resolve(path);
      missing.push(basename(at));
      at = parent;
    }
  }
}

/** Whether path `inner` is `outer` or lies under it (both absolute, resolved the same way). */
export const within = (inner: string, outer: string): boolean =>
  inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);

/**
 * Writes `file` under the staging folder `staging`, creating its folders; returns its path relative to
 * `staging`, `/`-separated (as the marker lists it).
 */
export function stageFile(staging: string, file: TilesetFile): string {
  const path = join(staging, file.path);
  writing(`${file.path} of the output (staged in ${staging})`, () => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.bytes);
  });
  return relative(staging, path).split(sep).join('/');
}

/** Reads the marker of an existing output directory; undefined when it has none or not a valid one. */
export function readOutputMarker(dir: string): OutputMarker | undefined {
  try {
    const marker = JSON.parse(readFileSync(join(dir, OUTPUT_MARKER), 'utf8')) as Partial<OutputMarker>;
    if (marker.tool !== 'stadtmodell-convert' || !Array.isArray(marker.files)) return undefined;
    return {
      tool: marker.tool,
      version: String(marker.version),
      files: marker.files.filter((f): f is string => typeof f === 'string'),
    };
  } catch {
    return undefined;
  }
}

/**
 * Throws `OutputRefusedError` when `target` may never become the output, whatever is in it: `/`, a
 * directory directly under it, the home directory or its parents, the current directory or one of its
 * parents (renaming them away would pull the ground from under the shell), a directory equal to or
 * holding an input.
 */
function refuseUnsafeTarget(target: string, inputs: string[]): void {
  const real = realpathNearest(target);
  if (real === sep || dirname(real) === sep || within(realpathNearest(homedir()), real))
    throw new OutputRefusedError(
      target,
      'it is /, a directory directly under /, or the home directory or one of its parents',
    );
  if (within(realpathNearest(process.cwd()), real))
    throw new OutputRefusedError(target, 'it is the current directory or one of its parents');
  for (const input of inputs) {
    if (within(realpathNearest(input), real))
      throw new OutputRefusedError(target, `it holds the input ${input}`);
  }
}

/**
 * What `target` holds now: nothing, an empty directory, our earlier output, or (with `force`) a foreign
 * directory. Throws `OutputRefusedError` for a file or symlink and (without `force`) a non-empty
 * directory without our marker.
 */
function inspectTarget(target: string, force: boolean): Previous {
  const stat = lstatSync(target, { throwIfNoEntry: false });
  if (!stat) return { kind: 'new' };
  if (stat.isSymbolicLink())
    throw new OutputRefusedError(target, 'it is a symbolic link; name the directory itself');
  if (!stat.isDirectory()) throw new OutputRefusedError(target, 'it is a file, not a directory');
  if (readdirSync(target).length === 0) return { kind: 'empty' };
  const marker = readOutputMarker(target);
  if (marker) return { kind: 'ours', files: marker.files };
  if (force) return { kind: 'foreign', files: [] };
  throw new OutputRefusedError(
    target,
    `it is not empty and was not written by the converter (no ${OUTPUT_MARKER}); choose a new or empty directory, or pass --force to write into it (its files are kept)`,
  );
}

/** Paths of all entries under `dir` (relative, `/`-separated), parents before children; symlinks not followed. */
function walk(dir: string): { path: string; kind: 'dir' | 'file' | 'link' | 'other' }[] {
  const entries: { path: string; kind: 'dir' | 'file' | 'link' | 'other' }[] = [];
  const visit = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      const kind = entry.isSymbolicLink()
        ? 'link'
        : entry.isDirectory()
          ? 'dir'
          : entry.isFile()
            ? 'file'
            : 'other';
      entries.push({ path, kind });
      if (kind === 'dir') visit(path);
    }
  };
  visit('');
  return entries;
}

/** A marker-listed path as a safe absolute path inside `root`, or undefined for anything that could leave it. */
function listedPath(root: string, listed: string): string | undefined {
  if (isAbsolute(listed) || listed.includes('\0')) return undefined;
  const path = join(root, normalize(listed));
  if (!within(path, root) || path === root) return undefined;
  // A symlinked parent directory could point anywhere; only delete where the real parent stays inside.
  try {
    if (!within(realpathSync(dirname(path)), realpathSync(root))) return undefined;
  } catch {
    return undefined;
  }
  return path;
}

/**
 * Empties a moved-aside output directory carefully: deletes the files its marker lists (and a failed
 * run's report beside them, see FAILED_REPORT), the marker, files
 * that live on under the same path in `current` (hard links of carried-over user files: same inode), and
 * then empty directories. Returns the paths that remain (relative); the directory itself is removed
 * when nothing remains.
 */
function clearOldOutput(old: string, current: string | undefined): string[] {
  const marker = readOutputMarker(old);
  const listed = marker ? [...marker.files, FAILED_REPORT] : [];
  for (const file of listed) {
    const path = listedPath(old, file);
    if (path && lstatSync(path, { throwIfNoEntry: false })?.isDirectory() === false) unlinkSync(path);
  }
  if (current) {
    for (const entry of walk(old)) {
      const here = join(old, entry.path);
      const there = join(current, entry.path);
      const thereStat = lstatSync(there, { throwIfNoEntry: false });
      if (!thereStat) continue;
      const hereStat = lstatSync(here);
      const same =
        entry.kind === 'file'
          ? thereStat.ino === hereStat.ino && thereStat.dev === hereStat.dev
          : entry.kind === 'link' && thereStat.isSymbolicLink() && readlinkSync(there) === readlinkSync(here);
      if (same) unlinkSync(here);
    }
  }
  rmSync(join(old, OUTPUT_MARKER), { force: true });
  for (const entry of walk(old).reverse()) {
    if (entry.kind !== 'dir') continue;
    try {
      rmdirSync(join(old, entry.path));
    } catch {
      // not empty: it holds something we did not write
    }
  }
  const remaining = walk(old).map((e) => e.path);
  if (remaining.length === 0) rmdirSync(old);
  return remaining;
}

/**
 * Removes temporaries that earlier runs for the same `target` left behind when they were killed:
 * `<out>.tmp-<pid>`, `<out>.spool-<pid>`, `<out>.report-<pid>`, `<out>.part-<pid>` and `<out>.old-<pid>` whose process is
 * no longer alive. A moved-aside output (`.old-`) is moved back when `<out>` is missing: the run died
 * between the two renames of its commit, so it is the previous `<out>` itself (ours, or with `--force`
 * someone else's directory, which has no marker), and belongs under its name again. Otherwise it is
 * cleared like a replaced output (files its marker does not list stay). Returns the paths removed or
 * restored.
 */
export function removeStaleTemporaries(target: string, log: (line: string) => void = () => {}): string[] {
  const parent = dirname(resolve(target));
  const name = basename(resolve(target));
  const pattern = new RegExp(
    `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(${TEMPORARY_KINDS.join('|')})-(\\d+)$`,
  );
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return removed;
  }
  for (const entry of entries) {
    const match = pattern.exec(entry);
    if (!match) continue;
    const pid = Number(match[2]);
    if (pid === process.pid || isAlive(pid)) continue;
    const path = join(parent, entry);
    if (match[1] === 'old') {
      if (!lstatSync(target, { throwIfNoEntry: false })) {
        renameSync(path, target);
        log(`convert: restored ${target} from ${entry} (left by an interrupted run)`);
      } else {
        const remaining = clearOldOutput(path, target);
        if (remaining.length > 0) {
          log(`convert: kept ${path}: it holds ${remaining.length} files the converter did not write`);
          continue;
        }
      }
    } else rmSync(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}

/**
 * An output directory written safely: files go into a temporary sibling directory
 * (`<out>.tmp-<pid>`), which `commit()` renames into place. Only our own earlier output (recognised by
 * its marker file) is replaced, and of it only the files its marker lists: other files in it are carried
 * over into the new output. `abort()` deletes the temporary directory and leaves the previous output
 * untouched. The constructor refuses unsafe targets (`OutputRefusedError`) and removes temporaries of
 * dead earlier runs (before it looks at what `<out>` holds).
 */
export class StagedOutput implements RunOutput {
  readonly target: string;
  readonly staging: string;
  private readonly previous: Previous;
  private readonly log: (line: string) => void;
  private readonly written = new Set<string>();
  private finished = false;

  constructor(outDir: string, options: StagedOutputOptions = {}) {
    this.target = resolve(outDir);
    this.log = options.log ?? OUTPUT_DEFAULTS.log;
    refuseUnsafeTarget(this.target, options.inputs ?? OUTPUT_DEFAULTS.inputs);
    mkdirSync(dirname(this.target), { recursive: true });
    // Before looking at `<out>`: a dead run's moved-aside output may be moved back into its place, and
    // must then be judged (ours, foreign) like any earlier output.
    removeStaleTemporaries(this.target, this.log);
    this.previous = inspectTarget(this.target, options.force ?? OUTPUT_DEFAULTS.force);
    this.staging = this.scratchPath('tmp');
    rmSync(this.staging, { recursive: true, force: true });
    mkdirSync(this.staging, { recursive: true });
  }

  /** Whether `<out>` already holds an earlier output (ours, or a foreign directory with `force`). */
  get replacesOutput(): boolean {
    return this.previous.kind === 'ours' || this.previous.kind === 'foreign';
  }

  /** `report.json` in a new or empty `<out>`, else FAILED_REPORT beside the earlier tileset. */
  get failureReportPath(): string {
    return join(this.target, this.replacesOutput ? FAILED_REPORT : 'report.json');
  }

  /** A sibling path of the output for scratch files (e.g. the mesh spool), never part of the output. */
  scratchPath(name: TemporaryKind): string {
    return `${this.target}.${name}-${process.pid}`;
  }

  /** Writes one file (path relative to the output root). */
  write(file: TilesetFile): void {
    if (this.finished) throw new Error('convert: output already committed or aborted');
    this.written.add(stageFile(this.staging, file));
  }

  /**
   * Replaces the output directory by the staged one (with the marker). Files of the previous output
   * that its marker does not list are carried over (hard links); any the new output would overwrite stay
   * in `<out>.old-<pid>`, which is then reported. A failed run's `report.failed.json` in our previous
   * output goes with it.
   */
  commit(): void {
    const marker = join(this.staging, OUTPUT_MARKER);
    writing(`${OUTPUT_MARKER} of the output (staged in ${this.staging})`, () =>
      writeFileSync(marker, markerBytes(this.written)),
    );
    if (this.previous.kind === 'empty') {
      try {
        rmdirSync(this.target); // fails when something appeared in it meanwhile
      } catch {
        // replace it carefully below
      }
    }
    if (!existsSync(this.target)) {
      renameSync(this.staging, this.target);
      this.finished = true;
      return;
    }
    const listed = new Set(this.previous.kind === 'ours' ? [...this.previous.files, FAILED_REPORT] : []);
    listed.add(OUTPUT_MARKER);
    // Folders that held listed files (tiles/) come back only if something carried over lives in them;
    // other folders are the user's and are carried over even when empty.
    const listedFolders = new Set<string>();
    for (const file of listed)
      for (let dir = dirname(file); dir !== '.' && dir !== '/'; dir = dirname(dir)) listedFolders.add(dir);
    for (const entry of walk(this.target)) {
      if (listed.has(entry.path)) continue;
      const from = join(this.target, entry.path);
      const to = join(this.staging, entry.path);
      try {
        if (entry.kind === 'dir') {
          if (!listedFolders.has(entry.path)) mkdirSync(to, { recursive: true });
          continue;
        }
        mkdirSync(dirname(to), { recursive: true });
        if (lstatSync(to, { throwIfNoEntry: false }))
          continue; // the new output has this path
        else if (entry.kind === 'link') symlinkSync(readlinkSync(from), to);
        else if (entry.kind === 'file') {
          try {
            linkSync(from, to);
          } catch {
            copyFileSync(from, to);
          }
        }
      } catch {
        // cannot carry it over: it stays in the moved-aside directory
      }
    }
    const old = this.scratchPath('old');
    renameSync(this.target, old);
    renameSync(this.staging, this.target);
    this.finished = true;
    const remaining = clearOldOutput(old, this.target);
    if (remaining.length > 0)
      this.log(
        `convert: kept ${old}: ${remaining.length} files the converter did not write (e.g. ${remaining[0]}) could not be carried into the new output`,
      );
  }

  /**
   * For a run that converted nothing: writes its report and leaves any previous output byte-identical.
   * A new or empty `<out>` becomes a directory with only `report.json` (and the marker). In an existing
   * output the report goes to FAILED_REPORT beside the earlier tileset (by rename, never half-written);
   * its `report.json` and marker stay as they were. In a foreign directory (`force`), a FAILED_REPORT
   * the converter did not write is not overwritten. Returns the path written, or undefined when none.
   */
  commitReportOnly(report: Uint8Array): string | undefined {
    if (this.finished) return undefined;
    rmSync(this.staging, { recursive: true, force: true });
    mkdirSync(this.staging, { recursive: true });
    this.written.clear();
    if (!this.replacesOutput) {
      this.write({ path: 'report.json', bytes: report });
      this.commit();
      return join(this.target, 'report.json');
    }
    this.abort();
    const path = join(this.target, FAILED_REPORT);
    if (this.previous.kind === 'foreign' && lstatSync(path, { throwIfNoEntry: false })) return undefined;
    const temporary = this.scratchPath('report');
    writeFileSync(temporary, report);
    renameSync(temporary, path);
    return path;
  }

  /** Deletes the staging directory; the previous output stays as it was. Safe after commit. */
  abort(): void {
    if (this.finished) return;
    this.finished = true;
    rmSync(this.staging, { recursive: true, force: true });
  }
}

/**
 * Writes a tileset atomically: everything goes into a temporary sibling directory first, which then
 * replaces `outDir` by rename. A failed or interrupted run leaves the previous output intact (the
 * temporary directory is removed on failure).
 */
export function writeTilesetAtomically(
  outDir: string,
  files: Iterable<TilesetFile>,
  options: StagedOutputOptions = {},
): void {
  const output = new StagedOutput(outDir, options);
  try {
    for (const file of files) output.write(file);
    output.commit();
  } catch (error) {
    output.abort();
    throw error;
  }
}
