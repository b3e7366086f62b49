/**
 * The core document reader over chunked inputs: however the bytes are split (inside a multi-byte
 * character, inside a tag, one byte at a time, across ZIP entries), the meshes and the report come out
 * the same as from one chunk; faults end the document they hit; a ZIP bomb entry is refused early.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeBuildingMesh } from '../tiles/mesh-store.ts';
import { readDocuments } from './documents.ts';
import type { DocumentInput, DocumentReadOptions, DocumentsRead } from './documents.ts';
import { ConversionSession } from './session.ts';
import { cityModelDocument, squarePosList } from './test-documents.ts';

/** A flat LoD2 building (one square roof) at x, y, with a name of multi-byte characters. */
function building(id: string, x: number, y: number): string {
  const ring = squarePosList(x, y, 10, 10);
  return (
    `<cityObjectMember>\n<bldg:Building gml:id="${id}">\n<gml:name>Straße ß ✓ 🏠 ${id}</gml:name>\n` +
    `<bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember><gml:Polygon><gml:exterior>` +
    `<gml:LinearRing><gml:posList>${ring}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>` +
    `</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface>\n</bldg:Building>\n</cityObjectMember>\n`
  );
}

function cityModel(count: number, declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'): string {
  let members = '';
  for (let i = 0; i < count; i++) members += building(`B${i}`, 337_000 + i * 20, 5_728_000);
  return declaration + cityModelDocument(members);
}

const decoder = (label: string) => new TextDecoder(label);

async function* chunksOf(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const cut of [...cuts, bytes.byteLength]) {
    yield bytes.slice(at, cut);
    at = cut;
  }
}

/** Reads `input` to the end: the encoded meshes (with document and line), the report and the outcome. */
async function read(input: DocumentInput, options: DocumentReadOptions = {}) {
  const session = new ConversionSession({ heights: 'none' });
  const steps = readDocuments(input, session, decoder, options);
  const meshes: string[] = [];
  let result: DocumentsRead;
  for (;;) {
    const next = await steps.next();
    if (next.done) {
      result = next.value;
      break;
    }
    for (const { mesh, file, line } of next.value.meshes) {
      meshes.push(`${file}:${line}:${Buffer.from(encodeBuildingMesh(mesh)).toString('base64')}`);
    }
  }
  return { meshes, report: session.report, result };
}

function documentInput(name: string, bytes: Uint8Array, cuts: number[]): DocumentInput {
  return { name, kind: 'document', chunks: chunksOf(bytes, cuts) };
}

describe('readDocuments over a plain document', () => {
  const bytes = new TextEncoder().encode(cityModel(3));

  it('gives the same meshes and report wherever the bytes are split in two', async () => {
    const whole = await read(documentInput('city.gml', bytes, []));
    expect(whole.meshes).toHaveLength(3);
    // each mesh names the line of its building's start tag
    const text = new TextDecoder().decode(bytes);
    const starts = [...text.matchAll(/<bldg:Building /g)].map(
      (m) => text.slice(0, m.index).split('\n').length,
    );
    expect(whole.meshes.map((m) => Number(m.split(':')[1]))).toEqual(starts);
    expect(whole.result).toMatchObject({ documents: 1, objects: 3, faults: [], bytesRead: bytes.byteLength });
    // every position: inside the multi-byte characters of the names, inside tags, inside numbers
    for (let cut = 1; cut < bytes.byteLength; cut++) {
      const split = await read(documentInput('city.gml', bytes, [cut]));
      expect(split.meshes, `split at byte ${cut}`).toEqual(whole.meshes);
      expect(split.report, `split at byte ${cut}`).toEqual(whole.report);
    }
  });

  it('reads a document fed one byte at a time', async () => {
    const whole = await read(documentInput('city.gml', bytes, []));
    const cuts = Array.from({ length: bytes.byteLength - 1 }, (_, i) => i + 1);
    const bytewise = await read(documentInput('city.gml', bytes, cuts));
    expect(bytewise.meshes).toEqual(whole.meshes);
    expect(bytewise.report).toEqual(whole.report);
  });

  it('decodes a chunk in pieces of decodeBytes, each piece cut anywhere, to the same result', async () => {
    const whole = await read(documentInput('city.gml', bytes, []));
    for (const decodeBytes of [1, 2, 3, 7, 64]) {
      const pieces = await read(documentInput('city.gml', bytes, []), { decodeBytes });
      expect(pieces.meshes, `pieces of ${decodeBytes} bytes`).toEqual(whole.meshes);
      expect(pieces.report, `pieces of ${decodeBytes} bytes`).toEqual(whole.report);
    }
  });

  it('decodes the declared encoding even when the declaration arrives in pieces', async () => {
    const text = cityModel(2, '<?xml version="1.0" encoding="ISO-8859-1"?>\n').replace(/[✓🏠]/gu, '');
    const latin1 = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const utf8Text = text.replace('ISO-8859-1', 'UTF-8');
    const utf8 = await read(documentInput('city.gml', new TextEncoder().encode(utf8Text), []));
    const pieces = await read(documentInput('city.gml', latin1, [3, 10, 20, 30]));
    expect(pieces.result.faults).toEqual([]);
    expect(pieces.meshes).toEqual(utf8.meshes);
  });

  it('reports an encoding the platform cannot decode at line 1', async () => {
    const text = cityModel(1, '<?xml version="1.0" encoding="x-no-such-encoding"?>\n');
    const { result, report } = await read(documentInput('odd.gml', new TextEncoder().encode(text), []));
    expect(result.faults).toHaveLength(1);
    expect(result.faults[0]).toMatchObject({ file: 'odd.gml', line: 1 });
    expect(result.faults[0]?.reason).toMatch(/^the encoding "x-no-such-encoding"; expected/);
    expect(report.errors).toHaveLength(1);
  });

  it('ends a document whose chunks stop with an error at the line reached, the building cut off dropped', async () => {
    const cut = Buffer.from(bytes).indexOf('<gml:posList>', Buffer.from(bytes).indexOf('"B2"')) + 20;
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield bytes.slice(0, cut);
      throw new Error('unexpected end of file');
    }
    const { result, report } = await read({ name: 'cut.gml', kind: 'document', chunks: broken() });
    expect(result.faults).toHaveLength(1);
    expect(result.faults[0]?.reason).toMatch(
      /^the compressed data ends early \(unexpected end of file\) inside </,
    );
    expect(result.faults[0]?.line).toBeGreaterThan(1);
    expect(report.buildings).toEqual({ read: 3, written: 2, dropped: 1 });
    expect(report.dropped[0]).toMatchObject({
      id: 'B2',
      file: 'cut.gml',
      reason: 'file ends inside this building',
    });
  });
});

