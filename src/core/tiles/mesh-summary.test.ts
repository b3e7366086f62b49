import { describe, expect, it } from 'vitest';
import { TilesetBuilder } from './builder.ts';
import { decodeBuildingMesh, encodeBuildingMesh, InMemoryMeshStore, jsonProperties } from './mesh-store.ts';
import { MESH_SUMMARY_FIELDS, SUMMARY, summaryIsTiled, writeMeshSummary } from './mesh-summary.ts';
import { BuildingMetadataCensus } from './metadata.ts';
import { syntheticBoxBuilding } from './test-fixtures.ts';
import type { BuildingMesh, PropertyValue, TilesetFile } from './types.ts';
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
        // NaN leaves a key out after the codec: "storeys" comes first here, last once the codec is applied.
        ...(i === 0 ? { storeys: Number.NaN } : {}),
        function: ['31001_1000', '31001_2463'][i % 2],
        measuredHeight: i === 4 ? Number.NaN : 6 + (i % 9) * 1.25,
        ...(i === 10 ? { storeys: 3 } : {}),
      },
    });
    if (i % 3 === 0)
      mesh.addresses = [
        { street: 'Werth', houseNumber: String(i), postalCode: undefined, locality: 'Wuppertal' },
      ];
    if (i === 5) mesh.addresses = [];
    meshes.push(mesh);
  }
  meshes.push({ ...meshes[1]!, id: 'NO_TRIANGLES', indices: new Uint32Array(0) });
  return meshes;
}

function text(files: TilesetFile[]): Map<string, string> {
  return new Map(files.map((file) => [file.path, Buffer.from(file.bytes).toString('base64')]));
}

describe('mesh summaries', () => {
  it('give the tiler the same files as the meshes themselves, in batches with their census', () => {
    const meshes = houses(60);
    // The converter's path without summaries: every mesh decoded from its bytes on the tiler's thread.
    const direct = new TilesetBuilder({ compress: false });
    for (const mesh of meshes) direct.add(decodeBuildingMesh(encodeBuildingMesh(mesh)));

    // As in the converter (tools/convert/worker-core.ts): a reading thread summarises batches of 7 meshes
    // with their properties as the codec gives them back, counts those in a census per batch, and sends
    // ids and addresses as they are; the tiler's thread stores the bytes and adds each building from its
    // summary, merging each batch's census.
    const store = new InMemoryMeshStore();
    const summarised = new TilesetBuilder({ compress: false, store });
    let handlesTaken = 0;
    for (let first = 0; first < meshes.length; first += 7) {
      const batch = meshes.slice(first, first + 7);
      const summaries = new Float64Array(batch.length * MESH_SUMMARY_FIELDS);
      const census = new BuildingMetadataCensus();
      batch.forEach((mesh, i) => {
        const properties = jsonProperties(mesh.properties);
        writeMeshSummary({ ...mesh, properties }, summaries, i * MESH_SUMMARY_FIELDS);
        if (summaryIsTiled(summaries, i * MESH_SUMMARY_FIELDS)) census.add(properties);
      });
      summarised.addCensus(structuredClone(census.part()));
      batch.forEach((mesh, i) => {
        const head = mesh.addresses?.length ? { id: mesh.id, addresses: mesh.addresses } : { id: mesh.id };
        summarised.addSummarised(summaries, i * MESH_SUMMARY_FIELDS, structuredClone(head), () => {
          handlesTaken += 1;
          return store.put(decodeBuildingMesh(encodeBuildingMesh(mesh)));
        });
      });
    }

    expect(handlesTaken).toBe(meshes.length - 1); // the mesh without triangles is left out
    expect(summarised.stats.buildings).toBe(direct.stats.buildings);
    const files = text([...summarised.finish()]);
    expect([...files.keys()]).toContain('addresses.json');
    expect([...files.keys()]).toContain('schema.json');
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
    // id, the function code (its length + 4), and 8 for each number: the properties as given (NaN too).
    expect(out[1 + SUMMARY.propertyBytes]).toBe('DENW_0'.length + '31001_1000'.length + 4 + 8 + 8);
    expect(out[MESH_SUMMARY_FIELDS + 1]).toBe(-1);
    // Without the address index the place is not computed.
    writeMeshSummary(mesh!, out, 1, false);
    expect(out[1 + SUMMARY.longitude]).toBeNaN();
  });

  it('merge censuses of batches into the schema that adding every building to one census gives', () => {
    // Key order, counts, int32 or not, and enum values in order of appearance, past the 255 an enum holds.
    const buildings: Record<string, PropertyValue>[] = [];
    for (let i = 0; i < 1100; i++) {
      const row: Record<string, PropertyValue> = {};
      if (i % 4 === 3) row.late = i;
      row.kind = ['Wohnhaus', 'Garage', 'Schule'][i % 3]!;
      row.name = `Haus ${i % 300}`;
      row.code = `C${i % 256}`; // one value more than an enum holds, each used more than 4 times
      row.height = i % 5 === 0 ? 7.5 : 6;
      row.listed = i % 2 === 0;
      if (i % 7 === 0) row.note = undefined;
      buildings.push(row);
    }
    const whole = new BuildingMetadataCensus();
    for (const row of buildings) whole.add(row);
    for (const size of [1, 13, 250, 1100]) {
      const merged = new BuildingMetadataCensus();
      for (let first = 0; first < buildings.length; first += size) {
        const part = new BuildingMetadataCensus();
        for (const row of buildings.slice(first, first + size)) part.add(row);
        merged.merge(part.part());
      }
      expect(merged.layout()).toEqual(whole.layout());
    }
    // `name` and `code` have more distinct values than an enum holds: string columns; `kind` is an enum.
    const kinds = Object.fromEntries(
      whole.layout().columns.map((column) => [column.source ?? column.id, column.kind]),
    );
    expect(kinds).toMatchObject({
      kind: 'ENUM',
      name: 'STRING',
      code: 'STRING',
      height: 'FLOAT64',
      late: 'INT32',
    });
  });
});
