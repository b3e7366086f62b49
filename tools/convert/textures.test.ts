import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGlb } from '../../src/core/tiles/glb.ts';
import type { TileJson, TilesetJson } from '../../src/core/tiles/tileset.ts';
import { validateTileset } from '../../src/core/tiles/validate.ts';
import { runConvertCli } from './cli.ts';
import { ImageResolver, MAX_IMAGE_BYTES, decodeImageSource } from './images.ts';
import { imageReference } from './inputs.ts';
import type { RunReport } from './run.ts';

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
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
  return { code, lines, out, report };
}

function glbUris(tile: TileJson): string[] {
  return [...(tile.content ? [tile.content.uri] : []), ...(tile.children ?? []).flatMap(glbUris)];
}

/**
 * Checks the tileset (our 3D Tiles rules) and every GLB (gltf-validator, 0 errors); returns the tiles'
 * glTF JSON and the distinct images (base64 of their bytes) over all tiles.
 */
async function validTiles(
  out: string,
): Promise<{ tiles: GltfJson[]; imageCount: number; images: Set<string> }> {
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
  return { tiles, imageCount: images.size, images };
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

/** 1-based line of the character at `index` of `text`. */
function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < index; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}

/**
 * Line and gml:id of the first bldg:Building (in document order) that holds a ring textured with `image`
 * by a ParameterizedTexture (found by text search, independently of the reader).
 */
function firstBuildingUsing(text: string, image: string): { line: number; id: string } {
  const uri = text.indexOf(`${image}</app:imageURI>`);
  expect(uri).toBeGreaterThan(0);
  const texture = text.slice(
    text.lastIndexOf('<app:ParameterizedTexture', uri),
    text.indexOf('</app:ParameterizedTexture>', uri),
  );
  const rings = [...texture.matchAll(/ring="#([^"]+)"/g)].map((m) => m[1]!);
  expect(rings.length).toBeGreaterThan(0);
  for (const m of text.matchAll(/<bldg:Building gml:id="([^"]+)"/g)) {
    const body = text.slice(m.index, text.indexOf('</bldg:Building>', m.index));
    if (rings.some((ring) => body.includes(`gml:id="${ring}"`)))
      return { line: lineAt(text, m.index), id: m[1]! };
  }
  throw new Error(`no building uses ${image}`);
}

/** The first bytes of a PNG file: enough for the PNG/JPEG check, so only the path rules can refuse it. */
const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13);

/** A sparse file of `MAX_IMAGE_BYTES` + 1 bytes that starts like a PNG. */
function writeOversizePng(path: string): void {
  writeFileSync(path, PNG_SIGNATURE);
  truncateSync(path, MAX_IMAGE_BYTES + 1);
}

/**
 * Opens the FIFO `path` for writing (and closes it again) every half second from 5 s on, from its own
 * thread: should a reader block on the FIFO, it gets end-of-file, so a broken test fails instead of
 * hanging the test process. Returns a function that stops it.
 */
function unblockFifo(path: string): () => Promise<number> {
  const worker = new Worker(
    `const fs = require('node:fs');
     const { workerData } = require('node:worker_threads');
     setTimeout(() => setInterval(() => {
       try { fs.closeSync(fs.openSync(workerData, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK)); } catch {}
     }, 500), 5000);`,
    { eval: true, workerData: path },
  );
  return () => worker.terminate();
}

/** Central directory records of a zip (signature 0x02014b50) get `size` as their uncompressed size. */
function claimSize(zip: Uint8Array, size: number): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let i = 0; i + 46 <= zip.length; i++)
    if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, size, true);
  return zip;
}

