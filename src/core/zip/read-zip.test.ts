import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { listZip, readZip, ZIP_LIMITS_DEFAULTS, ZipReadError } from './read-zip.ts';

const MIB = 1024 ** 2;
const text = (s: string) => new TextEncoder().encode(s);

/** Sets the declared inflated size of every entry (local and central headers) to `size`: a lying ZIP. */
function declareSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 4 <= out.length; at += 1) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50) view.setUint32(at + 22, size, true);
    if (signature === 0x02014b50) view.setUint32(at + 24, size, true);
  }
  return out;
}

/** The offset of the end of central directory record of a ZIP without a comment, and its fields. */
function endRecord(zip: Uint8Array): { end: number; count: number; size: number; offset: number } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  return {
    end,
    count: view.getUint16(end + 10, true),
    size: view.getUint32(end + 12, true),
    offset: view.getUint32(end + 16, true),
  };
}

/**
 * A crafted ZIP: the one entry of `zipSync({ [names[0]]: data })`, its compressed data followed by `pad`
 * zero bytes counted into its declared compressed size, and a central directory listing it once per name
 * (names of equal length), every record pointing at the same local entry.
 */
function sameDataZip(data: Uint8Array, names: string[], pad = 0): Uint8Array {
  const first = names[0] as string;
  const single = zipSync({ [first]: data });
  const { offset, size } = endRecord(single);
  const local = single.slice(0, offset);
  const record = single.slice(offset, offset + size);
  const localView = new DataView(local.buffer);
  localView.setUint32(18, localView.getUint32(18, true) + pad, true);
  const recordView = new DataView(record.buffer);
  recordView.setUint32(20, recordView.getUint32(20, true) + pad, true);
  const directoryOffset = local.length + pad;
  const records = names.map((name) => {
    expect(name.length).toBe(first.length);
    const copy = record.slice();
    copy.set(text(name), 46);
    return copy;
  });
  const end = new Uint8Array(22);
  const endView = new DataView(end.buffer);
  endView.setUint32(0, 0x06054b50, true);
  endView.setUint16(8, names.length, true);
  endView.setUint16(10, names.length, true);
  endView.setUint32(12, record.length * names.length, true);
  endView.setUint32(16, directoryOffset, true);
  const out = new Uint8Array(directoryOffset + record.length * names.length + 22);
  out.set(local, 0);
  records.forEach((copy, i) => out.set(copy, directoryOffset + i * record.length));
  out.set(end, out.length - 22);
  return out;
}

