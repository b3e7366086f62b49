import { describe, expect, it } from 'vitest';
import { triangulatePolygon } from '../geometry/triangulate.ts';
import { snapToEdges, visibleEdges } from './edges.ts';
import type { PickRay, Projected, VisibleEdges } from './edges.ts';
import type { EcefPoint } from './geometry.ts';

/** Triangles (9 numbers each) of one polygon with holes, triangulated as the converter does. */
function triangulated(rings: [number, number, number][][]): Float64Array {
  const positions = Float64Array.from(rings.flat(2));
  const starts: number[] = [];
  let at = 0;
  for (const ring of rings) {
    starts.push(at);
    at += ring.length;
  }
  const result = triangulatePolygon(positions, Uint32Array.from(starts));
  if (!result.ok) throw new Error(result.reason);
  const out: number[] = [];
  for (const index of result.polygon.indices)
    out.push(positions[index * 3]!, positions[index * 3 + 1]!, positions[index * 3 + 2]!);
  return Float64Array.from(out);
}

/** The visible edges as sorted strings "x,y,z–x,y,z" (coordinates rounded to mm), for comparisons. */
function edgeSet({ vertices, edges }: VisibleEdges): string[] {
  const point = (i: number) => [0, 1, 2].map((k) => Math.round(vertices[i * 3 + k]! * 1000) / 1000).join(',');
  const out: string[] = [];
  for (let e = 0; e < edges.length; e += 2)
    out.push([point(edges[e]!), point(edges[e + 1]!)].sort().join('–'));
  return out.sort();
}

function ringEdges(ring: [number, number, number][]): string[] {
  return ring.map((p, i) => [p.join(','), ring[(i + 1) % ring.length]!.join(',')].sort().join('–'));
}

/** A 10 m × 6 m wall in the x–z plane (y = 0) with a 2 m × 2 m window. */
const WALL: [number, number, number][] = [
  [0, 0, 0],
  [10, 0, 0],
  [10, 0, 6],
  [0, 0, 6],
];
const WINDOW: [number, number, number][] = [
  [4, 0, 2],
  [4, 0, 4],
  [6, 0, 4],
  [6, 0, 2],
];

describe('visibleEdges', () => {
  it('a polygon with a hole: its outline and the hole are visible, the triangulation diagonals hidden', () => {
    const triangles = triangulated([WALL, WINDOW]);
    expect(triangles.length / 9).toBe(8); // 8 vertices, 2 rings: n + 2h − 2 triangles, so diagonals exist
    const edges = visibleEdges(triangles);
    expect(edgeSet(edges)).toEqual([...ringEdges(WALL), ...ringEdges(WINDOW)].sort());
    expect(edges.vertices.length / 3).toBe(8);
  });

  it('two walls meeting at a corner: the shared vertical edge is a crease, once, and corners are welded', () => {
    const side: [number, number, number][] = [
      [10, 0, 0],
      [10, 8, 0],
      [10, 8, 6],
      [10, 0, 6],
    ];
    const edges = visibleEdges(Float64Array.from([...triangulated([WALL]), ...triangulated([side])]));
    const expected = new Set([...ringEdges(WALL), ...ringEdges(side)]);
    expect(edgeSet(edges)).toEqual([...expected].sort());
    expect(expected.size).toBe(7);
    expect(edges.vertices.length / 3).toBe(6);
  });

  it('a flat roof split into two coplanar polygons hides their shared edge; a 30° pitch keeps it', () => {
    const flat = visibleEdges(
      Float64Array.from([
        ...triangulated([
          [
            [0, 0, 6],
            [5, 0, 6],
            [5, 8, 6],
            [0, 8, 6],
          ],
        ]),
        ...triangulated([
          [
            [5, 0, 6],
            [10, 0, 6],
            [10, 8, 6],
            [5, 8, 6],
          ],
        ]),
      ]),
    );
    expect(edgeSet(flat)).not.toContain('5,0,6–5,8,6');
    expect(flat.edges.length / 2).toBe(6);
    const rise = 5 * Math.tan(Math.PI / 6);
    const pitched = visibleEdges(
      Float64Array.from([
        ...triangulated([
          [
            [0, 0, 6],
            [5, 0, 6 + rise],
            [5, 8, 6 + rise],
            [0, 8, 6],
          ],
        ]),
        ...triangulated([
          [
            [5, 0, 6 + rise],
            [10, 0, 6],
            [10, 8, 6],
            [5, 8, 6 + rise],
          ],
        ]),
      ]),
    );
    expect(pitched.edges.length / 2).toBe(7);
  });

  it('a polygon stored twice back to back keeps its diagonals hidden; degenerate triangles are ignored', () => {
    const front = triangulated([WALL, WINDOW]);
    const back = new Float64Array(front.length);
    for (let t = 0; t < front.length; t += 9) {
      back.set(front.subarray(t, t + 3), t);
      back.set(front.subarray(t + 6, t + 9), t + 3);
      back.set(front.subarray(t + 3, t + 6), t + 6);
    }
    const sliver = [0, 0, 0, 5, 0, 0, 10, 0, 0];
    const edges = visibleEdges(Float64Array.from([...front, ...back, ...sliver]));
    expect(edgeSet(edges)).toEqual([...ringEdges(WALL), ...ringEdges(WINDOW)].sort());
  });
});

