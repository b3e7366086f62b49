import { createRequire } from 'node:module';
import { MeshoptDecoder } from 'meshoptimizer/decoder';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTileCompression } from './compression.ts';
import { parseGlb } from './glb.ts';
import { readPropertyTable } from './metadata.ts';
import type { MetadataSchema } from './metadata.ts';
import { parseSubtreeFile, setBit, writeSubtreeFile } from './subtree.ts';
import type { SubtreeJson } from './subtree.ts';
import { syntheticBoxBuilding, unpackMeshoptGlb } from './test-fixtures.ts';
import { buildTileset } from './tileset.ts';
import type { BuildingMesh, TilesetFile } from './types.ts';
import { validateTileset } from './validate.ts';

const gltfValidator = createRequire(import.meta.url)('gltf-validator') as {
  validateBytes: (
    bytes: Uint8Array,
    options?: { maxIssues?: number },
  ) => Promise<{ issues: { numErrors: number; messages: { severity: number; code: string }[] } }>;
};

/** Houses over ~1.4 × 1 km, denser in one corner, plus halls (far-view content in inner tiles). */
function city(count: number): BuildingMesh[] {
  const buildings: BuildingMesh[] = [];
  for (let i = 0; i < count; i++) {
    const hall = i % 41 === 0;
    const dense = i % 3 === 0;
    buildings.push(
      syntheticBoxBuilding({
        id: `B${i}`,
        lonDeg: 7.2 + (dense ? (i % 13) * 0.0002 : (i % 40) * 0.0005),
        latDeg: 51.27 + (dense ? Math.floor(i / 13) * 0.00005 : Math.floor(i / 40) * 0.0004),
        height: 190 + (i % 7),
        size: hall ? [120, 60, 20] : [8 + (i % 5), 9 + (i % 4), 6 + (i % 6)],
        properties: { function: ['a', 'b', 'c'][i % 3] },
      }),
    );
  }
  return buildings;
}

const json = (files: TilesetFile[], path: string): Record<string, unknown> =>
  JSON.parse(new TextDecoder().decode(files.find((f) => f.path === path)!.bytes)) as Record<string, unknown>;

function validate(files: TilesetFile[]): string[] {
  const byPath = new Map(files.map((file) => [file.path, file.bytes]));
  return validateTileset(json(files, 'tileset.json'), (uri) => byPath.get(uri));
}

/** The files with one subtree rewritten by `change` (JSON and binary chunk). */
function withSubtree(
  files: TilesetFile[],
  path: string,
  change: (subtree: SubtreeJson, binary: Uint8Array) => Uint8Array | void,
): TilesetFile[] {
  return files.map((file) => {
    if (file.path !== path) return file;
    const parsed = parseSubtreeFile(file.bytes);
    if ('error' in parsed) throw new Error(parsed.error);
    const binary = parsed.binary.slice();
    const subtree = structuredClone(parsed.json);
    const replaced = change(subtree, binary);
    return { path, bytes: replaced ?? writeSubtreeFile(subtree, binary) };
  });
}