describe('image references', () => {
  it('resolves image URIs inside the document folder, or against the document entry inside a zip', () => {
    const dir = join(scratch, 'references');
    mkdirSync(join(dir, 'a/tex'), { recursive: true });
    for (const name of ['x.jpg', 'x y.jpg']) writeFileSync(join(dir, 'a/tex', name), PNG_SIGNATURE);
    const city = join(dir, 'a/city.gml');
    writeFileSync(city, '');
    const root = join(dir, 'a');
    expect(decodeImageSource(imageReference(city, 'tex/x.jpg'))).toEqual({
      kind: 'file',
      root,
      path: 'tex/x.jpg',
    });
    expect(decodeImageSource(imageReference(city, 'tex\\x%20y.jpg'))).toEqual({
      kind: 'file',
      root,
      path: 'tex/x y.jpg',
    });
    expect(decodeImageSource(imageReference(city, join(root, 'tex/x.jpg')))).toEqual({
      kind: 'file',
      root,
      path: 'tex/x.jpg',
    });
    expect(decodeImageSource(imageReference(city, 'https://example.org/x.jpg'))).toMatchObject({
      kind: 'refused',
      document: city,
      uri: 'https://example.org/x.jpg',
    });
    expect(decodeImageSource(imageReference(city, '%2e%2e/a/tex/x.jpg'))).toMatchObject({ kind: 'file' });
    expect(decodeImageSource(imageReference(city, '%2e%2e/%2e%2e/etc/passwd'))).toMatchObject({
      kind: 'refused',
      reason: "outside the CityGML file's folder",
    });

    const zip = join(dir, 'a.zip');
    writeFileSync(zip, zipSync({ 'dir/img/x.png': PNG_SIGNATURE, 'dir/sub/city.gml': new Uint8Array(0) }));
    expect(decodeImageSource(imageReference(zip, '../img/x.png', 'dir/sub/city.gml'))).toEqual({
      kind: 'zip',
      archive: zip,
      entry: 'dir/img/x.png',
    });
    expect(decodeImageSource(imageReference(zip, '../../../img/x.png', 'dir/sub/city.gml'))).toEqual({
      kind: 'refused',
      document: `${zip}/dir/sub/city.gml`,
      uri: '../../../img/x.png',
      reason: 'outside the archive',
    });
    expect(decodeImageSource(imageReference(zip, '/dir/img/x.png', 'dir/sub/city.gml'))).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/absolute path/),
    });
    expect(decodeImageSource(imageReference(zip, 'gone.png', 'dir/sub/city.gml'))).toMatchObject({
      kind: 'refused',
      reason: 'not found in the archive',
    });
  });

  it('places a failed image at its first recorded use, or at line 0 without one', () => {
    const dir = join(scratch, 'uses');
    mkdirSync(dir, { recursive: true });
    const city = join(dir, 'city.gml');
    writeFileSync(city, '');
    writeFileSync(join(dir, 'bad.png'), 'not an image');
    const missing = imageReference(city, 'gone.png');
    const bad = imageReference(city, 'bad.png');
    const unused = imageReference(city, 'https://example.org/x.png');
    const resolver = new ImageResolver();
    resolver.addUses([
      [missing, { file: 'city.gml', line: 12, objectId: 'b1' }],
      [bad, { file: 'city.gml', line: 40, objectId: 'b2' }],
    ]);
    // later uses of a known reference (a later object or input) do not move its warning
    resolver.addUses([[missing, { file: 'other.gml', line: 7, objectId: 'b9' }]]);
    for (const reference of [missing, bad, unused, missing]) expect(resolver.read(reference)).toBeUndefined();
    expect(resolver.warnings).toEqual([
      {
        file: 'city.gml',
        line: 12,
        objectId: 'b1',
        message: expect.stringMatching(/gone\.png.*: not found;/),
      },
      {
        file: 'city.gml',
        line: 40,
        objectId: 'b2',
        message: expect.stringMatching(/bad\.png: neither PNG nor JPEG/),
      },
      { line: 0, message: expect.stringMatching(/example\.org.*not a local file/) },
    ]);
  });

  it('inflates a zip entry to at most the image limit, whatever its directory record claims', () => {
    const dir = join(scratch, 'bomb');
    mkdirSync(dir, { recursive: true });
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(PNG_SIGNATURE);
    const zip = join(dir, 'bomb.zip');
    writeFileSync(
      zip,
      claimSize(zipSync({ 'city.gml': new Uint8Array(0), 'x.png': big }, { level: 1 }), 1000),
    );
    const reference = imageReference(zip, 'x.png', 'city.gml');
    expect(decodeImageSource(reference)).toEqual({ kind: 'zip', archive: zip, entry: 'x.png' });
    const resolver = new ImageResolver();
    expect(resolver.read(reference)?.length).toBeUndefined();
    expect(resolver.warnings).toHaveLength(1);
    expect(resolver.warnings[0]!.message).toMatch(/x\.png: inflates to more than the 64 MiB limit/);
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

  it('names the CityGML file, line and object of the first use of a missing or corrupt image', async () => {
    // Yokosuka's appearances follow its buildings: each image's first use is a building above them.
    const dir = join(scratch, 'first-use');
    const images = join(dir, basename(yokosukaImages));
    mkdirSync(images, { recursive: true });
    const city = join(dir, basename(yokosuka));
    copyFileSync(yokosuka, city);
    const [missing, corrupt, ...rest] = readdirSync(yokosukaImages).sort();
    writeFileSync(join(images, corrupt!), 'not a JPEG');
    for (const file of rest) copyFileSync(join(yokosukaImages, file), join(images, file));
    const { code, report } = await convert([city, '--textures']);
    expect(code).toBe(0);
    const text = readFileSync(city, 'utf8');
    const warningOf = (image: string) => report.warnings.filter((w) => w.message.includes(image));
    for (const [image, problem] of [
      [missing!, /: not found;/],
      [corrupt!, /: neither PNG nor JPEG/],
    ] as const) {
      const first = firstBuildingUsing(text, image);
      expect(first.line).toBeGreaterThan(1);
      expect(warningOf(image)).toEqual([
        { file: city, line: first.line, objectId: first.id, message: expect.stringMatching(problem) },
      ]);
    }
    // the two images are first used by different buildings, so the lines are not one object's by chance
    expect(firstBuildingUsing(text, missing!).line).not.toBe(firstBuildingUsing(text, corrupt!).line);
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

describe.skipIf(!hasData)('convert --textures reads images only from inside the input', () => {
  const appearanceDir = join(citygml, 'citygml4j-samples/appearances');
  const testtownText = () => readFileSync(testtown, 'utf8');
  /** The test town with each `appearances/<name>` image URI replaced as given. */
  const withImageUris = (uris: Record<string, string>) => {
    let text = testtownText();
    for (const [name, uri] of Object.entries(uris)) {
      expect(text).toContain(`>appearances/${name}<`);
      text = text.replaceAll(`>appearances/${name}<`, `>${uri}<`);
    }
    return text;
  };
  const refusals = (report: RunReport) =>
    report.warnings.filter((w) => /^texture image /.test(w.message)).map((w) => w.message);

  it(
    'refuses absolute paths, ../ escapes, links leading outside, FIFOs and oversize images; the rest are embedded unchanged',
    { timeout: 90_000 },
    async () => {
      // scratch/inside/deep/city.gml; a real JPEG sits two folders up, outside the input folder.
      const top = join(scratch, 'inside');
      const dir = join(top, 'deep');
      mkdirSync(join(dir, 'appearances'), { recursive: true });
      copyFileSync(join(appearanceDir, 'testtown-002.jpg'), join(scratch, 'outside.jpg'));
      symlinkSync(join(appearanceDir, 'testtown-003.jpg'), join(dir, 'link-out.jpg'));
      execFileSync('mkfifo', [join(dir, 'pipe.jpg')]);
      writeOversizePng(join(dir, 'big.png'));
      for (const name of ['testtown-006.jpg', 'testtown-007.jpg', 'testtown-008.jpg'])
        copyFileSync(join(appearanceDir, name), join(dir, 'appearances', name));
      symlinkSync(join(dir, 'appearances/testtown-006.jpg'), join(dir, 'link-in.jpg'));
      const city = join(dir, 'city.gml');
      const uris = {
        'testtown-001.jpg': join(appearanceDir, 'testtown-001.jpg'),
        'testtown-002.jpg': '../../outside.jpg',
        'testtown-003.jpg': 'link-out.jpg',
        'testtown-004.jpg': 'pipe.jpg',
        'testtown-005.png': 'big.png',
        'testtown-006.jpg': 'link-in.jpg',
      };
      writeFileSync(city, withImageUris(uris));
      const stop = unblockFifo(join(dir, 'pipe.jpg'));
      try {
        const { code, out, report } = await convert([city, '--textures', '--lod', '3']);
        expect(code).toBe(0);
        expect(report.buildings.written).toBe(1);
        const warnings = refusals(report);
        const refusal = (uri: string) => warnings.filter((m) => m.includes(`"${uri}" in ${city}:`));
        expect(refusal(uris['testtown-001.jpg'])).toEqual([expect.stringMatching(/absolute path outside/)]);
        expect(refusal('../../outside.jpg')).toEqual([
          expect.stringMatching(/outside the CityGML file's folder/),
        ]);
        expect(refusal('link-out.jpg')).toEqual([expect.stringMatching(/symbolic link to a file outside/)]);
        expect(refusal('pipe.jpg')).toEqual([expect.stringMatching(/FIFO/)]);
        expect(refusal('big.png')).toEqual([expect.stringMatching(/more than the 64 MiB limit/)]);
        expect(warnings).toHaveLength(5);
        // the test town has one building: every refused image is first used there
        const building = /<bldg:Building gml:id="([^"]+)"/.exec(testtownText())!;
        const line = lineAt(testtownText(), building.index);
        for (const w of report.warnings.filter((w) => /^texture image /.test(w.message)))
          expect(w).toMatchObject({ file: city, line, objectId: building[1] });
        // Refused images' surfaces keep their colours; the other three images are embedded byte for byte.
        const { tiles, imageCount, images } = await validTiles(out);
        expect(imageCount).toBe(3);
        expect(texturedPrimitives(tiles)).toBe(3);
        for (const name of ['testtown-006.jpg', 'testtown-007.jpg', 'testtown-008.jpg'])
          expect(images.has(readFileSync(join(appearanceDir, name)).toString('base64'))).toBe(true);
      } finally {
        await stop();
      }
    },
  );

  it('refuses zip images outside the archive and oversize ones, naming the document entry', async () => {
    const entries: Record<string, Uint8Array> = {};
    for (const file of readdirSync(appearanceDir))
      entries[`data/appearances/${file}`] = new Uint8Array(readFileSync(join(appearanceDir, file)));
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(PNG_SIGNATURE);
    entries['data/appearances/big.png'] = big;
    const uris = {
      'testtown-001.jpg': '../../appearances/testtown-001.jpg',
      'testtown-002.jpg': '/data/appearances/testtown-002.jpg',
      'testtown-003.jpg': 'appearances/big.png',
    };
    entries['data/lod3.gml'] = new TextEncoder().encode(withImageUris(uris));
    const zip = join(scratch, 'escape.zip');
    writeFileSync(zip, zipSync(entries, { level: 1 }));
    const { code, out, report } = await convert([zip, '--textures', '--lod', '3']);
    expect(code).toBe(0);
    const warnings = refusals(report);
    const refusal = (uri: string) => warnings.filter((m) => m.includes(`"${uri}" in ${zip}/data/lod3.gml:`));
    expect(refusal(uris['testtown-001.jpg'])).toEqual([expect.stringMatching(/outside the archive/)]);
    expect(refusal(uris['testtown-002.jpg'])).toEqual([expect.stringMatching(/absolute path/)]);
    expect(refusal(uris['testtown-003.jpg'])).toEqual([expect.stringMatching(/more than the 64 MiB limit/)]);
    expect(warnings).toHaveLength(3);
    const building = /<bldg:Building gml:id="([^"]+)"/.exec(testtownText())!;
    for (const w of report.warnings.filter((w) => /^texture image /.test(w.message)))
      expect(w).toMatchObject({
        file: `${zip}/data/lod3.gml`,
        line: lineAt(testtownText(), building.index),
        objectId: building[1],
      });
    const { imageCount } = await validTiles(out);
    expect(imageCount).toBe(testtownImages().size - 3);
  });
});
