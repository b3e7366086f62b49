/**
 * Error helpers shared by the core, the CLI and the browser workers.
 */

/** The message of a caught value: an `Error`'s message, anything else as `String(value)`. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The error a cancelled call or job rejects with: named 'AbortError' like `fetch`, so callers tell a
 * cancellation from a failure by `error.name` whichever worker client raised it.
 */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}
