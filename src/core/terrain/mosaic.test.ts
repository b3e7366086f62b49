import { describe, expect, it } from 'vitest';
import { GridFormatError } from './grid.ts';
import { GridMosaic, type GridWindowSource } from './mosaic.ts';

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
