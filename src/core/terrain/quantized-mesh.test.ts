import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { geodeticToEcef, WGS84 } from '../crs/transverse-mercator.ts';
import { encodeQuantizedMesh, OCT_VERTEX_NORMALS } from './quantized-mesh.ts';
import { meshError, rtinErrors, rtinMesh } from './rtin.ts';
import { tileRectangle } from './tiling.ts';
import { decodeQuantizedMesh, heightInTile, octDecode } from './testing/quantized-mesh-decoder.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const maastricht = path.join(repoRoot, '../shared/data/terrain/quantized-mesh-maastricht');
const hasData = existsSync(maastricht);
if (!hasData) console.warn(`quantized-mesh tests on others' tiles skipped: ${maastricht} not found`);

/** A hilly ellipsoidal height grid, row 0 = south. */
function hills(size: number, base = 200): Float64Array {
  const heights = new Float64Array(size * size);
  for (let row = 0; row < size; row++)
    for (let column = 0; column < size; column++)
      heights[row * size + column] =
        base + 30 * Math.sin(column / 9) * Math.cos(row / 13) + 0.02 * column * row + (column > 40 ? 5 : 0);
  return heights;
}

const RAD = Math.PI / 180;

describe('quantized-mesh writer, read back with an independent decoder', () => {
  const size = 65;
  const heights = hills(size);
  const rectangle = tileRectangle({ z: 15, x: 33800, y: 25640 });
  const mesh = rtinMesh(rtinErrors(heights, size), size, 0.5);
  const { bytes, stats } = encodeQuantizedMesh({ rectangle, size, heights, mesh });
  const tile = decodeQuantizedMesh(bytes);

  it('keeps every vertex and triangle, heights within the 16-bit quantization', () => {
    expect(tile.u.length).toBe(mesh.vertices.length);
    expect(tile.triangles.length).toBe(mesh.triangles.length);
    expect(stats.triangles).toBe(mesh.triangles.length / 3);
    const step = (tile.maximumHeight - tile.minimumHeight) / 32767;
    for (let i = 0; i < tile.u.length; i++) {
      const column = Math.round((tile.u[i]! / 32767) * (size - 1));
      const row = Math.round((tile.v[i]! / 32767) * (size - 1));
      const decoded =
        tile.minimumHeight + (tile.height[i]! / 32767) * (tile.maximumHeight - tile.minimumHeight);
      expect(Math.abs(decoded - heights[row * size + column]!)).toBeLessThanOrEqual(step / 2 + 1e-3);
    }
    // The same triangles (as sets of grid nodes) as the mesh.
    const key = (nodes: number[]) => nodes.sort((a, b) => a - b).join(',');
    const node = (i: number) =>
      Math.round((tile.v[i]! / 32767) * (size - 1)) * size + Math.round((tile.u[i]! / 32767) * (size - 1));
    const written = new Set<string>();
    for (let t = 0; t < mesh.triangles.length; t += 3)
      written.add(key([0, 1, 2].map((k) => mesh.vertices[mesh.triangles[t + k]!]!)));
    for (let t = 0; t < tile.triangles.length; t += 3)
      expect(written.has(key([0, 1, 2].map((k) => node(tile.triangles[t + k]!))))).toBe(true);
  });

  it('winds every triangle counter-clockwise and lists exactly the edge vertices, sorted', () => {
    const { u, v } = tile;
    for (let t = 0; t < tile.triangles.length; t += 3) {
      const [a, b, c] = [tile.triangles[t]!, tile.triangles[t + 1]!, tile.triangles[t + 2]!];
      expect((u[b]! - u[a]!) * (v[c]! - v[a]!) - (v[b]! - v[a]!) * (u[c]! - u[a]!)).toBeGreaterThan(0);
    }
    const all = [...u.keys()];
    expect([...tile.west]).toEqual(all.filter((i) => u[i] === 0).sort((a, b) => v[a]! - v[b]!));
    expect([...tile.east]).toEqual(all.filter((i) => u[i] === 32767).sort((a, b) => v[a]! - v[b]!));
    expect([...tile.south]).toEqual(all.filter((i) => v[i] === 0).sort((a, b) => u[a]! - u[b]!));
    expect([...tile.north]).toEqual(all.filter((i) => v[i] === 32767).sort((a, b) => u[a]! - u[b]!));
    // All four corners are vertices.
    expect(tile.west.length).toBeGreaterThanOrEqual(2);
    expect(tile.north.length).toBeGreaterThanOrEqual(2);
  });

  it('has a bounding sphere around every vertex and outward oct-encoded normals', () => {
    const normals = tile.extensions.get(OCT_VERTEX_NORMALS);
    expect(normals?.length).toBe(tile.u.length * 2);
    const position = new Float64Array(3);
    for (let i = 0; i < tile.u.length; i++) {
      const lon = rectangle.west + (tile.u[i]! / 32767) * (rectangle.east - rectangle.west);
      const lat = rectangle.south + (tile.v[i]! / 32767) * (rectangle.north - rectangle.south);
      const h = tile.minimumHeight + (tile.height[i]! / 32767) * (tile.maximumHeight - tile.minimumHeight);
      geodeticToEcef(WGS84, lon * RAD, lat * RAD, h, position, 0);
      const { centre, radius } = tile.boundingSphere;
      expect(
        Math.hypot(position[0]! - centre[0], position[1]! - centre[1], position[2]! - centre[2]),
      ).toBeLessThanOrEqual(radius + 1e-6);
      const up = [
        Math.cos(lat * RAD) * Math.cos(lon * RAD),
        Math.cos(lat * RAD) * Math.sin(lon * RAD),
        Math.sin(lat * RAD),
      ];
      const normal = octDecode(normals![i * 2]!, normals![i * 2 + 1]!);
      // Slopes of this grid stay below ~45°.
      expect(normal[0] * up[0]! + normal[1] * up[1]! + normal[2] * up[2]!).toBeGreaterThan(0.7);
    }
  });

  it('decodes to a surface within the stated error of the grid at every node', () => {
    const stated = meshError(mesh, heights, size);
    expect(stated).toBeLessThanOrEqual(0.5 + 1e-9);
    const step = (tile.maximumHeight - tile.minimumHeight) / 32767;
    for (let row = 0; row < size; row += 3)
      for (let column = 0; column < size; column += 5) {
        const h = heightInTile(tile, column / (size - 1), row / (size - 1));
        expect(Math.abs(h - heights[row * size + column]!)).toBeLessThanOrEqual(stated + step + 1e-6);
      }
  });

  it('uses 32-bit indices above 65 536 vertices', () => {
    const large = 257;
    const grid = hills(large);
    for (let i = 0; i < grid.length; i++) grid[i] = grid[i]! + (((i * 7919) % 13) - 6) * 0.5;
    const full = rtinMesh(rtinErrors(grid, large), large, -1);
    expect(full.vertices.length).toBe(large * large);
    const decoded = decodeQuantizedMesh(
      encodeQuantizedMesh({ rectangle, size: large, heights: grid, mesh: full }).bytes,
    );
    expect(decoded.u.length).toBe(large * large);
    expect(decoded.triangles.length / 3).toBe((large - 1) * (large - 1) * 2);
  });
});

