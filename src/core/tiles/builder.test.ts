import { createRequire } from 'node:module';
import { MeshoptDecoder } from 'meshoptimizer/decoder';
import { beforeAll, describe, expect, it } from 'vitest';
import { TilesetBuilder, writeTileContent } from './builder.ts';
import type { TileContentJob, TileContentOptions, TileJson, TilesetJson } from './builder.ts';
import { initTileCompression } from './compression.ts';
import { eastNorthUpFrame } from './ellipsoid.ts';
import { parseGlb, writeBuildingsGlb } from './glb.ts';
import { decodeBuildingMesh, encodeBuildingMesh, InMemoryMeshStore } from './mesh-store.ts';
import type { MeshStore } from './mesh-store.ts';
import { readPropertyTable } from './metadata.ts';
import type { MetadataSchema } from './metadata.ts';
import { farViewLoad, syntheticBoxBuilding, unpackMeshoptGlb, wgs84ToEcef } from './test-fixtures.ts';
import { buildTileset } from './tileset.ts';
import type { BuildingMesh, TilesetFile } from './types.ts';
import { validateTileset } from './validate.ts';
import { ADDRESS_INDEX_FILE, parseAddressIndex } from '../search/address-index.ts';

interface ValidatorReport {
  issues: {
    numErrors: number;
    numWarnings: number;
    messages: { code: string; message: string; severity: number; pointer?: string }[];
  };
}
const gltfValidator = createRequire(import.meta.url)('gltf-validator') as {
  validateBytes: (bytes: Uint8Array, options?: { maxIssues?: number }) => Promise<ValidatorReport>;
};

/** Houses on a grid around Wuppertal plus a few large halls (for far-view levels). */
function town(count: number, columns = 20): BuildingMesh[] {
  const buildings: BuildingMesh[] = [];
  for (let i = 0; i < count; i++) {
    const hall = i % 37 === 0;
    buildings.push(
      syntheticBoxBuilding({
        id: `DENW_${String(i).padStart(6, '0')}`,
        lonDeg: 7.2 + (i % columns) * 0.0004,
        latDeg: 51.27 + Math.floor(i / columns) * 0.0003,
        height: 195 + (i % 11),
        size: hall ? [60, 40, 25] : [8 + (i % 5), 10 + (i % 3), 6 + (i % 9) * 1.25],
        properties: {
          function: ['31001_1000', '31001_2720', '31001_2463'][i % 3],
          measuredHeight: hall ? 25 : 6 + (i % 9) * 1.25,
          address: i % 5 === 0 ? undefined : `Werth ${i}, Wuppertal`,
        },
      }),
    );
  }
  return buildings;
}

