import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseGlb, writeBuildingsGlb } from './glb.ts';
import { eastNorthUpFrame } from './ellipsoid.ts';
import { deriveBuildingMetadataLayout, readPropertyTable } from './metadata.ts';
import type { MetadataSchema } from './metadata.ts';
import { SURFACE_PALETTE } from './palette.ts';
import { syntheticBoxBuilding, wgs84ToEcef } from './test-fixtures.ts';
import { buildTileset } from './tileset.ts';
import type { TileJson, TilesetJson } from './tileset.ts';
import type { BuildingMesh, PropertyValue, TilesetFile } from './types.ts';
import { validateTileset } from './validate.ts';

interface ValidatorIssue {
  code: string;
  message: string;
  severity: number;
  pointer?: string;
}
interface ValidatorReport {
  issues: { numErrors: number; numWarnings: number; numInfos: number; messages: ValidatorIssue[] };
}
const gltfValidator = createRequire(import.meta.url)('gltf-validator') as {
  validateBytes: (bytes: Uint8Array, options?: { maxIssues?: number }) => Promise<ValidatorReport>;
};

/** A grid of box buildings around Wuppertal (lon 7.2°, lat 51.27°, ~200 m ellipsoidal height) with varied properties. */
function wuppertalBuildings(count: number, columns = 12): BuildingMesh[] {
  const buildings: BuildingMesh[] = [];
  for (let i = 0; i < count; i++) {
    const properties: Record<string, PropertyValue> = {
      function: i % 4 === 0 ? undefined : ['31001_1000', '31001_2720', 'Wohngebäude'][i % 3],
      roofType: String(1000 + (i % 5) * 1000),
      measuredHeight: 6 + (i % 9) * 1.25,
      storeysAboveGround: i % 6 === 0 ? undefined : 1 + (i % 4),
      hasCellar: i % 2 === 0,
      Firsthöhe: i % 7 === 0 ? undefined : 10.5 + i / 10,
      'address.street': i % 5 === 0 ? undefined : `Straße ${i} – ü€😀`,
    };
    buildings.push(
      syntheticBoxBuilding({
        id: `DENW_${String(i).padStart(5, '0')}`,
        lonDeg: 7.2 + (i % columns) * 0.0004,
        latDeg: 51.27 + Math.floor(i / columns) * 0.0003,
        height: 195 + (i % 11),
        size: [8 + (i % 5), 10 + (i % 3), 6 + (i % 9) * 1.25],
        properties,
      }),
    );
  }
  return buildings;
}

function tilesetOf(files: TilesetFile[]): TilesetJson {
  const file = files.find((f) => f.path === 'tileset.json');
  if (!file) throw new Error('no tileset.json');
  return JSON.parse(new TextDecoder().decode(file.bytes)) as TilesetJson;
}

function leaves(tile: TileJson): TileJson[] {
  return tile.children ? tile.children.flatMap(leaves) : [tile];
}

/** ECEF of a glTF position through the tile transform and the 3D Tiles y-up → z-up rotation, (x, y, z) → (x, -z, y). */
function gltfToEcef(transform: number[], x: number, y: number, z: number): number[] {
  const [e, n, u] = [x, -z, y];
  return [0, 1, 2].map(
    (k) => transform[k]! * e + transform[4 + k]! * n + transform[8 + k]! * u + transform[12 + k]!,
  );
}

/** Values of an uncompressed accessor as floats (float32, or uint16 with its byte stride). */
function accessorFloats(
  json: Record<string, unknown>,
  binary: Uint8Array,
  index: number,
  components: number,
) {
  const accessors = json.accessors as { bufferView: number; count: number; componentType: number }[];
  const bufferViews = json.bufferViews as { byteOffset: number; byteLength: number; byteStride?: number }[];
  const accessor = accessors[index]!;
  expect([5126, 5123]).toContain(accessor.componentType);
  const view = bufferViews[accessor.bufferView]!;
  const size = accessor.componentType === 5126 ? 4 : 2;
  const stride = view.byteStride ?? size * components;
  const data = new DataView(binary.buffer, binary.byteOffset + view.byteOffset, view.byteLength);
  const out = new Float32Array(accessor.count * components);
  for (let i = 0; i < accessor.count; i++) {
    for (let k = 0; k < components; k++) {
      out[i * components + k] =
        size === 4 ? data.getFloat32(i * stride + k * 4, true) : data.getUint16(i * stride + k * 2, true);
    }
  }
  return out;
}

