/**
 * TIFF LZW decoding (TIFF 6.0 section 13, compression 5) that is bounded and linear in time, registered with
 * geotiff in place of its own decoder. Platform-free: bytes in, bytes out.
 *
 * Why not the library's decoder (we prefer the library where it is sound): geotiff 3.0.5's LZW decoder accepts
 * a code beyond the dictionary's next free code, adds an entry that refers to itself, and then follows that
 * entry's prefix chain forever, pushing onto a plain array until V8 aborts the whole process ("invalid size
 * error", not an exception anyone can catch). A 279-byte GeoTIFF dropped into the viewer killed its worker so;
 * a damaged strip of a real DGM does the same. This decoder rejects such a code with an `Error` naming it, writes
 * each string into a typed array by its known length (a prefix chain cannot make it loop), and never produces
 * more than the block can hold.
 *
 * The stream as libtiff and GDAL write it and geotiff reads it: codes MSB-first, 9 bits wide after a ClearCode
 * (256), one bit wider as soon as the next free code reaches 2^width − 1 ("early change"), at most 12 bits,
 * EndOfInformation (257) ends it. As geotiff, the stream need not begin with a ClearCode, repeated ClearCodes are
 * skipped, a code equal to the next free code is the "KwKwK" case (the previous string and its first byte), and
 * a stream that ends without EndOfInformation gives what it decoded so far. A last code that is cut off (fewer
 * bits left than the code width) ends the stream as libtiff does, where geotiff pads it with zero bits. The
 * pre-TIFF-6.0 "old-style" LZW (LSB-first, without early change) is not read, as geotiff does not either.
 */
import type { BaseDecoder as GeoTiffBaseDecoder } from 'geotiff';

const CLEAR_CODE = 256;
const EOI_CODE = 257;
const FIRST_FREE_CODE = 258;
const MIN_WIDTH = 9;
const MAX_WIDTH = 12;
/** Codes a 12-bit code can name (0 … 4095): the dictionary never holds more entries. */
const DICTIONARY_SIZE = 1 << MAX_WIDTH;
/** TIFF's compression tag value for LZW. */
export const TIFF_LZW_COMPRESSION = 5;

/**
 * Longest string (bytes) one code can stand for: entry 258 + i extends an earlier entry by one byte, so it is
 * at most i + 2 bytes long, and the last entry a 12-bit code can name, 4095, at most 3839.
 */
export const LZW_MAX_STRING = DICTIONARY_SIZE - FIRST_FREE_CODE + 1;

/**
 * Most bytes that `inputBytes` bytes of TIFF LZW can decode to: every code is at least 9 bits wide and stands
 * for at most `LZW_MAX_STRING` bytes. The cap on a block's output when its size is unknown.
 */
export function lzwExpansionBound(inputBytes: number): number {
  return Math.floor((inputBytes * 8) / MIN_WIDTH) * LZW_MAX_STRING;
}

/** A first allocation (bytes) big enough for most blocks whose size is not known; the output grows from it. */
const INITIAL_CAPACITY = 64 * 1024;

/**
 * Decodes one strip or tile of TIFF LZW (see the module comment) into at most `maxBytes` bytes: output beyond
 * that is dropped and decoding stops there, as libtiff stops at the size of the strip it was asked for. Ends at
 * EndOfInformation or at the end of `input`. Throws an `Error` ("LZW data damaged at code N …", N counted from 1
 * in the block) for a code beyond the dictionary's next free code, or for a code other than a byte (0–255)
 * where one must come (first, or right after a ClearCode).
 */
export function decodeTiffLzw(input: Uint8Array, maxBytes: number): Uint8Array<ArrayBuffer> {
  const limit = Math.max(0, Math.min(Math.floor(maxBytes), lzwExpansionBound(input.length)));
  // Entry i: the string of entry prefix[i] followed by byte suffix[i]; length[i] and first[i] (its first byte)
  // kept so that a string is written back to front at its known place, in exactly length[i] steps.
  const prefix = new Uint16Array(DICTIONARY_SIZE);
  const suffix = new Uint8Array(DICTIONARY_SIZE);
  const length = new Uint16Array(DICTIONARY_SIZE);
  const first = new Uint8Array(DICTIONARY_SIZE);
  for (let i = 0; i < 256; i++) {
    suffix[i] = i;
    first[i] = i;
    length[i] = 1;
  }
  let out = new Uint8Array(Math.min(limit, Math.max(INITIAL_CAPACITY, input.length * 4)));
  let size = 0;
  const totalBits = input.length * 8;
  let bit = 0;
  let width = MIN_WIDTH;
  let free = FIRST_FREE_CODE;
  /** The previous code, or -1 at the start and right after a ClearCode (no entry to extend). */
  let previous = -1;
  let index = 0;
  const damaged = (code: number, why: string) =>
    new Error(`LZW data damaged at code ${index} (bit ${bit - width}): ${code} ${why}`);

  while (size < limit && bit + width <= totalBits) {
    // The code's bits lie in at most three bytes (width ≤ 12, any bit offset); bytes past the end read as 0,
    // but the loop's condition has made sure that all the code's own bits are there.
    const at = bit >>> 3;
    const window = (input[at]! << 16) | ((input[at + 1] ?? 0) << 8) | (input[at + 2] ?? 0);
    const code = (window >>> (24 - (bit & 7) - width)) & ((1 << width) - 1);
    bit += width;
    index += 1;
    if (code === EOI_CODE) break;
    if (code === CLEAR_CODE) {
      free = FIRST_FREE_CODE;
      width = MIN_WIDTH;
      previous = -1;
      continue;
    }
    if (previous < 0) {
      if (code > 255) throw damaged(code, 'where a byte value (0–255) must come, first or after a ClearCode');
      if (size === out.length) out = grow(out, limit);
      out[size++] = code;
      previous = code;
      continue;
    }
    if (code > free) throw damaged(code, `is beyond the dictionary, whose next free code is ${free}`);
    // A code in the dictionary, or the next free one (KwKwK): the previous string and its own first byte.
    const known = code < free;
    const base = known ? code : previous;
    const stringLength = length[base]! + (known ? 0 : 1);
    while (size + stringLength > out.length && out.length < limit) out = grow(out, limit);
    const end = size + stringLength;
    const fits = Math.min(end, out.length);
    let entry = base;
    let position = known ? end - 1 : end - 2;
    if (!known && end - 1 < fits) out[end - 1] = first[previous]!;
    for (; position >= size; position--) {
      if (position < fits) out[position] = suffix[entry]!;
      entry = prefix[entry]!;
    }
    size = fits;
    if (free < DICTIONARY_SIZE) {
      prefix[free] = previous;
      suffix[free] = first[base]!;
      length[free] = length[previous]! + 1;
      first[free] = first[previous]!;
      free += 1;
      if (free + 1 >= 1 << width && width < MAX_WIDTH) width += 1;
    }
    previous = code;
  }
  return size === out.length ? out : out.slice(0, size);
}

