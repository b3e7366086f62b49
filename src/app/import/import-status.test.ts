import { describe, expect, it } from 'vitest';
import { guardSettled, isSettled, progressChange } from './import-status.ts';
import type { ImportStatus } from './import-status.ts';
import type { ConvertProgress } from '../../../workers/convert-api.ts';

const tiling: ConvertProgress = { phase: 'tiling', bytesRead: 10, bytesTotal: 10, buildings: 3 };

describe('import status', () => {
  it('moves a running import on with each progress message', () => {
    for (const status of ['queued', 'reading', 'tiling'] as ImportStatus[]) {
      expect(isSettled(status)).toBe(false);
      expect(progressChange({ status }, tiling)).toEqual({ status: 'tiling', progress: tiling });
    }
  });

  it('ignores a progress message that arrives after the import has settled (its own message port)', () => {
    for (const status of ['ready', 'error', 'cancelled'] as ImportStatus[]) {
      expect(isSettled(status)).toBe(true);
      expect(progressChange({ status }, tiling)).toEqual({});
    }
  });

  it('never moves a settled import to another status, but keeps the rest of the change', () => {
    const problems = [{ file: 'a.gml', message: 'late' }];
    expect(guardSettled({ status: 'ready' }, { status: 'cancelled' as ImportStatus, problems })).toEqual({
      problems,
    });
    expect(guardSettled({ status: 'cancelled' }, { status: 'ready' as ImportStatus })).toEqual({});
    expect(guardSettled({ status: 'tiling' }, { status: 'ready' as ImportStatus })).toEqual({
      status: 'ready',
    });
  });
});
