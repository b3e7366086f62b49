/**
 * The packed cross-object index: every polygon and aggregate of an object comes back by its gml:id as it
 * was read (coordinates, rings, semantic, LoD, id, geometry srsName, ring ids), the same item each time;
 * unknown, partial and empty ids find nothing they should not; transferred polygons are left out.
 */
import { describe, expect, it } from 'vitest';
import { lookupPacked, packObject } from './cross-index.ts';
import type { PolygonItem } from './state.ts';
import type { SurfaceSemantic } from './types.ts';

function item(
  id: string | undefined,
  first: number,
  rings: number[],
  semantic: SurfaceSemantic,
  extra: Partial<PolygonItem> = {},
): PolygonItem {
  const vertices = rings.reduce((sum, n) => sum + n, 0);
  const starts: number[] = [];
  rings.reduce((at, n) => (starts.push(at), at + n), 0);
  const polygon: PolygonItem['polygon'] = {
    positions: Float64Array.from({ length: vertices * 3 }, (_, i) => first + i * 0.5),
    ringStarts: Uint32Array.from(starts),
    semantic,
    lod: 2,
  };
  if (id !== undefined) polygon.gmlId = id;
  return { kind: 0, polygon, hidden: false, ...extra };
}

function expectSame(found: PolygonItem, original: PolygonItem): void {
  expect(Array.from(found.polygon.positions)).toEqual(Array.from(original.polygon.positions));
  expect(Array.from(found.polygon.ringStarts)).toEqual(Array.from(original.polygon.ringStarts));
  expect(found.polygon.semantic).toBe(original.polygon.semantic);
  expect(found.polygon.lod).toBe(original.polygon.lod);
  expect(found.polygon.gmlId).toBe(original.polygon.gmlId);
  expect(found.geometrySrs).toBe(original.geometrySrs);
  expect(found.ringIds).toEqual(original.ringIds);
}

describe('packObject and lookupPacked', () => {
  const roof = item('P-roof', 100, [4], 'roof');
  const wall = item('P-wall', 200, [5, 4], 'wall', {
    geometrySrs: 'EPSG:25832',
    ringIds: ['R-outer', undefined],
  });
  const ground = item(undefined, 300, [4], 'ground'); // no id of its own, only in the aggregate
  const twin = item('P-roof', 400, [3], 'closure'); // repeats an id: indexed under the aggregate only
  const packed = packObject(
    new Map([
      ['P-roof', roof],
      ['P-wall', wall],
    ]),
    new Map([
      ['S-solid', [roof, wall, ground, twin]],
      ['S-empty', []],
    ]),
  )!;

  it('gives back each polygon by its id and each aggregate as its polygons, as read', () => {
    expectSame(lookupPacked(packed, 'P-roof') as PolygonItem, roof);
    expectSame(lookupPacked(packed, 'P-wall') as PolygonItem, wall);
    const solid = lookupPacked(packed, 'S-solid') as PolygonItem[];
    expect(solid).toHaveLength(4);
    [roof, wall, ground, twin].forEach((original, i) => expectSame(solid[i]!, original));
    expect(lookupPacked(packed, 'S-empty')).toEqual([]);
    expect(packed.floats).toBe(3 * (4 + 9 + 4 + 3) + 4);
    expect(packed.idCount).toBe(4);
  });

  it('hands out the same item for a polygon however it is reached', () => {
    const solid = lookupPacked(packed, 'S-solid') as PolygonItem[];
    expect(lookupPacked(packed, 'P-roof')).toBe(solid[0]);
    expect(lookupPacked(packed, 'P-wall')).toBe(lookupPacked(packed, 'P-wall'));
  });

  it('finds nothing for unknown ids or parts of ids', () => {
    for (const id of ['P-', 'roof', 'P-roofs', 'x', '']) {
      expect(lookupPacked(packed, id), id).toBeUndefined();
    }
  });

  it('finds a polygon before an aggregate of the same id', () => {
    const clash = packObject(new Map([['X', roof]]), new Map([['X', [wall, ground]]]))!;
    expectSame(lookupPacked(clash, 'X') as PolygonItem, roof);
  });

  it('leaves out polygons whose coordinates were handed on, and objects without ids', () => {
    const gone = item('P-gone', 0, [3], 'roof');
    gone.polygon.positions = new Float64Array(0);
    const partly = packObject(new Map([['P-gone', gone]]), new Map([['S', [gone, roof]]]))!;
    expect(lookupPacked(partly, 'P-gone')).toBeUndefined();
    const aggregate = lookupPacked(partly, 'S') as PolygonItem[];
    expect(aggregate).toHaveLength(1);
    expectSame(aggregate[0]!, roof);
    expect(packObject(new Map(), undefined)).toBeUndefined();
    expect(packObject(new Map(), new Map())).toBeUndefined();
  });

  it('copies the coordinates: later changes to the read polygon do not reach the index', () => {
    const mutable = item('M', 10, [3], 'roof');
    const own = packObject(new Map([['M', mutable]]), undefined)!;
    const before = Array.from(mutable.polygon.positions);
    mutable.polygon.positions.fill(0);
    expect(Array.from((lookupPacked(own, 'M') as PolygonItem).polygon.positions)).toEqual(before);
  });
});