describe('bounded ZIP reading', () => {
  it('reads stored and deflated entries (directories left out) like any unzip', () => {
    const zip = zipSync({
      'a/': {},
      'a/b.json': [text('{"x":1}'.repeat(1000)), { level: 9 }],
      'c.bin': [Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff), { level: 0 }],
      'empty.txt': [new Uint8Array(0), { level: 6 }],
      'ü.txt': text('Umlaut'),
    });
    expect(listZip(zip, 'x.zip').map((e) => e.name)).toEqual(['a/b.json', 'c.bin', 'empty.txt', 'ü.txt']);
    const files = readZip(zip, { archive: 'x.zip' });
    expect(new TextDecoder().decode(files.get('a/b.json'))).toBe('{"x":1}'.repeat(1000));
    expect(files.get('c.bin')?.[4999]).toBe((4999 * 7) & 0xff);
    expect(files.get('empty.txt')?.length).toBe(0);
    expect(new TextDecoder().decode(files.get('ü.txt'))).toBe('Umlaut');
  });

  it('documents its default limits', () => {
    expect(ZIP_LIMITS_DEFAULTS).toEqual({
      maxTotalBytes: 1024 * MIB,
      maxEntryBytes: 256 * MIB,
      maxRatio: 200,
      ratioCheckBytes: MIB,
    });
  });

  // A bomb of zeros: 8 MiB deflate to ~8 KiB (about 1000:1).
  const zeros = new Uint8Array(8 * MIB);

  it('refuses an entry over the per-entry cap before inflating it', () => {
    const zip = zipSync({ 'bomb.bin': zeros });
    expect(() => readZip(zip, { archive: 'b.zip', limits: { maxEntryBytes: 4 * MIB } })).toThrow(
      /^b\.zip: entry bomb\.bin inflates past 4 MiB \(to 8 MiB; limit 4 MiB per entry\)$/,
    );
  });

  it('refuses entries over the total cap, and compression ratios above the limit', () => {
    const zip = zipSync({ 'a.bin': zeros, 'b.bin': zeros });
    expect(() =>
      readZip(zip, { archive: 'b.zip', limits: { maxTotalBytes: 12 * MIB, maxRatio: 2000 } }),
    ).toThrow(/b\.zip: entries inflate past 12 MiB in total/);
    expect(() => readZip(zip, { archive: 'b.zip' })).toThrow(
      /b\.zip: entry a\.bin inflates \d+-fold .*limit 200:1 above 1 MiB/,
    );
    // Only the chosen entries count.
    expect(
      readZip(zip, {
        filter: (e) => e.name === 'a.bin',
        limits: { maxRatio: 2000, maxTotalBytes: 12 * MIB },
      }).get('a.bin')?.length,
    ).toBe(8 * MIB);
  });

  it('stops inflating when the output passes the declared size (headers are not trusted)', () => {
    const lying = declareSize(zipSync({ 'bomb.bin': zeros }), 1000);
    expect(() => readZip(lying, { archive: 'l.zip' })).toThrow(
      /^l\.zip: entry bomb\.bin inflates past its declared size of 1000 bytes; damaged or crafted ZIP$/,
    );
    const short = declareSize(zipSync({ 'a.txt': text('hello') }), 6);
    expect(() => readZip(short, { archive: 's.zip' })).toThrow(/inflates to 5 bytes, not the declared 6/);
  });

  it("refuses entries that share their data (Info-ZIP's overlap check), naming the archive and entries", () => {
    const data = text('<kml></kml>'.repeat(100));
    // One entry listed once reads as before: the crafted writer below is sound.
    expect(new TextDecoder().decode(readZip(sameDataZip(data, ['a.kml'])).get('a.kml'))).toBe(
      '<kml></kml>'.repeat(100),
    );
    const bomb = sameDataZip(data, ['a.kml', 'b.kml', 'c.kml', 'd.kml']);
    expect(() => listZip(bomb, 'drop.zip')).toThrow(
      /^drop\.zip: entry a\.kml and entry b\.kml overlap \(bytes 0–\d+ of the archive belong to both\); a crafted ZIP \(ZIP bomb\?\) is not read$/,
    );
    // Refused whatever is chosen: the listing already refuses the archive.
    expect(() => readZip(bomb, { archive: 'drop.zip', filter: (e) => e.name === 'd.kml' })).toThrow(
      ZipReadError,
    );
  });

  it('refuses an entry whose declared compressed size reaches into the next entry or the directory', () => {
    const zip = zipSync({ 'a.txt': [text('a'.repeat(500)), { level: 0 }], 'b.txt': text('b') });
    const grown = zip.slice();
    const view = new DataView(grown.buffer);
    const { offset } = endRecord(zip);
    // a.txt's central record is the first: its compressed size now covers b.txt's local header.
    view.setUint32(offset + 20, 520, true);
    expect(() => listZip(grown, 'g.zip')).toThrow(
      /^g\.zip: entry a\.txt and entry b\.txt overlap \(bytes 535–/,
    );
    const last = zipSync({ 'a.txt': [text('a'.repeat(500)), { level: 0 }] });
    const intoDirectory = last.slice();
    const lastEnd = endRecord(last);
    new DataView(intoDirectory.buffer).setUint32(lastEnd.offset + 20, 510, true);
    expect(() => listZip(intoDirectory, 'd.zip')).toThrow(
      /^d\.zip: entry a\.txt and the central directory overlap/,
    );
  });

  it('stops an entry whose real ratio passes the limit though its declared compressed size is padded', () => {
    // 8 MiB of zeros deflate to ~8 KiB (~1000:1); padded to 64 KiB the directory says 128:1.
    const padded = sameDataZip(zeros, ['bomb.bin'], 64 * 1024 - 8 * 1024);
    const [entry] = listZip(padded, 'p.zip');
    expect(entry?.size).toBe(8 * MIB);
    expect(entry && entry.size / entry.compressedSize).toBeLessThan(200);
    expect(() => readZip(padded, { archive: 'p.zip' })).toThrow(
      /^p\.zip: entry bomb\.bin inflates past 200:1 \(\d+ compressed bytes to [\d.]+ MiB so far, though \d+ are declared; limit 200:1 above 1 MiB\); a ZIP bomb\?$/,
    );
    // The limits given to readZip apply: a higher ratio lets it through, zeros and all.
    const read = readZip(padded, { limits: { maxRatio: 2000 } }).get('bomb.bin');
    expect(read?.length).toBe(8 * MIB);
    expect(read?.every((b) => b === 0)).toBe(true);
  });

  it('says what is wrong with damaged or unsupported ZIPs', () => {
    expect(() => readZip(text('not a zip at all, no end record here'), { archive: 'n.zip' })).toThrow(
      ZipReadError,
    );
    const zip = zipSync({ 'a.txt': [text('hello hello hello'), { level: 6 }] });
    const truncated = zip.slice();
    truncated[30 + 'a.txt'.length] = 0xff; // block type 3 (invalid) in the deflate stream
    expect(() => readZip(truncated, { archive: 't.zip' })).toThrow(/t\.zip: entry a\.txt: .*damaged ZIP/);
    const method = zip.slice();
    new DataView(method.buffer).setUint16(8, 12, true);
    let central = 0;
    while (new DataView(zip.buffer).getUint32(central, true) !== 0x02014b50) central += 1;
    new DataView(method.buffer).setUint16(central + 10, 12, true);
    expect(() => readZip(method, { archive: 'm.zip' })).toThrow(/compression method 12/);
  });

  it('reads ZIP64 sizes, offsets and end records', () => {
    // One stored entry whose central header keeps sizes and offset in the ZIP64 extra field, then a
    // ZIP64 end record and locator, as writers do for archives over 4 GB.
    const name = text('a.txt');
    const data = text('zip64!');
    /** `value` as `size` little-endian bytes. */
    const le = (size: number, value: number) =>
      Array.from({ length: size }, (_, i) => (i < 4 ? Math.floor(value / 256 ** i) & 0xff : 0));
    const fields = (list: [number, number][]) => list.flatMap(([size, value]) => le(size, value));
    const local = [
      ...fields([
        [4, 0x04034b50],
        [2, 45],
        [2, 0],
        [2, 0],
        [4, 0],
        [4, 0],
        [4, data.length],
        [4, data.length],
      ]),
      ...fields([
        [2, name.length],
        [2, 0],
      ]),
      ...name,
      ...data,
    ];
    const central = [
      ...fields([
        [4, 0x02014b50],
        [2, 45],
        [2, 45],
        [2, 0],
        [2, 0],
        [4, 0],
        [4, 0],
      ]),
      ...fields([
        [4, 0xffffffff],
        [4, 0xffffffff],
        [2, name.length],
        [2, 28],
        [2, 0],
        [2, 0],
        [2, 0],
        [4, 0],
      ]),
      ...fields([[4, 0xffffffff]]),
      ...name,
      ...fields([
        [2, 0x0001],
        [2, 24],
        [8, data.length],
        [8, data.length],
        [8, 0],
      ]),
    ];
    const record = local.length + central.length;
    const end = [
      ...fields([
        [4, 0x06064b50],
        [8, 44],
        [2, 45],
        [2, 45],
        [4, 0],
        [4, 0],
        [8, 1],
        [8, 1],
      ]),
      ...fields([
        [8, central.length],
        [8, local.length],
      ]),
      ...fields([
        [4, 0x07064b50],
        [4, 0],
        [8, record],
        [4, 1],
      ]),
      ...fields([
        [4, 0x06054b50],
        [2, 0],
        [2, 0],
        [2, 0xffff],
        [2, 0xffff],
        [4, 0xffffffff],
        [4, 0xffffffff],
        [2, 0],
      ]),
    ];
    const parts = [...local, ...central, ...end];
    const zip = Uint8Array.from(parts);
    expect(listZip(zip, 'z.zip')).toEqual([
      { name: 'a.txt', method: 0, compressedSize: 6, size: 6, offset: 0, encrypted: false },
    ]);
    expect(new TextDecoder().decode(readZip(zip).get('a.txt'))).toBe('zip64!');
  });
});
