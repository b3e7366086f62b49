import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { validateTileset } from '../../src/core/tiles/validate.ts';
import { runConvertCli } from './cli.ts';
import type { MergeReport } from './merge.ts';
import type { RunReport } from './run.ts';
import { buildingsByTile } from './test-tiles.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const wesel = resolve(repoRoot, '../shared/data/citygml/nrw-wesel-lod2');
const hasData = existsSync(wesel);
if (!hasData) console.warn(`--shard/--merge test skipped: ${wesel} not found`);

const scratch = mkdtempSync(join(tmpdir(), 'convert-shard-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the converter's bin as its own process (as a Kubernetes pod would), bounded in time. */
async function convertProcess(args: string[]): Promise<RunReport> {
  const out = args[args.indexOf('--out') + 1]!;
  await promisify(execFile)(process.execPath, [join(repoRoot, 'tools/convert-bin.mjs'), ...args, '--quiet'], {
    timeout: 90_000,
  });
  return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
}

/** Every building's properties (gml_id first), as sorted JSON lines: what a viewer can read back. */
async function buildingLines(dir: string): Promise<string[]> {
  const lines: string[] = [];
  for (const records of (await buildingsByTile(dir)).values()) {
    for (const record of records) {
      const present = Object.entries(record).filter(([, v]) => v !== undefined && v !== null);
      lines.push(JSON.stringify(present.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
    }
  }
  return lines.sort();
}

describe.skipIf(!hasData)('--shard i/n and --merge (NRW Wesel, shards as separate processes)', () => {
  it('two shards merged hold the same buildings and metadata as one run, and the merged tileset is valid', async () => {
    const single = join(scratch, 'single');
    const shards = [join(scratch, 'shard-a'), join(scratch, 'shard-b')];
    const [whole, ...parts] = await Promise.all([
      convertProcess([wesel, '--out', single, '--jobs', '1']),
      ...shards.map((out, i) => convertProcess([wesel, '--out', out, '--shard', `${i}/2`, '--jobs', '1'])),
    ]);
    // Each input in exactly one shard, each shard some.
    const names = parts.map((p) => p.inputs!.map((i) => i.name));
    expect(names.every((n) => n.length > 0)).toBe(true);
    expect(names.flat().sort()).toEqual(whole!.inputs!.map((i) => i.name).sort());
    expect(parts.map((p) => p.shard)).toEqual([
      { index: 0, count: 2 },
      { index: 1, count: 2 },
    ]);

    const merged = join(scratch, 'merged');
    const lines: string[] = [];
    // Given in the other order: the shard index from each report names its folder.
    expect(
      await runConvertCli(['--merge', shards[1]!, shards[0]!, '--out', merged], (l) => lines.push(l)),
    ).toBe(0);
    const report = JSON.parse(readFileSync(join(merged, 'report.json'), 'utf8')) as MergeReport;
    expect(report.buildings).toEqual(whole!.buildings);
    expect(report.shards.map((s) => s.dir)).toEqual(['shard-1', 'shard-0']);

    const root = JSON.parse(readFileSync(join(merged, 'tileset.json'), 'utf8')) as {
      root: { children: { content: { uri: string } }[] };
    };
    expect(root.root.children.map((c) => c.content.uri)).toEqual([
      'shard-1/tileset.json',
      'shard-0/tileset.json',
    ]);
    const read = (uri: string) => {
      const path = join(merged, uri);
      return existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined;
    };
    expect(validateTileset(root, read)).toEqual([]);

    const mergedBuildings = await buildingLines(merged);
    expect(mergedBuildings).toHaveLength(whole!.buildings.written);
    expect(mergedBuildings).toEqual(await buildingLines(single));
    // One address index at the root, the same bytes as the single run's.
    expect(readFileSync(join(merged, 'addresses.json'))).toEqual(
      readFileSync(join(single, 'addresses.json')),
    );
  }, 150_000);
});