describe('buildTileset', () => {
  const buildings = wuppertalBuildings(150);
  // The uncompacted layout (float32, unwelded, content only in leaves): vertex order equals the input's.
  const { files, stats } = buildTileset(buildings, {
    maxBuildingsPerTile: 20,
    quantize: false,
    weld: false,
    maxBuildingsPerInnerTile: 0,
    externalSchema: false,
    addressIndex: false,
  });
  const tileset = tilesetOf(files);
  const byPath = new Map(files.map((file) => [file.path, file.bytes]));
  const leafTiles = leaves(tileset.root);

  it('writes a 3D Tiles 1.1 tileset that passes validateTileset with its contents', () => {
    expect(tileset.asset.version).toBe('1.1');
    expect(stats.buildings).toBe(150);
    expect(stats.bytes).toBe(files.reduce((sum, file) => sum + file.bytes.byteLength, 0));
    expect(leafTiles.length).toBeGreaterThanOrEqual(8);
    expect(files.length).toBe(leafTiles.length + 1);
    expect(validateTileset(tileset, (uri) => byPath.get(uri))).toEqual([]);
    for (const leaf of leafTiles) {
      expect(leaf.geometricError).toBe(0);
      expect(leaf.content?.uri).toMatch(/^tiles\/\d+\.glb$/);
      expect(leaf.transform).toHaveLength(16);
    }
    expect(tileset.root.refine).toBe('ADD');
    expect(tileset.root.geometricError).toBeGreaterThan(0);
  });

  it('writes GLBs with 0 errors and 0 warnings from the Khronos glTF validator', async () => {
    const infoCodes = new Set<string>();
    for (const leaf of leafTiles) {
      const report = await gltfValidator.validateBytes(byPath.get(leaf.content!.uri)!, { maxIssues: 0 });
      const problems = report.issues.messages.filter((issue) => issue.severity <= 1);
      expect(problems).toEqual([]);
      expect(report.issues.numErrors).toBe(0);
      expect(report.issues.numWarnings).toBe(0);
      for (const issue of report.issues.messages) infoCodes.add(issue.code);
    }
    // Infos only: the validator does not know the 3D Tiles glTF extensions or what they reference.
    expect([...infoCodes].sort()).toEqual(['UNSUPPORTED_EXTENSION', 'UNUSED_OBJECT']);
  });

  it('puts every building whole into exactly one leaf, within the caps', () => {
    const seen = new Map<string, number>();
    for (const leaf of leafTiles) {
      const { json, binary } = parseGlb(byPath.get(leaf.content!.uri)!);
      const records = readPropertyTable(json, binary);
      expect(records.length).toBeLessThanOrEqual(20);
      for (const record of records)
        seen.set(String(record.gml_id), (seen.get(String(record.gml_id)) ?? 0) + 1);
    }
    expect(seen.size).toBe(150);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
  });

  it('reproduces the ECEF input within 1 cm through tile transform and y-up rotation', () => {
    const inputById = new Map(buildings.map((building) => [building.id, building]));
    let worst = 0;
    let checked = 0;
    for (const leaf of leafTiles) {
      const { json, binary } = parseGlb(byPath.get(leaf.content!.uri)!);
      const gltf = json as Record<string, unknown> & {
        meshes: { primitives: { attributes: Record<string, number> }[] }[];
      };
      const attributes = gltf.meshes[0]!.primitives[0]!.attributes;
      const positions = accessorFloats(gltf, binary, attributes.POSITION!, 3);
      const normals = accessorFloats(gltf, binary, attributes.NORMAL!, 3);
      const featureIds = accessorFloats(gltf, binary, attributes._FEATURE_ID_0!, 1);
      const records = readPropertyTable(json, binary);
      const vertexInBuilding = new Map<number, number>();
      for (let v = 0; v < featureIds.length; v++) {
        const featureId = featureIds[v]!;
        const building = inputById.get(String(records[featureId]!.gml_id))!;
        const k = vertexInBuilding.get(featureId) ?? 0;
        vertexInBuilding.set(featureId, k + 1);
        const ecef = gltfToEcef(
          leaf.transform!,
          positions[v * 3]!,
          positions[v * 3 + 1]!,
          positions[v * 3 + 2]!,
        );
        const error = Math.hypot(...[0, 1, 2].map((axis) => ecef[axis]! - building.positions[k * 3 + axis]!));
        worst = Math.max(worst, error);
        // Normals: rotate back without translation and compare with the ECEF input normal.
        const n = gltfToEcef(
          [...leaf.transform!.slice(0, 12), 0, 0, 0, 1],
          normals[v * 3]!,
          normals[v * 3 + 1]!,
          normals[v * 3 + 2]!,
        );
        const cosine =
          n[0]! * building.normals[k * 3]! +
          n[1]! * building.normals[k * 3 + 1]! +
          n[2]! * building.normals[k * 3 + 2]!;
        expect(cosine).toBeGreaterThan(0.99999);
        checked++;
      }
    }
    expect(checked).toBe(150 * 24);
    expect(worst).toBeLessThan(0.01);
    console.info(
      `tileset round trip: worst ECEF position error ${(worst * 1000).toFixed(3)} mm over ${checked} vertices`,
    );
  });

  it('decodes the property tables back to the input properties, with one schema everywhere', () => {
    const inputById = new Map(buildings.map((building) => [building.id, building]));
    const tilesetSchema = tileset.schema as MetadataSchema;
    const properties = tilesetSchema.classes.building!.properties;
    // Identifier-safe IDs keep the original key as name.
    expect(properties['Firsthoehe']).toMatchObject({
      name: 'Firsthöhe',
      type: 'SCALAR',
      componentType: 'FLOAT64',
    });
    expect(properties['address_street']).toMatchObject({
      name: 'address.street',
      type: 'STRING',
      noData: '',
    });
    expect(properties['storeysAboveGround']).toMatchObject({
      type: 'SCALAR',
      componentType: 'INT32',
      noData: -2147483648,
    });
    expect(properties['hasCellar']).toEqual({ type: 'BOOLEAN', required: true });
    expect(properties['gml_id']).toMatchObject({ type: 'STRING', required: true });
    const sourceKey = (id: string) => properties[id]?.name ?? id;
    let decoded = 0;
    for (const leaf of leafTiles) {
      const { json, binary } = parseGlb(byPath.get(leaf.content!.uri)!);
      const glbSchema = (json as { extensions: { EXT_structural_metadata: { schema: unknown } } }).extensions
        .EXT_structural_metadata.schema;
      expect(glbSchema).toEqual(tilesetSchema);
      for (const record of readPropertyTable(json, binary)) {
        const input = inputById.get(String(record.gml_id))!;
        for (const [id, value] of Object.entries(record)) {
          if (id === 'gml_id') continue;
          expect(value, `${input.id}.${id}`).toEqual(input.properties[sourceKey(id)]);
        }
        expect(Object.keys(record).length).toBe(Object.keys(input.properties).length + 1);
        decoded++;
      }
    }
    expect(decoded).toBe(150);
  });

  it('colours vertices by surface semantic (linear COLOR_0)', () => {
    const { json, binary } = parseGlb(byPath.get(leafTiles[0]!.content!.uri)!);
    const gltf = json as {
      meshes: { primitives: { attributes: Record<string, number> }[] }[];
      accessors: { bufferView: number; count: number; normalized?: boolean }[];
      bufferViews: { byteOffset: number }[];
    };
    const accessor = gltf.accessors[gltf.meshes[0]!.primitives[0]!.attributes.COLOR_0!]!;
    expect(accessor.normalized).toBe(true);
    const colors = binary.subarray(gltf.bufferViews[accessor.bufferView]!.byteOffset);
    // Vertex 4 of the first box is on its roof (face order ground, roof, walls).
    const roofSrgb = SURFACE_PALETTE.find((entry) => entry.name === 'roof')!.rgba;
    const toLinear = (c: number) => Math.round(((c / 255 + 0.055) / 1.055) ** 2.4 * 255);
    expect(Array.from(colors.subarray(16, 20))).toEqual([
      toLinear(roofSrgb[0]),
      toLinear(roofSrgb[1]),
      toLinear(roofSrgb[2]),
      255,
    ]);
  });
});

