import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BETA2007_PACKED } from './data/beta2007.ts';
import {
  applyShiftGrid,
  builtinBeta2007,
  unpackNtv2Grid,
  type HorizontalShiftGrid,
} from './datum-shift-grid.ts';

const betaPath = '/usr/share/proj/BETA2007.gsb';
if (!existsSync(betaPath))
  console.warn(`datum-shift-grid.test: ${betaPath} (Debian proj-data) absent; skipped`);

describe.skipIf(!existsSync(betaPath))('built-in BeTA2007 against PROJ-data BETA2007.gsb', () => {
  it('holds every node of the file within 1e-6″ (0.03 mm)', () => {
    const bytes = readFileSync(betaPath);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const grid = builtinBeta2007();
    // Subgrid header: S_LAT, N_LAT, E_LONG, W_LONG (positive west), LAT_INC, LONG_INC in arc-seconds.
    const header = (record: number): number => view.getFloat64(176 + record * 16 + 8, true);
    expect(grid.southDeg).toBe(header(4) / 3600);
    expect(grid.southDeg + (grid.rows - 1) * grid.latStepDeg).toBeCloseTo(header(5) / 3600, 12);
    expect(grid.westDeg).toBe(-header(7) / 3600);
    expect(grid.westDeg + (grid.columns - 1) * grid.lonStepDeg).toBeCloseTo(-header(6) / 3600, 12);
    expect(grid.rows * grid.columns).toBe(view.getInt32(176 + 10 * 16 + 8, true));
    let maxDifference = 0;
    for (let row = 0; row < grid.rows; row++) {
      for (let fileColumn = 0; fileColumn < grid.columns; fileColumn++) {
        const node = 352 + (row * grid.columns + fileColumn) * 16;
        const index = row * grid.columns + (grid.columns - 1 - fileColumn);
        maxDifference = Math.max(
          maxDifference,
          Math.abs((grid.latShiftSeconds[index] ?? Number.NaN) - view.getFloat32(node, true)),
          Math.abs((grid.lonShiftSeconds[index] ?? Number.NaN) + view.getFloat32(node + 4, true)),
        );
      }
    }
    expect(maxDifference).toBeLessThan(1e-6);
  });
});

describe('applyShiftGrid', () => {
  const grid: HorizontalShiftGrid = {
    name: 'test',
    westDeg: 10,
    southDeg: 50,
    lonStepDeg: 1,
    latStepDeg: 0.5,
    columns: 2,
    rows: 2,
    latShiftSeconds: new Float64Array([0, 3.6, 7.2, 10.8]),
    lonShiftSeconds: new Float64Array([-3.6, -3.6, 0, 0]),
  };

  it('interpolates bilinearly in arc-seconds, latitude north-positive, longitude east-positive', () => {
    const out = new Float64Array(2);
    expect(applyShiftGrid(grid, 10.5, 50.25, out)).toBe(true);
    expect(out[0]).toBeCloseTo(10.5 - 1.8 / 3600, 12);
    expect(out[1]).toBeCloseTo(50.25 + 5.4 / 3600, 12);
    expect(applyShiftGrid(grid, 11, 50.5, out)).toBe(true);
    expect(out[1]).toBeCloseTo(50.5 + 0.003, 12);
  });

  it('refuses points outside the nodes and leaves the output alone', () => {
    const out = new Float64Array([1, 2]);
    expect(applyShiftGrid(grid, 9.99, 50.2, out)).toBe(false);
    expect(applyShiftGrid(grid, 10.5, 50.51, out)).toBe(false);
    expect(Array.from(out)).toEqual([1, 2]);
  });

  it('covers Germany with the built-in BeTA2007 (5.5–15.67°E, 47–55.3°N), shifts of a few arc-seconds', () => {
    const out = new Float64Array(2);
    const beta = builtinBeta2007();
    expect(applyShiftGrid(beta, 13.4, 52.5, out)).toBe(true);
    const shiftSeconds = Math.hypot((out[0] ?? 0) - 13.4, (out[1] ?? 0) - 52.5) * 3600;
    expect(shiftSeconds).toBeGreaterThan(1);
    expect(shiftSeconds).toBeLessThan(10);
    expect(applyShiftGrid(beta, 5.2, 50, out)).toBe(false);
    expect(applyShiftGrid(beta, 16, 51, out)).toBe(false);
    expect(builtinBeta2007()).toBe(beta);
  });

  it('rejects a damaged packed grid', () => {
    expect(() => unpackNtv2Grid({ ...BETA2007_PACKED, rows: BETA2007_PACKED.rows + 1 })).toThrow(
      /^CRS: packed shift grid "BETA2007" is truncated/,
    );
    expect(() => unpackNtv2Grid({ ...BETA2007_PACKED, rows: BETA2007_PACKED.rows - 1 })).toThrow(
      /bytes too many/,
    );
  });
});
