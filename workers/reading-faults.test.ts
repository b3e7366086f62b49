/**
 * The browser import (`convertFile`, run in Node) on inputs that end early: the building cut off is
 * listed as dropped, and a truncated `.gz` is a problem at the line reached (not a rejected promise).
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { convertFile } from './convert-file.ts';

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

/** `count` buildings, 8 lines each after a 2-line head, in ETRS89 / UTM 32N. */
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

describe('browser import of inputs that end early', () => {
  const text = cityModel(60);

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
