/** The life of one import in the layer list, and how worker messages may move it on. */
import type { ConvertProgress } from '../../../workers/convert-api.ts';

export type ImportStatus = 'queued' | 'reading' | 'tiling' | 'ready' | 'error' | 'cancelled';

/** True once an import has ended: ready, failed or cancelled. */
export function isSettled(status: ImportStatus): boolean {
  return status === 'ready' || status === 'error' || status === 'cancelled';
}

/**
 * The entry change a progress message asks for: none once the import has settled. Progress and previews
 * come through their own message ports, so the worker's last one can arrive after its result.
 */
export function progressChange(
  entry: { status: ImportStatus },
  progress: ConvertProgress,
): { status?: ImportStatus; progress?: ConvertProgress } {
  return isSettled(entry.status) ? {} : { status: progress.phase, progress };
}

/**
 * `change` as it may apply to `entry`: without its status (and progress) once the entry has settled, so a
 * late worker message or a cancel racing a result never moves a finished import back or sideways.
 */
export function guardSettled<T extends { status?: ImportStatus; progress?: unknown }>(
  entry: { status: ImportStatus },
  change: T,
): T {
  if (!isSettled(entry.status) || change.status === undefined || change.status === entry.status)
    return change;
  const { status: _status, progress: _progress, ...rest } = change;
  return rest as T;
}
