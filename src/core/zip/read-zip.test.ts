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
