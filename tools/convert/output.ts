import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TilesetFile } from '../../src/core/tiles/types.ts';

/**
 * Writes a tileset atomically: everything goes into a temporary sibling directory first, which then
 * replaces `outDir` by rename. A failed or interrupted run leaves the previous output intact (the
 * temporary directory is removed on failure).
 */
export function writeTilesetAtomically(outDir: string, files: Iterable<TilesetFile>): void {
  const target = resolve(outDir);
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.tmp-${process.pid}`;
  rmSync(temporary, { recursive: true, force: true });
  try {
    for (const file of files) {
      const path = join(temporary, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.bytes);
    }
    const previous = `${target}.old-${process.pid}`;
    if (existsSync(target)) renameSync(target, previous);
    renameSync(temporary, target);
    rmSync(previous, { recursive: true, force: true });
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
}
