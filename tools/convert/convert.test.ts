import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { readCityGml } from '../../src/core/citygml/index.ts';
import type { CityObjectRecord } from '../../src/core/citygml/index.ts';
import { readPropertyTable } from '../../src/core/tiles/metadata.ts';
import { ecefToGeodetic } from '../../src/core/tiles/ellipsoid.ts';
import { parseGlb } from '../../src/core/tiles/glb.ts';
import type { TileJson, TilesetJson } from '../../src/core/tiles/tileset.ts';
import { validateTileset } from '../../src/core/tiles/validate.ts';
import { DOC_TAIL, docHead, goodDocument } from '../hostile-corpus/blocks.ts';
import { runConvertCli } from './cli.ts';
import type { RunReport } from './run.ts';
import { FEW_CORES } from './threads.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const dataDir = resolve(repoRoot, '../shared/data');
const citygml = join(dataDir, 'citygml');
const hasData = existsSync(citygml);
if (!hasData) console.warn(`convert tests: ${dataDir} not found; real-data tests skipped`);
const hasCs2cs = (() => {
  try {
    execFileSync('cs2cs', [], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as { status?: number }).status !== undefined && !(error as { code?: string }).code;
  }
})();
if (!hasCs2cs) console.warn('convert tests: cs2cs (Debian proj-bin) not installed; position check skipped');

interface ValidatorReport {
  issues: { numErrors: number; messages: { code: string; message: string; severity: number }[] };
}
const gltfValidator = createRequire(import.meta.url)('gltf-validator') as {
  validateBytes: (bytes: Uint8Array, options?: { maxIssues?: number }) => Promise<ValidatorReport>;
};

const scratch = mkdtempSync(join(tmpdir(), 'convert-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let runs = 0;

/** Runs the CLI in-process; returns exit code, log lines, the output dir and its report. */
async function convert(args: string[], out = join(scratch, `out-${++runs}`)) {
  const lines: string[] = [];
  const code = await runConvertCli(
    [...args, '--out', out, ...(args.includes('--jobs') ? [] : ['--jobs', '2'])],
    (line) => lines.push(line),
  );
  const reportFile = join(out, 'report.json');
  const report = existsSync(reportFile)
    ? (JSON.parse(readFileSync(reportFile, 'utf8')) as RunReport)
    : undefined;
  return { code, lines, out, report };
}

function leaves(tile: TileJson): TileJson[] {
  return tile.children ? tile.children.flatMap(leaves) : [tile];
}

function readTileset(out: string) {
  const tileset = JSON.parse(readFileSync(join(out, 'tileset.json'), 'utf8')) as TilesetJson;
  const content = (uri: string) =>
    existsSync(join(out, uri)) ? new Uint8Array(readFileSync(join(out, uri))) : undefined;
  return { tileset, leaves: leaves(tileset.root), content };
}

/** All files of a directory (relative path → bytes), for byte-identical comparisons. */
function snapshot(dir: string, skip: string[] = []): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (!skip.includes(rel)) files.set(rel, readFileSync(join(dir, rel)).toString('base64'));
    }
  };
  walk('');
  return files;
}

async function expectValidOutput(out: string) {
  const { tileset, content } = readTileset(out);
  expect(validateTileset(tileset, content)).toEqual([]);
  const tiles = contentTiles(out);
  for (const tile of tiles) {
    const result = await gltfValidator.validateBytes(content(tile.uri)!, { maxIssues: 0 });
    expect(result.issues.messages.filter((m) => m.severity === 0)).toEqual([]);
  }
  return tiles.length;
}

function expectAccounted(report: RunReport) {
  expect(report.buildings.written + report.buildings.dropped).toBe(report.buildings.read);
  expect(report.dropped.length).toBeGreaterThanOrEqual(report.buildings.dropped);
  expect(typeof report.heightCorrection).toBe('string');
  expect(report.seconds).toBeGreaterThan(0);
}

