import { describe, expect, it } from 'vitest';
import { boundingBox, meshArea, signedVolume, triangleArea, triangleAreas } from './mesh.ts';
import { newellNormal, triangulatePolygon } from './triangulate.ts';
import type { TriangulationResult } from './triangulate.ts';

function polygon(rings: number[][][]): { positions: Float64Array; ringStarts: Uint32Array } {
  const positions: number[] = [];
  const ringStarts: number[] = [];
  for (const ring of rings) {
    ringStarts.push(positions.length / 3);
    for (const vertex of ring) positions.push(...vertex);
  }
  return { positions: Float64Array.from(positions), ringStarts: Uint32Array.from(ringStarts) };
}

function expectOk(result: TriangulationResult) {
  if (!result.ok) throw new Error(`expected success, got: ${result.reason}`);
  return result;
}

/** Every triangle's normal (from its winding) points along the polygon normal. */
function expectWindingAlongNormal(positions: Float64Array, indices: Uint32Array, normal: number[]) {
  for (let t = 0; t < indices.length; t += 3) {
    const [a, b, c] = [indices[t]! * 3, indices[t + 1]! * 3, indices[t + 2]! * 3];
    const u = [0, 1, 2].map((k) => positions[b + k]! - positions[a + k]!);
    const v = [0, 1, 2].map((k) => positions[c + k]! - positions[a + k]!);
    const n = [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
    expect(n[0]! * normal[0]! + n[1]! * normal[1]! + n[2]! * normal[2]!).toBeGreaterThan(0);
  }
}

describe('triangulatePolygon', () => {
  it('triangulates a square with a square hole, facing the ring orientation', () => {
    const { positions, ringStarts } = polygon([
      [
        [0, 0, 0],
        [10, 0, 0],
        [10, 10, 0],
        [0, 10, 0],
      ],
      [
        [3, 3, 0],
        [3, 7, 0],
        [7, 7, 0],
        [7, 3, 0],
      ],
    ]);
    const result = expectOk(triangulatePolygon(positions, ringStarts));
    expect(result.repaired).toBeUndefined();
    expect(result.polygon.normal).toEqual([0, 0, 1]);
    expect(result.polygon.area).toBeCloseTo(84, 9);
    expect(result.polygon.indices.length).toBe(8 * 3);
    expect(meshArea(positions, result.polygon.indices)).toBeCloseTo(84, 9);
    expectWindingAlongNormal(positions, result.polygon.indices, result.polygon.normal);
    // no triangle lies inside the hole: hole centre is not covered
    for (let t = 0; t < result.polygon.indices.length; t += 3) {
      const ids = [0, 1, 2].map((k) => result.polygon.indices[t + k]!);
      expect(ids.every((id) => id >= 4)).toBe(false);
    }
  });

  it('keeps clockwise rings facing downwards (e.g. a ground surface)', () => {
    const { positions, ringStarts } = polygon([
      [
        [0, 0, 5],
        [0, 4, 5],
        [4, 4, 5],
        [4, 0, 5],
      ],
    ]);
    const result = expectOk(triangulatePolygon(positions, ringStarts));
    expect(result.polygon.normal[2]).toBeCloseTo(-1, 12);
    expectWindingAlongNormal(positions, result.polygon.indices, result.polygon.normal);
  });

  it('triangulates a concave L-shape in a vertical wall plane', () => {
    // L in the x-z plane at y = 2, counter-clockwise seen from -y (outside is -y)
    const l = [
      [0, 0],
      [6, 0],
      [6, 2],
      [2, 2],
      [2, 6],
      [0, 6],
    ];
    const { positions, ringStarts } = polygon([l.map(([x, z]) => [x!, 2, z!])]);
    const result = expectOk(triangulatePolygon(positions, ringStarts));
    expect(result.polygon.normal[1]).toBeCloseTo(-1, 12);
    expect(result.polygon.area).toBeCloseTo(20, 9);
    expect(result.polygon.indices.length).toBe(4 * 3);
    expect(meshArea(positions, result.polygon.indices)).toBeCloseTo(20, 9);
    expectWindingAlongNormal(positions, result.polygon.indices, result.polygon.normal);
  });

  it('is precise with large ECEF coordinates on a tilted roof', () => {
    const origin = [4_000_000.123, 500_000.456, 4_900_000.789];
    const a = [3, 0, 1];
    const b = [0, 5, 2];
    const corners = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ].map(([s, t]) => [0, 1, 2].map((k) => origin[k]! + s! * a[k]! + t! * b[k]!));
    const { positions, ringStarts } = polygon([corners]);
    const result = expectOk(triangulatePolygon(positions, ringStarts));
    const expectedArea = Math.hypot(
      a[1]! * b[2]! - a[2]! * b[1]!,
      a[2]! * b[0]! - a[0]! * b[2]!,
      a[0]! * b[1]! - a[1]! * b[0]!,
    );
    expect(result.polygon.area).toBeCloseTo(expectedArea, 6);
    expect(result.repaired).toBeUndefined();
    expectWindingAlongNormal(positions, result.polygon.indices, result.polygon.normal);
  });

  it('skips duplicate consecutive and closing vertices, keeping indices into the input', () => {
    const { positions, ringStarts } = polygon([
      [
        [0, 0, 0],
        [1, 0, 0],
        [1, 0, 0],
        [1, 1, 0],
        [0, 1, 0],
        [0, 0, 0],
      ],
    ]);
    const result = expectOk(triangulatePolygon(positions, ringStarts));
    expect(result.repaired?.some((note) => note.includes('2 duplicate'))).toBe(true);
    expect(result.polygon.indices.length).toBe(6);
    expect(Array.from(result.polygon.indices)).not.toContain(2);
    expect(Array.from(result.polygon.indices)).not.toContain(5);
    expect(result.polygon.area).toBeCloseTo(1, 12);
  });

  it('fails on a collinear exterior and on too few vertices, with a reason', () => {
    const collinear = polygon([
      [
        [0, 0, 0],
        [1, 1, 1],
        [2, 2, 2],
        [3, 3, 3],
      ],
    ]);
    const result = triangulatePolygon(collinear.positions, collinear.ringStarts);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/zero area/);
    const two = polygon([
      [
        [0, 0, 0],
        [1, 0, 0],
        [1, 0, 0],
      ],
    ]);
    const tooFew = triangulatePolygon(two.positions, two.ringStarts);
    expect(tooFew.ok).toBe(false);
    if (!tooFew.ok) expect(tooFew.reason).toMatch(/2 distinct vertices/);
  });

  it('drops a zero-area hole with a note', () => {
    const { positions, ringStarts } = polygon([
      [
        [0, 0, 0],
        [4, 0, 0],
        [4, 4, 0],
        [0, 4, 0],
      ],
      [
        [1, 1, 0],
        [2, 2, 0],
        [3, 3, 0],
      ],
    ]);
    const result = expectOk(triangulatePolygon(positions, ringStarts));
    expect(result.repaired).toContain('hole 1 dropped: zero area');
    expect(result.polygon.area).toBeCloseTo(16, 12);
    expect(meshArea(positions, result.polygon.indices)).toBeCloseTo(16, 9);
  });

  it('warns about non-planar rings but triangulates them', () => {
    const { positions, ringStarts } = polygon([
      [
        [0, 0, 0],
        [10, 0, 0],
        [10, 10, 0.5],
        [0, 10, 0],
      ],
    ]);
    const result = expectOk(triangulatePolygon(positions, ringStarts));
    expect(result.repaired?.some((note) => note.startsWith('non-planar'))).toBe(true);
    expect(result.polygon.indices.length).toBe(6);
  });

  it('notes a self-touching ring and still covers its area', () => {
    // two squares touching at (2,2): a figure-eight-like ring that touches itself at one vertex
    const { positions, ringStarts } = polygon([
      [
        [0, 0, 0],
        [2, 0, 0],
        [2, 2, 0],
        [4, 2, 0],
        [4, 4, 0],
        [2, 4, 0],
        [2, 2, 0],
        [0, 2, 0],
      ],
    ]);
    const result = expectOk(triangulatePolygon(positions, ringStarts));
    expect(result.repaired?.some((note) => note.includes('self-touching'))).toBe(true);
    expect(meshArea(positions, result.polygon.indices)).toBeCloseTo(8, 9);
  });
});

