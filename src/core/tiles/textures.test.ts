import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTileCompression } from './compression.ts';
import { eastNorthUpFrame } from './ellipsoid.ts';
import { imageMimeType, parseGlb, writeBuildingsGlb } from './glb.ts';
import { decodeBuildingMesh, encodeBuildingMesh } from './mesh-store.ts';
import { syntheticBoxBuilding } from './test-fixtures.ts';
import type { BuildingMesh } from './types.ts';

interface ValidatorReport {
  issues: { numErrors: number; messages: { code: string; message: string; severity: number }[] };
}
const gltfValidator = createRequire(import.meta.url)('gltf-validator') as {
  validateBytes: (bytes: Uint8Array, options?: { maxIssues?: number }) => Promise<ValidatorReport>;
};

/** A 1×1 PNG (valid: gltf-validator reads its header). */
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

interface GltfJson {
  meshes: {
    primitives: {
      attributes: Record<string, number>;
      indices: number;
      material: number;
      extensions?: { EXT_mesh_features?: { featureIds: { featureCount: number }[] } };
    }[];
  }[];
  materials: { pbrMetallicRoughness: { baseColorTexture?: { index: number } } }[];
  images?: { bufferView: number; mimeType: string }[];
  textures?: { sampler: number; source: number }[];
  samplers?: { wrapS: number; wrapT: number }[];
  accessors: { bufferView: number; componentType: number; count: number; type: string }[];
  bufferViews: { byteOffset: number; byteLength: number; byteStride?: number }[];
}

/** Two houses; the first has texture `walls.png` on its first 8 vertices and `roof.png` on the next 4. */
function texturedPair(): BuildingMesh[] {
  const a = syntheticBoxBuilding({ id: 'A', lonDeg: 7.2, latDeg: 51.27, height: 200, size: [10, 8, 6] });
  const b = syntheticBoxBuilding({ id: 'B', lonDeg: 7.2003, latDeg: 51.27, height: 200, size: [9, 9, 5] });
  const count = a.positions.length / 3;
  const image = new Uint16Array(count);
  const uv = new Float32Array(count * 2);
  image.fill(1, 0, 8);
  image.fill(2, 8, 12);
  for (let v = 0; v < 12; v++) {
    uv[v * 2] = (v % 4) * 0.5; // up to 1.5: the image repeats
    uv[v * 2 + 1] = 0.25;
  }
  a.texture = { uris: ['walls.png', 'roof.png'], image, uv };
  return [a, b];
}

function frameOf(buildings: BuildingMesh[]) {
  const p = buildings[0]!.positions;
  return eastNorthUpFrame([p[0]!, p[1]!, p[2]!]);
}

/** Float32 values of an accessor in an uncompressed GLB. */
function floats(json: GltfJson, binary: Uint8Array, accessor: number): Float32Array {
  const a = json.accessors[accessor]!;
  const view = json.bufferViews[a.bufferView]!;
  const width = a.type === 'VEC2' ? 2 : a.type === 'VEC3' ? 3 : 1;
  return new Float32Array(binary.slice(view.byteOffset, view.byteOffset + a.count * width * 4).buffer);
}