function textOf(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

function tileOf(files: TilesetFile[], path = 'tileset.json'): TilesetJson {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path}`);
  return JSON.parse(textOf(file.bytes)) as TilesetJson;
}

function allTiles(tile: TileJson): TileJson[] {
  return [tile, ...(tile.children ?? []).flatMap(allTiles)];
}

/** A store that keeps nothing: meshes are regenerated from the handle (for memory and scale tests). */
class RegeneratingStore implements MeshStore {
  puts = 0;
  readonly gets = new Map<number, number>();
  constructor(private readonly make: (handle: number) => BuildingMesh) {}
  put(): number {
    return this.puts++;
  }
  get(handle: number): BuildingMesh {
    this.gets.set(handle, (this.gets.get(handle) ?? 0) + 1);
    return this.make(handle);
  }
}

/** A tiny closed box: 8 shared corners, 12 triangles (cheap stand-in for 100 000 buildings). */
function tinyBox(index: number, columns: number): BuildingMesh {
  const origin = wgs84ToEcef(
    7.1 + (index % columns) * 0.00015,
    51.2 + Math.floor(index / columns) * 0.0001,
    200,
  );
  const frame = eastNorthUpFrame(origin);
  const m = frame.enuToEcef;
  const positions = new Float64Array(24);
  const normals = new Float32Array(24);
  for (let c = 0; c < 8; c++) {
    const e = c & 1 ? 3 : -3;
    const n = c & 2 ? 3 : -3;
    const u = c & 4 ? 5 : 0;
    for (let k = 0; k < 3; k++) {
      positions[c * 3 + k] = m[k]! * e + m[4 + k]! * n + m[8 + k]! * u + m[12 + k]!;
      normals[c * 3 + k] = m[8 + k]!;
    }
  }
  // prettier-ignore
  const indices = Uint32Array.from([0,2,1, 1,2,3, 4,5,6, 5,7,6, 0,1,5, 0,5,4, 2,6,7, 2,7,3, 0,4,6, 0,6,2, 1,3,7, 1,7,5]);
  return {
    id: `T${index}`,
    properties: { kind: 'tiny' },
    positions,
    normals,
    indices,
    surfaceClass: new Uint8Array(8),
  };
}

describe('mesh codec and in-memory store', () => {
  it('round-trips a mesh (with colours; missing properties dropped) and rejects foreign bytes', () => {
    const mesh = { ...town(1)[0]!, colors: Uint8Array.from({ length: 24 * 4 }, (_, i) => i % 256) };
    mesh.properties = { ...mesh.properties, missing: undefined, nan: Number.NaN, flag: true };
    const decoded = decodeBuildingMesh(encodeBuildingMesh(mesh));
    expect(decoded.id).toBe(mesh.id);
    expect(decoded.positions).toEqual(mesh.positions);
    expect(decoded.normals).toEqual(mesh.normals);
    expect(decoded.indices).toEqual(mesh.indices);
    expect(decoded.surfaceClass).toEqual(mesh.surfaceClass);
    expect(decoded.colors).toEqual(mesh.colors);
    expect(decoded.properties).toEqual({
      function: '31001_1000',
      measuredHeight: 25,
      flag: true,
    });
    // Works from an unaligned view inside a larger buffer too.
    const encoded = encodeBuildingMesh(town(2)[1]!);
    const shifted = new Uint8Array(encoded.length + 3);
    shifted.set(encoded, 3);
    expect(decodeBuildingMesh(shifted.subarray(3)).positions).toEqual(town(2)[1]!.positions);
    expect(() => decodeBuildingMesh(new Uint8Array(40))).toThrow(/mesh codec/);
    expect(() => decodeBuildingMesh(encoded.subarray(0, encoded.length - 1))).toThrow(/mesh codec/);
  });

  it("carries a building's addresses through the codec (for the address index; the tiles never see them)", () => {
    const mesh = {
      ...town(1)[0]!,
      addresses: [{ street: 'Bachstraße', houseNumber: '3a', locality: 'Wuppertal' }],
    };
    expect(decodeBuildingMesh(encodeBuildingMesh(mesh)).addresses).toEqual(mesh.addresses);
    expect(decodeBuildingMesh(encodeBuildingMesh(town(1)[0]!)).addresses).toBeUndefined();
  });

  it('InMemoryMeshStore hands back what was put and forgets on dispose', () => {
    const store = new InMemoryMeshStore();
    const [a, b] = town(2);
    const ha = store.put(a!);
    const hb = store.put(b!);
    expect(store.get(hb)).toBe(b);
    expect(store.get(ha)).toBe(a);
    store.dispose();
    expect(() => store.get(ha)).toThrow(/mesh store/);
  });
});

describe('TilesetBuilder address index', () => {
  it('writes addresses.json beside a valid tileset: addresses of the buildings, ids of the rest', () => {
    const [a, b] = town(2);
    const builder = new TilesetBuilder({ compress: false });
    builder.add({ ...a!, addresses: [{ street: 'Bachstraße', houseNumber: '3', postalCode: '42275' }] });
    builder.add(b!);
    const files = [...builder.finish()];
    const byPath = new Map(files.map((file) => [file.path, file.bytes]));
    expect(validateTileset(tileOf(files), (uri) => byPath.get(uri))).toEqual([]);
    const index = parseAddressIndex(JSON.parse(new TextDecoder().decode(byPath.get(ADDRESS_INDEX_FILE))));
    expect(index.streets).toEqual(['Bachstraße']);
    expect(index.addresses.map((row) => [row[1], row[4]])).toEqual([['3', a!.id]]);
    expect(index.buildings.map((row) => row[0])).toEqual([b!.id]);
    expect(builder.stats.addresses).toBe(1);
    const off = new TilesetBuilder({ compress: false, addressIndex: false });
    off.add(a!);
    expect([...off.finish()].map((file) => file.path)).not.toContain(ADDRESS_INDEX_FILE);
  });
});

describe('TilesetBuilder (streaming)', () => {
  it('keeps < 100 bytes per building besides the store and reads each mesh back once', () => {
    const count = 20_000;
    const store = new RegeneratingStore((handle) => tinyBox(handle, 150));
    const builder = new TilesetBuilder({ store, compress: false, weld: false });
    for (let i = 0; i < count; i++) builder.add(tinyBox(i, 150));
    expect(builder.summaryBytes / count).toBeLessThan(100);
    console.info(`builder summary: ${(builder.summaryBytes / count).toFixed(1)} B per building`);
    expect(store.gets.size).toBe(0);
    const paths: string[] = [];
    for (const file of builder.finish()) {
      paths.push(file.path);
      // Once planned, the summary columns are released.
      expect(builder.summaryBytes).toBe(0);
    }
    expect(store.gets.size).toBe(count);
    expect([...store.gets.values()].every((reads) => reads === 1)).toBe(true);
    // Contents first, then the JSON files.
    const firstJson = paths.findIndex((path) => path.endsWith('.json'));
    expect(paths.slice(firstJson).every((path) => path.endsWith('.json'))).toBe(true);
    expect(paths.slice(0, firstJson).every((path) => path.endsWith('.glb'))).toBe(true);
    expect(builder.stats.buildings).toBe(count);
    expect(builder.stats.tiles).toBeGreaterThan(10);
    expect(builder.stats.bytesPerBuilding).toBeCloseTo(builder.stats.bytes / count);
  });

  it('refuses add() after finish() and a second finish()', () => {
    const builder = new TilesetBuilder({ compress: false });
    builder.add(town(1)[0]!);
    expect([...builder.finish()].map((file) => file.path)).toContain('tileset.json');
    expect(() => builder.add(town(1)[0]!)).toThrow(/after finish/);
    expect(() => [...builder.finish()]).toThrow(/twice/);
  });

  it('finishWith: contents written elsewhere, out of order, give the same files in the same order', async () => {
    const buildings = town(700);
    const serial = new TilesetBuilder({ compress: false, maxBuildingsPerTile: 40 });
    for (const building of buildings) serial.add(building);
    const expected = [...serial.finish()];
    expect(expected.filter((file) => file.path.endsWith('.glb')).length).toBeGreaterThan(10);

    const store = new InMemoryMeshStore();
    const parallel = new TilesetBuilder({ compress: false, maxBuildingsPerTile: 40, store });
    for (const building of buildings) parallel.add(building);
    let inFlight = 0;
    let mostInFlight = 0;
    const files: TilesetFile[] = [];
    const write = async (job: TileContentJob, options: TileContentOptions) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      // Later jobs finish first now and then: the builder must still emit in plan order.
      await new Promise((resolve) => setTimeout(resolve, (job.handles.length * 7) % 5));
      inFlight -= 1;
      return writeTileContent(
        job.handles.map((handle) => store.get(handle)),
        options,
      );
    };
    for await (const file of parallel.finishWith(write, 3)) files.push(file);
    expect(mostInFlight).toBe(3);
    expect(files.map((file) => file.path)).toEqual(expected.map((file) => file.path));
    files.forEach((file, i) =>
      expect(Buffer.from(file.bytes).equals(Buffer.from(expected[i]!.bytes))).toBe(true),
    );
    expect(parallel.stats).toEqual(serial.stats);
  });
});

describe('compact GLBs (quantised, welded, KHR_meshopt_compression)', () => {
  const buildings = town(300);
  let compressed: ReturnType<typeof buildTileset>;
  let plain: ReturnType<typeof buildTileset>;
  beforeAll(async () => {
    await initTileCompression();
    await MeshoptDecoder.ready;
    compressed = buildTileset(buildings, { maxBuildingsPerTile: 64 });
    plain = buildTileset(buildings, { maxBuildingsPerTile: 64, compress: false });
  });

  it('compresses by default once initialised; the uncompressed twin has 0 glTF errors and warnings', async () => {
    expect(compressed.stats.bytes).toBeLessThan(plain.stats.bytes * 0.75);
    const byPath = new Map(compressed.files.map((file) => [file.path, file.bytes]));
    expect(validateTileset(tileOf(compressed.files), (uri) => byPath.get(uri))).toEqual([]);
    const plainByPath = new Map(plain.files.map((file) => [file.path, file.bytes]));
    expect(validateTileset(tileOf(plain.files), (uri) => plainByPath.get(uri))).toEqual([]);
    for (const file of plain.files.filter((f) => f.path.endsWith('.glb'))) {
      const report = await gltfValidator.validateBytes(file.bytes, { maxIssues: 0 });
      expect(report.issues.messages.filter((issue) => issue.severity <= 1)).toEqual([]);
    }
    for (const file of compressed.files.filter((f) => f.path.endsWith('.glb'))) {
      const { json } = parseGlb(file.bytes);
      const gltf = json as { extensionsRequired: string[]; buffers: { extensions?: unknown }[] };
      expect(gltf.extensionsRequired).toContain('KHR_meshopt_compression');
      expect(gltf.extensionsRequired).toContain('KHR_mesh_quantization');
      expect(gltf.buffers[1]).toMatchObject({ extensions: { KHR_meshopt_compression: { fallback: true } } });
      const report = await gltfValidator.validateBytes(file.bytes, { maxIssues: 0 });
      expect(report.issues.numErrors).toBe(0);
    }
    console.info(
      `300 boxes: ${(compressed.stats.bytes / 300).toFixed(0)} B/building compressed, ${(plain.stats.bytes / 300).toFixed(0)} B/building quantised only`,
    );
  });

  it('decodes (MeshoptDecoder) to the input within 5 mm, with the same properties', async () => {
    const schema = JSON.parse(
      textOf(compressed.files.find((f) => f.path === 'schema.json')!.bytes),
    ) as MetadataSchema;
    const inputById = new Map(buildings.map((building) => [building.id, building]));
    const tileset = tileOf(compressed.files);
    const byPath = new Map(compressed.files.map((file) => [file.path, file.bytes]));
    let worst = 0;
    let vertices = 0;
    const seen = new Set<string>();
    // World transforms: tile transforms compose from the root.
    const walk = async (tile: TileJson, parent: number[]) => {
      const world = tile.transform ? multiply(parent, tile.transform) : parent;
      if (tile.content) {
        const unpacked = unpackMeshoptGlb(byPath.get(tile.content.uri)!, MeshoptDecoder);
        const report = await gltfValidator.validateBytes(unpacked, { maxIssues: 0 });
        expect(report.issues.messages.filter((issue) => issue.severity <= 1)).toEqual([]);
        const { json, binary } = parseGlb(unpacked);
        const records = readPropertyTable(json, binary, 0, schema);
        const gltf = json as GltfLike;
        // Viewers derive value counts from view lengths (Cesium: GPU-compatible columns must match).
        const table = (
          json as {
            extensions: {
              EXT_structural_metadata: {
                propertyTables: { count: number; properties: Record<string, { values: number }> }[];
              };
            };
          }
        ).extensions.EXT_structural_metadata.propertyTables[0]!;
        for (const [id, column] of Object.entries(table.properties)) {
          const definition = schema.classes.building!.properties[id]!;
          const bytesPerValue =
            definition.type === 'ENUM'
              ? 1
              : definition.componentType === 'INT32'
                ? 4
                : definition.componentType === 'FLOAT64'
                  ? 8
                  : 0;
          if (bytesPerValue > 0)
            expect(gltf.bufferViews[column.values]!.byteLength, id).toBe(table.count * bytesPerValue);
        }
        gltf.nodes.forEach((node, nodeIndex) => {
          const attributes = gltf.meshes[node.mesh]!.primitives[0]!.attributes;
          const positions = readAccessor(gltf, binary, attributes.POSITION!);
          const featureIds = readAccessor(gltf, binary, attributes._FEATURE_ID_0!);
          expect(nodeIndex).toBeGreaterThanOrEqual(0);
          for (let v = 0; v < featureIds.length; v++) {
            const local = [0, 1, 2].map(
              (k) => (node.translation?.[k] ?? 0) + (node.scale?.[k] ?? 1) * positions[v * 3 + k]!,
            );
            // glTF y-up (x, y, z) → tile ENU (x, -z, y) → ECEF.
            const ecef = transform(world, local[0]!, -local[2]!, local[1]!);
            const input = inputById.get(String(records[featureIds[v]!]!.gml_id))!;
            let nearest = Infinity;
            for (let i = 0; i < input.positions.length; i += 3) {
              nearest = Math.min(
                nearest,
                Math.hypot(
                  ecef[0]! - input.positions[i]!,
                  ecef[1]! - input.positions[i + 1]!,
                  ecef[2]! - input.positions[i + 2]!,
                ),
              );
            }
            worst = Math.max(worst, nearest);
            vertices++;
          }
        });
        for (const record of records) {
          const input = inputById.get(String(record.gml_id))!;
          expect(seen.has(input.id)).toBe(false);
          seen.add(input.id);
          expect(record).toEqual({ gml_id: input.id, ...input.properties });
        }
      }
      for (const child of tile.children ?? []) await walk(child, world);
    };
    await walk(tileset.root, IDENTITY);
    // The root spans > 378 m: its float positions go through meshopt's exponential filter.
    const filters = compressed.files
      .filter((file) => file.path.endsWith('.glb'))
      .flatMap((file) =>
        (
          parseGlb(file.bytes).json as { bufferViews: { extensions?: Record<string, { filter?: string }> }[] }
        ).bufferViews.map((view) => view.extensions?.KHR_meshopt_compression?.filter),
      );
    expect(filters).toContain('EXPONENTIAL');
    expect(seen.size).toBe(buildings.length);
    // Flat-shaded boxes: 24 distinct (position, normal) vertices each; nothing more to weld.
    expect(vertices).toBe(buildings.length * 24);
    expect(worst).toBeLessThanOrEqual(0.005);
    console.info(`meshopt round trip: worst position error ${(worst * 1000).toFixed(2)} mm`);
  });

  it('writes a building smaller than the quantisation budget at a finer step instead of collapsing it', () => {
    // A 2 mm box (latitude and longitude read as metres in a projected CRS end up this small): the
    // coarsest step the 5 mm budget allows (5.8 mm) would fold every triangle into a point.
    const tiny = syntheticBoxBuilding({
      id: 'tiny',
      lonDeg: 7.2,
      latDeg: 51.27,
      height: 200,
      size: [0.002, 0.002, 0.002],
    });
    const frame = eastNorthUpFrame(wgs84ToEcef(7.2, 51.27, 200));
    for (const compress of [false, true]) {
      const { json } = parseGlb(writeBuildingsGlb([tiny], frame, { compress }));
      const gltf = json as GltfLike;
      // Compressed: one primitive per surface colour (material), together the box's 12 triangles.
      const indices = gltf.meshes[0]!.primitives.reduce(
        (sum, primitive) => sum + gltf.accessors[primitive.indices!]!.count,
        0,
      );
      expect(indices).toBe(36);
      if (!compress) expect(gltf.nodes[0]!.scale![0]!).toBeLessThan(0.002 / 1000);
    }
  });

  it('welds duplicated vertices within a building', () => {
    const box = town(1)[0]!;
    // Unindexed copy: every triangle with its own three vertices (36).
    const positions = new Float64Array(box.indices.length * 3);
    const normals = new Float32Array(box.indices.length * 3);
    const surfaceClass = new Uint8Array(box.indices.length);
    box.indices.forEach((vertex, i) => {
      positions.set(box.positions.subarray(vertex * 3, vertex * 3 + 3), i * 3);
      normals.set(box.normals.subarray(vertex * 3, vertex * 3 + 3), i * 3);
      surfaceClass[i] = box.surfaceClass[vertex]!;
    });
    const unindexed: BuildingMesh = {
      ...box,
      positions,
      normals,
      surfaceClass,
      indices: Uint32Array.from(box.indices, (_, i) => i),
    };
    const frame = eastNorthUpFrame(wgs84ToEcef(7.2, 51.27, 200));
    const count = (weld: boolean) => {
      const { json } = parseGlb(writeBuildingsGlb([unindexed], frame, { weld, compress: false }));
      return (json as { accessors: { count: number }[] }).accessors[0]!.count;
    };
    expect(count(false)).toBe(36);
    expect(count(true)).toBe(24);
  });

  it('keeps quantisation within 5 mm on wide tiles by splitting them into quantised nodes', () => {
    // Two houses 3 km apart in one tile: one 16-bit grid cannot hold 5 mm, two nodes can.
    const far = [town(1)[0]!, { ...town(1)[0]!, id: 'far' }];
    const east = eastNorthUpFrame(wgs84ToEcef(7.2, 51.27, 200)).enuToEcef;
    far[1] = {
      ...far[1]!,
      positions: far[1]!.positions.map((value, i) => value + east[i % 3]! * 3000),
    };
    const frame = eastNorthUpFrame(wgs84ToEcef(7.221, 51.27, 200));
    const { json, binary } = parseGlb(writeBuildingsGlb(far, frame, { compress: false }));
    const gltf = json as GltfLike;
    expect(gltf.nodes).toHaveLength(2);
    let worst = 0;
    for (const node of gltf.nodes) {
      expect(node.scale![0]! / 2).toBeLessThanOrEqual(0.005);
      const attributes = gltf.meshes[node.mesh]!.primitives[0]!.attributes;
      expect(gltf.accessors[attributes.POSITION!]!.componentType).toBe(5123);
      const positions = readAccessor(gltf, binary, attributes.POSITION!);
      const featureIds = readAccessor(gltf, binary, attributes._FEATURE_ID_0!);
      for (let v = 0; v < featureIds.length; v++) {
        const local = [0, 1, 2].map(
          (k) => (node.translation?.[k] ?? 0) + (node.scale?.[k] ?? 1) * positions[v * 3 + k]!,
        );
        const ecef = transform(Array.from(frame.enuToEcef), local[0]!, -local[2]!, local[1]!);
        const input = far[featureIds[v]!]!;
        let nearest = Infinity;
        for (let i = 0; i < input.positions.length; i += 3)
          nearest = Math.min(
            nearest,
            Math.hypot(...[0, 1, 2].map((k) => ecef[k]! - input.positions[i + k]!)),
          );
        worst = Math.max(worst, nearest);
      }
    }
    expect(worst).toBeLessThanOrEqual(0.005);
  });
});

describe('large tilesets: external child tilesets', () => {
  it('100 000 buildings: every tileset JSON < 1 MB, validateTileset follows them with 0 errors', () => {
    const count = 100_000;
    const columns = 400;
    const store = new RegeneratingStore((handle) => tinyBox(handle, columns));
    const builder = new TilesetBuilder({
      store,
      compress: false,
      weld: false,
      maxBuildingsPerTile: 64,
      addressIndex: false,
    });
    const started = performance.now();
    for (let i = 0; i < count; i++) builder.add(tinyBox(i, columns));
    const files = [...builder.finish()];
    const seconds = (performance.now() - started) / 1000;
    const jsonFiles = files.filter((file) => file.path.endsWith('.json'));
    expect(jsonFiles.length).toBeGreaterThan(2);
    for (const file of jsonFiles) expect(file.bytes.byteLength).toBeLessThan(1_000_000);
    const byPath = new Map(files.map((file) => [file.path, file.bytes]));
    expect(validateTileset(tileOf(files), (uri) => byPath.get(uri))).toEqual([]);
    // Every building exactly once over all GLBs.
    let features = 0;
    for (const file of files.filter((f) => f.path.endsWith('.glb'))) {
      const { json } = parseGlb(file.bytes);
      features += (
        json as { extensions: { EXT_structural_metadata: { propertyTables: { count: number }[] } } }
      ).extensions.EXT_structural_metadata.propertyTables[0]!.count;
    }
    expect(features).toBe(count);
    const rootJson = byPath.get('tileset.json')!.byteLength;
    const largest = Math.max(...jsonFiles.map((file) => file.bytes.byteLength));
    console.info(
      `100 000 buildings: ${builder.stats.tiles} tiles, tileset.json ${rootJson} B, ${jsonFiles.length} JSON files (largest ${largest} B), ${seconds.toFixed(1)} s`,
    );
  }, 120_000);

  it('validateTileset reports broken external tilesets', () => {
    const { files } = buildTileset(town(200), {
      maxBuildingsPerTile: 8,
      levelsPerTilesetFile: 2,
      compress: false,
    });
    const byPath = new Map(files.map((file) => [file.path, file.bytes]));
    const subtree = files.find((file) => file.path.startsWith('tiles/subtree-'))!;
    expect(validateTileset(tileOf(files), (uri) => byPath.get(uri))).toEqual([]);
    const broken = tileOf(files, subtree.path);
    broken.root.geometricError = 1e9;
    byPath.set(subtree.path, new TextEncoder().encode(JSON.stringify(broken)));
    const errors = validateTileset(tileOf(files), (uri) => byPath.get(uri));
    expect(
      errors.some((error) => /geometricError .* is not below|> tileset geometricError|parent/.test(error)),
    ).toBe(true);
    byPath.set(subtree.path, new TextEncoder().encode('{not json'));
    expect(validateTileset(tileOf(files), (uri) => byPath.get(uri)).join('\n')).toMatch(/is not JSON/);
  });
});

describe('far views (ADD: inner tiles carry the largest buildings of their subtree)', () => {
  const buildings = town(1200, 40);
  const { files } = buildTileset(buildings, { compress: false });
  const tileset = tileOf(files);
  const byPath = new Map(files.map((file) => [file.path, file.bytes]));
  const sizeById = new Map(
    buildings.map((building) => {
      let min = [Infinity, Infinity, Infinity];
      let max = [-Infinity, -Infinity, -Infinity];
      for (let i = 0; i < building.positions.length; i += 3) {
        min = min.map((value, k) => Math.min(value, building.positions[i + k]!));
        max = max.map((value, k) => Math.max(value, building.positions[i + k]!));
      }
      return [building.id, Math.hypot(...max.map((value, k) => value - min[k]!))];
    }),
  );
  const idsOf = (tile: TileJson): string[] => {
    if (!tile.content) return [];
    const { json, binary } = parseGlb(byPath.get(tile.content.uri)!);
    const schema = JSON.parse(textOf(byPath.get('schema.json')!)) as MetadataSchema;
    return readPropertyTable(json, binary, 0, schema).map((record) => String(record.gml_id));
  };

  it('puts the halls into inner tiles, every building exactly once, and errors that cover what is missing', () => {
    expect(tileset.root.content).toBeDefined();
    const rootIds = idsOf(tileset.root);
    const halls = buildings.filter((_, i) => i % 37 === 0).map((building) => building.id);
    expect(halls.every((id) => rootIds.includes(id))).toBe(true);
    const seen = new Map<string, number>();
    const check = (tile: TileJson): string[] => {
      const own = idsOf(tile);
      for (const id of own) seen.set(id, (seen.get(id) ?? 0) + 1);
      const below = (tile.children ?? []).flatMap(check);
      for (const child of tile.children ?? []) expect(child.geometricError).toBeLessThan(tile.geometricError);
      // Showing this tile without its children leaves out buildings no larger than its error.
      for (const id of below) expect(sizeById.get(id)!).toBeLessThanOrEqual(tile.geometricError);
      return [...own, ...below];
    };
    check(tileset.root);
    expect(seen.size).toBe(buildings.length);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    expect(validateTileset(tileset, (uri) => byPath.get(uri))).toEqual([]);
  });

  it('shows a useful overview from 3 km for a fraction of the bytes', () => {
    const far = farViewLoad((path) => byPath.get(path));
    const total = files
      .filter((f) => f.path.endsWith('.glb'))
      .reduce((sum, f) => sum + f.bytes.byteLength, 0);
    expect(far.features).toBeGreaterThan(0);
    expect(far.bytes).toBeLessThan(total / 2);
    const contentTiles = allTiles(tileset.root).filter((tile) => tile.content).length;
    console.info(
      `far view (3 km): ${far.tiles}/${contentTiles} tiles, ${far.features}/${buildings.length} buildings, ${far.bytes}/${total} B`,
    );
  });
});

interface GltfLike {
  nodes: { mesh: number; translation?: number[]; scale?: number[] }[];
  meshes: { primitives: { attributes: Record<string, number>; indices?: number }[] }[];
  accessors: { bufferView: number; componentType: number; count: number; type: string }[];
  bufferViews: { byteOffset?: number; byteLength: number; byteStride?: number }[];
}

const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

function multiply(a: number[], b: number[]): number[] {
  const out = new Array<number>(16).fill(0);
  for (let c = 0; c < 4; c++)
    for (let r = 0; r < 4; r++) for (let k = 0; k < 4; k++) out[c * 4 + r]! += a[k * 4 + r]! * b[c * 4 + k]!;
  return out;
}

function transform(m: number[], x: number, y: number, z: number): number[] {
  return [0, 1, 2].map((k) => m[k]! * x + m[4 + k]! * y + m[8 + k]! * z + m[12 + k]!);
}

/** Accessor values (uint16, int8, uint8 or float32 components) of a plain GLB. */
function readAccessor(gltf: GltfLike, binary: Uint8Array, index: number): number[] {
  const accessor = gltf.accessors[index]!;
  const view = gltf.bufferViews[accessor.bufferView]!;
  const components = accessor.type === 'VEC3' ? 3 : accessor.type === 'VEC4' ? 4 : 1;
  const size = { 5120: 1, 5121: 1, 5123: 2, 5125: 4, 5126: 4 }[accessor.componentType as 5120]!;
  const stride = view.byteStride ?? size * components;
  const data = new DataView(binary.buffer, binary.byteOffset + (view.byteOffset ?? 0), view.byteLength);
  const out: number[] = [];
  for (let i = 0; i < accessor.count; i++) {
    for (let k = 0; k < components; k++) {
      const at = i * stride + k * size;
      out.push(
        accessor.componentType === 5126
          ? data.getFloat32(at, true)
          : accessor.componentType === 5123
            ? data.getUint16(at, true)
            : accessor.componentType === 5125
              ? data.getUint32(at, true)
              : accessor.componentType === 5120
                ? data.getInt8(at)
                : data.getUint8(at),
      );
    }
  }
  return out;
}
