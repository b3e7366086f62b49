import { fromArrayBuffer } from 'geotiff';
import { describe, expect, it, vi } from 'vitest';
// geotiff's own decoder, as the oracle for streams it reads correctly (its package exports only the registry).
import GeotiffLzwDecoder from '../../../node_modules/geotiff/dist-module/compression/lzw.js';
import { readGeoidGeoTiff } from '../crs/geoid-geotiff.ts';
import { decodeTiffLzw, LZW_MAX_STRING, lzwExpansionBound, tiffBlockBytes } from './tiff-lzw.ts';
import {
  arrayBufferOf,
  encodeTiffLzw,
  floatPredictRow,
  packCodes,
  stripTiff,
} from './testing/tiff-writer.ts';

/** Deterministic pseudo-random bytes. */
function randomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** geotiff's own LZW decoder on `stream` (it takes the block's geometry, though LZW does not use it). */
function geotiffDecode(stream: Uint8Array): Uint8Array {
  const decoder = new GeotiffLzwDecoder({
    tileWidth: 1,
    tileHeight: 1,
    predictor: 1,
    bitsPerSample: [8],
    planarConfiguration: 1,
  });
  return new Uint8Array(decoder.decodeBlock(arrayBufferOf(stream)));
}

/** `run()` with geotiff's console warning about streams without EndOfInformation kept out of the output. */
function withoutWarnings<T>(run: () => T): T {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    return run();
  } finally {
    warn.mockRestore();
  }
}

const equalBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