describe('snapToEdges', () => {
  // A camera 20 m in front of the wall (y = −20), looking along +y at its middle; 50 px per metre at the wall.
  const ray = (x: number, y: number, z: number): PickRay => {
    const d = [x - 5, y + 20, z - 3];
    const length = Math.hypot(d[0]!, d[1]!, d[2]!);
    return {
      origin: [5, -20, 3],
      direction: [d[0]! / length, d[1]! / length, d[2]! / length],
      pixelTangent: 1 / 1000,
    };
  };
  const project = (p: EcefPoint): Projected | undefined => {
    const depth = p[1] + 20;
    if (depth <= 0) return undefined;
    return { screen: [500 + ((p[0] - 5) / depth) * 1000, 500 - ((p[2] - 3) / depth) * 1000], depth };
  };
  const wall = visibleEdges(triangulated([WALL, WINDOW]));
  /** The wall and, 8 m behind it, a wall whose corner (0.8, 8, 3) is seen in the middle of the front wall's face. */
  const building = visibleEdges(
    Float64Array.from([
      ...triangulated([WALL, WINDOW]),
      ...triangulated([
        [
          [0.8, 8, -2],
          [9.2, 8, -2],
          [9.2, 8, 3],
          [0.8, 8, 3],
        ],
      ]),
    ]),
  );

  it('snaps a pick 4 px off a corner to the corner, exactly', () => {
    const [x, y] = project([4, 0, 4])!.screen;
    const result = snapToEdges([x + 3, y - 2.6], ray(4, 0, 4), wall, project, 20);
    expect(result?.kind).toBe('vertex');
    expect(result?.position).toEqual([4, 0, 4]);
  });

  it('snaps a pick 5 px off an edge to the nearest point of the edge, not to a diagonal', () => {
    // 5 px right of the window's left side (x = 4), at mid height: a diagonal of the triangulation may pass there.
    const [x, y] = project([4, 0, 3])!.screen;
    const result = snapToEdges([x + 5, y], ray(4.1, 0, 3), wall, project, 20);
    expect(result?.kind).toBe('edge');
    expect(result!.position[0]).toBeCloseTo(4, 9);
    expect(result!.position[2]).toBeCloseTo(3, 6);
  });

  it('skips a nearer edge behind the surface under the pick for a visible one a little further', () => {
    // The back wall's top edge (z = 3, y = 8) runs across the screen at y = 500, 1 px from the pick; the window's
    // left side (x = 4) 5 px from it is on the face the pick hit.
    const result = snapToEdges([455, 501], ray(4.1, 0, 2.98), building, project, 20);
    expect(result?.kind).toBe('edge');
    expect(result!.position[0]).toBeCloseTo(4, 9);
    expect(result!.position[1]).toBe(0);
    expect(snapToEdges([455, 501], ray(4.1, 0, 2.98), building, project, undefined)?.position[1]).toBe(8);
  });

  it('far from every edge, nothing; corners behind the surface under the pick are not snapped to', () => {
    const [x, y] = project([2, 0, 3])!.screen;
    expect(snapToEdges([x, y], ray(2, 0, 3), wall, project, 20)).toBeUndefined();
    // The back wall's corner, 2 px from the pick, lies behind the front wall's face that the pick hit: not taken.
    const back = project([0.8, 8, 3])!.screen;
    expect(back[0]).toBeCloseTo(project([2, 0, 3])!.screen[0], 9);
    expect(snapToEdges([back[0] + 2, back[1]], ray(0.8, 8, 3), building, project, 20)).toBeUndefined();
    // Without a surface under the pick (the sky), it is a candidate again.
    const open = snapToEdges([back[0] + 2, back[1]], ray(0.8, 8, 3), building, project, undefined);
    expect(open?.kind).toBe('vertex');
    expect(open?.position).toEqual([0.8, 8, 3]);
  });
});