/** `out` with twice the room (at most `limit` bytes), its bytes kept. */
function grow(out: Uint8Array, limit: number): Uint8Array<ArrayBuffer> {
  const bigger = new Uint8Array(Math.min(limit, Math.max(1024, out.length * 2)));
  bigger.set(out);
  return bigger;
}

/** What geotiff passes a decoder: the block's geometry and samples (its `BaseDecoderParameters`). */
export interface TiffBlockParameters {
  /** Pixels per row and rows of a tile, or of a strip (rows per strip, or the image's rows). */
  tileWidth: number;
  tileHeight: number;
  /** Bits of each sample of a pixel. */
  bitsPerSample: number | ArrayLike<number>;
  /** 1: a block holds all samples of its pixels; 2: one sample (band) of them. */
  planarConfiguration: number;
}

/**
 * Bytes a decoded block can hold at most: pixels × bytes of a pixel's samples (whole bytes each, as geotiff
 * reads them; packed samples of fewer bits take no more). For a stripped image's last strip, which holds only
 * the image's remaining rows, it is an upper bound. Undefined when the parameters are not usable numbers.
 */
export function tiffBlockBytes(parameters: TiffBlockParameters): number | undefined {
  const { tileWidth, tileHeight, bitsPerSample, planarConfiguration } = parameters;
  const bits = typeof bitsPerSample === 'number' ? [bitsPerSample] : Array.from(bitsPerSample);
  const bytes = bits.map((b) => Math.ceil(b / 8));
  const pixelBytes = planarConfiguration === 2 ? Math.max(0, ...bytes) : bytes.reduce((sum, b) => sum + b, 0);
  const total = tileWidth * tileHeight * pixelBytes;
  return Number.isSafeInteger(total) && total > 0 ? total : undefined;
}

/**
 * The parts of the geotiff package that `registerTiffLzw` uses; its module namespace is one. `BaseDecoder` is
 * read only when a block is decoded (the converter's bundle loads geotiff on its first use, see
 * tools/convert/lazy-geotiff.mjs).
 */
export interface GeoTiffDecoderRegistry {
  addDecoder(
    cases: number | undefined | (number | undefined)[],
    importFn: () => Promise<typeof GeoTiffBaseDecoder>,
    decoderParameterFn?: undefined,
    preferWorker?: boolean,
  ): void;
  readonly BaseDecoder: typeof GeoTiffBaseDecoder;
}

/** Registries (by their `addDecoder`) that have the decoder already. */
const registered = new WeakSet<object>();

/**
 * Makes `geotiff` decode LZW (compression 5) with `decodeTiffLzw`, each block capped at its size
 * (`tiffBlockBytes`, or `lzwExpansionBound` of its input when that is unknown); the predictor is then applied by
 * geotiff's `BaseDecoder`, as for its own decoders. Call it in every module that reads GeoTIFFs, before reading;
 * calls after the first for the same package do nothing. Blocks are decoded where they are read, not in
 * geotiff's worker pool (whose workers would have the library's decoder).
 */
export function registerTiffLzw(geotiff: GeoTiffDecoderRegistry): void {
  if (registered.has(geotiff.addDecoder)) return;
  registered.add(geotiff.addDecoder);
  let decoder: typeof GeoTiffBaseDecoder | undefined;
  const load = () => {
    decoder ??= class TiffLzwDecoder extends geotiff.BaseDecoder {
      override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
        const input = new Uint8Array(buffer);
        const blockBytes = tiffBlockBytes(this.parameters) ?? Number.POSITIVE_INFINITY;
        return decodeTiffLzw(input, blockBytes).buffer;
      }
    };
    return Promise.resolve(decoder);
  };
  geotiff.addDecoder(TIFF_LZW_COMPRESSION, load, undefined, false);
}
