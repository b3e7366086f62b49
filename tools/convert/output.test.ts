import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FAILED_REPORT,
  OUTPUT_MARKER,
  OutputRefusedError,
  StagedOutput,
  readOutputMarker,
  removeStaleTemporaries,
} from './output.ts';

const scratch = mkdtempSync(join(tmpdir(), 'convert-output-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;
const fresh = () => join(scratch, `case-${++dirs}`);
const text = (s: string) => new TextEncoder().encode(s);

/** Writes a small "tileset" into `out` through StagedOutput, as the converter does. */
function writeOutput(out: string, files: Record<string, string>, options = {}): StagedOutput {
  const output = new StagedOutput(out, options);
  for (const [path, content] of Object.entries(files)) output.write({ path, bytes: text(content) });
  output.commit();
  return output;
}

/** A PID of a process that has exited (spawned and waited for). */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid;

const siblings = (out: string) =>
  readdirSync(dirname(out)).filter((name) => name.startsWith(`${out.split('/').at(-1)}.`));

describe('StagedOutput: --out never deletes what the converter did not write', () => {
  it('writes a marker listing every file, and replaces only those files on the next run', () => {
    const out = fresh();
    writeOutput(out, { 'tileset.json': 'one', 'tiles/0.glb': 'a', 'tiles/1.glb': 'b', 'report.json': '{}' });
    expect(readOutputMarker(out)).toEqual({
      tool: 'stadtmodell-convert',
      version: expect.any(String),
      files: ['report.json', 'tiles/0.glb', 'tiles/1.glb', 'tileset.json'],
    });
    // A user adds files of their own, also inside our tiles/ folder.
    writeFileSync(join(out, 'notes.txt'), 'mine');
    writeFileSync(join(out, 'tiles', 'extra.txt'), 'mine too');
    mkdirSync(join(out, 'empty-of-mine'));
    writeOutput(out, { 'tileset.json': 'two', 'tiles/0.glb': 'c', 'report.json': '{}' });
    expect(readFileSync(join(out, 'tileset.json'), 'utf8')).toBe('two');
    expect(existsSync(join(out, 'tiles/1.glb'))).toBe(false); // ours, no longer written
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(out, 'tiles/extra.txt'), 'utf8')).toBe('mine too');
    expect(existsSync(join(out, 'empty-of-mine'))).toBe(true);
    expect(readOutputMarker(out)!.files).toEqual(['report.json', 'tiles/0.glb', 'tileset.json']);
    expect(siblings(out)).toEqual([]);
  });

  it('refuses a non-empty directory without the marker, a file, a symlink, and leaves them alone', () => {
    const foreign = fresh();
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'thesis.tex'), 'precious');
    expect(() => new StagedOutput(foreign)).toThrow(OutputRefusedError);
    expect(() => new StagedOutput(foreign)).toThrow(
      /not empty and was not written by the converter.*--force/,
    );
    const file = fresh();
    writeFileSync(file, 'precious');
    expect(() => new StagedOutput(file)).toThrow(/is a file/);
    expect(() => new StagedOutput(file, { force: true })).toThrow(/is a file/);
    const link = fresh();
    symlinkSync(foreign, link);
    expect(() => new StagedOutput(link, { force: true })).toThrow(/symbolic link/);
    expect(readFileSync(join(foreign, 'thesis.tex'), 'utf8')).toBe('precious');
    expect(readFileSync(file, 'utf8')).toBe('precious');
    expect(readdirSync(scratch).filter((n) => /\.(tmp|spool|old)-/.test(n))).toEqual([]);
  });

  it('refuses /, home, the cwd and its parents, and any directory holding an input, even with force', () => {
    const cwd = process.cwd();
    const input = join(scratch, 'inputs', 'city.gml');
    mkdirSync(dirname(input), { recursive: true });
    writeFileSync(input, '<x/>');
    const cases: [string, RegExp][] = [
      ['/', /\//],
      [homedir(), /home directory/],
      [cwd, /current directory/],
      [dirname(cwd), /current directory|directly under \//],
      [join(scratch, 'inputs'), /holds the input/],
      [scratch, /holds the input/],
    ];
    for (const [target, reason] of cases) {
      expect(() => new StagedOutput(target, { force: true, inputs: [input] }), target).toThrow(reason);
    }
    // The input file itself as --out.
    expect(() => new StagedOutput(input, { force: true, inputs: [input] })).toThrow(/holds the input/);
    expect(readFileSync(input, 'utf8')).toBe('<x/>');
  });

  it('writes into an empty directory, and with force into a foreign one, keeping its files', () => {
    const empty = fresh();
    mkdirSync(empty);
    writeOutput(empty, { 'tileset.json': 'one' });
    expect(readOutputMarker(empty)!.files).toEqual(['tileset.json']);
    const foreign = fresh();
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'thesis.tex'), 'precious');
    writeFileSync(join(foreign, 'tileset.json'), 'theirs');
    const lines: string[] = [];
    writeOutput(foreign, { 'tileset.json': 'ours' }, { force: true, log: (l: string) => lines.push(l) });
    expect(readFileSync(join(foreign, 'thesis.tex'), 'utf8')).toBe('precious');
    expect(readFileSync(join(foreign, 'tileset.json'), 'utf8')).toBe('ours');
    // Their tileset.json would have been overwritten: it is kept beside, and the log says where.
    const kept = siblings(foreign);
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(scratch, kept[0]!, 'tileset.json'), 'utf8')).toBe('theirs');
    expect(lines.join('\n')).toMatch(/kept .*\.old-\d+/);
  });

  it('never deletes outside the output when a marker lists paths that leave it', () => {
    const out = fresh();
    writeOutput(out, { 'tileset.json': 'one' });
    const victim = join(scratch, 'victim.txt');
    writeFileSync(victim, 'precious');
    writeFileSync(
      join(out, OUTPUT_MARKER),
      JSON.stringify({
        tool: 'stadtmodell-convert',
        version: '0',
        files: ['../victim.txt', victim, 'tileset.json'],
      }),
    );
    writeOutput(out, { 'tileset.json': 'two' });
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readFileSync(join(out, 'tileset.json'), 'utf8')).toBe('two');
  });

  it('abort leaves the previous output as it was', () => {
    const out = fresh();
    writeOutput(out, { 'tileset.json': 'one' });
    const second = new StagedOutput(out);
    second.write({ path: 'tileset.json', bytes: text('two') });
    second.abort();
    expect(readFileSync(join(out, 'tileset.json'), 'utf8')).toBe('one');
    expect(siblings(out)).toEqual([]);
  });

  it('a report-only commit leaves the previous output byte-identical and adds report.failed.json', () => {
    const out = fresh();
    writeOutput(out, { 'tileset.json': 'one', 'report.json': 'old report' });
    const marker = readFileSync(join(out, OUTPUT_MARKER), 'utf8');
    const failed = new StagedOutput(out);
    failed.write({ path: 'tiles/half.glb', bytes: text('partial') });
    expect(failed.commitReportOnly(text('failed report'))).toBe(join(out, FAILED_REPORT));
    expect(readFileSync(join(out, 'tileset.json'), 'utf8')).toBe('one');
    // The earlier report describes the earlier tileset: it stays, and so does the marker.
    expect(readFileSync(join(out, 'report.json'), 'utf8')).toBe('old report');
    expect(readFileSync(join(out, OUTPUT_MARKER), 'utf8')).toBe(marker);
    expect(readFileSync(join(out, FAILED_REPORT), 'utf8')).toBe('failed report');
    expect(existsSync(join(out, 'tiles'))).toBe(false);
    expect(siblings(out)).toEqual([]);
    // A second failure replaces the failed report; the next successful run removes it.
    expect(new StagedOutput(out).commitReportOnly(text('failed again'))).toBe(join(out, FAILED_REPORT));
    expect(readFileSync(join(out, FAILED_REPORT), 'utf8')).toBe('failed again');
    writeOutput(out, { 'tileset.json': 'two', 'report.json': 'new report' });
    expect(readdirSync(out).sort()).toEqual([OUTPUT_MARKER, 'report.json', 'tileset.json']);
    expect(siblings(out)).toEqual([]);
    // A new --out gets report.json itself.
    const created = fresh();
    expect(new StagedOutput(created).commitReportOnly(text('failed report'))).toBe(
      join(created, 'report.json'),
    );
    expect(readdirSync(created).sort()).toEqual([OUTPUT_MARKER, 'report.json']);
  });

  it('in a foreign directory (force), never overwrites a report.failed.json it did not write', () => {
    const foreign = fresh();
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'thesis.tex'), 'precious');
    expect(new StagedOutput(foreign, { force: true }).commitReportOnly(text('failed'))).toBe(
      join(foreign, FAILED_REPORT),
    );
    writeFileSync(join(foreign, FAILED_REPORT), 'theirs');
    expect(new StagedOutput(foreign, { force: true }).commitReportOnly(text('failed'))).toBeUndefined();
    expect(readFileSync(join(foreign, FAILED_REPORT), 'utf8')).toBe('theirs');
    expect(readdirSync(foreign).sort()).toEqual([FAILED_REPORT, 'thesis.tex']);
    expect(siblings(foreign)).toEqual([]);
  });
});

