/** A coordinate reference system problem in the input or the options (unknown, missing or unsupported CRS, point outside a grid). Messages start with "CRS: ". */
export class CrsError extends Error {
  /**
   * @param problem What kind of input problem this is, when the data's srsName is at fault, so callers
   *   can explain it in their own words (a CLI flag, a CRS picker) without reading the message.
   */
  constructor(
    message: string,
    readonly problem?: CrsProblem,
  ) {
    super(message.startsWith('CRS: ') ? message : `CRS: ${message}`);
    this.name = 'CrsError';
  }
}

/**
 * An srsName the data gives (or lacks) that cannot be placed on the globe without an override CRS:
 * `unknown` (not a CRS we have a definition for), `missing` (no srsName at all), `local` (a local
 * engineering CRS). `srsName` is the text as found (absent for `missing`).
 */
export interface CrsProblem {
  kind: 'unknown' | 'missing' | 'local';
  srsName?: string;
}

/** The srsName problem `error` is about, if it is a `CrsError` that names one. */
export function crsProblemOf(error: unknown): CrsProblem | undefined {
  return error instanceof CrsError ? error.problem : undefined;
}
