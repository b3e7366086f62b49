/** Public API of the XPlanGML reader (`reader.ts`): options, limits, the reader interface and its error. */
import type { XPlanDocument, XPlanFeature } from './types.ts';

/** Options of the XPlanGML reader. */
export interface XPlanReadOptions {
  /** File name used in messages. */
  file?: string;
  /** Largest distance between a circular arc and the chords replacing it, in source CRS units (metres). Default 0.01. */
  arcTolerance?: number;
}

/** Warnings kept per document; further ones are counted in a final warning. */
export const MAX_XPLAN_WARNINGS = 1000;

/** A fault that stops reading: names file, line and column (1-based), what was found and what was expected. */
export class XPlanError extends Error {
  file: string | undefined;
  line: number;
  column: number;

  constructor(found: string, expected: string, line: number, column: number, file?: string) {
    super(`XPlanGML reader: ${file ?? '<input>'}:${line}:${column}: ${found}; expected ${expected}`);
    this.name = 'XPlanError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** Incremental reader: `write` returns the features completed by that chunk, `close` the rest and the summary. */
export interface XPlanReader {
  write(chunk: string): XPlanFeature[];
  close(): { features: XPlanFeature[]; document: Omit<XPlanDocument, 'features'> };
}
