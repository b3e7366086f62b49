import { describe, expect, it } from 'vitest';
import {
  GridFormatError,
  GridSizeError,
  GridSparseError,
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
    // (Sparse as no DGM is, so allowed as sparse as that here: the size alone is the fault.)
    const reader = new XyzGridReader({ maxCellsPerPoint: Number.POSITIVE_INFINITY });
    reader.push('0 0 1\n1 0 1\n0 1 1\n100000 100000 1\n');
    expect(() => reader.end()).toThrow(/100001 × 100001 nodes .* more than the 1000000000 allowed/);
  });

  it('refuses a lattice its points fill less than 1/16 of, before allocating it, naming points and lattice', () => {
    // 32 bytes whose lattice (30 km at 1 m: 9 × 10^8 nodes, under maxCells) would take 3.6 GB of heights.
    const hostile = '0 0 1\n1 0 1\n0 1 1\n30000 30000 1\n';
    expect(hostile.length).toBe(32);
    let error: unknown;
    try {
      parseXyzGrid(hostile);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GridSparseError);
    expect(error).toBeInstanceOf(GridFormatError);
    expect(error).not.toBeInstanceOf(GridSizeError);
    expect(error).toMatchObject({ points: 4, columns: 30001, rows: 30001, stepX: 1, stepY: 1 });
    expect(String(error)).toMatch(
      /expected points that fill at least 1\/16 of their lattice, as a DGM's do but for gaps \(water, tile edges\); got 4 points on a lattice of 30001 × 30001 nodes \(900060001 cells\) at 1 × 1 spacing/,
    );
    // The same from pieces, as the terrain converter reads a file.
    const reader = new XyzGridReader();
    reader.push(hostile.slice(0, 13));
    reader.push(hostile.slice(13));
    expect(() => reader.end()).toThrow(GridSparseError);
    // Over maxCells as well: the sparseness is named, not the size.
    expect(() => parseXyzGrid(hostile, { maxCells: 1000 })).toThrow(GridSparseError);
    expect(XYZ_GRID_DEFAULTS).toMatchObject({ maxCellsPerPoint: 16, sparseFloor: 4_194_304 });
  });

  it('takes a lattice filled to exactly 1/maxCellsPerPoint and refuses a larger one', () => {
    const options = { sparseFloor: 0, maxCellsPerPoint: 4 };
    // 4 points on 8 × 2 nodes: 4 nodes a point.
    expect(parseXyzGrid('0 0 1\n1 0 1\n0 1 1\n7 1 1\n', options)).toMatchObject({ width: 8, height: 2 });
    // One step further east: 9 × 2 nodes, 4.5 a point.
    const wider = '0 0 1\n1 0 1\n0 1 1\n8 1 1\n';
    expect(() => parseXyzGrid(wider, options)).toThrow(
      /got 4 points on a lattice of 9 × 2 nodes \(18 cells\)/,
    );
    // No-data lines are points the file holds: they count.
    expect(parseXyzGrid(`${wider}2 0 -9999\n`, options)).toMatchObject({ width: 9, height: 2 });
    // Under the floor the same lattice is read.
    expect(parseXyzGrid(wider, { ...options, sparseFloor: 18 })).toMatchObject({ width: 9, height: 2 });
  });

  it('reads lattices with realistic gaps: a lake, a tile cut by the state border, a sliver of a 1 km tile', () => {
    // 64 × 64 nodes over the floor: a lake (no lines) of radius 20 and everything east of a diagonal border
    // missing leaves ~35 % of the nodes, far above 1/16.
    const lines: string[] = [];
    for (let row = 0; row < 64; row++)
      for (let column = 0; column < 64; column++) {
        const lake = (column - 20) ** 2 + (row - 30) ** 2 < 20 ** 2;
        if (!lake && column + row < 90)
          lines.push(`${280000.5 + column} ${5652000.5 + row} ${60 + row / 10}`);
      }
    const gappy = parseXyzGrid(lines.join('\n'), { sparseFloor: 0 });
    expect(gappy).toMatchObject({ width: 64, height: 64, stepX: 1, stepY: -1 });
    const filled = gappy.values.filter((v) => !Number.isNaN(v)).length;
    expect(filled).toBe(lines.length);
    expect(filled / (64 * 64)).toBeGreaterThan(1 / 16);
    // A 1 km² DGM1 tile of which only a corner triangle lies inside the state (2 % of its nodes): under the
    // floor of 2^22 nodes, so read with the defaults however few points it has.
    const sliver: string[] = [];
    for (let row = 0; row < 200; row++)
      for (let column = 0; column < 200 - row; column++)
        sliver.push(`${280000.5 + column} ${5652000.5 + row} 50`);
    sliver.push('280999.5 5652999.5 -9999');
    expect(sliver.length / 1e6).toBeLessThan(1 / 16);
    expect(parseXyzGrid(sliver.join('\n'))).toMatchObject({ width: 1000, height: 1000 });
  });
});
