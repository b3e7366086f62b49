import { describe, expect, it } from 'vitest';
import { decodeBuildingMesh, encodeBuildingMesh } from './mesh-store.ts';
import type { BuildingMesh } from './types.ts';
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
