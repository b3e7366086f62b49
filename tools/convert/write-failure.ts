/**
 * Failed writes of the converter's output and scratch files, as one line a person can act on. Node's own
 * message for a full disk is "ENOSPC: no space left on device, write": it names neither the file nor the way out.
 */

/** What each write error code a person can act on means, and what to do about it. */
const WRITE_PROBLEMS: Record<string, { meaning: string; remedy: string }> = {
  ENOSPC: { meaning: 'the disk is full', remedy: 'free space on that disk or give another --out' },
  EDQUOT: {
    meaning: 'the disk quota is used up',
    remedy: 'free space within the quota or give another --out',
  },
  EFBIG: {
    meaning: 'the file is too large for that file system',
    remedy: 'give an --out on another file system',
  },
  EROFS: { meaning: 'the file system is read-only', remedy: 'give an --out on a writable file system' },
  EACCES: { meaning: 'permission denied', remedy: 'give an --out you may write to' },
  EPERM: { meaning: 'operation not permitted', remedy: 'give an --out you may write to' },
  EIO: {
    meaning: 'the disk reported an input/output error',
    remedy: 'check the disk, or give another --out',
  },
};

/**
 * `error` from writing the file `subject` names (what it is, with its path) as an Error whose message names the
 * file, the problem and the remedy (the CLI puts its name before it); errors of other kinds are returned as they are.
 */
export function writeFailure(error: unknown, subject: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const problem = code === undefined ? undefined : WRITE_PROBLEMS[code];
  if (!problem) return error;
  return new Error(`could not write ${subject}: ${problem.meaning} (${code}); ${problem.remedy}`, {
    cause: error,
  });
}

/** Runs `write` (a write of the file `subject` names), turning a failure into `writeFailure`'s error. */
export function writing<T>(subject: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    throw writeFailure(error, subject);
  }
}
