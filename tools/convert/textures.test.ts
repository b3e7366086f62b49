import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGlb } from '../../src/core/tiles/glb.ts';
import type { TileJson, TilesetJson } from '../../src/core/tiles/tileset.ts';
import { validateTileset } from '../../src/core/tiles/validate.ts';
import { runConvertCli } from './cli.ts';
import { imageReference } from './inputs.ts';
import type { ConverterReport } from './session.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const citygml = resolve(repoRoot, '../shared/data/citygml');
const yokosukaDir = join(citygml, 'plateau-yokosuka-textured');
const yokosuka = join(yokosukaDir, '52397519_bldg_6697_op.gml');
const yokosukaImages = join(yokosukaDir, '52397519_bldg_6697_appearance');
const testtown = join(citygml, 'citygml4j-samples/lod3_building_v2.gml');
const hasData = existsSync(yokosuka) && existsSync(testtown);
if (!hasData) console.warn(`convert texture tests: ${citygml} not found; real-data tests skipped`);

interface ValidatorReport {
  issues: { messages: { code: string; message: string; severity: number }[] };
}
const gltfValidator = createRequire(import.meta.url)('gltf-validator') as {
  validateBytes: (bytes: Uint8Array, options?: { maxIssues?: number }) => Promise<ValidatorReport>;
};

interface GltfJson {
  meshes: { primitives: { attributes: Record<string, number>; material: number }[] }[];
  materials: { pbrMetallicRoughness: { baseColorTexture?: { index: number } } }[];
  images?: { bufferView: number; mimeType: string }[];
}