describe('buildTileset at scale and in edge cases', () => {
  it('keeps tileset.json small for thousands of buildings and respects the vertex cap', () => {
    const buildings = wuppertalBuildings(4000, 80);
    const started = performance.now();
    const { files, stats } = buildTileset(buildings, { maxBuildingsPerTile: 1000, maxVerticesPerTile: 2400 });
    const seconds = (performance.now() - started) / 1000;
    const tileset = tilesetOf(files);
    const jsonBytes = files[0]!.bytes.byteLength;
    expect(jsonBytes).toBeLessThan(1_000_000);
    for (const leaf of leaves(tileset.root)) {
      const { json } = parseGlb(files.find((file) => file.path === leaf.content!.uri)!.bytes);
      const accessors = (json as { accessors: { count: number }[] }).accessors;
      expect(accessors[0]!.count).toBeLessThanOrEqual(2400);
    }
    const byPath = new Map(files.map((file) => [file.path, file.bytes]));
    expect(validateTileset(tileset, (uri) => byPath.get(uri))).toEqual([]);
    console.info(
      `4000 buildings: ${stats.tiles} tiles, tileset.json ${jsonBytes} B, total ${(stats.bytes / 1e6).toFixed(2)} MB, ${seconds.toFixed(2)} s`,
    );
  });

  it('handles a single building (root is the only, content-bearing tile) and coincident centroids', () => {
    const single = buildTileset([wuppertalBuildings(1)[0]!]);
    const tileset = tilesetOf(single.files);
    expect(tileset.root.content?.uri).toBe('tiles/0.glb');
    expect(tileset.geometricError).toBeGreaterThan(0);
    expect(validateTileset(tileset, (uri) => single.files.find((f) => f.path === uri)?.bytes)).toEqual([]);

    const stacked = Array.from({ length: 9 }, (_, i) =>
      syntheticBoxBuilding({ id: `S${i}`, lonDeg: 7.2, latDeg: 51.27, height: 200 + i * 3, size: [5, 5, 3] }),
    );
    const result = buildTileset(stacked, { maxBuildingsPerTile: 2, contentDir: 'content' });
    const stackedTileset = tilesetOf(result.files);
    expect(leaves(stackedTileset.root).length).toBe(5);
    expect(result.files[1]!.path).toMatch(/^content\//);
    expect(validateTileset(stackedTileset, (uri) => result.files.find((f) => f.path === uri)?.bytes)).toEqual(
      [],
    );
  });

  it('keeps float32 content inside its box however far it reaches from the tile centre', () => {
    // misplaced objects thousands of kilometres apart in one content: float32 rounds the far ones by
    // centimetres, more than the 6 mm a tile's box is padded by for content near its centre
    const far = Array.from({ length: 24 }, (_, i) =>
      syntheticBoxBuilding({
        id: `far-${i}`,
        lonDeg: 7.2 + ((i % 6) - 2.5) * 6.1,
        latDeg: 51.27 + (Math.floor(i / 6) - 1.5) * 5.3,
        height: 200 + i,
        size: [10 + i, 12, 8],
      }),
    );
    const result = buildTileset(far, { compress: false, quantize: false, maxBuildingsPerTile: 100 });
    expect(result.stats.tiles).toBe(1);
    const tileset = tilesetOf(result.files);
    expect(validateTileset(tileset, (uri) => result.files.find((f) => f.path === uri)?.bytes)).toEqual([]);
  });

  it('skips buildings without triangles and refuses an empty input', () => {
    const empty: BuildingMesh = { ...wuppertalBuildings(1)[0]!, id: 'empty', indices: new Uint32Array(0) };
    expect(buildTileset([empty, ...wuppertalBuildings(2)]).stats.buildings).toBe(2);
    expect(() => buildTileset([empty])).toThrow(/tileset writer: no buildings/);
    expect(() => writeBuildingsGlb([empty], eastNorthUpFrame(wgs84ToEcef(7.2, 51.27, 200)))).toThrow(
      /GLB writer/,
    );
  });
});

describe('buildTileset with KHR_mesh_quantization', () => {
  const buildings = wuppertalBuildings(60);
  const layout = { maxBuildingsPerTile: 15, weld: false, maxBuildingsPerInnerTile: 0, externalSchema: false };
  const plain = buildTileset(buildings, { ...layout, quantize: false });
  const quantized = buildTileset(buildings, { ...layout, quantize: true });
  const tileset = tilesetOf(quantized.files);
  const byPath = new Map(quantized.files.map((file) => [file.path, file.bytes]));

  it('is smaller, valid for the glTF validator and for validateTileset', async () => {
    // 12 bytes saved per vertex: positions 12 → 8 (padded), normals 12 → 4 (padded); JSON grows a little.
    expect(plain.stats.bytes - quantized.stats.bytes).toBeGreaterThan(60 * 24 * 12 * 0.85);
    expect(validateTileset(tileset, (uri) => byPath.get(uri))).toEqual([]);
    for (const leaf of leaves(tileset.root)) {
      const bytes = byPath.get(leaf.content!.uri)!;
      const { json } = parseGlb(bytes);
      expect((json as { extensionsRequired?: string[] }).extensionsRequired).toEqual([
        'KHR_mesh_quantization',
      ]);
      const report = await gltfValidator.validateBytes(bytes, { maxIssues: 0 });
      expect(report.issues.messages.filter((issue) => issue.severity <= 1)).toEqual([]);
    }
    console.info(`quantized: ${quantized.stats.bytes} B vs ${plain.stats.bytes} B float32`);
  });

  it('reproduces the ECEF input within 1 cm through node TRS, tile transform and y-up rotation', () => {
    const inputById = new Map(buildings.map((building) => [building.id, building]));
    let worst = 0;
    for (const leaf of leaves(tileset.root)) {
      const { json, binary } = parseGlb(byPath.get(leaf.content!.uri)!);
      const gltf = json as {
        nodes: { translation: number[]; scale: number[] }[];
        accessors: { bufferView: number; count: number; componentType: number }[];
        bufferViews: { byteOffset: number; byteStride?: number }[];
        meshes: { primitives: { attributes: Record<string, number> }[] }[];
      };
      const { translation, scale } = gltf.nodes[0]!;
      const attributes = gltf.meshes[0]!.primitives[0]!.attributes;
      const positionAccessor = gltf.accessors[attributes.POSITION!]!;
      expect(positionAccessor.componentType).toBe(5123);
      const view = gltf.bufferViews[positionAccessor.bufferView]!;
      expect(view.byteStride).toBe(8);
      const data = new DataView(binary.buffer, binary.byteOffset + view.byteOffset);
      const featureIds = accessorFloats(gltf, binary, attributes._FEATURE_ID_0!, 1);
      const records = readPropertyTable(json, binary);
      const seen = new Map<number, number>();
      for (let v = 0; v < positionAccessor.count; v++) {
        const local = [0, 1, 2].map((k) => translation[k]! + scale[k]! * data.getUint16(v * 8 + k * 2, true));
        const ecef = gltfToEcef(leaf.transform!, local[0]!, local[1]!, local[2]!);
        const featureId = featureIds[v]!;
        const k = seen.get(featureId) ?? 0;
        seen.set(featureId, k + 1);
        const input = inputById.get(String(records[featureId]!.gml_id))!;
        worst = Math.max(
          worst,
          Math.hypot(...[0, 1, 2].map((axis) => ecef[axis]! - input.positions[k * 3 + axis]!)),
        );
      }
    }
    expect(worst).toBeLessThan(0.01);
    console.info(`quantized round trip: worst ECEF position error ${(worst * 1000).toFixed(2)} mm`);
  });
});

describe('writeBuildingsGlb', () => {
  it('stays valid when a tile lacks a string property that other tiles have', async () => {
    const all = wuppertalBuildings(3);
    const layout = deriveBuildingMetadataLayout(all);
    const lacking: BuildingMesh[] = all
      .slice(0, 1)
      .map((building) => ({ ...building, properties: { measuredHeight: 7 } }));
    expect(lacking[0]!.properties['address.street']).toBeUndefined();
    const glb = writeBuildingsGlb(lacking, eastNorthUpFrame(wgs84ToEcef(7.2, 51.27, 200)), {
      metadataLayout: layout,
    });
    const report = await gltfValidator.validateBytes(glb, { maxIssues: 0 });
    expect(report.issues.messages.filter((issue) => issue.severity <= 1)).toEqual([]);
    const { json, binary } = parseGlb(glb);
    const [record] = readPropertyTable(json, binary);
    expect(record).toMatchObject({
      gml_id: 'DENW_00000',
      measuredHeight: 7,
      address_street: undefined,
      function: undefined,
    });
  });

  it('keeps properties named __proto__ and constructor in the schema and the table, as data', async () => {
    const [building] = wuppertalBuildings(1);
    const properties = JSON.parse('{"__proto__": "P", "constructor": "C", "measuredHeight": 7}') as Record<
      string,
      PropertyValue
    >;
    const all = [{ ...building!, properties }];
    const layout = deriveBuildingMetadataLayout(all);
    const classProperties = layout.schema.classes.building!.properties;
    expect(Object.getOwnPropertyDescriptor(classProperties, '__proto___2')?.value).toMatchObject({
      name: '__proto__',
      type: 'STRING',
    });
    expect(Object.hasOwn(classProperties, 'constructor')).toBe(true);
    const glb = writeBuildingsGlb(all, eastNorthUpFrame(wgs84ToEcef(7.2, 51.27, 200)), {
      metadataLayout: layout,
    });
    const report = await gltfValidator.validateBytes(glb, { maxIssues: 0 });
    expect(report.issues.messages.filter((issue) => issue.severity <= 1)).toEqual([]);
    const { json, binary } = parseGlb(glb);
    const [record] = readPropertyTable(json, binary, 0, layout.schema);
    expect(Object.entries(record!)).toEqual(
      expect.arrayContaining([
        ['__proto___2', 'P'],
        ['constructor', 'C'],
      ]),
    );
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
  });
});
