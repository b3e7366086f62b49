import { describe, expect, it } from 'vitest';
import { packStreams } from './glb-streams.ts';
import type { TileVertices } from './glb-streams.ts';

/**
 * A tile of `buildings` buildings whose vertices repeat (positions on a coarse grid, few normals and
 * colours), some equal only within 1 mm, and a few degenerate triangles: plenty to weld.
 */
function tileWithRepeats(buildings: number, spread: number): TileVertices {
  let state = 7;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const perBuilding = 3000;
  const count = buildings * perBuilding;
  const positions = new Float64Array(count * 3);
  const normals = new Float32Array(count * 3);
  const colors = new Uint8Array(count * 4);
  const featureIds = new Uint32Array(count);
  const indices: number[] = [];
  const units = [
    [0, 1, 0],
    [1, 0, 0],
    [0, 0, -1],
    [0, 0, 1],
    [0.6, 0.8, 0],
  ];
  for (let v = 0; v < count; v++) {
    const building = Math.floor(v / perBuilding);
    for (let axis = 0; axis < 3; axis++)
      positions[v * 3 + axis] =
        building * 7 + Math.floor(random() * 4) * spread + (random() < 0.1 ? 0.001 : 0);
    normals.set(units[Math.floor(random() * units.length)]!, v * 3);
    colors.set(
      random() < 0.5 ? [200, 90, 70, 255] : random() < 0.5 ? [200, 90, 70, 128] : [180, 180, 180, 255],
      v * 4,
    );
    featureIds[v] = building;
  }
  for (let b = 0; b < buildings; b++)
    for (let t = 0; t < perBuilding; t++)
      indices.push(...[0, 1, 2].map((k) => b * perBuilding + ((t + k * (1 + (t % 5))) % perBuilding)));
  return {
    count,
    positions,
    normals,
    colors,
    featureIds,
    indices: Uint32Array.from(indices),
    translucent: false,
  };
}

describe('packStreams welding', () => {
  it('keeps vertices apart that differ in one word only (normal z, colour alpha)', () => {
    // 8 positions × normal z = ±1 × 250 alpha values: 4 000 distinct vertices in one building, so the
    // weld's table is half full and equal-looking neighbours are compared often.
    const count = 4000;
    const positions = new Float64Array(count * 3);
    const normals = new Float32Array(count * 3);
    const colors = new Uint8Array(count * 4).fill(255);
    for (let v = 0; v < count; v++) {
      positions[v * 3] = v % 8;
      normals[v * 3 + 2] = Math.floor(v / 8) % 2 === 0 ? 1 : -1;
      colors[v * 4 + 3] = Math.floor(v / 16);
    }
    const tile: TileVertices = {
      count,
      positions,
      normals,
      colors,
      featureIds: new Uint32Array(count),
      indices: Uint32Array.from({ length: 3999 }, (_, i) => (i * 7) % count),
      translucent: false,
    };
    expect(packStreams(tile, true, 0.005, true, 1)!.count).toBe(4000);
  });

  // Uint16 positions (a small tile) and float32 positions (wider than one 16-bit grid at 5 mm).
  for (const spread of [0.5, 400]) {
    it(`welds as the general path does (int8 normals, ${spread === 0.5 ? 'uint16' : 'float32'} positions)`, () => {
      const tile = tileWithRepeats(5, spread);
      const fast = packStreams(tile, true, 0.005, true, 5)!;
      // A texture whose material and uv are the same for every vertex changes no equality, but sends the
      // weld through the general path.
      const general = packStreams(
        {
          ...tile,
          texture: { material: new Uint16Array(tile.count), uv: new Float32Array(tile.count * 2) },
        },
        true,
        0.005,
        true,
        5,
      )!;
      expect(fast.positionsQuantized).toBe(spread === 0.5);
      expect(fast.count).toBeLessThan(tile.count);
      expect(fast.count).toBe(general.count);
      expect(fast.indices).toEqual(general.indices);
      expect(fast.position.bytes).toEqual(general.position.bytes);
      expect(fast.normal.bytes).toEqual(general.normal.bytes);
      expect(fast.color).toEqual(general.color);
      expect(fast.featureId.bytes).toEqual(general.featureId.bytes);
    });
  }
});
