import { describe, expect, it } from 'vitest';
import {
  GridFormatError,
  GridSizeError,
  gridBounds,
  parseXyzGrid,
  XYZ_GRID_DEFAULTS,
  XyzGridReader,
} from './grid.ts';

describe('XYZ ASCII grids', () => {
  it('reads space separated points in any order, north-up, with -9999 as no data', () => {
    const grid = parseXyzGrid(
      '280000.5 5652000.5 10\n280001.5 5652000.5 11\n280000.5 5652001.5 12\n280001.5 5652001.5 -9999\n',
    );
    expect(grid).toMatchObject({
      width: 2,
      height: 2,
      originX: 280000.5,
      originY: 5652001.5,
      stepX: 1,
      stepY: -1,
    });
    expect([...grid.values]).toEqual([12, Number.NaN, 10, 11]);
    expect(gridBounds(grid)).toEqual({ minX: 280000.5, maxX: 280001.5, minY: 5652000.5, maxY: 5652001.5 });
  });

  it('skips a header line and reads commas, semicolons and CRLF; missing points become no data', () => {
    const grid = parseXyzGrid('X,Y,Z\r\n0,0,1\r\n2,0,3\r\n0;2;5\r\n4,2,7\r\n');
    expect(grid).toMatchObject({ width: 3, height: 2, stepX: 2, stepY: -2 });
    expect([...grid.values]).toEqual([5, Number.NaN, 7, 1, 3, Number.NaN]);
  });

  it('reads the same grid from pieces split anywhere, even inside a line or a number', () => {
    const text = 'X Y Z\n0 0 1.25\n2 0 3\n0 2 5\n4 2 -9999\n2 2 6.5';
    const whole = parseXyzGrid(text);
    for (let cut = 1; cut < text.length; cut += 3) {
      const reader = new XyzGridReader();
      reader.push(text.slice(0, cut));
      reader.push(text.slice(cut));
      expect(reader.end()).toEqual(whole);
    }
    const reader = new XyzGridReader();
    reader.push('0 0 1\n1 0 2\nbro');
    expect(() => reader.push('ken\n')).toThrow(/line 3: expected three numbers/);
  });

  it('names the line and what was expected', () => {
    expect(() => parseXyzGrid('0 0 1\n1 0 2\n0 1 x3\n')).toThrow(GridFormatError);
    expect(() => parseXyzGrid('0 0 1\n1 0 2\nbroken\n')).toThrow(/line 3: expected three numbers "x y z"/);
    expect(() => parseXyzGrid('0 0 1\n')).toThrow(/at least 2 × 2/);
    expect(() => parseXyzGrid('0 0 1\n1 0 1\n0 1 1\n1 1 1\n0.5 0.3 1\n')).toThrow(/off the grid/);
  });

  it('takes another no-data value', () => {
    const grid = parseXyzGrid('0 0 1\n1 0 -32767\n0 1 -9999\n1 1 4\n', { noData: -32767 });
    expect([...grid.values]).toEqual([-9999, 4, 1, Number.NaN]);
  });

  it('refuses a lattice over maxCells before allocating its heights, with its size', () => {
    // Four points 3 apart in x, 1 apart in y: a lattice of 4 × 2 nodes.
    const text = '0 0 1\n3 0 1\n0 1 1\n3 1 1\n1 0 2\n';
    expect(parseXyzGrid(text, { maxCells: 8 })).toMatchObject({ width: 4, height: 2 });
    let error: unknown;
    try {
      parseXyzGrid(text, { maxCells: 7 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GridSizeError);
    expect(error).toBeInstanceOf(GridFormatError);
    expect(error).toMatchObject({ columns: 4, rows: 2, stepX: 1, stepY: 1, maxCells: 7 });
    expect(String(error)).toMatch(
      /lattice of 4 × 2 nodes \(8 cells\) at 1 × 1 spacing, more than the 7 allowed/,
    );
    // The reader's default is the terrain converter's (which spills heights to disk): 1e9 nodes.
    expect(XYZ_GRID_DEFAULTS.maxCells).toBe(1e9);
    const reader = new XyzGridReader();
    reader.push('0 0 1\n1 0 1\n0 1 1\n100000 100000 1\n');
    expect(() => reader.end()).toThrow(/100001 × 100001 nodes .* more than the 1000000000 allowed/);
  });
});
