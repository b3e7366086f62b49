/**
 * The `.3tz` output of `--format 3tz`: staged like a folder output (tools/convert/output.ts), then
 * streamed into one archive that replaces `<out>` by rename. Node-only adapter.
 */
import {
  closeSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { TilesetArchiveWriter } from '../../src/core/tiles/archive.ts';
import type { TilesetFile } from '../../src/core/tiles/types.ts';
import { listZip } from '../../src/core/zip/read-zip.ts';
import {
  markerBytes,
  OUTPUT_DEFAULTS,
  OUTPUT_MARKER,
  OutputRefusedError,
  realpathNearest,
  removeStaleTemporaries,
  stageFile,
  within,
  type RunOutput,
  type StagedOutputOptions,
  type TemporaryKind,
} from './output.ts';
import { writing } from './write-failure.ts';

/** The file name ending `--out` needs with `--format 3tz`. */
export const ARCHIVE_EXTENSION = '.3tz';

/**
 * Appended to the archive's name for a failed run's report beside it (`<out>.report.failed.json`):
 * recognised as the converter's by name, and removed by the next successful run.
 */
export const ARCHIVE_FAILED_REPORT_SUFFIX = '.report.failed.json';

/** ZIP end of central directory record: signature, and its size without a comment (bytes). */
const END_RECORD = 0x06054b50;
const END_RECORD_BYTES = 22;
/** A central directory larger than this is not one of ours (65535 entries with long names fit easily). */
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;

/**
 * The entry names of the ZIP file at `path`, read from its central directory only (the end record is
 * searched in the last 64 KiB; no entry is read or inflated, so a huge archive costs little); undefined
 * when the file is not a ZIP the core reader can list.
 */
export function zipEntryNames(path: string): string[] | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const tailLength = Math.min(size, END_RECORD_BYTES + 0xffff);
    const tail = new Uint8Array(tailLength);
    readSync(fd, tail, 0, tailLength, size - tailLength);
    const tailView = new DataView(tail.buffer);
    let end = -1;
    for (let at = tailLength - END_RECORD_BYTES; at >= 0; at -= 1) {
      if (tailView.getUint32(at, true) === END_RECORD) {
        end = at;
        break;
      }
    }
    if (end < 0) return undefined;
    const endAt = size - tailLength + end;
    const directoryOffset = tailView.getUint32(end + 16, true);
    if (directoryOffset > endAt || endAt - directoryOffset > MAX_DIRECTORY_BYTES) return undefined;
    // The directory and the end record alone, the record's directory offset moved to 0, so listZip
    // finds everything it reads without the entries' bytes.
    const bytes = new Uint8Array(size - directoryOffset);
    readSync(fd, bytes, 0, bytes.length, directoryOffset);
    new DataView(bytes.buffer).setUint32(endAt - directoryOffset + 16, 0, true);
    return listZip(bytes, path, true).map((entry) => entry.name);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * What an archive `--out` holds now: nothing, or our earlier archive (a ZIP with the marker entry).
 * Anything else (a symlink, a directory, another file) is refused with `OutputRefusedError`; `--force`
 * does not apply, since replacing a file cannot keep what is in it.
 */
function inspectArchiveTarget(target: string): 'new' | 'ours' {
  const stat = lstatSync(target, { throwIfNoEntry: false });
  if (!stat) return 'new';
  if (stat.isSymbolicLink())
    throw new OutputRefusedError(target, 'it is a symbolic link; name the archive itself');
  if (stat.isDirectory()) throw new OutputRefusedError(target, 'it is a directory, not a .3tz archive');
  if (!stat.isFile()) throw new OutputRefusedError(target, 'it is not a regular file');
  if (zipEntryNames(target)?.includes(OUTPUT_MARKER)) return 'ours';
  throw new OutputRefusedError(
    target,
    `it is not an archive written by the converter (no ${OUTPUT_MARKER} entry); choose a new name or remove it (--force does not apply to archives)`,
  );
}

/** Writes all of `bytes` at the file position of `fd`. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

/**
 * A `.3tz` output written safely (`--format 3tz`): files are staged in `<out>.tmp-<pid>` as for a
 * folder, and `commit()` streams them one at a time (`TilesetArchiveWriter`; tileset.json first, then
 * the rest in the order written, then report.json and the marker entry) into `<out>.part-<pid>`, syncs
 * it and renames it over `<out>`. Only a new path or our own earlier archive (a ZIP with the marker
 * entry) may be replaced; the constructor refuses anything else and an input (`OutputRefusedError`),
 * and removes temporaries of dead earlier runs. A failed run's report goes beside the archive
 * (`ARCHIVE_FAILED_REPORT_SUFFIX`), which stays byte-identical.
 */
export class StagedArchiveOutput implements RunOutput {
  readonly target: string;
  readonly staging: string;
  private readonly previous: 'new' | 'ours';
  /** Paths written, in order (relative, `/`-separated). */
  private readonly written: string[] = [];
  private readonly seen = new Set<string>();
  private finished = false;

  constructor(outFile: string, options: Omit<StagedOutputOptions, 'force'> = {}) {
    this.target = resolve(outFile);
    if (!this.target.endsWith(ARCHIVE_EXTENSION))
      throw new OutputRefusedError(this.target, `an archive's name must end in ${ARCHIVE_EXTENSION}`);
    const real = realpathNearest(this.target);
    for (const input of options.inputs ?? OUTPUT_DEFAULTS.inputs) {
      if (within(realpathNearest(input), real))
        throw new OutputRefusedError(this.target, `it is the input ${input}`);
    }
    mkdirSync(dirname(this.target), { recursive: true });
    removeStaleTemporaries(this.target, options.log ?? OUTPUT_DEFAULTS.log);
    this.previous = inspectArchiveTarget(this.target);
    this.staging = this.scratchPath('tmp');
    rmSync(this.staging, { recursive: true, force: true });
    mkdirSync(this.staging, { recursive: true });
  }

  /** Whether `<out>` is our earlier archive. */
  get replacesOutput(): boolean {
    return this.previous === 'ours';
  }

  /** `<out>.report.failed.json`, beside the archive (new or earlier). */
  get failureReportPath(): string {
    return `${this.target}${ARCHIVE_FAILED_REPORT_SUFFIX}`;
  }

  /** A sibling path of the output for scratch files (e.g. the mesh spool), never part of the output. */
  scratchPath(name: TemporaryKind): string {
    return `${this.target}.${name}-${process.pid}`;
  }

  /** Stages one file (path relative to the tileset root). */
  write(file: TilesetFile): void {
    if (this.finished) throw new Error('convert: output already committed or aborted');
    const relativePath = stageFile(this.staging, file);
    if (!this.seen.has(relativePath)) this.written.push(relativePath);
    this.seen.add(relativePath);
  }

  /**
   * Streams the staged files into the archive and renames it over `<out>`; removes the staging folder
   * and a failed run's report beside the archive. Holds one file in memory at a time.
   */
  commit(): void {
    if (this.finished) throw new Error('convert: output already committed or aborted');
    if (!this.seen.has('tileset.json')) throw new Error('convert: no tileset.json to archive');
    const rest = this.written.filter((path) => path !== 'tileset.json' && path !== 'report.json');
    const order = ['tileset.json', ...rest, ...(this.seen.has('report.json') ? ['report.json'] : [])];
    const part = this.scratchPath('part');
    const writer = new TilesetArchiveWriter();
    const fd = writing(`the archive ${part}`, () => openSync(part, 'w'));
    try {
      const put = (path: string, bytes: Uint8Array) => {
        for (const chunk of writer.add(path, bytes))
          writing(`the archive ${part}`, () => writeAll(fd, chunk));
      };
      for (const path of order) put(path, readFileSync(join(this.staging, path)));
      put(OUTPUT_MARKER, markerBytes(this.written));
      for (const chunk of writer.finish()) writing(`the archive ${part}`, () => writeAll(fd, chunk));
      // On disk before the rename: after a crash `<out>` is the old archive or the whole new one.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(part, this.target);
    this.finished = true;
    rmSync(this.staging, { recursive: true, force: true });
    try {
      rmSync(this.failureReportPath, { force: true });
    } catch {
      // something else than a file under that name: not ours to remove
    }
  }

  /**
   * For a run that converted nothing: writes its report to `<out>.report.failed.json` (by rename,
   * never half-written) and leaves any earlier archive byte-identical; no archive is written.
   */
  commitReportOnly(report: Uint8Array): string | undefined {
    if (this.finished) return undefined;
    this.abort();
    const temporary = this.scratchPath('report');
    writeFileSync(temporary, report);
    renameSync(temporary, this.failureReportPath);
    return this.failureReportPath;
  }

  /** Deletes the staging folder and a partly written archive; `<out>` stays as it was. Safe after commit. */
  abort(): void {
    if (this.finished) return;
    this.finished = true;
    rmSync(this.staging, { recursive: true, force: true });
    rmSync(this.scratchPath('part'), { force: true });
  }
}