describe.skipIf(!hasData)(
  'the test decoder on a quantized-mesh tileset written by others (Maastricht)',
  () => {
    it('decodes every tile of levels 0–15 consistently', () => {
      const layer = JSON.parse(readFileSync(path.join(maastricht, 'layer.json'), 'utf8')) as {
        extensions: string[];
        available: { startX: number; startY: number; endX: number; endY: number }[][];
      };
      let tiles = 0;
      for (const level of readdirSync(maastricht).filter((name) => /^\d+$/.test(name))) {
        for (const x of readdirSync(path.join(maastricht, level)))
          for (const file of readdirSync(path.join(maastricht, level, x))) {
            const y = Number(file.replace('.terrain', ''));
            const ranges = layer.available[Number(level)] ?? [];
            expect(
              ranges.some(
                (r) => Number(x) >= r.startX && Number(x) <= r.endX && y >= r.startY && y <= r.endY,
              ),
            ).toBe(true);
            const tile = decodeQuantizedMesh(readFileSync(path.join(maastricht, level, x, file)));
            tiles += 1;
            expect(tile.minimumHeight).toBeLessThanOrEqual(tile.maximumHeight);
            for (const i of tile.west) expect(tile.u[i]).toBe(0);
            for (const i of tile.east) expect(tile.u[i]).toBe(32767);
            for (const i of tile.south) expect(tile.v[i]).toBe(0);
            for (const i of tile.north) expect(tile.v[i]).toBe(32767);
            if (tile.triangles.length > 0) {
              expect(Math.max(...tile.u)).toBeLessThanOrEqual(32767);
              expect(tile.extensions.get(OCT_VERTEX_NORMALS)?.length).toBe(tile.u.length * 2);
            }
          }
      }
      expect(tiles).toBe(226);
      expect(layer.extensions).toContain('octvertexnormals');
    });
  },
);