const scratch = mkdtempSync(join(tmpdir(), 'convert-textures-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let runs = 0;

async function convert(args: string[]) {
  const out = join(scratch, `out-${++runs}`);
  const lines: string[] = [];
  const code = await runConvertCli([...args, '--out', out, '--jobs', '1', '--quiet'], (line) =>
    lines.push(line),
  );
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ConverterReport;
  return { code, lines, out, report };
}

function glbUris(tile: TileJson): string[] {
  return [...(tile.content ? [tile.content.uri] : []), ...(tile.children ?? []).flatMap(glbUris)];
}

/**
 * Checks the tileset (our 3D Tiles rules) and every GLB (gltf-validator, 0 errors); returns the tiles'
 * glTF JSON and the distinct images (by bytes) over all tiles.
 */
async function validTiles(out: string): Promise<{ tiles: GltfJson[]; imageCount: number }> {
  const tileset = JSON.parse(readFileSync(join(out, 'tileset.json'), 'utf8')) as TilesetJson;
  const content = (uri: string) =>
    existsSync(join(out, uri)) ? new Uint8Array(readFileSync(join(out, uri))) : undefined;
  expect(validateTileset(tileset, content)).toEqual([]);
  const tiles: GltfJson[] = [];
  const images = new Set<string>();
  for (const uri of glbUris(tileset.root)) {
    const bytes = content(uri)!;
    const result = await gltfValidator.validateBytes(bytes, { maxIssues: 0 });
    expect(result.issues.messages.filter((m) => m.severity === 0)).toEqual([]);
    const { json, binary } = parseGlb(bytes) as {
      json: GltfJson & { bufferViews: { byteOffset: number; byteLength: number }[] };
      binary: Uint8Array;
    };
    for (const image of json.images ?? []) {
      const view = json.bufferViews[image.bufferView]!;
      images.add(
        Buffer.from(binary.subarray(view.byteOffset, view.byteOffset + view.byteLength)).toString('base64'),
      );
    }
    tiles.push(json);
  }
  return { tiles, imageCount: images.size };
}

/** Every textured primitive has TEXCOORD_0; returns how many there are. */
function texturedPrimitives(tiles: GltfJson[]): number {
  let count = 0;
  for (const json of tiles) {
    for (const primitive of json.meshes.flatMap((mesh) => mesh.primitives)) {
      if (json.materials[primitive.material]?.pbrMetallicRoughness.baseColorTexture === undefined) continue;
      expect(primitive.attributes.TEXCOORD_0).toBeDefined();
      count += 1;
    }
  }
  return count;
}

/** Distinct image URIs of the test town's ParameterizedTextures. */
function testtownImages(): Set<string> {
  const text = readFileSync(testtown, 'utf8');
  return new Set([...text.matchAll(/<(?:\w+:)?imageURI>([^<]+)</g)].map((m) => m[1]!.trim()));
}

describe('image references', () => {
  it('resolves image URIs against the document, or against the document entry inside a zip', () => {
    expect(imageReference('/data/a/city.gml', 'tex/x.jpg')).toBe('/data/a/tex/x.jpg');
    expect(imageReference('/data/a/city.gml', 'tex\\x%20y.jpg')).toBe('/data/a/tex/x y.jpg');
    expect(imageReference('/data/a.zip', '../img/x.png', 'dir/sub/city.gml')).toBe(
      'zip:/data/a.zip!dir/img/x.png',
    );
    expect(imageReference('/data/a/city.gml', 'https://example.org/x.jpg')).toBe('https://example.org/x.jpg');
  });
});

describe.skipIf(!hasData)('convert --textures', () => {
  it('packs the three PLATEAU Yokosuka images (global appearances after the buildings) into valid tiles', async () => {
    const { code, out, report } = await convert([yokosuka, '--textures']);
    expect(code).toBe(0);
    expect(report.warnings.filter((w) => /texture|appearance/.test(w.message))).toEqual([]);
    const { tiles, imageCount } = await validTiles(out);
    expect(imageCount).toBe(readdirSync(yokosukaImages).length);
    expect(texturedPrimitives(tiles)).toBeGreaterThanOrEqual(3);
  });

  it('packs the eight citygml4j test-town images (coordinates beyond 0..1) into valid tiles', async () => {
    const { code, out, report } = await convert([testtown, '--textures', '--lod', '3']);
    expect(code).toBe(0);
    expect(report.buildings.written).toBe(1);
    const used = testtownImages();
    expect(used.size).toBe(8);
    const { tiles, imageCount } = await validTiles(out);
    expect(imageCount).toBe(used.size);
    expect(texturedPrimitives(tiles)).toBe(used.size);
  });

  it('writes no images or texture coordinates without the flag', async () => {
    const { out } = await convert([yokosuka]);
    const { tiles, imageCount } = await validTiles(out);
    expect(imageCount).toBe(0);
    expect(
      tiles.flatMap((t) => t.meshes.flatMap((m) => m.primitives)).some((p) => 'TEXCOORD_0' in p.attributes),
    ).toBe(false);
  });

  it('warns about a missing image, names it, and keeps the output valid', async () => {
    const dir = join(scratch, 'missing');
    const images = join(dir, basename(yokosukaImages));
    mkdirSync(images, { recursive: true });
    copyFileSync(yokosuka, join(dir, basename(yokosuka)));
    const files = readdirSync(yokosukaImages).sort();
    const missing = files[0]!;
    for (const file of files.slice(1)) copyFileSync(join(yokosukaImages, file), join(images, file));
    const { code, out, report } = await convert([join(dir, basename(yokosuka)), '--textures']);
    expect(code).toBe(0);
    const warnings = report.warnings.filter((w) => w.message.includes(missing));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/not found/);
    const { tiles, imageCount } = await validTiles(out);
    expect(imageCount).toBe(files.length - 1);
    expect(texturedPrimitives(tiles)).toBeGreaterThanOrEqual(files.length - 1);
  });

  it('reads images from the same zip archive as the CityGML', async () => {
    // The test town's images sit in appearances/ next to its document, here inside data/.
    const entries: Record<string, Uint8Array> = { 'data/lod3.gml': new Uint8Array(readFileSync(testtown)) };
    const appearanceDir = join(citygml, 'citygml4j-samples/appearances');
    for (const file of readdirSync(appearanceDir))
      entries[`data/appearances/${file}`] = new Uint8Array(readFileSync(join(appearanceDir, file)));
    const zip = join(scratch, 'testtown.zip');
    writeFileSync(zip, zipSync(entries, { level: 0 }));
    const { code, out, report } = await convert([zip, '--textures', '--lod', '3']);
    expect(code).toBe(0);
    expect(report.warnings.filter((w) => /texture image/.test(w.message))).toEqual([]);
    const { imageCount } = await validTiles(out);
    expect(imageCount).toBe(testtownImages().size);
  });
});