describe('texture images in tiles', () => {
  beforeAll(async () => {
    await initTileCompression();
  });

  it('recognises PNG and JPEG signatures only', () => {
    expect(imageMimeType(PNG)).toBe('image/png');
    expect(imageMimeType(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(imageMimeType(new TextEncoder().encode('GIF89a'))).toBeUndefined();
  });

  it('keeps texture references, images and coordinates through the mesh codec', () => {
    const [a, b] = texturedPair();
    const decoded = decodeBuildingMesh(encodeBuildingMesh(a!));
    expect(decoded.texture?.uris).toEqual(['walls.png', 'roof.png']);
    expect(decoded.texture?.image).toEqual(a!.texture!.image);
    expect(decoded.texture?.uv).toEqual(a!.texture!.uv);
    expect(decoded.positions).toEqual(a!.positions);
    expect(decodeBuildingMesh(encodeBuildingMesh(b!)).texture).toBeUndefined();
  });

  it('packs one image, texture and material per image used, with TEXCOORD_0 (v flipped) and feature IDs', async () => {
    const buildings = texturedPair();
    const requested: string[] = [];
    const glb = writeBuildingsGlb(buildings, frameOf(buildings), {
      compress: false,
      images: (uri) => {
        requested.push(uri);
        return PNG;
      },
    });
    expect(requested.sort()).toEqual(['roof.png', 'walls.png']);
    const report = await gltfValidator.validateBytes(glb, { maxIssues: 0 });
    expect(report.issues.messages.filter((m) => m.severity === 0)).toEqual([]);
    const { json, binary } = parseGlb(glb) as { json: GltfJson; binary: Uint8Array };
    expect(json.images).toHaveLength(2);
    expect(json.images!.every((image) => image.mimeType === 'image/png')).toBe(true);
    expect(json.textures).toHaveLength(2);
    expect(json.samplers).toEqual([expect.objectContaining({ wrapS: 10497, wrapT: 10497 })]);
    const primitives = json.meshes.flatMap((mesh) => mesh.primitives);
    expect(primitives).toHaveLength(3);
    const textured = primitives.filter(
      (p) => json.materials[p.material]!.pbrMetallicRoughness.baseColorTexture !== undefined,
    );
    expect(textured).toHaveLength(2);
    for (const primitive of textured) {
      expect(primitive.attributes.TEXCOORD_0).toBeDefined();
      const uv = floats(json, binary, primitive.attributes.TEXCOORD_0!);
      const vs = new Set<number>();
      for (let i = 1; i < uv.length; i += 2) vs.add(uv[i]!);
      // Textured vertices have v = 1 − 0.25; untextured ones 1 − 0.
      expect(vs.has(0.75)).toBe(true);
      expect(Math.max(...uv)).toBe(1.5);
    }
    const plain = primitives.find(
      (p) => json.materials[p.material]!.pbrMetallicRoughness.baseColorTexture === undefined,
    );
    expect(plain?.attributes.TEXCOORD_0).toBeUndefined();
    for (const primitive of primitives) {
      expect(primitive.attributes._FEATURE_ID_0).toBeDefined();
      expect(primitive.extensions?.EXT_mesh_features?.featureIds[0]?.featureCount).toBe(2);
    }
    // The image bytes are embedded unchanged.
    const view = json.bufferViews[json.images![0]!.bufferView]!;
    expect(binary.slice(view.byteOffset, view.byteOffset + view.byteLength)).toEqual(PNG);
  });

  it('writes valid compressed tiles with textures', async () => {
    const buildings = texturedPair();
    const glb = writeBuildingsGlb(buildings, frameOf(buildings), { compress: true, images: () => PNG });
    const report = await gltfValidator.validateBytes(glb, { maxIssues: 0 });
    expect(report.issues.messages.filter((m) => m.severity === 0)).toEqual([]);
    const { json } = parseGlb(glb) as { json: GltfJson };
    expect(json.images).toHaveLength(2);
  });

  it('splits wide uncompressed tiles into clusters that keep their textures', async () => {
    const buildings = texturedPair();
    const far = syntheticBoxBuilding({ id: 'C', lonDeg: 7.22, latDeg: 51.27, height: 200, size: [9, 9, 5] });
    far.texture = {
      uris: ['roof.png'],
      image: new Uint16Array(far.positions.length / 3).fill(1),
      uv: new Float32Array((far.positions.length / 3) * 2),
    };
    buildings.push(far);
    const glb = writeBuildingsGlb(buildings, frameOf(buildings), { compress: false, images: () => PNG });
    const report = await gltfValidator.validateBytes(glb, { maxIssues: 0 });
    expect(report.issues.messages.filter((m) => m.severity === 0)).toEqual([]);
    const { json } = parseGlb(glb) as { json: GltfJson };
    expect(json.meshes.length).toBeGreaterThan(1);
    expect(json.images).toHaveLength(2); // roof.png once, though two clusters use it
  });

  it('writes the same bytes as without textures when no image resolves', () => {
    const buildings = texturedPair();
    const frame = frameOf(buildings);
    const plain = texturedPair().map((b) => ({ ...b, texture: undefined }));
    for (const compress of [false, true]) {
      const expected = writeBuildingsGlb(plain, frame, { compress });
      expect(writeBuildingsGlb(buildings, frame, { compress })).toEqual(expected);
      expect(writeBuildingsGlb(buildings, frame, { compress, images: () => undefined })).toEqual(expected);
      expect(
        writeBuildingsGlb(buildings, frame, { compress, images: () => new TextEncoder().encode('GIF89a') }),
      ).toEqual(expected);
    }
  });
});