/** ECEF of a glTF position through the tile transform and the 3D Tiles y-up → z-up rotation. */
function gltfToEcef(transform: number[], x: number, y: number, z: number): number[] {
  const [e, n, u] = [x, -z, y];
  return [0, 1, 2].map(
    (k) => transform[k]! * e + transform[4 + k]! * n + transform[8 + k]! * u + transform[12 + k]!,
  );
}

/** Column-major 4×4 product a·b. */
function multiply(a: number[], b: number[]): number[] {
  const out = new Array<number>(16).fill(0);
  for (let c = 0; c < 4; c++)
    for (let r = 0; r < 4; r++) for (let k = 0; k < 4; k++) out[c * 4 + r]! += a[k * 4 + r]! * b[c * 4 + k]!;
  return out;
}

/** Every tile with GLB content, with its accumulated transform (external tilesets followed). */
function contentTiles(out: string): { uri: string; transform: number[] }[] {
  const found: { uri: string; transform: number[] }[] = [];
  const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  const visit = (tile: TileJson, parent: number[], base: string) => {
    const transform = tile.transform ? multiply(parent, tile.transform) : parent;
    const uri = tile.content?.uri;
    if (uri?.endsWith('.json')) {
      const sub = JSON.parse(readFileSync(join(out, base, uri), 'utf8')) as TilesetJson;
      const dir = uri.includes('/') ? uri.slice(0, uri.lastIndexOf('/') + 1) : '';
      visit(sub.root, transform, base + dir);
    } else if (uri) found.push({ uri: base + uri, transform });
    for (const child of tile.children ?? []) visit(child, transform, base);
  };
  const tileset = JSON.parse(readFileSync(join(out, 'tileset.json'), 'utf8')) as TilesetJson;
  visit(tileset.root, identity, '');
  return found;
}

/** Finds a building in float32 (--no-compress) output: its properties and its vertices in ECEF metres. */
function findBuilding(out: string, id: string) {
  const schemaFile = join(out, 'schema.json');
  const schema = existsSync(schemaFile)
    ? (JSON.parse(readFileSync(schemaFile, 'utf8')) as Parameters<typeof readPropertyTable>[3])
    : undefined;
  for (const tile of contentTiles(out)) {
    const { json, binary } = parseGlb(new Uint8Array(readFileSync(join(out, tile.uri))));
    const records = readPropertyTable(json, binary, 0, schema);
    const featureId = records.findIndex((r) => r.gml_id === id);
    if (featureId < 0) continue;
    const gltf = json as {
      accessors: { bufferView: number; count: number; componentType: number; byteOffset?: number }[];
      bufferViews: { byteOffset?: number; byteStride?: number }[];
      meshes: { primitives: { attributes: Record<string, number> }[] }[];
      nodes?: { matrix?: number[]; translation?: number[] }[];
    };
    expect(gltf.nodes?.[0]?.matrix ?? gltf.nodes?.[0]?.translation).toBeUndefined();
    const attributes = gltf.meshes[0]!.primitives[0]!.attributes;
    const reader = (accessorIndex: number, components: number) => {
      const accessor = gltf.accessors[accessorIndex]!;
      const size = { 5126: 4, 5125: 4, 5123: 2, 5121: 1 }[accessor.componentType]!;
      const view = gltf.bufferViews[accessor.bufferView]!;
      const stride = view.byteStride ?? components * size;
      const data = new DataView(
        binary.buffer,
        binary.byteOffset + (view.byteOffset ?? 0) + (accessor.byteOffset ?? 0),
      );
      return (v: number, k: number) => {
        const at = v * stride + k * size;
        if (size === 4)
          return accessor.componentType === 5126 ? data.getFloat32(at, true) : data.getUint32(at, true);
        return size === 2 ? data.getUint16(at, true) : data.getUint8(at);
      };
    };
    expect(gltf.accessors[attributes.POSITION!]!.componentType).toBe(5126);
    const position = reader(attributes.POSITION!, 3);
    const feature = reader(attributes._FEATURE_ID_0!, 1);
    const count = gltf.accessors[attributes.POSITION!]!.count;
    const vertices: number[][] = [];
    for (let v = 0; v < count; v++) {
      if (feature(v, 0) !== featureId) continue;
      vertices.push(gltfToEcef(tile.transform, position(v, 0), position(v, 1), position(v, 2)));
    }
    return { properties: records[featureId]!, vertices };
  }
  return undefined;
}

