import { describe, expect, it } from 'vitest';
import { TilesetBuilder } from './builder.ts';
import { decodeBuildingMesh, decodeMeshHead, encodeBuildingMesh, InMemoryMeshStore } from './mesh-store.ts';
import { MESH_SUMMARY_FIELDS, meshSummaries, SUMMARY, writeMeshSummary } from './mesh-summary.ts';
import { syntheticBoxBuilding } from './test-fixtures.ts';
import type { BuildingMesh, TilesetFile } from './types.ts';
import { placeOfPositions } from '../search/place.ts';

/** Houses around Wuppertal, every third with an address, one with a NaN property, one without triangles. */
function houses(count: number): BuildingMesh[] {
  const meshes: BuildingMesh[] = [];
  for (let i = 0; i < count; i++) {
    const mesh = syntheticBoxBuilding({
      id: `DENW_${i}`,
      lonDeg: 7.2 + (i % 12) * 0.0004,
      latDeg: 51.27 + Math.floor(i / 12) * 0.0003,
      height: 190 + (i % 7),
      size: [8 + (i % 5), 10 + (i % 3), 6 + (i % 9) * 1.25],
      properties: {
        function: ['31001_1000', '31001_2463'][i % 2],
        measuredHeight: i === 4 ? Number.NaN : 6 + (i % 9) * 1.25,
      },
    });
    if (i % 3 === 0) mesh.addresses = [{ street: 'Werth', houseNumber: String(i), locality: 'Wuppertal' }];
    meshes.push(mesh);
  }
  meshes.push({ ...meshes[1]!, id: 'NO_TRIANGLES', indices: new Uint32Array(0) });
  return meshes;
}

function text(files: TilesetFile[]): Map<string, string> {
  return new Map(files.map((file) => [file.path, Buffer.from(file.bytes).toString('base64')]));
}

describe('mesh summaries', () => {
  it("give the tiler the same files as the meshes themselves, from the mesh's JSON part alone", () => {
    const meshes = houses(60);
    // The converter's path before summaries: every mesh decoded from its bytes on the tiler's thread.
    const direct = new TilesetBuilder({ compress: false });
    for (const mesh of meshes) direct.add(decodeBuildingMesh(encodeBuildingMesh(mesh)));

    // As in the converter: a reading thread encodes and summarises; the tiler's thread stores the bytes
    // and adds each building from its summary and its JSON part.
    const encoded = meshes.map((mesh) => encodeBuildingMesh(mesh));
    const summaries = meshSummaries(meshes);
    const store = new InMemoryMeshStore();
    const summarised = new TilesetBuilder({ compress: false, store });
    let handlesTaken = 0;
    encoded.forEach((bytes, i) => {
      summarised.addSummarised(summaries, i * MESH_SUMMARY_FIELDS, decodeMeshHead(bytes), () => {
        handlesTaken += 1;
        return store.put(decodeBuildingMesh(bytes));
      });
    });

    expect(handlesTaken).toBe(meshes.length - 1); // the mesh without triangles is left out
    expect(summarised.stats.buildings).toBe(direct.stats.buildings);
    const files = text([...summarised.finish()]);
    expect([...files.keys()]).toContain('addresses.json');
    expect(files).toEqual(text([...direct.finish()]));
  });

  it('hold the bounding box centre, its diagonal, the counts and the place of the address index', () => {
    const [mesh] = houses(1);
    const out = new Float64Array(MESH_SUMMARY_FIELDS + 2).fill(-1);
    writeMeshSummary(mesh!, out, 1);
    const p = mesh!.positions;
    const xs = p.filter((_, i) => i % 3 === 0);
    const ys = p.filter((_, i) => i % 3 === 1);
    const zs = p.filter((_, i) => i % 3 === 2);
    const span = (v: Float64Array) => Math.max(...v) - Math.min(...v);
    expect(out[0]).toBe(-1);
    expect(out[1 + SUMMARY.centroidX]).toBeCloseTo((Math.max(...xs) + Math.min(...xs)) / 2, 9);
    expect(out[1 + SUMMARY.centroidZ]).toBeCloseTo((Math.max(...zs) + Math.min(...zs)) / 2, 9);
    expect(out[1 + SUMMARY.size]).toBeGreaterThan(Math.hypot(span(xs), span(ys), span(zs)));
    expect(out[1 + SUMMARY.vertices]).toBe(p.length / 3);
    expect(out[1 + SUMMARY.indices]).toBe(mesh!.indices.length);
    expect(out[1 + SUMMARY.longitude]).toBeCloseTo(7.2, 3);
    expect(out[1 + SUMMARY.height]).toBe(placeOfPositions(p)!.height);
    expect(out[MESH_SUMMARY_FIELDS + 1]).toBe(-1);
    // Without the address index the place is not computed.
    writeMeshSummary(mesh!, out, 1, false);
    expect(out[1 + SUMMARY.longitude]).toBeNaN();
  });

  it("decode a mesh's JSON part as the full decoder does, and refuse what is not an encoded mesh", () => {
    const meshes = houses(5);
    for (const mesh of meshes) {
      const bytes = encodeBuildingMesh(mesh);
      const { id, properties, addresses } = decodeBuildingMesh(bytes);
      expect(decodeMeshHead(bytes)).toEqual({ id, properties, ...(addresses ? { addresses } : {}) });
    }
    const bytes = encodeBuildingMesh(meshes[0]!);
    expect(() => decodeMeshHead(bytes.subarray(0, bytes.length - 1))).toThrow(/mesh codec: .* header says/);
    expect(() => decodeMeshHead(new Uint8Array(40))).toThrow(/mesh codec: not an encoded/);
  });
});