describe('TIFF LZW decoding (decodeTiffLzw)', () => {
  it('round-trips random and repetitive data of several sizes, as geotiff’s own decoder reads it', () => {
    const cases: [string, Uint8Array][] = [
      ['empty', new Uint8Array(0)],
      ...[1, 2, 3, 17, 1000, 100_000].map((n): [string, Uint8Array] => [`random ${n}`, randomBytes(n, n)]),
      ['zeros 1000', new Uint8Array(1000)],
      ['zeros 100000', new Uint8Array(100_000)],
      ['two bytes alternating 50000', Uint8Array.from({ length: 50_000 }, (_, i) => (i % 2 ? 7 : 200))],
      ['text', new TextEncoder().encode('TOBEORNOTTOBEORTOBEORNOT#'.repeat(400))],
      [
        'Float32 heights',
        new Uint8Array(Float32Array.from({ length: 20_000 }, (_, i) => 50 + Math.sin(i / 40) * 3).buffer),
      ],
    ];
    for (const [name, data] of cases) {
      const { bytes } = encodeTiffLzw(data);
      expect(equalBytes(geotiffDecode(bytes), data), `${name}: geotiff reads the test encoder's stream`).toBe(
        true,
      );
      expect(equalBytes(decodeTiffLzw(bytes, data.length), data), name).toBe(true);
      // The block's size unknown: the output is still only the data.
      expect(equalBytes(decodeTiffLzw(bytes, Number.POSITIVE_INFINITY), data), `${name}, unbounded`).toBe(
        true,
      );
    }
  });

  it('switches the code width at 511, 1023 and 2047 entries and starts over after the ClearCode at 4094', () => {
    // Each byte more adds at most one code: the shortest random prefix whose stream reaches `entries`.
    const data = randomBytes(20_000, 4711);
    const prefixReaching = (entries: number) => {
      let low = 1;
      let high = data.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (encodeTiffLzw(data.subarray(0, middle)).total >= entries) high = middle;
        else low = middle + 1;
      }
      return data.subarray(0, low);
    };
    // 4094 and beyond: a ClearCode, then 9-bit codes again.
    const expectedWidth = (entries: number) =>
      entries >= 4094 ? 9 : entries > 2047 ? 12 : entries > 1023 ? 11 : entries > 511 ? 10 : 9;
    for (const entries of [
      510, 511, 512, 513, 1022, 1023, 1024, 1025, 2046, 2047, 2048, 2049, 4093, 4094, 4095,
    ]) {
      const prefix = prefixReaching(entries);
      const encoded = encodeTiffLzw(prefix);
      expect(encoded.total).toBe(entries);
      expect(encoded.entries).toBe(entries < 4094 ? entries : entries - 4094 + 258);
      expect(encoded.eoiWidth, `EndOfInformation width at ${entries} entries`).toBe(expectedWidth(entries));
      expect(encoded.clears, `ClearCodes at ${entries} entries`).toBe(entries >= 4094 ? 2 : 1);
      expect(equalBytes(decodeTiffLzw(encoded.bytes, prefix.length), prefix), `${entries} entries`).toBe(
        true,
      );
      expect(equalBytes(geotiffDecode(encoded.bytes), prefix)).toBe(true);
    }
    // Long strings across all widths and several ClearCodes: 8 MB of one value (strings up to ~3800 bytes).
    const zeros = new Uint8Array(8_000_000);
    const encoded = encodeTiffLzw(zeros);
    expect(encoded.clears).toBeGreaterThan(1);
    const decoded = decodeTiffLzw(encoded.bytes, zeros.length);
    expect(decoded.length).toBe(zeros.length);
    expect(decoded.every((v) => v === 0)).toBe(true);
  });

  it('reads what geotiff reads beyond libtiff’s streams: no leading ClearCode, repeated ClearCodes, KwKwK', () => {
    const streams = [
      // "A", "B" (258 = "AB"), 258 (259 = "BA"), then the KwKwK code 260: "AB" + its first byte, "ABA".
      packCodes([
        [65, 9],
        [66, 9],
        [258, 9],
        [260, 9],
        [257, 9],
      ]),
      packCodes([
        [256, 9],
        [256, 9],
        [256, 9],
        [120, 9],
        [258, 9],
        [256, 9],
        [121, 9],
        [257, 9],
      ]),
    ];
    for (const stream of streams)
      expect([...decodeTiffLzw(stream, 1000)]).toEqual([...geotiffDecode(stream)]);
    expect([...decodeTiffLzw(streams[0]!, 1000)]).toEqual([65, 66, 65, 66, 65, 66, 65]);
    expect([...decodeTiffLzw(streams[1]!, 1000)]).toEqual([120, 120, 120, 121]);
    // No EndOfInformation: the codes are read, the 4 padding bits after them (fewer than a code) are not, where
    // geotiff reads them as a code padded with zero bits (a byte 0 more).
    const unterminated = packCodes([
      [256, 9],
      [1, 9],
      [2, 9],
      [258, 9],
    ]);
    expect([...decodeTiffLzw(unterminated, 1000)]).toEqual([1, 2, 1, 2]);
    expect([...withoutWarnings(() => geotiffDecode(unterminated))]).toEqual([1, 2, 1, 2, 0]);
  });

  it('rejects a code beyond the dictionary’s next free code, naming it and its place (the fuzzed strip)', () => {
    // The strip of the 279-byte GeoTIFF that took the process down: 259 names the entry after the next free one.
    const selfReferring = packCodes([
      [65, 9],
      [259, 9],
      [65, 9],
      [259, 9],
    ]);
    expect(() => decodeTiffLzw(selfReferring, 16)).toThrow(
      /^LZW data damaged at code 2 \(bit 9\): 259 is beyond the dictionary, whose next free code is 258/,
    );
    expect(() => decodeTiffLzw(selfReferring, Number.POSITIVE_INFINITY)).toThrow(/LZW data damaged/);
    // Right after a ClearCode only a byte value may come.
    expect(() =>
      decodeTiffLzw(
        packCodes([
          [256, 9],
          [258, 9],
        ]),
        16,
      ),
    ).toThrow(/^LZW data damaged at code 2 \(bit 9\): 258 where a byte value \(0–255\) must come/);
  });

  it('returns or throws “LZW data damaged” on random and bit-flipped streams, never more than the block holds', () => {
    const valid = encodeTiffLzw(randomBytes(3000, 99)).bytes;
    let thrown = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const stream =
        trial % 2 === 0
          ? randomBytes(1 + (trial % 700), trial)
          : valid.map((byte, i) => (i === trial % valid.length ? byte ^ (1 << trial % 8) : byte));
      const limit = 1 + ((trial * 37) % 5000);
      try {
        expect(decodeTiffLzw(stream, limit).length).toBeLessThanOrEqual(limit);
      } catch (error) {
        expect(String(error)).toMatch(/^Error: LZW data damaged at code \d+ \(bit \d+\): /);
        thrown += 1;
      }
    }
    expect(thrown).toBeGreaterThan(0);
  });

  it('gives a stream cut short as what it decoded up to there, as geotiff does', () => {
    const data = randomBytes(2000, 5);
    const { bytes } = encodeTiffLzw(data);
    let previous = 0;
    for (let cut = 0; cut <= bytes.length; cut++) {
      const stream = bytes.subarray(0, cut);
      const ours = decodeTiffLzw(stream, data.length);
      expect(equalBytes(ours, data.subarray(0, ours.length)), `cut at ${cut}`).toBe(true);
      expect(ours.length).toBeGreaterThanOrEqual(previous);
      previous = ours.length;
      // geotiff reads a last, cut-off code as if padded with zero bits; before that, the same bytes.
      const theirs = withoutWarnings(() => geotiffDecode(stream));
      expect(equalBytes(theirs.subarray(0, ours.length), ours), `geotiff at cut ${cut}`).toBe(true);
      expect(theirs.length - ours.length).toBeLessThanOrEqual(LZW_MAX_STRING);
    }
    expect(previous).toBe(data.length);
  });

  it('stops at the block’s size, even inside a string, and caps an unknown size by the input', () => {
    const data = new Uint8Array(10_000).fill(9);
    const { bytes } = encodeTiffLzw(data);
    for (const limit of [0, 1, 2, 3, 100, 101, 9999]) {
      const decoded = decodeTiffLzw(bytes, limit);
      expect(decoded.length).toBe(limit);
      expect(decoded.every((v) => v === 9)).toBe(true);
    }
    // The most a stream can say: 0, then every code the KwKwK one (0, 00, 000, …) up to entry 4095.
    const codes: [number, number][] = [[0, 9]];
    for (let code = 258, width = 9; code < 4096; code++) {
      codes.push([code, width]);
      // The decoder's next free code after this one is code + 1: early change at 2^width - 1.
      if (code + 2 >= 1 << width && width < 12) width += 1;
    }
    const longest = packCodes(codes);
    const decoded = decodeTiffLzw(longest, Number.POSITIVE_INFINITY);
    expect(decoded.length).toBe((LZW_MAX_STRING * (LZW_MAX_STRING + 1)) / 2);
    expect(decoded.length).toBeLessThanOrEqual(lzwExpansionBound(longest.length));
    expect(lzwExpansionBound(9)).toBe(8 * LZW_MAX_STRING);
    expect(LZW_MAX_STRING).toBe(3839);
  });

  it('sizes a block from its geometry: pixels × whole bytes of its samples', () => {
    const strip = { tileWidth: 1000, tileHeight: 2, planarConfiguration: 1 };
    expect(tiffBlockBytes({ ...strip, bitsPerSample: Uint16Array.of(32) })).toBe(8000);
    expect(tiffBlockBytes({ ...strip, bitsPerSample: [8, 8, 8] })).toBe(6000);
    expect(tiffBlockBytes({ ...strip, bitsPerSample: [16, 16, 16], planarConfiguration: 2 })).toBe(4000);
    expect(tiffBlockBytes({ ...strip, bitsPerSample: 1 })).toBe(2000);
    expect(tiffBlockBytes({ ...strip, tileWidth: Number.NaN, bitsPerSample: 32 })).toBeUndefined();
    expect(tiffBlockBytes({ ...strip, bitsPerSample: [] })).toBeUndefined();
  });
});

