/**
 * The browser import (`convertFile`, run in Node) on inputs that end early: the building cut off is
 * listed as dropped, and a truncated `.gz` is a problem at the line reached (not a rejected promise).
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { noisyCityModel } from '../src/core/convert/test-documents.ts';
import { convertFile } from './convert-file.ts';

describe('browser import of inputs that end early', () => {
  const text = noisyCityModel(60);

  it('lists the building a truncated plain file ends inside as dropped', async () => {
    const cut = text.indexOf('<gml:description>', text.indexOf('"B30"')) + 100;
    const result = await convertFile(new Blob([text.slice(0, cut)]), 'cut.gml');
    expect(result.report?.buildings).toEqual({ read: 31, written: 30, dropped: 1 });
    expect(result.report?.dropped).toEqual([
      { id: 'B30', file: 'cut.gml', line: 2 + 30 * 8 + 2, reason: 'file ends inside this building' },
    ]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ file: 'cut.gml', line: 2 + 30 * 8 + 3 });
  });

  it('reports a truncated .gz at the line reached and lists the building cut off', async () => {
    const packed = gzipSync(new TextEncoder().encode(text));
    const result = await convertFile(new Blob([packed.subarray(0, packed.byteLength >> 1)]), 'cut.gml.gz');
    expect(result.problems).toHaveLength(1);
    const problem = result.problems[0] as { file?: string; line?: number; message: string };
    expect(problem.file).toBe('cut.gml');
    expect(problem.message).toMatch(/^the compressed data ends early \(.+\) inside </);
    expect(problem.line).toBeGreaterThan(2 + 20 * 8);
    expect(problem.line).toBeLessThan(2 + 40 * 8);
    const buildings = result.report?.buildings ?? { read: 0, written: 0, dropped: 0 };
    expect(buildings.dropped).toBe(1);
    expect(buildings.read).toBe(buildings.written + 1);
    expect(result.report?.dropped[0]).toMatchObject({
      id: `B${buildings.written}`,
      file: 'cut.gml',
      line: 2 + buildings.written * 8 + 2,
      reason: 'file ends inside this building',
    });
  });
});
