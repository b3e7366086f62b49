import { afterEach, describe, expect, it } from 'vitest';
import {
  defaultInProcessBytes,
  FEW_CORES,
  FEW_CORES_IN_PROCESS_MAX_BYTES,
  IN_PROCESS_MAX_BYTES,
} from './threads.ts';

describe('defaultInProcessBytes', () => {
  const saved = process.env.CONVERT_IN_PROCESS_MAX_BYTES;
  afterEach(() => {
    if (saved === undefined) delete process.env.CONVERT_IN_PROCESS_MAX_BYTES;
    else process.env.CONVERT_IN_PROCESS_MAX_BYTES = saved;
  });

  it('keeps inputs up to 512 MiB on one thread when --jobs is not given on 2 cores or fewer', () => {
    delete process.env.CONVERT_IN_PROCESS_MAX_BYTES;
    expect(FEW_CORES).toBe(2);
    expect(FEW_CORES_IN_PROCESS_MAX_BYTES).toBe(512 * 1024 * 1024);
    expect(defaultInProcessBytes(false, 1)).toBe(FEW_CORES_IN_PROCESS_MAX_BYTES);
    expect(defaultInProcessBytes(false, 2)).toBe(FEW_CORES_IN_PROCESS_MAX_BYTES);
  });

  it('keeps only small inputs on one thread with more cores, or when --jobs is given', () => {
    delete process.env.CONVERT_IN_PROCESS_MAX_BYTES;
    expect(defaultInProcessBytes(false, 3)).toBe(IN_PROCESS_MAX_BYTES);
    expect(defaultInProcessBytes(false, 64)).toBe(IN_PROCESS_MAX_BYTES);
    expect(defaultInProcessBytes(true, 1)).toBe(IN_PROCESS_MAX_BYTES);
    expect(defaultInProcessBytes(true, 2)).toBe(IN_PROCESS_MAX_BYTES);
    expect(IN_PROCESS_MAX_BYTES).toBeLessThan(FEW_CORES_IN_PROCESS_MAX_BYTES);
  });

  it('follows CONVERT_IN_PROCESS_MAX_BYTES whatever the cores', () => {
    process.env.CONVERT_IN_PROCESS_MAX_BYTES = '-1';
    expect(defaultInProcessBytes(false, 2)).toBe(IN_PROCESS_MAX_BYTES);
  });
});
