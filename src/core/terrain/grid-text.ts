/**
 * Height grids as text: XYZ point lists and ESRI ASCII grids, told apart by their first line that is not blank
 * (an ASCII grid starts with `ncols` or `nrows`), whatever the file is called: portals name XYZ `.txt` or `.asc`,
 * and GIS exports name ASCII grids `.asc` or `.txt`. Platform-free.
 */
import { EsriAsciiGridReader, startsAsciiGrid } from './ascii-grid.ts';
import { XyzGridReader, type HeightGrid, type XyzGridOptions } from './grid.ts';

/** Which text format a grid was read as, for messages and reports. */
export type GridTextFormat = 'XYZ text' | 'ESRI ASCII grid';

/**
 * Reads XYZ text or an ESRI ASCII grid piece by piece (`push` text split anywhere, `end` gives the grid); the
 * format is chosen once the first line that is not blank is complete. `maxCells` applies to both formats, the
 * other options to XYZ. Throws the chosen reader's `GridFormatError`, `GridSizeError` or `GridSparseError`.
 */
export class GridTextReader {
  private reader: XyzGridReader | EsriAsciiGridReader | undefined;
  private head = '';

  constructor(private readonly options: XyzGridOptions = {}) {}

  /** The format, once known (after the first line that is not blank, or at `end`). */
  get format(): GridTextFormat | undefined {
    if (this.reader === undefined) return undefined;
    return this.reader instanceof EsriAsciiGridReader ? 'ESRI ASCII grid' : 'XYZ text';
  }

  push(text: string): void {
    if (this.reader !== undefined) {
      this.reader.push(text);
      return;
    }
    this.head += text;
    if (!text.includes('\n')) return;
    const firstLine = /^\s*([^\n]*)\n/.exec(this.head);
    if (firstLine !== null) this.choose(firstLine[1]!);
  }

  private choose(firstLine: string): void {
    this.reader = startsAsciiGrid(firstLine)
      ? new EsriAsciiGridReader(
          this.options.maxCells !== undefined ? { maxCells: this.options.maxCells } : {},
        )
      : new XyzGridReader(this.options);
    const head = this.head;
    this.head = '';
    this.reader.push(head);
  }

  end(): HeightGrid {
    if (this.reader === undefined) this.choose(this.head.trimStart());
    return this.reader!.end();
  }
}

/** Parses XYZ text or an ESRI ASCII grid (see `GridTextReader`), with the format it was read as. */
export function parseGridText(
  text: string,
  options: XyzGridOptions = {},
): { grid: HeightGrid; format: GridTextFormat } {
  const reader = new GridTextReader(options);
  reader.push(text);
  return { grid: reader.end(), format: reader.format! };
}

/**
 * Whether `head` (the start of a file) may be a height grid as text: its first line that is not blank starts an
 * ESRI ASCII grid (`ncols`, `nrows`), or it or the next one (after a header line such as "x y z") starts with
 * three numbers. A readme or a licence does not.
 */
export function looksLikeGridText(head: string): boolean {
  const lines = head.trimStart().split('\n', 2);
  if (startsAsciiGrid(lines[0] ?? '')) return true;
  return lines.some((line) => /^\s*[-+]?[\d.][^\s,;]*[\s,;]+[-+]?[\d.][^\s,;]*[\s,;]+[-+]?[\d.]/.test(line));
}
