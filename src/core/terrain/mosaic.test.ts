import { describe, expect, it } from 'vitest';
import { GridFormatError, GridSizeError } from './grid.ts';
import { GridMosaic, mergeHeightGrids, type GridWindowSource } from './mosaic.ts';

/** A 4 × 3 grid at 1 m, north-up, holding the plane z = x + 10 y, read in windows of 2 cells. */
function plane(originX: number, name = `at ${originX}`, stepX = 1): GridWindowSource & { reads: number } {
  const width = 4;
  const height = 3;
  const source = {
    name,
    reads: 0,
    geometry: { width, height, originX, originY: 2, stepX, stepY: -1 },
    windowSize: 2,
    readWindow(wx: number, wy: number) {
      source.reads += 1;
      const columns = Math.min(2, width - wx * 2);
      const rows = Math.min(2, height - wy * 2);
      const values = new Float32Array(columns * rows);
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < columns; c++) {
          const x = originX + (wx * 2 + c) * stepX;
          const y = 2 - (wy * 2 + r);
          values[r * columns + c] = x + 10 * y;
        }
      return Promise.resolve(values);
    },
  };
  return source;
}

describe('grid mosaic', () => {
  it('interpolates across the border of two files on one lattice (no seam)', async () => {
    const west = plane(0);
    const east = plane(4);
    const mosaic = new GridMosaic([west, east]);
    const x = Float64Array.from([3.5, 3.25, 0, 7, 7.5, -0.5]);
    const y = Float64Array.from([1.5, 0.5, 2, 0, 1, 1]);
    const out = new Float64Array(x.length);
    await mosaic.sample(x, y, out);
    expect([...out.slice(0, 4)]).toEqual([18.5, 8.25, 20, 7]);
    expect(out[4]).toBeNaN(); // beyond the last node
    expect(out[5]).toBeNaN();
    expect(west.reads + east.reads).toBeGreaterThan(0);
  });

  it('takes a window that cannot be read as no data once told so, asking once; else the error goes on', async () => {
    const damaged = (): GridWindowSource & { reads: number } => {
      const source = plane(4, 'east.tif');
      const read = source.readWindow.bind(source);
      source.readWindow = (wx, wy) =>
        wx === 0 && wy === 0 ? Promise.reject(new Error('ZSTD data damaged')) : read(wx, wy);
      return source;
    };
    const x = Float64Array.from([1, 4.5, 6.5]);
    const y = Float64Array.from([1, 1.5, 1.5]);
    await expect(new GridMosaic([plane(0), damaged()]).sample(x, y, new Float64Array(3))).rejects.toThrow(
      'ZSTD data damaged',
    );
    const told: string[] = [];
    const mosaic = new GridMosaic([plane(0), damaged()], {
      cacheCells: 0,
      onUnreadableWindow: (source, error) => told.push(`${source.name}: ${(error as Error).message}`),
    });
    for (let round = 0; round < 3; round++) {
      const out = new Float64Array(3);
      await mosaic.sample(x, y, out);
      expect(out[0]).toBe(11); // the west file
      expect(out[1]).toBeNaN(); // the damaged window of the east file
      expect(out[2]).toBe(21.5); // its next window, read
    }
    expect(told).toEqual(['east.tif: ZSTD data damaged']);
  });

  it('keeps windows cached up to the budget and reads again after eviction', async () => {
    const source = plane(0);
    const mosaic = new GridMosaic([source], { cacheCells: 0 });
    const one = (x: number, y: number) =>
      mosaic.sample(Float64Array.of(x), Float64Array.of(y), new Float64Array(1));
    await one(0.5, 1.5);
    const first = source.reads;
    await one(3, 0); // another window: the first is evicted
    await one(0.5, 1.5);
    expect(source.reads).toBe(first + 2);
    const cached = new GridMosaic([plane(0)]);
    await cached.sample(Float64Array.of(0.5), Float64Array.of(1.5), new Float64Array(1));
    const reads = cached.windowsRead;
    await cached.sample(Float64Array.of(0.5), Float64Array.of(1.5), new Float64Array(1));
    expect(cached.windowsRead).toBe(reads);
  });

  it('refuses a file off the lattice of the first, naming both', () => {
    expect(() => new GridMosaic([plane(0, 'a.tif'), plane(4.5, 'b.tif')])).toThrow(GridFormatError);
    expect(() => new GridMosaic([plane(0, 'a.tif'), plane(4, 'b.tif', 2)])).toThrow(
      /b\.tif: expected the grid spacing and alignment of a\.tif/,
    );
  });
});

describe('mergeHeightGrids', () => {
  /** A north-up grid of `width` × `height` nodes at 1 m whose node (0, 0) is at (x, y), heights x + 10 y. */
  const grid = (name: string, x: number, y: number, width = 2, height = 2) => {
    const values = new Float32Array(width * height);
    for (let row = 0; row < height; row++)
      for (let column = 0; column < width; column++)
        values[row * width + column] = x + column + 10 * (y - row);
    return { name, grid: { width, height, originX: x, originY: y, stepX: 1, stepY: -1, values } };
  };

  it('puts tiles on one lattice into the box of all their nodes, NaN where none has data', () => {
    // a 2 × 2 tile, its eastern neighbour, and one diagonally south-east of the first
    const merged = mergeHeightGrids([grid('a', 0, 1), grid('b', 2, 1), grid('c', 2, -1)], 100);
    expect(merged).toMatchObject({ width: 4, height: 4, originX: 0, originY: 1, stepX: 1, stepY: -1 });
    const rows = [0, 1, 2, 3].map((row) => [...merged.values.subarray(row * 4, row * 4 + 4)]);
    expect(rows).toEqual([
      [10, 11, 12, 13], // y = 1
      [0, 1, 2, 3], // y = 0
      [NaN, NaN, -8, -7], // y = -1: only c
      [NaN, NaN, -18, -17], // y = -2
    ]);
    // overlapping tiles: the later one's heights where it has data, the earlier one's under its no-data cells
    const margin = grid('margin', 1, 1);
    margin.grid.values[0] = NaN;
    expect([...mergeHeightGrids([grid('a', 0, 1), margin], 100).values.subarray(0, 3)]).toEqual([10, 11, 12]);
    margin.grid.values[0] = 99;
    expect([...mergeHeightGrids([grid('a', 0, 1), margin], 100).values.subarray(0, 3)]).toEqual([10, 99, 12]);
    // the order of the files does not move the box
    expect(mergeHeightGrids([grid('c', 2, -1), grid('a', 0, 1)], 100)).toMatchObject({
      originX: 0,
      originY: 1,
    });
  });

  it('refuses a tile off the lattice of the first, naming both, and a box over the limit before allocating it', () => {
    expect(() => mergeHeightGrids([grid('a', 0, 1), grid('half', 2.5, 1)], 100)).toThrow(
      /^half: expected the grid spacing and alignment of a/,
    );
    // two 2 × 2 tiles a kilometre apart span 1002 × 2 nodes
    expect(() => mergeHeightGrids([grid('a', 0, 1), grid('far', 1000, 1)], 1000)).toThrow(GridSizeError);
  });
});
