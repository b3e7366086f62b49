import { describe, expect, it } from 'vitest';
import { solarPosition, sunDirectionEnu } from '../sun/solar-position.ts';
import { fromBerlin } from '../sun/berlin-time.ts';
import { buildOccluderGrid, rayBlocked, rayBlockedBruteForce, verticalHits } from './occluder-grid.ts';
import { prismTriangles } from './prisms.ts';

const box = (x0: number, y0: number, x1: number, y1: number, top: number) =>
  prismTriangles([
    {
      ring: [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
      ],
      base: 0,
      top,
    },
  ]);

const RAD = Math.PI / 180;
const toward = (azimuth: number, elevation: number): [number, number, number] => [
  Math.cos(elevation * RAD) * Math.sin(azimuth * RAD),
  Math.cos(elevation * RAD) * Math.cos(azimuth * RAD),
  Math.sin(elevation * RAD),
];

describe('occluder grid', () => {
  it('casts a shadow of length h / tan(elevation) behind a wall, and none beyond it', () => {
    // A 20 m high, 200 m wide slab south of the origin; sun due south at 30°: shadow 20 / tan 30° = 34.64 m.
    const grid = buildOccluderGrid(box(-100, -2, 100, 0, 20));
    const [dx, dy, dz] = toward(180, 30);
    const length = 20 / Math.tan(30 * RAD);
    expect(length).toBeCloseTo(34.641, 3);
    expect(rayBlocked(grid, 0, length - 0.05, 0.0, dx, dy, dz)).toBe(true);
    expect(rayBlocked(grid, 0, length + 0.05, 0.0, dx, dy, dz)).toBe(false);
    expect(rayBlocked(grid, 0, 5, 0, dx, dy, dz)).toBe(true);
    // The same slab does not shade a point south of it.
    expect(rayBlocked(grid, 0, -10, 0, dx, dy, dz)).toBe(false);
  });

  it('shades a point just north of a tall box at December noon and not one far south (Wuppertal, NOAA sun)', () => {
    const noon = fromBerlin({ year: 2026, month: 12, day: 21, hour: 12, minute: 30 });
    const sun = solarPosition(noon, 7.2, 51.29);
    // Elevation about 15°: a 40 m box's shadow reaches about 150 m north.
    expect(sun.elevation).toBeGreaterThan(14);
    expect(sun.elevation).toBeLessThan(16);
    const { x, y, z } = sunDirectionEnu(sun);
    const grid = buildOccluderGrid(box(-10, -10, 10, 10, 40));
    expect(rayBlocked(grid, 0, 12, 0.05, x, y, z)).toBe(true);
    expect(rayBlocked(grid, 0, 100, 0.05, x, y, z)).toBe(true);
    expect(rayBlocked(grid, 0, -60, 0.05, x, y, z)).toBe(false);
    expect(rayBlocked(grid, 0, 200, 0.05, x, y, z)).toBe(false);
  });

  it('answers as brute force does on a random scene, for rays in every direction above the horizon', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const boxes: Float64Array[] = [];
    for (let i = 0; i < 60; i++) {
      const x = random() * 300 - 150;
      const y = random() * 300 - 150;
      boxes.push(box(x, y, x + 5 + random() * 20, y + 5 + random() * 20, 3 + random() * 40));
    }
    const triangles = new Float64Array(boxes.reduce((n, b) => n + b.length, 0));
    boxes.reduce((offset, b) => (triangles.set(b, offset), offset + b.length), 0);
    const grid = buildOccluderGrid(triangles);
    let blocked = 0;
    for (let i = 0; i < 3000; i++) {
      const [dx, dy, dz] = toward(random() * 360, 0.5 + random() * 70);
      const ox = random() * 400 - 200;
      const oy = random() * 400 - 200;
      const expected = rayBlockedBruteForce(grid, ox, oy, 0.05, dx, dy, dz);
      expect(rayBlocked(grid, ox, oy, 0.05, dx, dy, dz)).toBe(expected);
      if (expected) blocked++;
    }
    // Both kinds of answer occur, so the comparison means something.
    expect(blocked).toBeGreaterThan(300);
    expect(blocked).toBeLessThan(2700);
  });

  it('finds the roof and nothing else above open ground', () => {
    const grid = buildOccluderGrid(box(0, 0, 10, 10, 12));
    expect(verticalHits(grid, 3, 6)).toEqual([12]);
    expect(verticalHits(grid, 50, 50)).toEqual([]);
  });
});
