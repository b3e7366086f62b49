/**
 * Error helpers shared by the core, the CLI and the browser workers.
 */

/** The message of a caught value: an `Error`'s message, anything else as `String(value)`. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
