import { constants } from 'node:os';

/** Signals that interrupt a command-line run: the run aborts cleanly and exits with 128 + n. */
export const INTERRUPTS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** A run's abort: following the caller's `signal` and, while listening, SIGINT, SIGTERM and SIGHUP. */
export interface RunInterrupts {
  /** Aborted when the caller's signal is, or on the first of the interrupting signals. */
  signal: AbortSignal;
  /** The exit status of the interruption: 128 + the number of the signal received (SIGINT's 130 by default). */
  exitStatus(): number;
  /** Stops listening to the process's signals. */
  dispose(): void;
}

/**
 * The abort of one CLI run (converter, terrain): `signal` (tests, callers) is passed on, and with `listen` (the
 * bin) the first SIGINT, SIGTERM or SIGHUP aborts the run cleanly while a second one exits at once, after
 * `onExitAtOnce` had its say (its leftovers are removed by the next run).
 */
export function runInterrupts(
  signal: AbortSignal | undefined,
  listen: boolean,
  onExitAtOnce: (received: NodeJS.Signals) => void = () => {},
): RunInterrupts {
  const abort = new AbortController();
  // A signal aborted before the call fires no event: pass it on at once.
  if (signal?.aborted) abort.abort();
  else signal?.addEventListener('abort', () => abort.abort(), { once: true });
  let interrupted: NodeJS.Signals = 'SIGINT';
  const onSignal = (received: NodeJS.Signals) => {
    if (abort.signal.aborted) {
      onExitAtOnce(received);
      process.exit(128 + constants.signals[received]);
    }
    interrupted = received;
    abort.abort();
  };
  if (listen) for (const name of INTERRUPTS) process.on(name, onSignal);
  return {
    signal: abort.signal,
    exitStatus: () => 128 + constants.signals[interrupted],
    dispose: () => {
      if (listen) for (const name of INTERRUPTS) process.off(name, onSignal);
    },
  };
}
