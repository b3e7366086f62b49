import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runConvertCli } from './cli.ts';
import type { InputSource } from './inputs.ts';
import { assignShards, envelopeCentre, parseShard, shareOfInputs } from './shard.ts';

const scratch = mkdtempSync(join(tmpdir(), 'convert-shard-unit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** An input file whose head holds an envelope around (x, y), 1 km wide. */
function input(name: string, x: number, y: number, size = 1000, gz = false): InputSource {
  const path = join(scratch, name);
  const text = `<?xml version="1.0"?><core:CityModel><gml:boundedBy><gml:Envelope srsName="EPSG:25832"><gml:lowerCorner srsDimension="3">${x - 500} ${y - 500} 0</gml:lowerCorner><gml:upperCorner>${x + 500} ${y + 500} 50</gml:upperCorner></gml:Envelope></gml:boundedBy>`;
  writeFileSync(path, gz ? gzipSync(text) : text);
  return { path, name, size, kind: gz ? 'gz' : 'xml' };
}

describe('--shard i/n', () => {
  it('parses i/n with a 0-based index and refuses anything else', () => {
    expect(parseShard('0/2')).toEqual({ index: 0, count: 2 });
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    for (const bad of ['2/2', '1', '-1/2', '0/0', 'a/b', '1/2/3'])
      expect(typeof parseShard(bad), bad).toBe('string');
  });

  it('reads the envelope centre of plain and gzipped heads', () => {
    expect(envelopeCentre(input('a.gml', 330500, 5729500))).toEqual([330500, 5729500]);
    expect(envelopeCentre(input('b.gml.gz', 331500, 5729500, 1000, true))).toEqual([331500, 5729500]);
    const bare = join(scratch, 'bare.gml');
    writeFileSync(bare, '<CityModel/>');
    expect(envelopeCentre({ path: bare, name: 'bare.gml', size: 12, kind: 'xml' })).toBeUndefined();
  });

  it('gives every input to exactly one share, neighbours together, the same whatever the input order', () => {
    // A 4×4 grid of 1 km tiles: four shares should be the four 2×2 quadrants (Morton order).
    const tiles: InputSource[] = [];
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) tiles.push(input(`t${i}${j}.gml`, 300500 + i * 1000, 5700500 + j * 1000));
    const shares = [0, 1, 2, 3].map((index) => shareOfInputs(tiles, { index, count: 4 }).map((s) => s.name));
    expect(shares.flat().sort()).toEqual(tiles.map((t) => t.name).sort());
    expect(shares.map((names) => names.sort())).toEqual([
      ['t00.gml', 't01.gml', 't10.gml', 't11.gml'],
      ['t20.gml', 't21.gml', 't30.gml', 't31.gml'],
      ['t02.gml', 't03.gml', 't12.gml', 't13.gml'],
      ['t22.gml', 't23.gml', 't32.gml', 't33.gml'],
    ]);
    const reversed = assignShards([...tiles].reverse(), 4);
    expect(new Map(reversed.map((e) => [e.source.name, e.shard]))).toEqual(
      new Map(assignShards(tiles, 4).map((e) => [e.source.name, e.shard])),
    );
  });

  it('balances by bytes and puts inputs without an envelope last', () => {
    const big = input('big.gml', 300500, 5700500, 3000);
    const small = [1, 2, 3].map((k) => input(`s${k}.gml`, 300500 + k * 1000, 5700500, 1000));
    const bare = join(scratch, 'none.gml');
    writeFileSync(bare, '<CityModel/>');
    const none: InputSource = { path: bare, name: 'none.gml', size: 10, kind: 'xml' };
    const assigned = assignShards([none, ...small, big], 2);
    expect(assigned.map((e) => e.source.name)).toEqual(['big.gml', 's1.gml', 's2.gml', 's3.gml', 'none.gml']);
    expect(assigned.map((e) => e.shard)).toEqual([0, 1, 1, 1, 1]);
  });

  it('refuses a bad --shard (exit 2), fails an empty share (exit 1) and a --merge of something that is no converter output (exit 1), naming it', async () => {
    const lines: string[] = [];
    const source = input('c.gml', 330500, 5729500);
    expect(
      await runConvertCli([source.path, '--out', join(scratch, 'o'), '--shard', '2/2'], (l) => lines.push(l)),
    ).toBe(2);
    expect(lines.join('\n')).toContain('--shard must be i/n with 0 ≤ i < n');
    lines.length = 0;
    // One input holds its middle byte in the second half: share 0 of 2 is empty.
    const args = [source.path, '--out', join(scratch, 'o'), '--shard', '0/2'];
    expect(await runConvertCli(args, (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).toContain('--shard 0/2: this share holds none of the 1 inputs');
    lines.length = 0;
    expect(await runConvertCli(['--merge', scratch, '--out', join(scratch, 'm')], (l) => lines.push(l))).toBe(
      1,
    );
    expect(lines.join('\n')).toContain(`${scratch} is not an output of the converter`);
  });
});