async function readRecord(file: string, id: string): Promise<CityObjectRecord | undefined> {
  const text = createReadStream(file, { encoding: 'utf8' }) as AsyncIterable<string>;
  for await (const record of readCityGml(text, { file: basename(file) })) if (record.id === id) return record;
  return undefined;
}

describe.skipIf(!hasData)('convert CLI on real data', () => {
  const nrwBlock = join(citygml, 'nrw-wesel-lod2/demo-block-2x2');

  it('converts the NRW 2×2 block (a directory) into a valid tileset with a complete report', async () => {
    const { code, report, out } = await convert([nrwBlock, '--no-compress']);
    expect(code).toBe(0);
    expect(report!.input.files).toBe(4);
    const bytes = readdirSync(nrwBlock).reduce(
      (sum, f) => sum + readFileSync(join(nrwBlock, f)).byteLength,
      0,
    );
    expect(report!.input.bytes).toBe(bytes);
    expect(report!.buildings.read).toBe(146 + 49 + 89 + 81);
    expectAccounted(report!);
    expect(report!.errors).toEqual([]);
    expect(report!.heightCorrection).toMatch(/EGM96/);
    expect(report!.output.tiles).toBeGreaterThan(0);
    expect(await expectValidOutput(out)).toBeGreaterThan(0);
    // No staging or spool files are left beside the output.
    expect(readdirSync(scratch).filter((f) => /\.(tmp|spool|old)-/.test(f))).toEqual([]);
  });

  it.skipIf(!hasCs2cs)(
    'puts a building picked by id at its true position (PROJ cs2cs, EGM96) with its attributes',
    async () => {
      const file = join(citygml, 'nrw-wesel-lod2/LoD2_32_329_5729_1_NW.gml');
      const { code, out } = await convert([file, '--no-compress']);
      expect(code).toBe(0);
      const id = 'DENW34AL0000rEhL';
      const found = findBuilding(out, id);
      expect(found).toBeDefined();
      expect(found!.properties.function).toBe('31001_2723');
      expect(found!.properties.roofType).toBe('3100');
      expect(found!.properties.measuredHeight).toBeCloseTo(6.137, 3);
      const record = (await readRecord(file, id))!;
      const source = [record, ...record.parts]
        .flatMap((r) => r.polygons)
        .flatMap((polygon) =>
          Array.from({ length: polygon.positions.length / 3 }, (_, i) => [
            ...polygon.positions.subarray(i * 3, i * 3 + 3),
          ]),
        );
      const proj = execFileSync('cs2cs', ['-f', '%.4f', 'EPSG:25832+5773', 'EPSG:4978'], {
        input: `${source.map((p) => p.join(' ')).join('\n')}\n`,
      })
        .toString()
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/\s+/).slice(0, 3).map(Number));
      expect(proj).toHaveLength(source.length);
      const nearest = (p: number[], set: number[][]) =>
        Math.min(...set.map((q) => Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!, p[2]! - q[2]!)));
      // Every output vertex lies on a source vertex (as PROJ places it) and every source vertex is in the output.
      const distance = Math.max(
        ...found!.vertices.map((v) => nearest(v, proj)),
        ...proj.map((p) => nearest(p, found!.vertices)),
      );
      console.info(
        `convert: building ${id}: ${found!.vertices.length} vertices, worst ${(distance * 100).toFixed(2)} cm from PROJ`,
      );
      expect(distance).toBeLessThan(0.02);
    },
  );

  it('gives byte-identical tiles and the same report lines without threads, with threads or with file splitting', async () => {
    // A real NRW tile with a geometry-less building inserted near the end (dropped, with its line).
    const original = readFileSync(
      join(citygml, 'nrw-wesel-lod2/demo-block-2x2/LoD2_32_337_5728_1_NW.gml'),
      'utf8',
    );
    const at = original.lastIndexOf('<core:cityObjectMember>');
    const file = join(scratch, 'nrw-with-empty.gml');
    writeFileSync(
      file,
      `${original.slice(0, at)}<core:cityObjectMember>\n<bldg:Building gml:id="EMPTY_1"/>\n</core:cityObjectMember>\n${original.slice(at)}`,
    );
    const expectedLine = original.slice(0, at).split('\n').length + 1;
    const one = await convert([file, '--jobs', '1']);
    const { convertCityGml } = await import('./run.ts');
    const splitOut = join(scratch, 'split');
    const split = await convertCityGml({
      inputs: [file],
      out: splitOut,
      jobs: 2,
      splitBytes: 256 * 1024,
      inProcessBytes: -1,
      quiet: true,
    });
    expect(one.code).toBe(0);
    expect(one.report!.buildings).toEqual({ read: 147, written: 146, dropped: 1 });
    expect(one.report!.dropped).toEqual([
      { id: 'EMPTY_1', file, line: expectedLine, reason: expect.stringMatching(/no geometry/) },
    ]);
    expect(split.buildings).toEqual(one.report!.buildings);
    expect(split.dropped).toEqual(one.report!.dropped);
    expect(snapshot(splitOut, ['report.json'])).toEqual(snapshot(one.out, ['report.json']));
    // Threads restarted with the tile phase's smaller heaps write the same tiles.
    const restartedOut = join(scratch, 'split-restarted');
    const restarted = await convertCityGml({
      inputs: [file],
      out: restartedOut,
      jobs: 2,
      splitBytes: 256 * 1024,
      inProcessBytes: -1,
      restartThreadsFromBuildings: 1,
      quiet: true,
    });
    expect(restarted.phases?.threadsRestarted).toBe(true);
    expect(split.phases?.threadsRestarted).toBeUndefined();
    expect(snapshot(restartedOut, ['report.json'])).toEqual(snapshot(one.out, ['report.json']));
    // Pieces whose summaries may not wait for earlier pieces are read back by the tiler: the same tiles.
    const readBackOut = join(scratch, 'split-read-back');
    await convertCityGml({
      inputs: [file],
      out: readBackOut,
      jobs: 2,
      splitBytes: 256 * 1024,
      inProcessBytes: -1,
      maxWaitingSummaries: 0,
      quiet: true,
    });
    expect(snapshot(readBackOut, ['report.json'])).toEqual(snapshot(one.out, ['report.json']));
    // `jobs: 0` keeps every stage on this thread, however large the input.
    const oneThreadOut = join(scratch, 'one-thread');
    const oneThread = await convertCityGml({
      inputs: [file],
      out: oneThreadOut,
      jobs: 0,
      splitBytes: 256 * 1024,
      inProcessBytes: -1,
      quiet: true,
    });
    expect(oneThread.phases?.threads).toBe(0);
    expect(snapshot(oneThreadOut, ['report.json'])).toEqual(snapshot(one.out, ['report.json']));
    // The 2.7 MB input alone is read and written without worker threads; the split run used two.
    expect(one.report!.phases?.threads).toBe(0);
    expect(split.phases?.threads).toBe(2);
    // Every stage was timed; the reading stages on the threads, the serial ones on the main thread.
    for (const report of [one.report!, split]) {
      const stages = report.phases!.stages!;
      expect(Object.keys(stages).sort()).toEqual(
        [
          'encode',
          'encodeTiles',
          'parse',
          'plan',
          'read',
          'reproject',
          'spool',
          'tile',
          'triangulate',
          'write',
        ].sort(),
      );
      for (const key of ['parse', 'reproject', 'triangulate', 'encodeTiles', 'tile', 'plan'] as const)
        expect(stages[key]).toBeGreaterThan(0);
    }
    await expectValidOutput(one.out);
  });

  it('keeps a 7.6 MB input on one thread without --jobs on 2 cores or fewer, with the same tiles', async () => {
    const threaded = await convert([nrwBlock]); // with --jobs 2
    const { convertCityGml } = await import('./run.ts');
    const autoOut = join(scratch, 'auto-jobs');
    const auto = await convertCityGml({ inputs: [nrwBlock], out: autoOut, quiet: true });
    expect(threaded.code).toBe(0);
    expect(threaded.report!.phases?.threads).toBe(2);
    if (availableParallelism() <= FEW_CORES) expect(auto.phases?.threads).toBe(0);
    else expect(auto.phases?.threads).toBeGreaterThan(0);
    expect(auto.buildings).toEqual(threaded.report!.buildings);
    expect(snapshot(autoOut, ['report.json'])).toEqual(snapshot(threaded.out, ['report.json']));
  });

  it('converts Berlin, Lower Saxony, Zürich (CH1903 warning), SIG3D pairs and TUM pairs in one run', async () => {
    const inputs = [
      join(citygml, 'berlin-lod2-tiles'),
      join(citygml, 'niedersachsen-lorup-lod1'),
      join(citygml, 'njam-citygml-to-3dtiles/zurich-lod2-citygml1.xml'),
      join(citygml, 'ogc-citygml3-encodings/sig3d-examples-v*/*EPSG25832.gml'),
      join(citygml, 'tum-citygml2-to-3-pairs/*.gml'),
    ];
    const { code, report, out } = await convert([...inputs, '--no-compress']);
    expect(code).toBe(0);
    expectAccounted(report!);
    expect(report!.errors).toEqual([]);
    expect(report!.input.files).toBeGreaterThanOrEqual(3 + 3 + 1 + 10 + 2);
    // Berlin 35+56+6, Lorup 7+243+32, Zürich 4 buildings at least.
    expect(report!.buildings.read).toBeGreaterThanOrEqual(97 + 282 + 4);
    expect(report!.buildings.written).toBeGreaterThan(0.95 * report!.buildings.read);
    expect(report!.warnings.some((w) => /CH1903/.test(w.message))).toBe(true);
    expect(report!.heightCorrection.length).toBeGreaterThan(0);
    await expectValidOutput(out);
  });

  it('converts PLATEAU Yokosuka (EPSG:6697, latitude first) to Japan', async () => {
    const { code, report, out } = await convert([
      join(citygml, 'plateau-yokosuka-textured/52397519_bldg_6697_op.gml'),
    ]);
    expect(code).toBe(0);
    expectAccounted(report!);
    expect(report!.buildings.written).toBeGreaterThan(0);
    const { tileset } = readTileset(out);
    // Yokosuka, mesh 52397519: about 139.74° E, 35.26° N. The root box centre through its transform.
    const box = (tileset.root.boundingVolume as { box: number[] }).box;
    const t = tileset.root.transform ?? [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    const c = [0, 1, 2].map((k) => t[k]! * box[0]! + t[4 + k]! * box[1]! + t[8 + k]! * box[2]! + t[12 + k]!);
    const geodetic = ecefToGeodetic(c[0]!, c[1]!, c[2]!);
    const centre = [geodetic.longitude, geodetic.latitude].map((r) => (r * 180) / Math.PI);
    expect(centre[0]).toBeGreaterThan(139.7);
    expect(centre[0]).toBeLessThan(139.76);
    expect(centre[1]).toBeGreaterThan(35.24);
    expect(centre[1]).toBeLessThan(35.28);
  });

  it('converts citygml4j lod2_buildings_v3 (local coordinates under a Soldner srsName) or fails clearly', async () => {
    const { code, report, lines } = await convert([join(citygml, 'citygml4j-samples/lod2_buildings_v3.gml')]);
    if (code === 0) {
      expectAccounted(report!);
      expect(report!.buildings.read).toBe(100);
    } else {
      expect(code).toBe(1);
      expect(lines.at(-1)).toMatch(/^convert: nothing could be converted \(.+\)$/);
    }
  });

  it('exits 1 with a one-line reason for the IndoorGML file alone, writing only report.json', async () => {
    const { code, lines, out, report } = await convert([join(citygml, 'val3dity-tudelft/FZK-Haus_full.gml')]);
    expect(code).toBe(1);
    expect(report!.status).toBe('failed');
    expect(report!.fatal).toBe(lines.at(-1));
    expect(existsSync(join(out, 'tileset.json'))).toBe(false);
    const last = lines.at(-1)!;
    expect(last).toMatch(/^convert: nothing could be converted \(.+\)$/);
    expect(last).not.toContain('\n');
  });

  it('exits 0 for a mix of good and bad inputs and lists the errors', async () => {
    const broken = join(scratch, 'broken.gml');
    const good = readFileSync(
      join(citygml, 'niedersachsen-lorup-lod1/LoD1_24065860_2_2021-01-25.gml'),
      'latin1',
    );
    writeFileSync(broken, good.slice(0, Math.floor(good.length / 2)), 'latin1');
    const { code, report } = await convert([
      join(citygml, 'niedersachsen-lorup-lod1/LoD1_24065860_2_2021-01-25.gml'),
      join(citygml, 'val3dity-tudelft/FZK-Haus_full.gml'),
      broken,
      join(scratch, 'does-not-exist.gml'),
    ]);
    expect(code).toBe(0);
    expectAccounted(report!);
    expect(report!.buildings.written).toBeGreaterThanOrEqual(7);
    const messages = report!.errors.map((e) => `${e.file}: ${e.message}`).join('\n');
    expect(messages).toMatch(/FZK-Haus_full\.gml/);
    expect(messages).toMatch(/broken\.gml/);
    expect(messages).toMatch(/does-not-exist\.gml/);
  });

  it('applies --geoid none, a constant in metres, or refuses a missing grid file', async () => {
    const file = join(citygml, 'niedersachsen-lorup-lod1/LoD1_24065860_2_2021-01-25.gml');
    const none = await convert([file, '--geoid', 'none']);
    const constant = await convert([file, '--geoid', '47.5']);
    expect(none.code).toBe(0);
    expect(constant.code).toBe(0);
    expect(none.report!.heightCorrection).not.toBe(constant.report!.heightCorrection);
    expect(constant.report!.heightCorrection).toMatch(/47\.5/);
    const missing = await convert([file, '--geoid', join(scratch, 'no-such-geoid.tif')]);
    expect(missing.code).toBe(2);
    expect(missing.lines.at(-1)).toMatch(/^convert: --geoid .*no-such-geoid\.tif/);
  });

  it('stops when aborted while tiling, keeping the previous output and no temporary files', async () => {
    const file = join(citygml, 'niedersachsen-lorup-lod1/LoD1_24105866_2_2021-01-25.gml');
    const out = join(scratch, 'abort-while-tiling');
    expect(
      (await convert([join(citygml, 'niedersachsen-lorup-lod1/LoD1_24065860_2_2021-01-25.gml')], out)).code,
    ).toBe(0);
    const before = snapshot(out);
    const { convertCityGml, RunInterruptedError } = await import('./run.ts');
    const abort = new AbortController();
    const run = convertCityGml({
      inputs: [file],
      out,
      jobs: 1,
      progress: 'lines',
      signal: abort.signal,
      log: (line) => {
        if (line.includes('tiling')) abort.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(RunInterruptedError);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(scratch).filter((f) => f.startsWith('abort-while-tiling.'))).toEqual([]);
  });

  it('reads .gz and .zip inputs streaming, with the same output as the plain file', async () => {
    const name = 'LoD1_24105866_2_2021-01-25.gml';
    const plainFile = join(citygml, 'niedersachsen-lorup-lod1', name);
    const bytes = readFileSync(plainFile);
    const gz = join(scratch, `${name}.gz`);
    const zip = join(scratch, 'lorup.zip');
    writeFileSync(gz, gzipSync(bytes));
    writeFileSync(
      zip,
      zipSync({ [name]: new Uint8Array(bytes), 'readme.txt': new TextEncoder().encode('not CityGML') }),
    );
    const plain = await convert([plainFile]);
    const fromGz = await convert([gz]);
    const fromZip = await convert([zip]);
    for (const run of [plain, fromGz, fromZip]) expect(run.code).toBe(0);
    expect(fromZip.report!.input.files).toBe(1);
    expect(fromGz.report!.buildings).toEqual(plain.report!.buildings);
    expect(fromZip.report!.buildings).toEqual(plain.report!.buildings);
    expect(snapshot(fromGz.out, ['report.json'])).toEqual(snapshot(plain.out, ['report.json']));
    expect(snapshot(fromZip.out, ['report.json'])).toEqual(snapshot(plain.out, ['report.json']));
  });
});

describe('convert CLI usage', () => {
  it('exits 2 on bad usage with a reason', async () => {
    const lines: string[] = [];
    expect(await runConvertCli(['x.gml'], (l) => lines.push(l))).toBe(2);
    expect(
      await runConvertCli(['x.gml', '--out', join(scratch, 'u'), '--jobs', '1.5'], (l) => lines.push(l)),
    ).toBe(2);
    expect(
      await runConvertCli(['x.gml', '--out', join(scratch, 'u'), '--lod', '7'], (l) => lines.push(l)),
    ).toBe(2);
    expect(lines.join('\n')).toMatch(/--jobs must be/);
    expect(lines.join('\n')).toMatch(/--lod must be/);
  });

  it('exits 2 on a --crs or --geoid it cannot use, before reading (the file names a good CRS of its own)', async () => {
    const input = join(repoRoot, '../shared/data/citygml/bavaria-single-lod2/DEBY_LOD2_4959457.gml');
    for (const [option, value, reason] of [
      ['--crs', 'EPSG25832', 'not a CRS name the converter reads; expected e.g. EPSG:25832'],
      ['--crs', 'EPSG:99999', 'EPSG:99999 has no built-in definition'],
      ['--crs', 'EPSG:7837', 'names only a vertical CRS'],
      ['--geoid', 'gcg2016.tif', 'not egm96, none, a number of metres or an existing GeoTIFF file'],
    ] as const) {
      const lines: string[] = [];
      const out = join(scratch, `usage-${value.replace(/\W/g, '')}`);
      expect(await runConvertCli([input, '--out', out, option, value, '--quiet'], (l) => lines.push(l))).toBe(
        2,
      );
      expect(lines.join('\n')).toContain(`convert: ${option} ${value}: ${reason}`);
      expect(existsSync(out)).toBe(false);
    }
    expect(
      await runConvertCli([input, '--out', join(scratch, 'usage-good'), '--crs', 'EPSG:25832', '--quiet']),
    ).toBe(0);
  });

  it('exits 1 when no input exists', async () => {
    const lines: string[] = [];
    const code = await runConvertCli([join(scratch, 'none-*.gml'), '--out', join(scratch, 'u')], (l) =>
      lines.push(l),
    );
    expect(code).toBe(1);
    expect(lines.at(-1)).toMatch(/nothing could be converted \(no file matches .*none-\*\.gml/);
  });

  it('names the file (and line) a failed run is about, and what was expected', async () => {
    const weird = join(scratch, 'weird-crs.gml');
    writeFileSync(weird, goodDocument(1).replace('EPSG:25832', 'EPSG:999999'));
    const unknown = await convert([weird, '--quiet']);
    expect(unknown.code).toBe(1);
    expect(unknown.lines.at(-1)).toMatch(
      /^convert: nothing could be converted \(.*weird-crs\.gml:\d+: srsName EPSG:999999 is not a CRS the converter knows \(expected e\.g\. EPSG:25832.*pass --crs/,
    );
    const empty = join(scratch, 'empty-model.gml');
    writeFileSync(empty, docHead() + DOC_TAIL);
    const nothing = await convert([empty, '--quiet']);
    expect(nothing.code).toBe(1);
    expect(nothing.lines.at(-1)).toMatch(
      /^convert: nothing could be converted \(.*empty-model\.gml: no city objects with geometry found \(expected cityObjectMember/,
    );
    expect(nothing.report!.fatal).toBe(nothing.lines.at(-1));
  });

  it('--help describes --force, the marker, the report files and the exit codes', async () => {
    const lines: string[] = [];
    expect(await runConvertCli(['--help'], (l) => lines.push(l))).toBe(0);
    const help = lines.join('\n');
    for (const text of ['--force', '.stadtmodell-output.json', 'report.failed.json', '129', '130', '143'])
      expect(help).toContain(text);
  });
});
