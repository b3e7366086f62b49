import { describe, expect, it } from 'vitest';
import { decodeBuildingMesh, encodeBuildingMesh, meshAsStored } from './mesh-store.ts';
import type { BuildingMesh, PropertyValue } from './types.ts';
import { decodeUtf8 } from './utf8.ts';

/** A mesh of `vertices` vertices (a fan of triangles) with the given extras. */
function mesh(vertices: number, extra: Partial<BuildingMesh> = {}): BuildingMesh {
  const indices: number[] = [];
  for (let v = 1; v + 1 < vertices; v++) indices.push(0, v, v + 1);
  return {
    id: `b${vertices}`,
    properties: { function: '31001_1000', measuredHeight: 12.5 },
    positions: Float64Array.from({ length: vertices * 3 }, (_, i) => 4e6 + i * 0.37),
    normals: Float32Array.from({ length: vertices * 3 }, (_, i) => ((i % 7) - 3) / 3),
    indices: Uint32Array.from(indices),
    surfaceClass: Uint8Array.from({ length: vertices }, (_, i) => i % 5),
    ...extra,
  };
}

/** The JSON text at the end of an encoded mesh (its length is the header's last word). */
function jsonOf(bytes: Uint8Array): string {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(20, true);
  return decodeUtf8(bytes, bytes.length - length);
}

describe('mesh codec', () => {
  it('writes the same bytes for a mesh with non-finite properties as for one without them', () => {
    const plain = mesh(6, { properties: { a: 1, b: 'x', c: true } });
    const noisy = mesh(6, {
      properties: { nan: Number.NaN, a: 1, missing: undefined, b: 'x', inf: -Infinity, c: true },
    });
    expect(encodeBuildingMesh(noisy)).toEqual(encodeBuildingMesh(plain));
    expect(jsonOf(encodeBuildingMesh(plain))).toBe('{"id":"b6","properties":{"a":1,"b":"x","c":true}}');
    // Undefined alone needs no copy: JSON leaves it out as well.
    const undefinedOnly = mesh(6, { properties: { a: 1, gone: undefined, b: 'x', c: true } });
    expect(encodeBuildingMesh(undefinedOnly)).toEqual(encodeBuildingMesh(plain));
  });

  it('keeps each encoded mesh intact while the next is encoded (non-ASCII JSON, growing lengths)', () => {
    const names = ['Bachstraße', 'x'.repeat(5000) + ' 𝄞 Grünfläche', 'kurz', '東京都 ' + 'ä'.repeat(3000)];
    const meshes = names.map((name, i) => mesh(4 + i * 3, { properties: { name, i } }));
    const encoded = meshes.map((m) => encodeBuildingMesh(m));
    const again = meshes.map((m) => encodeBuildingMesh(m));
    encoded.forEach((bytes, i) => {
      expect(bytes).toEqual(again[i]);
      const decoded = decodeBuildingMesh(bytes);
      expect(decoded.properties).toEqual({ name: names[i], i });
      expect(decoded.positions).toEqual(meshes[i]!.positions);
      expect(decoded.indices).toEqual(meshes[i]!.indices);
    });
  });

  it('round-trips every array section, with colours and a texture, from aligned and unaligned bytes', () => {
    const source = mesh(7, {
      colors: Uint8Array.from({ length: 28 }, (_, i) => (i * 37) % 256),
      texture: {
        uris: ['a.png', 'b.jpg'],
        image: Uint16Array.from({ length: 7 }, (_, i) => i % 3),
        uv: Float32Array.from({ length: 14 }, (_, i) => i / 8),
      },
      addresses: [{ street: 'Bachstraße', houseNumber: '3a', locality: 'Wuppertal' }],
    });
    const encoded = encodeBuildingMesh(source);
    for (const shift of [0, 1, 4]) {
      const holder = new Uint8Array(encoded.length + shift);
      holder.set(encoded, shift);
      const decoded = decodeBuildingMesh(holder.subarray(shift));
      expect(decoded.positions).toEqual(source.positions);
      expect(decoded.normals).toEqual(source.normals);
      expect(decoded.indices).toEqual(source.indices);
      expect(decoded.surfaceClass).toEqual(source.surfaceClass);
      expect(decoded.colors).toEqual(source.colors);
      expect(decoded.texture).toEqual(source.texture);
      expect(decoded.addresses).toEqual(source.addresses);
      // The decoded arrays are copies: changing the bytes afterwards leaves them alone.
      holder.fill(0);
      expect(decoded.positions).toEqual(source.positions);
      expect(decoded.colors).toEqual(source.colors);
    }
  });
});

