import { describe, expect, it } from 'vitest';
import { EsriAsciiGridReader, parseAsciiGrid } from './ascii-grid.ts';
import { GridFormatError, GridSizeError } from './grid.ts';
import { GridTextReader, parseGridText } from './grid-text.ts';

/** 3 columns × 2 rows, northern row first; the south-west cell's outer corner at (280000, 5652000). */
const CORNER = `ncols 3
nrows 2
xllcorner 280000
yllcorner 5652000
cellsize 1
NODATA_value -9999
10 11 12
20 -9999 22
`;

describe('parseAsciiGrid', () => {
  it('puts heights at cell centres: xllcorner is the outer corner, xllcenter the centre; row 0 is north', () => {
    const grid = parseAsciiGrid(CORNER);
    expect(grid).toMatchObject({
      width: 3,
      height: 2,
      originX: 280000.5,
      originY: 5652001.5,
      stepX: 1,
      stepY: -1,
    });
    expect(Array.from(grid.values)).toEqual([10, 11, 12, 20, Number.NaN, 22]);
    const centre = CORNER.replace('xllcorner 280000', 'xllcenter 280000.5').replace(
      'yllcorner 5652000',
      'YLLCENTER 5652000.5',
    );
    const same = parseAsciiGrid(centre);
    expect({ ...same, values: Array.from(same.values) }).toEqual({
      ...grid,
      values: Array.from(grid.values),
    });
  });

  it('reads keys in any case, CRLF, rows wrapped over lines, GDAL dx/dy, and the default no-data -9999', () => {
    const text =
      'NCOLS 2\r\nNROWS 3\r\nXLLCORNER 0\r\nYLLCORNER 0\r\nDX 2\r\nDY 0.5\r\n1 2 3\r\n4\r\n-9999 6.25\r\n';
    const grid = parseAsciiGrid(text);
    expect(grid).toMatchObject({ width: 2, height: 3, originX: 1, originY: 1.25, stepX: 2, stepY: -0.5 });
    expect(Array.from(grid.values)).toEqual([1, 2, 3, 4, Number.NaN, 6.25]);
    // The no-data value as Float32, like the heights it marks (GDAL writes -3.4028234663852886e+38 for float).
    const float = parseAsciiGrid(
      CORNER.replace('-9999\n1', '-3.40282346639e+38\n1').replace('20 -9999', '20 -3.4028234663852886e+38'),
    );
    expect(Number.isNaN(float.values[4])).toBe(true);
    // GDAL writes a float grid's NaN as "nan", also as its no-data value
    const nan = parseAsciiGrid(CORNER.replace('-9999\n1', 'nan\n1').replace('20 -9999', '20 -nan'));
    expect(Number.isNaN(nan.values[4])).toBe(true);
    expect(nan.values[5]).toBe(22);
  });

  it('gives the same grid whatever pieces the text arrives in', () => {
    const whole = Array.from(parseAsciiGrid(CORNER).values);
    for (const size of [1, 2, 3, 7, 16]) {
      const reader = new EsriAsciiGridReader();
      for (let at = 0; at < CORNER.length; at += size) reader.push(CORNER.slice(at, at + size));
      expect(Array.from(reader.end().values)).toEqual(whole);
    }
    // without the last line break
    expect(Array.from(parseAsciiGrid(CORNER.trimEnd()).values)).toEqual(whole);
  });

  it('names the line and what was expected', () => {
    const fault = (text: string) => () => parseAsciiGrid(text);
    expect(fault(CORNER.replace('11', 'elf'))).toThrow('line 7: expected a height (a number), got "elf"');
    expect(fault(CORNER.replace('cellsize 1', 'cellsise 1'))).toThrow(
      /^line 5: expected an ESRI ASCII grid header key \(ncols, nrows, .*\), got "cellsise"$/,
    );
    expect(fault(CORNER.replace('cellsize 1', 'cellsize one'))).toThrow(
      'line 5: expected "cellsize <number>"',
    );
    expect(fault(CORNER.replace('nrows 2\n', ''))).toThrow('line 6: the ESRI ASCII grid header has no nrows');
    expect(fault(CORNER.replace('xllcorner 280000', 'xllcenter 1\nxllcorner 0'))).toThrow(
      'both xllcorner and xllcenter',
    );
    expect(fault(CORNER.replace('20 -9999 22', '20 -9999'))).toThrow(
      'the file ends after 5 of 3 × 2 = 6 heights (ncols × nrows): cut off?',
    );
    expect(fault(`${CORNER}30\n`)).toThrow('line 9: expected 3 × 2 = 6 heights (ncols × nrows), found more');
    expect(fault(CORNER.replace('ncols 3', 'ncols 2.5'))).toThrow('ncols 2.5: expected a whole number');
    expect(fault(CORNER.replace('cellsize 1', 'cellsize 0'))).toThrow('expected a positive cell size');
    expect(fault(CORNER.replace('ncols 3', 'ncols 3\nncols 4'))).toThrow('line 2: ncols is given twice');
    expect(fault(`ncols 3\n${'x'.repeat(5000)}`)).toThrow(GridFormatError);
  });

  it('refuses a claimed size over maxCells before any height, and a small file claiming a huge grid costs only its heights', () => {
    const huge = CORNER.replace('ncols 3', 'ncols 100000').replace('nrows 2', 'nrows 100000');
    expect(() => parseAsciiGrid(huge)).toThrow(GridSizeError);
    expect(() => parseAsciiGrid(huge)).toThrow('lattice of 100000 × 100000 nodes');
    // 9 × 10^8 nodes is within the cap: the six heights the file holds are read, then it is named as cut off.
    const claimed = CORNER.replace('ncols 3', 'ncols 30000').replace('nrows 2', 'nrows 30000');
    const before = process.memoryUsage().arrayBuffers;
    expect(() => parseAsciiGrid(claimed)).toThrow('the file ends after 6 of 30000 × 30000');
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
  });
});

describe('GridTextReader', () => {
  it('tells an ESRI ASCII grid from XYZ text by its first line, not by its name', () => {
    expect(parseGridText(`\n\n${CORNER}`).format).toBe('ESRI ASCII grid');
    const xyz = 'x y z\n0 0 1\n1 0 2\n0 1 3\n1 1 4\n';
    const read = parseGridText(xyz);
    expect(read.format).toBe('XYZ text');
    expect(Array.from(read.grid.values)).toEqual([3, 4, 1, 2]);
    const reader = new GridTextReader();
    for (const char of CORNER) reader.push(char);
    expect(reader.format).toBe('ESRI ASCII grid');
    expect(Array.from(reader.end().values)).toEqual(Array.from(parseAsciiGrid(CORNER).values));
  });

  it('holds an ASCII grid to maxCells as it holds XYZ', () => {
    expect(() => parseGridText(CORNER, { maxCells: 5 })).toThrow(GridSizeError);
  });
});
