import { describe, expect, it } from 'vitest';
import { snapPick, worldParameter } from './snap.ts';
import type { SnapVertex } from './snap.ts';

const square: SnapVertex[] = [
  { screen: [100, 100], position: [0, 0, 0] },
  { screen: [200, 100], position: [10, 0, 0] },
  { screen: [200, 200], position: [10, 10, 0] },
  { screen: [100, 200], position: [0, 10, 0] },
];
const edges: [number, number][] = [
  [0, 1],
  [1, 2],
  [2, 3],
  [3, 0],
];

describe('snapPick', () => {
  it('snaps to the nearest vertex within the vertex radius', () => {
    const result = snapPick([196, 104], square, edges, { vertexPixels: 8, edgePixels: 6 });
    expect(result).toMatchObject({ kind: 'vertex', index: 1, position: [10, 0, 0], screen: [200, 100] });
    expect(result!.pixels).toBeCloseTo(Math.hypot(4, 4), 9);
  });

  it('prefers a vertex over a nearer edge', () => {
    const result = snapPick([195, 101], square, edges, { vertexPixels: 8, edgePixels: 6 });
    expect(result?.kind).toBe('vertex');
  });

  it('snaps to the foot of the perpendicular on the nearest edge, interpolating the world position', () => {
    const result = snapPick([130, 104], square, edges, { vertexPixels: 8, edgePixels: 6 });
    expect(result).toMatchObject({ kind: 'edge', index: 0, screen: [130, 100], pixels: 4 });
    expect(result!.position[0]).toBeCloseTo(3, 12);
    expect(result!.position[1]).toBe(0);
  });

  it('returns undefined when nothing lies within the radii', () => {
    expect(snapPick([150, 150], square, edges)).toBeUndefined();
    expect(snapPick([150, 150], [], [])).toBeUndefined();
  });

  it('clamps to the edge ends and ignores edges naming missing vertices', () => {
    const result = snapPick(
      [95, 150],
      square,
      [
        [3, 0],
        [0, 9],
      ],
      { vertexPixels: 2, edgePixels: 6 },
    );
    expect(result).toMatchObject({ kind: 'edge', index: 0, screen: [100, 150] });
  });
});

describe('worldParameter', () => {
  it('is linear without depths and perspective-correct with them', () => {
    expect(worldParameter(0.5)).toBe(0.5);
    // Screen midpoint of an edge from 1 m to 3 m depth: 1/z is linear on screen, so t = (0.5/3) / (0.5/1 + 0.5/3).
    expect(worldParameter(0.5, 1, 3)).toBeCloseTo(0.25, 12);
    expect(worldParameter(0, 1, 3)).toBe(0);
    expect(worldParameter(1, 1, 3)).toBe(1);
  });

  it('matches a pinhole projection of a receding edge', () => {
    // Edge from (x=-1, z=2) to (x=3, z=6) seen by a camera at the origin looking along z, focal length 1.
    const a = { x: -1, z: 2 };
    const b = { x: 3, z: 6 };
    const screenA = a.x / a.z;
    const screenB = b.x / b.z;
    const t = 0.3;
    const world = { x: a.x + t * (b.x - a.x), z: a.z + t * (b.z - a.z) };
    const s = (world.x / world.z - screenA) / (screenB - screenA);
    expect(worldParameter(s, a.z, b.z)).toBeCloseTo(t, 12);
  });
});
