import { describe, expect, it } from 'vitest';
import { boundingBox, meshArea, signedVolume, triangleArea, triangleAreas } from './measures.ts';
import {
  countSelfTouchingPairs,
  MAX_POLYGON_VERTICES,
  newellNormal,
  triangulatePolygon,
} from './triangulate.ts';
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

describe('triangulatePolygon work buffers', () => {
  it('gives the same result whatever polygons came before (buffers reused and grown between calls)', () => {
    // Small, large, holed and degenerate polygons, each triangulated after different predecessors.
    const star = (n: number, z: number): number[][] =>
      Array.from({ length: n }, (_, i) => {
        const r = i % 2 === 0 ? 10 : 4;
        const a = (i / n) * 2 * Math.PI;
        return [4e6 + r * Math.cos(a), 3e5 + r * Math.sin(a), z + 0.3 * Math.cos(a)];
      });
    const cases = [
      polygon([star(5, 0)]),
      polygon([star(400, 50)]),
      polygon([
        [
          [0, 0, 0],
          [10, 0, 0],
          [10, 10, 0],
          [0, 10, 0],
        ],
        [
          [2, 2, 0],
          [2, 8, 0],
          [8, 8, 0],
          [8, 2, 0],
        ],
      ]),
      polygon([star(7, 3)]),
      polygon([
        [
          [0, 0, 0],
          [1, 0, 0],
          [2, 0, 0],
        ],
      ]),
      polygon([star(2000, -20)]),
    ];
    const run = (order: number[]) =>
      order.map((i) => {
        const result = triangulatePolygon(cases[i]!.positions, cases[i]!.ringStarts);
        return [i, result] as const;
      });
    const forward = new Map(run([0, 1, 2, 3, 4, 5]));
    const backward = new Map(run([5, 4, 3, 2, 1, 0]));
    const shuffled = new Map(run([3, 5, 0, 4, 1, 2, 3, 0]));
    const largest = forward.get(5)!;
    expect(largest.ok && largest.polygon.indices.length).toBe(1998 * 3);
    for (let i = 0; i < cases.length; i++) {
      expect(backward.get(i)).toEqual(forward.get(i));
      expect(shuffled.get(i)).toEqual(forward.get(i));
    }
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

describe('self-touching vertex detection', () => {
  /** The former pairwise O(n²) count, kept here as the reference the spatial hash must match. */
  function pairwiseSelfTouching(local: Float64Array, ring: readonly number[], tolerance: number): number {
    const toleranceSquared = tolerance * tolerance;
    let touching = 0;
    for (let i = 0; i < ring.length; i++) {
      for (let j = i + 2; j < ring.length; j++) {
        if (i === 0 && j === ring.length - 1) continue;
        const dx = local[ring[i]! * 3]! - local[ring[j]! * 3]!;
        const dy = local[ring[i]! * 3 + 1]! - local[ring[j]! * 3 + 1]!;
        const dz = local[ring[i]! * 3 + 2]! - local[ring[j]! * 3 + 2]!;
        if (dx * dx + dy * dy + dz * dz <= toleranceSquared) touching++;
      }
    }
    return touching;
  }

  function seededRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
  }

  /**
   * Random vertices (x,y,z in metres within `span` around `offset`) with planted duplicates: exact copies,
   * partners just inside and just outside the tolerance in a random direction, and vertices on multiples
   * of the hash's cell size; returned with a ring that visits a shuffled subset of them.
   */
  function plantedRing(random: () => number, count: number, tolerance: number, span: number, offset: number) {
    const local = new Float64Array(count * 3);
    for (let k = 0; k < count; k++) {
      const kind = random();
      if (k > 0 && kind < 0.15) {
        local.copyWithin(k * 3, Math.floor(random() * k) * 3, Math.floor(random() * k) * 3 + 3);
      } else if (k > 0 && kind < 0.45) {
        const source = Math.floor(random() * k) * 3;
        const direction = [random() - 0.5, random() - 0.5, random() - 0.5];
        const length = Math.hypot(...direction) || 1;
        const distance = tolerance * [0.5, 1 - 1e-9, 1, 1 + 1e-9, 2, 4][Math.floor(random() * 6)]!;
        for (let axis = 0; axis < 3; axis++)
          local[k * 3 + axis] = local[source + axis]! + (direction[axis]! / length) * distance;
      } else if (kind < 0.6) {
        for (let axis = 0; axis < 3; axis++)
          local[k * 3 + axis] = offset + Math.round(random() * 50) * 4 * tolerance;
      } else {
        for (let axis = 0; axis < 3; axis++) local[k * 3 + axis] = offset + random() * span;
      }
    }
    const ids = Array.from({ length: count }, (_, i) => i);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    return { local, ring: ids.slice(0, Math.max(3, Math.floor(count * (0.7 + 0.3 * random())))) };
  }

  it('counts the same vertex pairs as the pairwise check on random rings with planted duplicates', () => {
    const random = seededRandom(20240611);
    let checked = 0;
    let withPairs = 0;
    for (let trial = 0; trial < 300; trial++) {
      const count = 3 + Math.floor(random() * 600);
      const tolerance = [1e-6, 1e-3, 0.25, 0][trial % 4]!;
      const span = [1e-5, 1, 100, 5000][Math.floor(random() * 4)]!;
      const offset = [0, -3.7, 1234.5678][Math.floor(random() * 3)]!;
      const { local, ring } = plantedRing(random, count, tolerance || 1e-6, span, offset);
      const expected = pairwiseSelfTouching(local, ring, tolerance);
      const counted = countSelfTouchingPairs(local, ring, tolerance, Number.POSITIVE_INFINITY);
      expect({ trial, ...counted }).toEqual({ trial, pairs: expected, complete: true });
      checked++;
      if (expected > 0) withPairs++;
    }
    expect(checked).toBe(300);
    expect(withPairs).toBeGreaterThan(200);
  });

  it('matches the pairwise check for integer grids full of coincident vertices and excludes ring neighbours', () => {
    const random = seededRandom(7);
    for (const count of [4, 5, 65, 66, 200, 1500]) {
      const local = new Float64Array(count * 3);
      for (let k = 0; k < local.length; k++) local[k] = Math.floor(random() * 4);
      const ring = Array.from({ length: count }, (_, i) => i);
      expect(countSelfTouchingPairs(local, ring, 1e-6).pairs).toBe(pairwiseSelfTouching(local, ring, 1e-6));
    }
  });

  it('stops counting at the comparison budget on a ring of all-coincident vertices', () => {
    const count = 3000;
    const local = new Float64Array(count * 3).fill(2.5);
    const ring = Array.from({ length: count }, (_, i) => i);
    const exact = ((count - 1) * (count - 2)) / 2 - 1; // all pairs minus the ring neighbours
    expect(countSelfTouchingPairs(local, ring, 1e-6, Number.POSITIVE_INFINITY)).toEqual({
      pairs: exact,
      complete: true,
    });
    const capped = countSelfTouchingPairs(local, ring, 1e-6);
    expect(capped.complete).toBe(false);
    expect(capped.pairs).toBeGreaterThan(0);
    expect(capped.pairs).toBeLessThan(exact);
  });
});

describe('triangulatePolygon on large and hostile polygons', () => {
  it('triangulates a 200 000-vertex wavy ring into n - 2 triangles covering its area', () => {
    // A shoreline-like ring (circle of 500 m with two superposed waves) in a tilted plane at ECEF
    // magnitudes. Earcut yields n - 2 triangles; ears between nearly collinear neighbours on the smooth
    // stretches fall below the zero-area threshold (1e-12 × extent²) and are dropped with a note, so kept
    // plus dropped must make n - 2.
    const count = 200_000;
    const origin = [3_783_000.5, 899_000.25, 5_038_000.75];
    const tilt = 0.4;
    const positions = new Float64Array(count * 3);
    for (let k = 0; k < count; k++) {
      const angle = (2 * Math.PI * k) / count;
      const radius = 500 * (1 + 0.05 * Math.sin(7 * angle) + 0.01 * Math.sin(331 * angle));
      positions[k * 3] = origin[0]! + radius * Math.cos(angle);
      positions[k * 3 + 1] = origin[1]! + radius * Math.sin(angle) * Math.cos(tilt);
      positions[k * 3 + 2] = origin[2]! + radius * Math.sin(angle) * Math.sin(tilt);
    }
    // Above the default cap: the caller may raise it, and the result must then still be right.
    expect(count).toBeGreaterThan(MAX_POLYGON_VERTICES);
    const result = expectOk(triangulatePolygon(positions, Uint32Array.of(0), { maxVertices: count }));
    const notes = result.repaired ?? [];
    const droppedNote = notes.find((note) => note.endsWith('zero-area triangles dropped'));
    const dropped = droppedNote ? Number(droppedNote.split(' ')[0]) : 0;
    expect(notes.filter((note) => note !== droppedNote)).toEqual([]);
    expect(result.polygon.indices.length / 3 + dropped).toBe(count - 2);
    expect(dropped).toBeLessThan(count / 100);
    // Shoelace area of the ring in its own plane (the tilt is a rotation about x).
    let doubleArea = 0;
    for (let k = 0; k < count; k++) {
      const [x0, y0] = planar(k);
      const [x1, y1] = planar((k + 1) % count);
      doubleArea += x0 * y1 - x1 * y0;
    }
    function planar(k: number): [number, number] {
      const angle = (2 * Math.PI * k) / count;
      const radius = 500 * (1 + 0.05 * Math.sin(7 * angle) + 0.01 * Math.sin(331 * angle));
      return [radius * Math.cos(angle), radius * Math.sin(angle)];
    }
    expect(result.polygon.area / (doubleArea / 2)).toBeCloseTo(1, 8);
    expect(meshArea(positions, result.polygon.indices) / (doubleArea / 2)).toBeCloseTo(1, 8);
    expectWindingAlongNormal(positions, result.polygon.indices, result.polygon.normal);
  }, 180_000);

  it('drops polygons above the vertex cap and with non-finite coordinates, with a reason', () => {
    const square = polygon([
      [
        [0, 0, 0],
        [1, 0, 0],
        [1, 1, 0],
        [0, 1, 0],
      ],
    ]);
    const capped = triangulatePolygon(square.positions, square.ringStarts, { maxVertices: 3 });
    expect(capped).toEqual({
      ok: false,
      reason: 'triangulation: polygon has 4 vertices, more than the limit of 3 per polygon',
    });
    expect(triangulatePolygon(square.positions, square.ringStarts, { maxVertices: 4 }).ok).toBe(true);
    const huge = triangulatePolygon(new Float64Array((MAX_POLYGON_VERTICES + 1) * 3), Uint32Array.of(0));
    expect(huge.ok).toBe(false);
    if (!huge.ok)
      expect(huge.reason).toBe(
        `triangulation: polygon has ${MAX_POLYGON_VERTICES + 1} vertices, more than the limit of ${MAX_POLYGON_VERTICES} per polygon`,
      );
    const broken = Float64Array.from(square.positions);
    broken[7] = Number.NaN;
    expect(triangulatePolygon(broken, square.ringStarts)).toEqual({
      ok: false,
      reason: 'triangulation: vertex 2 has a non-finite coordinate',
    });
  });

  it('notes a count stopped at the budget for a ring with masses of coincident vertices', () => {
    // 3 000 thin petals from one shared apex: 3 000 coincident vertices give ~4.5 million pairs.
    const ring: number[][] = [];
    for (let k = 0; k < 3000; k++) {
      const angle = (Math.PI * k) / 3000;
      const width = Math.PI / 6000;
      ring.push([0, 0, 0], [10 * Math.cos(angle), 10 * Math.sin(angle), 0]);
      ring.push([10 * Math.cos(angle + width), 10 * Math.sin(angle + width), 0]);
    }
    const { positions, ringStarts } = polygon([ring]);
    const result = triangulatePolygon(positions, ringStarts);
    const notes = result.ok ? (result.repaired ?? []) : [result.reason];
    expect(notes.some((note) => /self-touching at ≥ \d+ vertex pair\(s\) \(count stopped/.test(note))).toBe(
      true,
    );
  });
});
