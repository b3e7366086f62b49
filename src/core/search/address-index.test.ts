import { describe, expect, it } from 'vitest';
import { ecefToGeodetic, geodeticToEcef } from '../tiles/ellipsoid.ts';
import { decodeUtf8 } from '../tiles/utf8.ts';
import { AddressIndexBuilder, AddressIndexError, parseAddressIndex } from './address-index.ts';
import type { IndexedObject } from './address-index.ts';
import { placeOfPositions } from './place.ts';

const RAD = Math.PI / 180;

/** A 10 m box standing on `height` (ellipsoidal metres) at lon/lat (degrees), as ECEF vertices. */
function box(lon: number, lat: number, height: number): Float64Array {
  const d = 0.00005;
  const corners: number[] = [];
  for (const h of [height, height + 10])
    for (const [x, y] of [
      [-d, -d],
      [d, -d],
      [d, d],
      [-d, d],
    ])
      corners.push(...geodeticToEcef((lon + x!) * RAD, (lat + y!) * RAD, h));
  return new Float64Array(corners);
}

const object = (
  id: string,
  addresses: IndexedObject['addresses'],
  lon = 7.2,
  lat = 51.27,
): IndexedObject => ({
  id,
  addresses,
  positions: box(lon, lat, 200),
});

describe('placeOfPositions', () => {
  it('takes the bounding box centre in degrees and the lowest vertex as ground height', () => {
    const place = placeOfPositions(box(7.2, 51.27, 187.25))!;
    expect(place.longitude).toBeCloseTo(7.2, 6);
    expect(place.latitude).toBeCloseTo(51.27, 6);
    expect(place.height).toBeCloseTo(187.25, 2);
  });

  it('finds exactly the least ellipsoidal height of any vertex, for small and kilometre-wide objects', () => {
    // A deterministic pseudo-random cloud: heights within a few millimetres of each other on the ground,
    // where the ellipsoid's curvature, not the offset along the centre's up direction, decides the lowest.
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (const [spread, count] of [
      [0.0001, 40],
      [0.03, 200],
      [0.2, 400],
    ] as const) {
      const values: number[] = [];
      for (let i = 0; i < count; i++) {
        const h = 150 + (i % 4 === 0 ? random() * 30 : random() * 0.004);
        values.push(...geodeticToEcef((7 + random() * spread) * RAD, (51 + random() * spread) * RAD, h));
      }
      const positions = new Float64Array(values);
      let expected = Infinity;
      for (let i = 0; i < positions.length; i += 3)
        expected = Math.min(
          expected,
          ecefToGeodetic(positions[i]!, positions[i + 1]!, positions[i + 2]!).height,
        );
      expect(placeOfPositions(positions)!.height).toBe(expected);
    }
  });
});

describe('AddressIndexBuilder', () => {
  it('writes dictionaries and small rows, sorted the same whatever the order of adding', () => {
    const objects = [
      object('b2', [{ street: 'Bachstraße', houseNumber: '10', postalCode: '42275', locality: 'Wuppertal' }]),
      object('b1', [{ street: 'Bachstraße', houseNumber: '2', postalCode: '42275', locality: 'Wuppertal' }]),
      object('a1', [
        { street: 'Am Hang', houseNumber: '1a', locality: 'Wuppertal' },
        { street: 'Am Hang', houseNumber: '1a', locality: 'Wuppertal' },
      ]),
      object('x9', []),
    ];
    const forwards = new AddressIndexBuilder();
    const backwards = new AddressIndexBuilder();
    objects.forEach((o) => forwards.add(o));
    [...objects].reverse().forEach((o) => backwards.add(o));
    const json = forwards.toJson()!;
    expect(decodeUtf8(forwards.bytes()!)).toBe(decodeUtf8(backwards.bytes()!));
    expect(json.streets).toEqual(['Am Hang', 'Bachstraße']);
    expect(json.postcodes).toEqual(['42275']);
    expect(json.localities).toEqual(['Wuppertal']);
    expect(json.addresses.map((r) => [r[0], r[1], r[2], r[3], r[4]])).toEqual([
      [0, '1a', -1, 0, 'a1'],
      [1, '2', 0, 0, 'b1'],
      [1, '10', 0, 0, 'b2'],
    ]);
    expect(json.addresses[0]![5]).toBe(7_200_000);
    expect(json.addresses[0]![6]).toBe(51_270_000);
    expect(json.addresses[0]![7]).toBe(200);
    expect(json.buildings).toEqual([['x9', 7_200_000, 51_270_000, 200]]);
    expect(parseAddressIndex(JSON.parse(decodeUtf8(forwards.bytes()!)))).toEqual(json);
  });
  it('keeps gml:ids in any script and heights to the decimetre', () => {
    const builder = new AddressIndexBuilder();
    // 'house 🏠 2' sorts before 'house Ａ' in UTF-16 code units, after it in UTF-8 bytes.
    const ids = ['Gebäude_ÄÖÜ_1', 'DENW36AL10003ylk', '建物-7', 'house 🏠 2', '', 'house \uFF21'];
    ids.forEach((id, i) => builder.add({ id, positions: box(7.2, 51.27, 187.26 + i * 1000.04) }));
    const json = builder.toJson()!;
    expect(json.buildings.map((row) => row[0])).toEqual([...ids].sort());
    const heights = new Map(json.buildings.map((row) => [row[0], row[3]]));
    expect(ids.map((id) => heights.get(id))).toEqual([187.3, 1187.3, 2187.3, 3187.4, 4187.4, 5187.5]);
  });
  it('writes nothing when nothing was added', () => {
    expect(new AddressIndexBuilder().bytes()).toBeUndefined();
  });
});

describe('parseAddressIndex', () => {
  const good = () => {
    const builder = new AddressIndexBuilder();
    builder.add(object('b1', [{ street: 'Bachstraße', houseNumber: '2' }]));
    return builder.toJson()!;
  };
  it('names what is wrong', () => {
    expect(() => parseAddressIndex([])).toThrow(AddressIndexError);
    expect(() => parseAddressIndex({ ...good(), version: 2 })).toThrow(/version 2/);
    const badRow = good();
    badRow.addresses[0]![0] = 5;
    expect(() => parseAddressIndex(badRow)).toThrow(/addresses row 1/);
    const badPlace = good();
    badPlace.addresses[0]![6] = 91_000_000;
    expect(() => parseAddressIndex(badPlace)).toThrow(/addresses row 1/);
  });
});
