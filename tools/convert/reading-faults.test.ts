/**
 * The converter CLI (in-process) on inputs that end early: a truncated plain file and a truncated
 * `.gz` both list the building they cut off as dropped, and the `.gz` error names the line reached.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runConvertCli } from './cli.ts';
import type { RunReport } from './run.ts';

const scratch = mkdtempSync(join(tmpdir(), 'reading-faults-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const NAMESPACES =
  'xmlns="http://www.opengis.net/citygml/2.0" xmlns:gml="http://www.opengis.net/gml" ' +
  'xmlns:bldg="http://www.opengis.net/citygml/building/2.0"';

/** Text that compresses poorly (deterministic), so the compressed bytes track the document's. */
function noise(length: number, seed: number): string {
  let state = seed;
  let text = '';
  while (text.length < length) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    text += (state >>> 8).toString(36);
  }
  return text.slice(0, length);
}

/** A document of `count` buildings (8 lines each, after a 2-line head) in ETRS89 / UTM 32N. */
function cityModel(count: number): string {
  let members = '';
  for (let i = 0; i < count; i++) {
    const x = 337_000 + (i % 20) * 20;
    const y = 5_728_000 + Math.floor(i / 20) * 20;
    const ring = [
      [x, y],
      [x + 10, y],
      [x + 10, y + 10],
      [x, y + 10],
      [x, y],
    ]
      .map(([a, b]) => `${a} ${b} 30`)
      .join(' ');
    members +=
      `<cityObjectMember>\n<bldg:Building gml:id="B${i}">\n` +
      `<gml:description>${noise(4000, i + 1)}</gml:description>\n` +
      `<bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember><gml:Polygon><gml:exterior>\n` +
      `<gml:LinearRing><gml:posList>${ring}</gml:posList></gml:LinearRing>\n` +
      `</gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface>\n` +
      `</bldg:Building>\n</cityObjectMember>\n`;
  }
  return (
    `<CityModel ${NAMESPACES}>\n<gml:boundedBy><gml:Envelope srsName="EPSG:25832"/></gml:boundedBy>\n` +
    `${members}</CityModel>\n`
  );
}

let runs = 0;
async function convert(input: string): Promise<{ code: number; report: RunReport }> {
  const out = join(scratch, `out-${++runs}`);
  const code = await runConvertCli([input, '--out', out, '--jobs', '1', '--geoid', 'none'], () => {});
  const reportFile = join(out, 'report.json');
  expect(existsSync(reportFile)).toBe(true);
  return { code, report: JSON.parse(readFileSync(reportFile, 'utf8')) as RunReport };
}

describe('inputs that end early', () => {
  const text = cityModel(60);
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