describe('implicit tiling (3D Tiles 1.1 QUADTREE)', () => {
  const buildings = city(1500);
  let files: TilesetFile[];
  let plain: TilesetFile[];
  beforeAll(async () => {
    await initTileCompression();
    files = buildTileset(buildings, { tiling: 'implicit', maxBuildingsPerTile: 24 }).files;
    plain = buildTileset(buildings, {
      tiling: 'implicit',
      maxBuildingsPerTile: 24,
      compress: false,
      subtreeLevels: 2,
    }).files;
  });

  it('writes templates, subtrees and tile metadata that validate with 0 errors', () => {
    const tileset = json(files, 'tileset.json') as {
      root: { implicitTiling: { availableLevels: number; subtreeLevels: number }; content: { uri: string } };
    };
    expect(tileset.root.content.uri).toBe('tiles/{level}/{x}/{y}.glb');
    expect(tileset.root.implicitTiling.availableLevels).toBeGreaterThan(
      tileset.root.implicitTiling.subtreeLevels,
    );
    expect(files.filter((f) => f.path.endsWith('.subtree')).length).toBeGreaterThan(1);
    expect(files.some((f) => /^tiles\/\d+\/\d+\/\d+\.glb$/.test(f.path))).toBe(true);
    expect(validate(files)).toEqual([]);
    expect(validate(plain)).toEqual([]);
    const schema = json(files, 'schema.json') as unknown as MetadataSchema;
    expect(Object.keys(schema.classes)).toContain('implicitTile');
    // Every GLB's schemaUri, resolved from the GLB's folder, names the tileset's schema.json.
    for (const file of files.filter((f) => f.path.endsWith('.glb'))) {
      const gltf = parseGlb(file.bytes).json as {
        extensions: { EXT_structural_metadata: { schemaUri: string } };
      };
      const parts = file.path.split('/').slice(0, -1);
      for (const part of gltf.extensions.EXT_structural_metadata.schemaUri.split('/')) {
        // Above the tileset's root is an error (a '..' left in the path).
        if (part === '..' && parts.length > 0 && parts.at(-1) !== '..') parts.pop();
        else parts.push(part);
      }
      expect(parts.join('/')).toBe('schema.json');
    }
  });

  it('puts every building in the grid cell of its tile (the plan is the implicit subdivision)', () => {
    const tileset = json(files, 'tileset.json') as {
      root: { boundingVolume: { box: number[] }; transform: number[] };
    };
    const [cx, cy, , hx] = tileset.root.boundingVolume.box as [number, number, number, number];
    const t = tileset.root.transform;
    const byId = new Map(buildings.map((b) => [b.id, b]));
    const schema = json(files, 'schema.json') as unknown as MetadataSchema;
    let checked = 0;
    for (const file of plain.filter((f) => f.path.endsWith('.glb'))) {
      const [level, x, y] = file.path
        .match(/(\d+)\/(\d+)\/(\d+)\.glb$/)!
        .slice(1)
        .map(Number) as [number, number, number];
      const { json: gltf, binary } = parseGlb(file.bytes);
      for (const record of readPropertyTable(gltf, binary, 0, schema)) {
        const b = byId.get(String(record.gml_id))!;
        const min = [Infinity, Infinity, Infinity];
        const max = [-Infinity, -Infinity, -Infinity];
        for (let i = 0; i < b.positions.length; i++) {
          min[i % 3] = Math.min(min[i % 3]!, b.positions[i]!);
          max[i % 3] = Math.max(max[i % 3]!, b.positions[i]!);
        }
        const d = [0, 1, 2].map((k) => (min[k]! + max[k]!) / 2 - t[12 + k]!);
        // ECEF offset → root ENU (the frame's axes are its matrix columns).
        const east = d[0]! * t[0]! + d[1]! * t[1]! + d[2]! * t[2]!;
        const north = d[0]! * t[4]! + d[1]! * t[5]! + d[2]! * t[6]!;
        const cell = (2 * hx) / 2 ** level;
        expect(east).toBeGreaterThanOrEqual(cx - hx + x * cell - 1e-6);
        expect(east).toBeLessThanOrEqual(cx - hx + (x + 1) * cell + 1e-6);
        expect(north).toBeGreaterThanOrEqual(cy - hx + y * cell - 1e-6);
        expect(north).toBeLessThanOrEqual(cy - hx + (y + 1) * cell + 1e-6);
        checked++;
      }
    }
    expect(checked).toBe(buildings.length);
  });

  it('writes GLBs in the root frame within 5 mm and 0 glTF validator errors', async () => {
    const tileset = json(files, 'tileset.json') as { root: { transform: number[] } };
    const t = tileset.root.transform;
    const schema = json(files, 'schema.json') as unknown as MetadataSchema;
    const byId = new Map(buildings.map((b) => [b.id, b]));
    let worst = 0;
    for (const file of files.filter((f) => f.path.endsWith('.glb'))) {
      expect((await gltfValidator.validateBytes(file.bytes, { maxIssues: 0 })).issues.numErrors).toBe(0);
      const unpacked = unpackMeshoptGlb(file.bytes, MeshoptDecoder);
      const { json: gltf, binary } = parseGlb(unpacked);
      const g = gltf as {
        nodes: { mesh: number; translation?: number[]; scale?: number[] }[];
        meshes: { primitives: { attributes: Record<string, number> }[] }[];
        accessors: { bufferView: number; componentType: number; count: number; type: string }[];
        bufferViews: { byteOffset?: number; byteStride?: number }[];
      };
      const records = readPropertyTable(gltf, binary, 0, schema);
      const read = (index: number, k: number, i: number): number => {
        const a = g.accessors[index]!;
        const view = g.bufferViews[a.bufferView]!;
        const size = a.componentType === 5126 ? 4 : a.componentType === 5123 ? 2 : 1;
        const at = binary.byteOffset + (view.byteOffset ?? 0) + i * (view.byteStride ?? size) + k * size;
        const data = new DataView(binary.buffer);
        return a.componentType === 5126
          ? data.getFloat32(at, true)
          : a.componentType === 5123
            ? data.getUint16(at, true)
            : data.getUint8(at);
      };
      for (const node of g.nodes) {
        for (const primitive of g.meshes[node.mesh]!.primitives) {
          const { POSITION, _FEATURE_ID_0 } = primitive.attributes as {
            POSITION: number;
            _FEATURE_ID_0: number;
          };
          for (let v = 0; v < g.accessors[POSITION]!.count; v += 7) {
            const local = [0, 1, 2].map(
              (k) => (node.translation?.[k] ?? 0) + (node.scale?.[k] ?? 1) * read(POSITION, k, v),
            );
            const [e, n, u] = [local[0]!, -local[2]!, local[1]!];
            const ecef = [0, 1, 2].map((k) => t[k]! * e + t[4 + k]! * n + t[8 + k]! * u + t[12 + k]!);
            const input = byId.get(String(records[read(_FEATURE_ID_0, 0, v)]!.gml_id))!;
            let nearest = Infinity;
            for (let i = 0; i < input.positions.length; i += 3)
              nearest = Math.min(
                nearest,
                Math.hypot(...[0, 1, 2].map((k) => ecef[k]! - input.positions[i + k]!)),
              );
            worst = Math.max(worst, nearest);
          }
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(0.005);
  });

  it('leaves the explicit layout alone and refuses a bad tiling option', () => {
    const explicit = buildTileset(buildings.slice(0, 50), {}).files;
    expect(explicit.some((f) => f.path.endsWith('.subtree'))).toBe(false);
    expect(json(explicit, 'tileset.json').root).not.toHaveProperty('implicitTiling');
    expect(() => buildTileset(buildings.slice(0, 5), { tiling: 'octree' as 'implicit' })).toThrow(/tiling/);
  });

  describe('fails on broken subtrees', () => {
    const root = 'subtrees/0/0/0.subtree';
    it('header: magic, version, lengths', () => {
      const magic = withSubtree(files, root, (_, __) => {
        const bytes = files.find((f) => f.path === root)!.bytes.slice();
        bytes[0] = 0x78;
        return bytes;
      });
      expect(validate(magic).join('\n')).toMatch(/magic/);
      const truncated = withSubtree(files, root, () =>
        files.find((f) => f.path === root)!.bytes.slice(0, -8),
      );
      expect(validate(truncated).join('\n')).toMatch(/header declares/);
    });

    it('bitstream length and availableCount', () => {
      const short = withSubtree(files, root, (subtree) => {
        const index = subtree.tileAvailability.bitstream!;
        subtree.bufferViews![index]!.byteLength -= 1;
      });
      expect(validate(short).join('\n')).toMatch(/bits need/);
      const count = withSubtree(files, root, (subtree) => {
        subtree.tileAvailability.availableCount! += 1;
      });
      expect(validate(count).join('\n')).toMatch(/availableCount/);
    });

    it('content where no tile is, a tile without parent, a child subtree off the bottom', () => {
      const find = (subtree: SubtreeJson, binary: Uint8Array, from: number): number => {
        const view = subtree.bufferViews![subtree.tileAvailability.bitstream!]!;
        for (let bit = from; ; bit++)
          if (!((binary[view.byteOffset + (bit >> 3)]! >> (bit & 7)) & 1)) return bit;
      };
      const content = withSubtree(files, root, (subtree, binary) => {
        const missing = find(subtree, binary, 1);
        const view = subtree.bufferViews![subtree.contentAvailability![0]!.bitstream!]!;
        setBit(binary.subarray(view.byteOffset), missing);
        subtree.contentAvailability![0]!.availableCount! += 1;
      });
      expect(validate(content).join('\n')).toMatch(/content at level .* but no tile/);
      const orphan = withSubtree(files, root, (subtree, binary) => {
        // Level-1 tiles made unavailable while their children stay.
        const view = subtree.bufferViews![subtree.tileAvailability.bitstream!]!;
        const bits = binary.subarray(view.byteOffset);
        for (let bit = 1; bit <= 4; bit++) {
          if (!((bits[0]! >> bit) & 1)) continue;
          bits[0]! &= ~(1 << bit);
          subtree.tileAvailability.availableCount! -= 1;
          subtree.propertyTables![0]!.count -= 1;
          return;
        }
        throw new Error('no unavailable tile');
      });
      expect(validate(orphan).join('\n')).toMatch(/no available parent|count/);
      const child = withSubtree(files, root, (subtree) => {
        subtree.childSubtreeAvailability = { constant: 1, availableCount: 256 };
      });
      expect(validate(child).join('\n')).toMatch(/child subtree .* below no available tile|cannot be read/);
    });

    it('property table count and value lengths', () => {
      const count = withSubtree(files, root, (subtree) => {
        subtree.propertyTables![0]!.count -= 1;
      });
      expect(validate(count).join('\n')).toMatch(/available tiles|needs \d+ bytes/);
      const misaligned = withSubtree(files, root, (subtree) => {
        subtree.bufferViews![0]!.byteOffset += 4;
      });
      expect(validate(misaligned).join('\n')).toMatch(/multiple of 8/);
    });

    it('a schema type named after an Object member is no known type', () => {
      const schema = json(files, 'schema.json') as unknown as MetadataSchema;
      for (const property of Object.values(schema.classes.implicitTile!.properties ?? {}))
        Object.assign(property, { componentType: 'constructor', type: 'toString' });
      const bytes = new TextEncoder().encode(JSON.stringify(schema));
      const changed = files.map((file) => (file.path === 'schema.json' ? { path: file.path, bytes } : file));
      expect(validate(changed).join('\n')).not.toMatch(/NaN/);
    });
  });
});
