import { spawn } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDemoCity } from '../demo-city/write.ts';
import { BUNDLE_DIR, KEY_HEADER, keyHolds } from './bundle.mjs';
import { CONVERT_ENV, CONVERT_NODE_FLAGS } from './node-flags.ts';
import { convertCityGml } from './run.ts';
import { constantGeoidGrid } from './test-geoid.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const dataDir = resolve(repoRoot, '../shared/data');
const hasData = existsSync(dataDir);
if (!hasData) console.warn(`convert process tests: ${dataDir} not found; real-data tests skipped`);
const bin = join(repoRoot, 'tools/convert-bin.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'convert-process-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the converter bin with plain node; resolves with its exit code and stderr. */
function runBin(args: string[], onStart?: (child: ReturnType<typeof spawn>) => void) {
  return new Promise<{ code: number | null; signal: string | null; stderr: string }>((done) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code, signal) => done({ code, signal, stderr }));
    onStart?.(child);
  });
}

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else files.set(rel, readFileSync(join(dir, rel)).toString('base64'));
    }
  };
  walk('');
  return files;
}

describe('how the converter is started', () => {
  it("are the same in the bin's first line, `npm run convert` and the benchmark, and the bin starts with them", async () => {
    const command = [
      ...Object.entries(CONVERT_ENV).map(([name, value]) => `${name}=${value}`),
      'node',
      ...CONVERT_NODE_FLAGS,
    ].join(' ');
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe(`#!/usr/bin/env -S ${command}`);
    const scripts = (
      JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.convert).toBe(`env ${command} tools/convert-bin.mjs`);
    // run as an installed bin is: through its first line (Node refuses a flag it does not know)
    const help = await new Promise<{ code: number | null; out: string }>((done) => {
      const child = spawn(bin, ['--help'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('close', (code) => done({ code, out }));
    });
    expect(help.out).toMatch(/^Usage: npm run convert/);
    expect(help.code).toBe(0);
  });
});

describe.skipIf(!hasData)('convert bin as a child process', () => {
  it('exits 1 with one line on stderr when nothing can be converted (IndoorGML)', async () => {
    const out = join(scratch, 'indoor');
    const { code, stderr } = await runBin([
      join(dataDir, 'citygml/val3dity-tudelft/FZK-Haus_full.gml'),
      '--out',
      out,
      '--quiet',
    ]);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^convert: nothing could be converted \(/);
    // Only the report (and the marker) are written: no tileset.
    expect(existsSync(join(out, 'report.json'))).toBe(true);
    expect(existsSync(join(out, 'tileset.json'))).toBe(false);
  });

  it('runs the esbuild bundle, which writes the same files as the TypeScript sources in-process', async () => {
    const input = join(dataDir, 'citygml/nrw-wesel-lod2/LoD2_32_329_5729_1_NW.gml');
    const fromBin = join(scratch, 'bundled');
    const fromSources = join(scratch, 'sources');
    const { code } = await runBin([input, '--out', fromBin, '--jobs', '2', '--quiet']);
    expect(code).toBe(0);
    expect(readFileSync(join(BUNDLE_DIR, 'convert-worker.mjs'), 'utf8')).toContain('convert worker');
    await convertCityGml({ inputs: [input], out: fromSources, jobs: 2, quiet: true });
    const withoutReport = (files: Map<string, string>) => {
      files.delete('report.json');
      return files;
    };
    const bundled = withoutReport(snapshot(fromBin));
    expect([...bundled.keys()].filter((path) => path.endsWith('.glb')).length).toBeGreaterThan(0);
    expect(bundled).toEqual(withoutReport(snapshot(fromSources)));
  }, 60_000);

  it('bundle: the key lists only its own sources, the S3 client is a lazy chunk, and an edit makes it stale', async () => {
    const input = join(dataDir, 'citygml/bavaria-single-lod2/DEBY_LOD2_4959457.gml');
    const { code } = await runBin([input, '--out', join(scratch, 'small'), '--quiet']);
    expect(code).toBe(0);
    const key = readFileSync(join(BUNDLE_DIR, 'key.txt'), 'utf8');
    expect(key).toContain(`${join(repoRoot, 'tools/convert/worker-core.ts')}:`);
    expect(key).toContain(`${join(repoRoot, 'src/core/convert/session.ts')}:`);
    expect(key).not.toContain('src/core/shadow/'); // viewer code the converter does not import
    const main = readFileSync(join(BUNDLE_DIR, 'convert.mjs'), 'utf8');
    // Neither the CLI module nor a chunk it imports statically holds the S3 client.
    const statics = [...main.matchAll(/from "\.\/(chunk-[\w-]+\.mjs)"/g)].map((m) => m[1]!);
    for (const text of [main, ...statics.map((name) => readFileSync(join(BUNDLE_DIR, name), 'utf8'))])
      expect(text).not.toContain('PutObjectCommand');
    expect(main).toMatch(/import\("\.\/chunk-[\w-]+\.mjs"\)/);
    // Freshness: a listed file's size or modification time changing makes the key stale.
    const source = join(scratch, 'source.ts');
    writeFileSync(source, 'export const a = 1;\n');
    const stat = statSync(source);
    const fresh = `${KEY_HEADER}\n${source}:${stat.size}:${stat.mtimeMs}\n`;
    expect(keyHolds(fresh)).toBe(true);
    appendFileSync(source, 'export const b = 2;\n');
    expect(keyHolds(fresh)).toBe(false);
    expect(keyHolds(`other header\n${source}:1:1\n`)).toBe(false);
  }, 60_000);

  it('bundle: proj4 is required on first use, not bundled; a Gauss-Krüger file converts as from the sources', async () => {
    // EPSG:31467 with the BeTA2007 grid goes through proj4 (UTM does not)
    const input = join(dataDir, 'citygml/karlsruhe-g3m/lindenallee_kranichweg_v1_EPSG31467.gml');
    const fromBin = join(scratch, 'gk-bundled');
    const fromSources = join(scratch, 'gk-sources');
    const { code } = await runBin([input, '--out', fromBin, '--jobs', '0', '--quiet']);
    expect(code).toBe(0);
    for (const name of readdirSync(BUNDLE_DIR).filter((file) => file.endsWith('.mjs')))
      expect(readFileSync(join(BUNDLE_DIR, name), 'utf8')).not.toContain('node_modules/proj4/');
    await convertCityGml({ inputs: [input], out: fromSources, jobs: 0, quiet: true });
    const report = JSON.parse(readFileSync(join(fromBin, 'report.json'), 'utf8')) as {
      buildings: { written: number };
    };
    expect(report.buildings.written).toBeGreaterThan(0);
    const withoutReport = (files: Map<string, string>) => {
      files.delete('report.json');
      return files;
    };
    expect(withoutReport(snapshot(fromBin))).toEqual(withoutReport(snapshot(fromSources)));
  }, 60_000);

  it('bundle: geotiff is required on first use, not bundled; --geoid <grid.tif> works from the bundle', async () => {
    const input = join(dataDir, 'citygml/niedersachsen-lorup-lod1/LoD1_24065860_2_2021-01-25.gml');
    // every node 47.5 m: the same tiles as --geoid 47.5
    const tif = join(scratch, 'grid.tif');
    const grid = constantGeoidGrid(47.5);
    writeFileSync(tif, new Uint8Array(grid));
    const fromGrid = join(scratch, 'geoid-grid');
    const fromConstant = join(scratch, 'geoid-constant');
    expect((await runBin([input, '--out', fromGrid, '--geoid', tif, '--quiet'])).code).toBe(0);
    expect((await runBin([input, '--out', fromConstant, '--geoid', '47.5', '--quiet'])).code).toBe(0);
    for (const name of readdirSync(BUNDLE_DIR).filter((file) => file.endsWith('.mjs')))
      expect(readFileSync(join(BUNDLE_DIR, name), 'utf8')).not.toContain('node_modules/geotiff/');
    const report = JSON.parse(readFileSync(join(fromGrid, 'report.json'), 'utf8')) as {
      heightCorrection: string;
    };
    expect(report.heightCorrection).toContain(`${tif} added to`);
    const tiles = (files: Map<string, string>) =>
      new Map([...files].filter(([path]) => path.endsWith('.glb')));
    expect(tiles(snapshot(fromGrid)).size).toBeGreaterThan(0);
    expect(tiles(snapshot(fromGrid))).toEqual(tiles(snapshot(fromConstant)));
  }, 60_000);

  it('keeps the previous output byte-identical and leaves no temporary files when interrupted (SIGINT)', async () => {
    const out = join(scratch, 'tiles');
    const first = await runBin([
      join(dataDir, 'citygml/niedersachsen-lorup-lod1/LoD1_24065860_2_2021-01-25.gml'),
      '--out',
      out,
      '--quiet',
    ]);
    expect(first.code).toBe(0);
    const before = snapshot(out);
    const big = join(scratch, 'city.gml');
    await writeDemoCity({ out: big, buildings: 20_000 });
    const started = performance.now();
    const interrupted = await runBin([big, '--out', out, '--jobs', '2'], (child) => {
      // Interrupt mid-run: once meshes arrive in the spool file.
      const poll = setInterval(() => {
        const spool = readdirSync(scratch).find((name) => name.startsWith('tiles.spool-'));
        const spooling =
          spool !== undefined && statSync(join(scratch, spool), { throwIfNoEntry: false })?.size;
        if (spooling || performance.now() - started > 20_000) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 50);
    });
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toMatch(/interrupted/);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(scratch).filter((name) => /^tiles\.(tmp|spool|old)-/.test(name))).toEqual([]);
  }, 60_000);
});
