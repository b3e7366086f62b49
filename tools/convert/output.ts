import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TilesetFile } from '../../src/core/tiles/types.ts';

/**
 * An output directory written safely: files go into a temporary sibling directory
 * (`<out>.tmp-<pid>`), which `commit()` renames into place (the previous output is moved aside
 * first and deleted after). `abort()` deletes the temporary directory and leaves the previous output
 * untouched.
 */
export class StagedOutput {
  readonly target: string;
  readonly staging: string;
  private finished = false;

  constructor(outDir: string) {
    this.target = resolve(outDir);
    mkdirSync(dirname(this.target), { recursive: true });
    this.staging = `${this.target}.tmp-${process.pid}`;
    rmSync(this.staging, { recursive: true, force: true });
    mkdirSync(this.staging, { recursive: true });
  }

  /** A sibling path of the output for scratch files (e.g. the mesh spool), never part of the output. */
  scratchPath(name: string): string {
    return `${this.target}.${name}-${process.pid}`;
  }

  /** Writes one file (path relative to the output root). */
  write(file: TilesetFile): void {
    const path = join(this.staging, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.bytes);
  }

  /** Replaces the output directory by the staged one. */
  commit(): void {
    const previous = `${this.target}.old-${process.pid}`;
    rmSync(previous, { recursive: true, force: true });
    if (existsSync(this.target)) renameSync(this.target, previous);
    renameSync(this.staging, this.target);
    this.finished = true;
    rmSync(previous, { recursive: true, force: true });
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
export function writeTilesetAtomically(outDir: string, files: Iterable<TilesetFile>): void {
  const output = new StagedOutput(outDir);
  try {
    for (const file of files) output.write(file);
    output.commit();
  } catch (error) {
    output.abort();
    throw error;
  }
}