describe('mesh measures', () => {
  /** Unit cube as 6 counter-clockwise (seen from outside) quads, triangulated one by one. */
  function unitCube(offset: [number, number, number]) {
    const faces = [
      [
        [0, 0, 0],
        [0, 1, 0],
        [1, 1, 0],
        [1, 0, 0],
      ], // bottom, normal -z
      [
        [0, 0, 1],
        [1, 0, 1],
        [1, 1, 1],
        [0, 1, 1],
      ], // top, +z
      [
        [0, 0, 0],
        [1, 0, 0],
        [1, 0, 1],
        [0, 0, 1],
      ], // front, -y
      [
        [1, 1, 0],
        [0, 1, 0],
        [0, 1, 1],
        [1, 1, 1],
      ], // back, +y
      [
        [0, 1, 0],
        [0, 0, 0],
        [0, 0, 1],
        [0, 1, 1],
      ], // left, -x
      [
        [1, 0, 0],
        [1, 1, 0],
        [1, 1, 1],
        [1, 0, 1],
      ], // right, +x
    ];
    const positions: number[] = [];
    const indices: number[] = [];
    for (const face of faces) {
      const quad = polygon([face.map((p) => p.map((c, k) => c + offset[k]!))]);
      const result = expectOk(triangulatePolygon(quad.positions, quad.ringStarts));
      const base = positions.length / 3;
      positions.push(...quad.positions);
      indices.push(...Array.from(result.polygon.indices, (i) => i + base));
    }
    return { positions: Float64Array.from(positions), indices: Uint32Array.from(indices) };
  }

  it('gives +1 for a unit cube with outward faces, also at ECEF magnitudes, and -1 inverted', () => {
    const cube = unitCube([0, 0, 0]);
    expect(signedVolume(cube.positions, cube.indices)).toBeCloseTo(1, 12);
    expect(meshArea(cube.positions, cube.indices)).toBeCloseTo(6, 12);
    const far = unitCube([4_016_000.25, 505_000.5, 4_950_000.75]);
    expect(signedVolume(far.positions, far.indices)).toBeCloseTo(1, 6);
    const inverted = Uint32Array.from(cube.indices);
    for (let t = 0; t < inverted.length; t += 3)
      [inverted[t], inverted[t + 1]] = [inverted[t + 1]!, inverted[t]!];
    expect(signedVolume(cube.positions, inverted)).toBeCloseTo(-1, 12);
  });

  it('computes triangle areas, Newell normals and bounding boxes', () => {
    const positions = Float64Array.from([0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5]);
    expect(triangleArea(positions, 0, 1, 2)).toBeCloseTo(6, 12);
    expect(Array.from(triangleAreas(positions, [0, 1, 2, 0, 1, 3]))).toEqual([6, 7.5]);
    expect(newellNormal(Float64Array.from([0, 0, 0, 3, 0, 0, 0, 4, 0]))).toEqual([0, 0, 1]);
    expect(boundingBox(positions)).toEqual({ min: [0, 0, 0], max: [3, 4, 5] });
  });
});