/** A mesh in `cityObjectToMesh`'s layout: one buffer, float64 positions first, every array of its exact length. */
function oneBufferMesh(vertices: number, extra: Partial<BuildingMesh> = {}): BuildingMesh {
  const source = mesh(vertices);
  const buffer = new ArrayBuffer(vertices * 41 + source.indices.length * 4);
  const positions = new Float64Array(buffer, 0, vertices * 3);
  positions.set(source.positions);
  const normals = new Float32Array(buffer, vertices * 24, vertices * 3);
  normals.set(source.normals);
  const indices = new Uint32Array(buffer, vertices * 36, source.indices.length);
  indices.set(source.indices);
  const surfaceClass = new Uint8Array(buffer, vertices * 36 + indices.byteLength, vertices);
  surfaceClass.set(source.surfaceClass);
  const colors = new Uint8Array(buffer, vertices * 37 + indices.byteLength, vertices * 4).fill(200);
  return { ...source, positions, normals, indices, surfaceClass, colors, ...extra };
}

/** Asserts that `stored` is what the codec gives back for `source`: the same values, types and key order. */
function expectAsDecoded(stored: BuildingMesh, source: BuildingMesh): void {
  const decoded = decodeBuildingMesh(encodeBuildingMesh(source));
  expect(stored).toStrictEqual(decoded);
  expect(Object.keys(stored)).toEqual(Object.keys(decoded));
  expect(Object.keys(stored.properties)).toEqual(Object.keys(decoded.properties));
  expect(encodeBuildingMesh(stored)).toEqual(encodeBuildingMesh(source));
}

describe('meshAsStored: a mesh as the codec gives it back, without encoding', () => {
  it('shares the arrays of a one-buffer mesh and gives properties and addresses JSON rules', () => {
    const source = oneBufferMesh(7, {
      properties: {
        function: '31001_1000',
        missing: undefined,
        nan: Number.NaN,
        minusZero: -0,
        far: Infinity,
        '10': 'ten',
        '2': 'two',
        surrogate: 'a\ud800b',
        roof: true,
      },
      addresses: [{ street: 'Hünefeldstraße', houseNumber: '5', locality: undefined }],
      texture: { uris: ['tex/a.jpg'], uv: new Float32Array(14).fill(0.5), image: new Uint16Array(7).fill(1) },
    });
    const stored = meshAsStored(source);
    expectAsDecoded(stored, source);
    expect(Object.is(stored.properties.minusZero, 0)).toBe(true);
    expect('missing' in stored.properties).toBe(false);
    expect('locality' in stored.addresses![0]!).toBe(false);
    expect(stored.positions).toBe(source.positions);
    expect(stored.colors).toBe(source.colors);
    expect(stored.texture!.uris).not.toBe(source.texture!.uris);
  });

  it('keeps clean properties as the same object, and leaves out an empty address list', () => {
    const source = oneBufferMesh(5, { addresses: [] });
    const stored = meshAsStored(source);
    expectAsDecoded(stored, source);
    expect(stored.properties).toBe(source.properties);
    expect(stored.addresses).toBeUndefined();
  });

  it('goes through the codec for any other layout', () => {
    const cases: BuildingMesh[] = [
      mesh(6, { colors: new Uint8Array(8) }), // too short: the codec drops them
      mesh(6, { colors: new Uint8Array(40).fill(9) }), // longer than needed: cut
      mesh(6, { texture: { uris: ['a.png'], uv: new Float32Array(4), image: new Uint16Array(6) } }),
      { ...mesh(6), positions: Float64Array.from({ length: 19 }, (_, i) => 4e6 + i) }, // not whole vertices
      { ...mesh(6), surfaceClass: new Uint8Array(3) },
    ];
    for (const source of cases) expectAsDecoded(meshAsStored(source), source);
  });

  it('keeps a "__proto__" property an own property, as JSON.parse does', () => {
    const properties: Record<string, PropertyValue> = { a: 1, gone: undefined };
    Object.defineProperty(properties, '__proto__', {
      value: 'x',
      enumerable: true,
      writable: true,
      configurable: true,
    });
    const source = oneBufferMesh(4, { properties });
    const stored = meshAsStored(source);
    expectAsDecoded(stored, source);
    expect(Object.keys(stored.properties)).toEqual(['a', '__proto__']);
  });
});
