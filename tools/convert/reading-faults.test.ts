/**
 * The converter CLI (in-process) on inputs that end early: a truncated plain file and a truncated
 * `.gz` both list the building they cut off as dropped, and the `.gz` error names the line reached.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { noisyCityModel } from '../../src/core/convert/test-documents.ts';
import { runConvertCli } from './cli.ts';
import type { RunReport } from './run.ts';

const scratch = mkdtempSync(join(tmpdir(), 'reading-faults-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let runs = 0;
async function convert(input: string): Promise<{ code: number; report: RunReport }> {
  const out = join(scratch, `out-${++runs}`);
  const code = await runConvertCli([input, '--out', out, '--jobs', '1', '--geoid', 'none'], () => {});
  const reportFile = join(out, 'report.json');
  expect(existsSync(reportFile)).toBe(true);
  return { code, report: JSON.parse(readFileSync(reportFile, 'utf8')) as RunReport };
}

describe('inputs that end early', () => {
  const text = noisyCityModel(60);
  const bytes = new TextEncoder().encode(text);

  it('lists the building a truncated plain file ends inside as dropped', async () => {
    // cut in the middle of B30's description
    const cut = text.indexOf('<gml:description>', text.indexOf('"B30"')) + 100;
    const file = join(scratch, 'cut.gml');
    writeFileSync(file, text.slice(0, cut));
    const { report } = await convert(file);
    expect(report.buildings).toEqual({ read: 31, written: 30, dropped: 1 });
    expect(report.dropped).toEqual([
      { id: 'B30', file, line: 2 + 30 * 8 + 2, reason: 'file ends inside this building' },
    ]);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ file, line: 2 + 30 * 8 + 3 });
  });

  it('names the line reached and the building cut off when a .gz ends early', async () => {
    const packed = gzipSync(bytes);
    const file = join(scratch, 'cut.gml.gz');
    writeFileSync(file, packed.subarray(0, Math.floor(packed.byteLength / 2)));
    const { report } = await convert(file);
    expect(report.errors).toHaveLength(1);
    const error = report.errors[0] as { file?: string; line?: number; message: string };
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/the compressed data ends early \(unexpected end of file\)/);
    // about half of the 60 buildings were read: the line reached is in the middle of the document
    expect(error.line).toBeGreaterThan(2 + 20 * 8);
    expect(error.line).toBeLessThan(2 + 40 * 8);
    const { read, written, dropped } = report.buildings;
    expect(dropped).toBe(1);
    expect(read).toBe(written + 1);
    const cutOff = report.dropped[0];
    expect(cutOff).toMatchObject({ id: `B${written}`, file, reason: 'file ends inside this building' });
    expect(cutOff?.line).toBe(2 + written * 8 + 2);
    expect(error.line).toBeGreaterThanOrEqual(cutOff?.line ?? Infinity);
  });
});
