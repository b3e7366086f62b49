import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDemoCity } from '../demo-city/write.ts';
import { convertCityGml } from './run.ts';
import { BufferPool } from './buffer-pool.ts';
import { streamPieces } from './stream-input.ts';
import type { StreamTotals } from './stream-input.ts';

const scratch = mkdtempSync(join(tmpdir(), 'convert-stream-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A stream of `text` in chunks of `size` bytes (so tags are cut across chunks). */
function chunked(text: string, size: number): Readable {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.byteLength; at += size) chunks.push(bytes.subarray(at, at + size));
  return Readable.from(chunks);
}

describe('streamPieces', () => {
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n<core:CityModel xmlns:core="x">\n';
  const members = Array.from(
    { length: 40 },
    (_, i) => `<core:cityObjectMember>\n<b id="${i}"/>\n</core:cityObjectMember>\n`,
  );
  const text = `${head}${members.join('')}</core:CityModel>\n`;

  it('cuts a stream at cityObjectMember boundaries into well-formed pieces, in order', async () => {
    const totals: StreamTotals = { bytes: 0, sha256: '' };
    const pieces = [];
    for await (const piece of streamPieces(chunked(text, 7), totals, 200)) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(3);
    let body = '';
    pieces.forEach((source, index) => {
      const p = source.piece!;
      const data = Buffer.from(source.data!);
      expect(p.index).toBe(index);
      expect(data.subarray(0, p.headEnd).toString()).toBe(head);
      const range = data.subarray(p.headEnd).toString();
      expect(range.startsWith('<core:cityObjectMember>')).toBe(true);
      expect(p.end - p.start).toBe(data.byteLength - p.headEnd);
      const last = index === pieces.length - 1;
      expect(p.closing).toBe(last ? '' : '</core:CityModel>');
      if (!last) expect(p.end - p.start).toBeGreaterThanOrEqual(200);
      body += range;
    });
    expect(head + body).toBe(text);
    expect(totals.bytes).toBe(Buffer.byteLength(text));
    expect(totals.sha256).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('fills buffers given back again, and grows one for a member larger than a piece', async () => {
    const large = `<core:cityObjectMember>\n<b id="large" v="${'x'.repeat(1500)}"/>\n</core:cityObjectMember>\n`;
    const withLarge = `${head}${members.slice(0, 20).join('')}${large}${members.slice(20).join('')}</core:CityModel>\n`;
    const buffers = new BufferPool(2);
    const totals: StreamTotals = { bytes: 0, sha256: '' };
    const seen = new Set<ArrayBufferLike>();
    let body = '';
    let pieces = 0;
    for await (const source of streamPieces(chunked(withLarge, 7), totals, 200, buffers)) {
      const data = source.data!;
      seen.add(data.buffer);
      expect(Buffer.from(data.subarray(0, source.piece!.headEnd)).toString()).toBe(head);
      body += Buffer.from(data.subarray(source.piece!.headEnd)).toString();
      // read: the buffer goes back before the next piece is cut
      buffers.give(data.buffer as ArrayBuffer);
      pieces += 1;
    }
    expect(head + body).toBe(withLarge);
    expect(pieces).toBeGreaterThan(5);
    // Two buffers in turn, and one grown for the large member (from then on taken again)
    expect(seen.size).toBeLessThanOrEqual(3);
    expect(buffers.held).toBeLessThanOrEqual(2);
    // A detached buffer (moved to another thread and not back) is not kept
    const detached = new ArrayBuffer(8);
    structuredClone(detached, { transfer: [detached] });
    buffers.give(detached);
    expect(buffers.take(1).byteLength).toBeGreaterThan(8);
  });

  it('cuts the same pieces whatever the chunks: the whole document in one, or in 7 bytes', async () => {
    // more than the bytes appended at a time, with comments between members
    const many = Array.from({ length: 3000 }, (_, i) => members[i % 40]! + (i % 7 ? '' : '<!-- c -->\n'));
    const large = `${head}${many.join('')}</core:CityModel>\n`;
    const piecesOf = async (stream: Readable) => {
      const totals: StreamTotals = { bytes: 0, sha256: '' };
      const pieces = [];
      for await (const source of streamPieces(stream, totals, 5000))
        pieces.push({ ...source, data: Buffer.from(source.data!).toString() });
      return { pieces, totals };
    };
    const whole = await piecesOf(Readable.from([large]));
    expect(whole.pieces.length).toBeGreaterThan(20);
    expect(whole.pieces.map((source) => source.data.slice(head.length)).join('')).toBe(
      large.slice(head.length),
    );
    expect(await piecesOf(chunked(large, 7))).toEqual(whole);
  });

  it('yields a document without members whole, and nothing for an empty stream', async () => {
    const totals: StreamTotals = { bytes: 0, sha256: '' };
    const pieces = [];
    for await (const piece of streamPieces(chunked('<CityModel><x/></CityModel>', 5), totals, 4))
      pieces.push(piece);
    expect(pieces).toHaveLength(1);
    expect(pieces[0]!.piece).toBeUndefined();
    expect(Buffer.from(pieces[0]!.data!).toString()).toBe('<CityModel><x/></CityModel>');
    const none = [];
    for await (const piece of streamPieces(Readable.from([]), totals)) none.push(piece);
    expect(none).toEqual([]);
  });
});

describe('convert - (a stream)', () => {
  it('writes the same tileset from a stream, cut into many pieces, as from the file', async () => {
    const file = join(scratch, 'demo.gml');
    await writeDemoCity({ out: file, buildings: 300 });
    const fromFile = join(scratch, 'from-file');
    const fromStream = join(scratch, 'from-stream');
    const quiet = { quiet: true, jobs: 2, inProcessBytes: -1 };
    const fileReport = await convertCityGml({ inputs: [file], out: fromFile, ...quiet });
    // Pieces of 64 KiB: the stream is read by both threads, job after job, in order.
    const streamReport = await convertCityGml({
      inputs: ['-'],
      out: fromStream,
      stdin: chunked(readFileSync(file, 'utf8'), 65_536),
      streamPieceBytes: 65_536,
      ...quiet,
    });
    expect(streamReport.buildings).toEqual(fileReport.buildings);
    expect(streamReport.inputs).toEqual([
      { name: '-', bytes: fileReport.input.bytes, sha256: fileReport.inputs![0]!.sha256 },
    ]);
    const tilesetFiles = (dir: string) =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile() && !/report\.json|stadtmodell-output/.test(entry.name))
        .map((entry) => join(entry.parentPath, entry.name).slice(dir.length))
        .sort();
    expect(tilesetFiles(fromStream)).toEqual(tilesetFiles(fromFile));
    for (const path of tilesetFiles(fromFile))
      expect(readFileSync(join(fromStream, path)).equals(readFileSync(join(fromFile, path))), path).toBe(
        true,
      );
  });

  it('reads a stream on the main thread alone (--jobs 0) as on worker threads', async () => {
    const file = join(scratch, 'demo-one-thread.gml');
    await writeDemoCity({ out: file, buildings: 120 });
    const text = readFileSync(file, 'utf8');
    const run = (out: string, jobs: number) =>
      convertCityGml({
        inputs: ['-'],
        out: join(scratch, out),
        stdin: chunked(text, 16_384),
        streamPieceBytes: 65_536,
        quiet: true,
        jobs,
      });
    const oneThread = await run('stream-jobs0', 0);
    const threads = await run('stream-jobs2', 2);
    expect(oneThread.errors).toEqual([]);
    expect(oneThread.buildings.written).toBe(120);
    expect(oneThread.buildings).toEqual(threads.buildings);
    const tileset = (out: string) => readFileSync(join(scratch, out, 'tileset.json'), 'utf8');
    expect(tileset('stream-jobs0')).toBe(tileset('stream-jobs2'));
  });

  it('refuses - with other inputs or with --update', async () => {
    await expect(
      convertCityGml({ inputs: ['-', 'x.gml'], out: join(scratch, 'refused'), quiet: true }),
    ).rejects.toThrow(/must be the only input/);
    await expect(
      convertCityGml({ inputs: ['-'], out: join(scratch, 'refused2'), update: 'x', quiet: true }),
    ).rejects.toThrow(/cannot be combined/);
  });
});
