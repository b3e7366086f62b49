import { describe, expect, it } from 'vitest';
import {
  buildTerrainPyramid,
  fillNoData,
  parentGrid,
  type TerrainSource,
  type TerrainTile,
} from './pyramid.ts';
import { tileRectangle } from './tiling.ts';
import { decodeQuantizedMesh, heightInTile } from './testing/quantized-mesh-decoder.ts';

/** A smooth hill in degrees-as-CRS, with no data west of 7.2505°E. */
const hill = (lon: number, lat: number) =>
  lon < 7.2505 ? Number.NaN : 200 + 40 * Math.sin((lon - 7.25) * 400) * Math.cos((lat - 51.27) * 300);

const source: TerrainSource = {
  bounds: { west: 7.25, south: 51.27, east: 7.26, north: 51.275 },
  toSource: (lon, lat) => [lon, lat],
  heights(x, y, out) {
    for (let i = 0; i < x.length; i++) {
      const inside = x[i]! >= 7.25 && x[i]! <= 7.26 && y[i]! >= 51.27 && y[i]! <= 51.275;
      out[i] = inside ? hill(x[i]!, y[i]!) : Number.NaN;
    }
  },
};

describe('terrain pyramid', () => {
  it('writes every tile over the data with all its ancestors, within the stated error', async () => {
    const tiles: TerrainTile[] = [];
    const progress: number[] = [];
    for await (const tile of buildTerrainPyramid(source, {
      maxLevel: 15,
      maxError: 0.2,
      gridSize: 33,
      onProgress: (done) => progress.push(done),
    }))
      tiles.push(tile);
    const keys = new Set(tiles.map((t) => `${t.z}/${t.x}/${t.y}`));
    expect(keys.has('0/0/0') && keys.has('0/1/0')).toBe(true);
    for (const tile of tiles)
      if (tile.z > 0) expect(keys.has(`${tile.z - 1}/${tile.x >> 1}/${tile.y >> 1}`)).toBe(true);
    const deepest = tiles.filter((t) => t.z === 15);
    expect(deepest.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(deepest.length);
    // Children come before their parents (depth first), so a parent can be made from them.
    const order = tiles.map((t) => t.z);
    expect(order.indexOf(15)).toBeLessThan(order.indexOf(14));
    let checked = 0;
    for (const tile of deepest) {
      expect(tile.error).toBeLessThanOrEqual(0.2);
      const decoded = decodeQuantizedMesh(tile.bytes);
      const r = tileRectangle(tile);
      for (let k = 0; k < 40; k++) {
        // Points on the grid's nodes, where the stated error holds.
        const fx = ((k * 7) % 33) / 32;
        const fy = ((k * 13) % 33) / 32;
        const lon = r.west + fx * (r.east - r.west);
        const lat = r.south + fy * (r.north - r.south);
        const expected = hill(lon, lat);
        if (Number.isNaN(expected) || lon > 7.26 || lat > 51.275 || lat < 51.27) continue;
        const step = (decoded.maximumHeight - decoded.minimumHeight) / 32767;
        expect(Math.abs(heightInTile(decoded, fx, fy) - expected)).toBeLessThanOrEqual(0.2 + step + 1e-4);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('fills no-data nodes from the nearest data and builds parents from every second child node', () => {
    const grid = Float32Array.from([
      1,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      9,
    ]);
    expect(fillNoData(grid, 3)).toBe(true);
    expect([...grid]).toEqual([1, 1, 1, 1, 1, 9, 1, 9, 9]);
    expect(fillNoData(new Float32Array(9).fill(Number.NaN), 3)).toBe(false);
    const child = (base: number) => Float32Array.from({ length: 9 }, (_, i) => base + i);
    const parent = parentGrid([child(0), child(100), undefined, undefined], 3);
    // Row 0: child 0's nodes 0 and 2, then child 1's node 2; row 1 (the children's shared north edge).
    expect([...parent.slice(0, 3)]).toEqual([0, 2, 102]);
    expect([...parent.slice(3, 6)]).toEqual([6, 8, 108]);
    // Row 2 lies in the missing northern children: the mean of the valid neighbours is not available there.
    expect(parent.slice(6).every(Number.isNaN)).toBe(true);
  });
});