describe('readDocuments over a ZIP', () => {
  const first = new TextEncoder().encode(cityModel(2));
  const second = new TextEncoder().encode(cityModel(1).replace(/"B0"/g, '"C0"'));
  const zip = zipSync({
    'a.gml': first,
    'notes.txt': new TextEncoder().encode('not CityGML '.repeat(100)),
    'b/c.xml': [second, { level: 0 }],
  });

  it('reads its CityGML entries (stored or deflated) the same however the archive is chunked', async () => {
    const a = await read(documentInput('city.zip/a.gml', first, []));
    const whole = await read({ name: 'city.zip', kind: 'zip', chunks: chunksOf(zip, []) });
    expect(whole.result).toMatchObject({ documents: 2, objects: 3, faults: [] });
    expect(whole.meshes.slice(0, 2)).toEqual(a.meshes);
    expect(whole.meshes[2]).toMatch(/^city\.zip\/b\/c\.xml:/);
    for (const size of [1, 7, 100, 4096]) {
      const cuts = Array.from({ length: Math.ceil(zip.byteLength / size) - 1 }, (_, i) => (i + 1) * size);
      for (const inflateStepBytes of [1, 5, 16 * 1024]) {
        const chunked = await read(
          { name: 'city.zip', kind: 'zip', chunks: chunksOf(zip, cuts) },
          { inflateStepBytes },
        );
        expect(chunked.meshes, `chunks of ${size}, steps of ${inflateStepBytes}`).toEqual(whole.meshes);
        expect(chunked.report).toEqual(whole.report);
      }
    }
  });

  it('reports a ZIP that ends inside an entry, keeping what was read', async () => {
    const big = new TextEncoder().encode(cityModel(40));
    const archive = zipSync({ 'big.gml': [big, { level: 0 }] });
    const { result, report } = await read({
      name: 'cut.zip',
      kind: 'zip',
      chunks: chunksOf(archive.slice(0, archive.byteLength >> 1), []),
    });
    expect(result.faults).toHaveLength(1);
    expect(result.faults[0]?.file).toBe('cut.zip/big.gml');
    expect(result.faults[0]?.reason).toMatch(/the ZIP archive ends early/);
    expect(report.buildings.written).toBeGreaterThan(10);
    expect(report.buildings.dropped).toBe(1);
  });

  it('refuses an entry that inflates past the ratio, naming archive and entry, before inflating it all', async () => {
    const text = cityModel(1);
    const end = text.lastIndexOf('</CityModel>');
    // 8 MiB of spaces after the first building: deflates about 1000-fold
    const bomb = new TextEncoder().encode(text.slice(0, end) + ' '.repeat(8 * 1024 ** 2) + text.slice(end));
    const archive = zipSync({ 'city.gml': bomb }, { level: 9 });
    expect(archive.byteLength).toBeLessThan(bomb.byteLength / 500);
    const { result, report } = await read(
      { name: 'bomb.zip', kind: 'zip', chunks: chunksOf(archive, []) },
      { maxRatio: 50, ratioCheckBytes: 64 * 1024, inflateStepBytes: 16 },
    );
    expect(result.faults).toHaveLength(1);
    const fault = result.faults[0];
    expect(fault?.file).toBe('bomb.zip/city.gml');
    expect(fault?.reason).toMatch(
      /^bomb\.zip: entry city\.gml inflates past 50:1 \(\d+ bytes to more than 0\.\d MiB so far;/,
    );
    expect(report.errors[0]?.message).toBe(fault?.reason);
    // the building before the bomb is kept
    expect(report.buildings.written).toBe(1);
  });

  it('passes entries under the ratio check size, however well they compress', async () => {
    const small = new TextEncoder().encode(
      cityModel(1).replace('</CityModel>', `${' '.repeat(60_000)}</CityModel>`),
    );
    const archive = zipSync({ 'zeros.gml': small }, { level: 9 });
    const { result } = await read(
      { name: 'fine.zip', kind: 'zip', chunks: chunksOf(archive, []) },
      { maxRatio: 50, ratioCheckBytes: 64 * 1024 },
    );
    expect(result.faults).toEqual([]);
    expect(result.objects).toBe(1);
  });
});