describe('GeoTIFF readers with the bounded LZW decoder (registerTiffLzw)', () => {
  /** A geographic Float32 grid, LZW with the floating-point predictor, 3 strips (the last one shorter). */
  const grid = (strip: (rows: Uint8Array[], index: number) => Uint8Array) => {
    const width = 7;
    const height = 5;
    const values = Float32Array.from({ length: width * height }, (_, i) => 40 + i / 8);
    const rowsPerStrip = 2;
    const strips: Uint8Array[] = [];
    for (let first = 0; first < height; first += rowsPerStrip) {
      const rows: Uint8Array[] = [];
      for (let row = first; row < Math.min(height, first + rowsPerStrip); row++)
        rows.push(floatPredictRow(new Uint8Array(values.buffer, row * width * 4, width * 4).slice()));
      strips.push(strip(rows, strips.length));
    }
    const file = stripTiff({
      width,
      height,
      rowsPerStrip,
      strips,
      compression: 5,
      predictor: 3,
      epsg: 4326,
      geographic: true,
      pixelScale: [0.5, 0.5],
      tiePoint: [5, 52],
    });
    return { file: arrayBufferOf(file), values };
  };
  const joined = (rows: Uint8Array[]) => {
    const all = new Uint8Array(rows.reduce((sum, row) => sum + row.length, 0));
    rows.reduce((at, row) => (all.set(row, at), at + row.length), 0);
    return all;
  };

  it('reads a geoid grid with LZW and the floating-point predictor (geotiff’s predictor on our output)', async () => {
    const { file, values } = grid((rows) => encodeTiffLzw(joined(rows)).bytes);
    const raster = await (await (await fromArrayBuffer(file)).getImage()).readRasters({ interleave: true });
    expect([...(raster as Float32Array)]).toEqual([...values]);
    const geoid = await readGeoidGeoTiff(file, 'lzw-geoid.tif');
    // Node (column 1, row 1) at the pixel centre: 5 + 1.5 × 0.5 east, 52 − 1.5 × 0.5 north.
    expect(geoid.undulation(5.75, 51.25)).toBeCloseTo(values[1 * 7 + 1]!, 5);
  });

  it('rejects the self-referring strip in a geoid grid with the LZW message, without hanging', async () => {
    const damaged = packCodes([
      [65, 9],
      [259, 9],
      [65, 9],
      [259, 9],
    ]);
    const { file } = grid((rows, index) => (index === 1 ? damaged : encodeTiffLzw(joined(rows)).bytes));
    await expect(readGeoidGeoTiff(file, 'damaged-geoid.tif')).rejects.toThrow(
      /^CRS: geoid GeoTIFF "damaged-geoid\.tif" could not be read: LZW data damaged at code 2 \(bit 9\): 259 is beyond the dictionary/,
    );
  });
});