describe('removeStaleTemporaries', () => {
  it('removes temporaries of dead runs beside the same output, keeps those of live processes', async () => {
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    await new Promise((resolve) => alive.once('spawn', resolve));
    const out = fresh();
    writeOutput(out, { 'tileset.json': 'one' });
    const dead = deadPid();
    const name = out.split('/').at(-1)!;
    mkdirSync(join(scratch, `${name}.tmp-${dead}`, 'tiles'), { recursive: true });
    writeFileSync(join(scratch, `${name}.tmp-${dead}`, 'tiles', '0.glb'), 'partial');
    writeFileSync(join(scratch, `${name}.spool-${dead}`), 'spool');
    writeFileSync(join(scratch, `${name}.report-${dead}`), 'report');
    const live = [`${name}.tmp-${alive.pid}`, `${name}.spool-${alive.pid}`];
    mkdirSync(join(scratch, live[0]!));
    writeFileSync(join(scratch, live[1]!), 'spool');
    // Same pattern, other output name, and a name that only looks similar: not ours to remove.
    const others = [`other.tmp-${dead}`, `${name}.tmp-${dead}.bak`, `${name}.backup-${dead}`];
    for (const other of others) writeFileSync(join(scratch, other), 'x');
    // A next run (a new StagedOutput) removes them.
    const output = new StagedOutput(out);
    output.abort();
    const left = readdirSync(scratch);
    for (const kind of ['tmp', 'spool', 'report']) expect(left).not.toContain(`${name}.${kind}-${dead}`);
    for (const kept of [...live, ...others]) expect(left).toContain(kept);
    expect(readFileSync(join(out, 'tileset.json'), 'utf8')).toBe('one');
    alive.kill();
  });

  it('moves a moved-aside output back when the run died between the renames of its commit', () => {
    const out = fresh();
    writeOutput(out, { 'tileset.json': 'one' });
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const old = `${out}.old-${deadPid()}`;
    // The state after `rename(out, old)` and before `rename(staging, out)`.
    spawnSync('mv', [out, old]);
    expect(removeStaleTemporaries(out)).toEqual([old]);
    expect(readFileSync(join(out, 'tileset.json'), 'utf8')).toBe('one');
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(old)).toBe(false);
  });

  it('moves a dead run’s moved-aside foreign directory (no marker) back, and judges it like any --out', () => {
    const out = fresh();
    const old = `${out}.old-${deadPid()}`;
    // A --force run into someone's directory died between the renames: the directory has no marker.
    mkdirSync(old);
    writeFileSync(join(old, 'tileset.json'), 'theirs');
    // Without --force it is refused as it was before, not deleted and not written into.
    expect(() => new StagedOutput(out)).toThrow(OutputRefusedError);
    expect(existsSync(old)).toBe(false);
    expect(readdirSync(out)).toEqual(['tileset.json']);
    expect(readFileSync(join(out, 'tileset.json'), 'utf8')).toBe('theirs');
    expect(siblings(out)).toEqual([]);
  });

  it('a dead run’s moved-aside output of ours is moved back before the next run replaces it', () => {
    const out = fresh();
    writeOutput(out, { 'tileset.json': 'one', 'tiles/0.glb': 'a' });
    writeFileSync(join(out, 'notes.txt'), 'mine');
    spawnSync('mv', [out, `${out}.old-${deadPid()}`]);
    // The restored output is ours: only the files its marker lists are replaced, notes.txt carried over.
    writeOutput(out, { 'tileset.json': 'two' });
    expect(readdirSync(out).sort()).toEqual([OUTPUT_MARKER, 'notes.txt', 'tileset.json']);
    expect(readFileSync(join(out, 'tileset.json'), 'utf8')).toBe('two');
    expect(siblings(out)).toEqual([]);
  });

  it('clears a dead run’s moved-aside output only of the files its marker lists', () => {
    const out = fresh();
    writeOutput(out, { 'tileset.json': 'one' });
    const old = `${out}.old-${deadPid()}`;
    mkdirSync(old);
    writeFileSync(join(old, 'tileset.json'), 'older');
    writeFileSync(join(old, 'notes.txt'), 'mine');
    writeFileSync(
      join(old, OUTPUT_MARKER),
      JSON.stringify({ tool: 'stadtmodell-convert', version: '0', files: ['tileset.json'] }),
    );
    const lines: string[] = [];
    expect(removeStaleTemporaries(out, (l) => lines.push(l))).toEqual([]);
    expect(readdirSync(old)).toEqual(['notes.txt']);
    expect(lines.join('\n')).toMatch(/kept .*did not write/);
  });
});
