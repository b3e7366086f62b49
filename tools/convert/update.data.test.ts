import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runConvertCli } from './cli.ts';
import type { RunReport } from './run.ts';
import { buildingsByTile, snapshot } from './test-tiles.ts';

const wesel = resolve(import.meta.dirname, '../../../shared/data/citygml/nrw-wesel-lod2');
const hasData = existsSync(wesel);
if (!hasData) console.warn(`--update test skipped: ${wesel} not found`);

const scratch = mkdtempSync(join(tmpdir(), 'convert-update-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The GLB files holding a building with this gml:id. */
async function tilesHolding(dir: string, id: string): Promise<string[]> {
  return [...(await buildingsByTile(dir))]
    .filter(([, records]) => records.some((record) => record.gml_id === id))
    .map(([path]) => path);
}

/**
 * Raises one building's highest roof points by 25 cm in a copy of its file: every occurrence of its
 * largest height inside that building's element. Returns the building's gml:id.
 */
function raiseOneRoof(file: string, nth: number): string {
  const text = readFileSync(file, 'utf8');
  const starts = [...text.matchAll(/<bldg:Building gml:id="([^"]+)"/g)];
  const start = starts[nth]!;
  const end = text.indexOf('</bldg:Building>', start.index) + '</bldg:Building>'.length;
  const building = text.slice(start.index, end);
  const heights = [...building.matchAll(/<gml:posList[^>]*>([^<]+)</g)].flatMap((m) =>
    m[1]!
      .trim()
      .split(/\s+/)
      .filter((_, i) => i % 3 === 2),
  );
  const top = heights.reduce((a, b) => (Number(b) > Number(a) ? b : a));
  const raised = building.replaceAll(
    new RegExp(`(?<=\\s|>)${top.replace('.', '\\.')}(?=\\s|<)`, 'g'),
    (Number(top) + 0.25).toFixed(3),
  );
  expect(raised).not.toBe(building);
  writeFileSync(file, text.slice(0, start.index) + raised + text.slice(end));
  return start[1]!;
}

describe.skipIf(!hasData)('--update after one building changed (NRW Wesel)', () => {
  it('reads only the changed input again and rewrites only the tile holding the building and the tileset JSON', async () => {
    const input = join(scratch, 'in');
    cpSync(wesel, input, { recursive: true });
    const out = join(scratch, 'out');
    const run = async () => {
      const lines: string[] = [];
      const code = await runConvertCli(
        [input, '--out', out, '--update', out, '--jobs', '2', '--quiet'],
        (l) => lines.push(l),
      );
      expect(code, lines.join('\n')).toBe(0);
      return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
    };

    // First run: nothing earlier, everything read; the mesh cache is written beside the output.
    const first = await run();
    expect(first.update?.read).toHaveLength(6);
    expect(first.update?.fromCache).toEqual([]);
    expect(first.inputs?.every((i) => /^[0-9a-f]{64}$/.test(i.sha256))).toBe(true);
    expect(readdirSync(`${out}.meshes`)).toHaveLength(6);
    const before = snapshot(out);

    const changedFile = 'LoD2_32_329_5729_1_NW.gml';
    const id = raiseOneRoof(join(input, changedFile), 10);
    const holding = await tilesHolding(out, id);
    expect(holding).toHaveLength(1);

    const second = await run();
    expect(second.update?.inputs).toEqual({
      added: [],
      changed: [changedFile],
      unchanged: first.inputs!.map((i) => i.name).filter((name) => name !== changedFile),
      removed: [],
    });
    expect(second.update?.read).toEqual([changedFile]);
    expect(second.update?.fromCache).toHaveLength(5);
    expect(second.buildings).toEqual(first.buildings);
    // Every tile but the building's is taken from the previous output, not encoded again.
    const glbs = [...before.keys()].filter((path) => path.endsWith('.glb')).length;
    expect(second.update?.tiles).toEqual({ encoded: 1, reused: glbs - 1 });

    const after = snapshot(out);
    const changed = [...after.keys()].filter((path) => !before.get(path)?.equals(after.get(path)!)).sort();
    expect([...before.keys()].sort()).toEqual([...after.keys()].sort());
    // The building's tile changed; of the JSON only tileset.json (its ancestors' volumes: it changes
    // when the raised roof grows its tile's box) may; report.json always differs; all else is identical.
    expect(changed.filter((path) => path.endsWith('.glb'))).toEqual(holding);
    const otherChanges = changed.filter((path) => !path.endsWith('.glb') && path !== 'report.json');
    expect(otherChanges.filter((path) => path !== 'tileset.json')).toEqual([]);
    expect(second.update?.files).toEqual({
      added: [],
      changed: changed.filter((path) => path !== 'report.json'),
      removed: [],
      unchanged: before.size - 2 - (changed.length - 1), // less the marker, report.json and the changed files
    });
    expect(await tilesHolding(out, id)).toEqual(holding);
    // The same bytes as a fresh run over the changed inputs: reusing tiles changes nothing.
    const fresh = join(scratch, 'fresh');
    expect(await runConvertCli([input, '--out', fresh, '--jobs', '1', '--quiet'], () => {})).toBe(0);
    const freshFiles = snapshot(fresh);
    expect([...freshFiles.keys()].sort()).toEqual([...after.keys()].sort());
    for (const [path, bytes] of freshFiles)
      if (path !== 'report.json') expect(bytes.equals(after.get(path)!), path).toBe(true);
    // Only this run's inputs stay in the cache.
    expect(readdirSync(`${out}.meshes`)).toHaveLength(6);

    // A damaged cache entry only means that input is read again; the output stays the same.
    const entry = readdirSync(`${out}.meshes`)[0]!;
    writeFileSync(join(`${out}.meshes`, entry), 'SMMESH01');
    const third = await run();
    expect(third.update?.read).toHaveLength(1);
    expect(third.update?.fromCache).toHaveLength(5);
    expect(third.update?.files).toMatchObject({ added: [], changed: [], removed: [] });
    expect(third.update?.tiles.encoded).toBe(0);

    // Damage found only at an entry's end (a bit of its report, after all its meshes were spooled: entries
    // are read once): that input is read again too; the meshes spooled from the entry go unused.
    const largest = readdirSync(`${out}.meshes`)
      .map((name) => join(`${out}.meshes`, name))
      .reduce((a, b) => (statSync(a).size >= statSync(b).size ? a : b));
    const bytes = readFileSync(largest);
    bytes[bytes.byteLength - 3]! ^= 1;
    writeFileSync(largest, bytes);
    const fourth = await run();
    expect(fourth.update?.read).toHaveLength(1);
    expect(fourth.update?.fromCache).toHaveLength(5);
    expect(fourth.update?.cacheWarnings).toEqual([
      `mesh cache entry ${largest} not used (checksum mismatch): input read again`,
    ]);
    expect(fourth.buildings).toEqual(first.buildings);
    expect(fourth.update?.files).toMatchObject({ added: [], changed: [], removed: [] });
    expect(fourth.update?.tiles.encoded).toBe(0);
    // The entry's meshes did go to the spool before its end was checked: spooled twice, used once.
    expect(fourth.phases?.spoolBytes).toBeGreaterThan(third.phases!.spoolBytes!);
  }, 120_000);
});
