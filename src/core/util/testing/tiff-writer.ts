/**
 * Test helpers for the TIFF LZW decoder (`../tiff-lzw.ts`): an LZW encoder written after libtiff's `LZWEncode`
 * (tif_lzw.c), sharing no code with the decoder, so that a convention the decoder gets wrong cannot round-trip
 * by the same mistake; a writer of raw code sequences for damaged streams; and a minimal little-endian GeoTIFF
 * writer around given strips (geotiff's `writeArrayBuffer` writes only uncompressed data). Platform-free.
 */

const CLEAR = 256;
const EOI = 257;

/** An LZW stream and what its encoder did, for tests that must hit a given dictionary size. */
export interface LzwEncoding {
  bytes: Uint8Array;
  /**
   * The encoder's next free code at the end, counting the entry the decoder adds for the last code (libtiff's
   * `LZWPostEncode`): 511 or less keeps 9-bit codes, 512 switches to 10 bits (early change: the decoder's next
   * free code reached 511), 1024 to 11, 2048 to 12; at 4094 the encoder writes a ClearCode and starts over.
   */
  entries: number;
  /** Entries added in all, as if the dictionary never started over (258 + codes written): grows with the data. */
  total: number;
  /** ClearCodes written, the one at the start included. */
  clears: number;
  /** Width (bits) of the EndOfInformation code. */
  eoiWidth: number;
}

/** MSB-first bit writer. */
class Bits {
  private bytes: number[] = [];
  private buffer = 0;
  private count = 0;

  write(code: number, width: number): void {
    this.buffer = (this.buffer << width) | code;
    this.count += width;
    while (this.count >= 8) {
      this.count -= 8;
      this.bytes.push((this.buffer >>> this.count) & 0xff);
    }
    this.buffer &= (1 << this.count) - 1;
  }

  /** The bytes written, the last one padded with zero bits. */
  finish(): Uint8Array {
    if (this.count > 0) this.bytes.push((this.buffer << (8 - this.count)) & 0xff);
    this.count = 0;
    return Uint8Array.from(this.bytes);
  }
}

/**
 * Encodes `data` as TIFF LZW the way libtiff does: a ClearCode first, greedy longest match, the code width grown
 * when the next free code passes 2^width − 1, a ClearCode (in the current width) when it reaches 4094, and
 * EndOfInformation last.
 */
export function encodeTiffLzw(data: Uint8Array): LzwEncoding {
  const out = new Bits();
  // (code << 8 | byte) → code of that string + byte; -1 = none. 4096 × 256 keys.
  const table = new Int32Array(1 << 20).fill(-1);
  let width = 9;
  let free = 258;
  let clears = 1;
  let total = 258;
  out.write(CLEAR, width);
  const added = () => {
    total += 1;
    if (free === 4094) {
      out.write(CLEAR, width);
      clears += 1;
      table.fill(-1);
      free = 258;
      width = 9;
    } else if (free > (1 << width) - 1) width += 1;
  };
  if (data.length > 0) {
    let ent = data[0]!;
    for (let i = 1; i < data.length; i++) {
      const c = data[i]!;
      const key = (ent << 8) | c;
      const found = table[key]!;
      if (found >= 0) {
        ent = found;
        continue;
      }
      out.write(ent, width);
      table[key] = free;
      free += 1;
      ent = c;
      added();
    }
    out.write(ent, width);
    // The decoder adds an entry for the last code too: its width may grow before EndOfInformation.
    free += 1;
    added();
  }
  const eoiWidth = width;
  const entries = free;
  out.write(EOI, width);
  return { bytes: out.finish(), entries, total, clears, eoiWidth };
}

/** Codes written MSB-first, each in the given width: streams no encoder would write. */
export function packCodes(codes: readonly (readonly [code: number, width: number])[]): Uint8Array {
  const out = new Bits();
  for (const [code, width] of codes) out.write(code, width);
  return out.finish();
}

/** TIFF's floating-point predictor (3) applied to one row of little-endian 32-bit samples, for the writer. */
export function floatPredictRow(row: Uint8Array): Uint8Array {
  const count = row.length / 4;
  const shuffled = new Uint8Array(row.length);
  // Byte planes, most significant first; then each byte as the difference to the one before.
  for (let i = 0; i < count; i++) for (let b = 0; b < 4; b++) shuffled[(3 - b) * count + i] = row[4 * i + b]!;
  for (let j = shuffled.length - 1; j > 0; j--) shuffled[j] = (shuffled[j]! - shuffled[j - 1]!) & 0xff;
  return shuffled;
}

/** A single-band GeoTIFF with the given strips (already compressed), from `stripTiff`. */
export interface StripTiffOptions {
  width: number;
  height: number;
  rowsPerStrip: number;
  /** Strip data as it goes into the file (compressed with `compression`). */
  strips: Uint8Array[];
  /** 1 (none) or 5 (LZW). */
  compression: number;
  /** Default 32 bits, sample format 3 (IEEE float). */
  bitsPerSample?: number;
  sampleFormat?: number;
  /** TIFF predictor tag; left out when undefined. */
  predictor?: number;
  /** EPSG code of a projected CRS (ProjectedCSTypeGeoKey) or, with `geographic`, of a geographic one. */
  epsg: number;
  geographic?: boolean;
  /** Pixel size and the top left corner of pixel (0, 0), CRS units. */
  pixelScale: [number, number];
  tiePoint: [number, number];
  /** GDAL_NODATA as text; left out when undefined. */
  noData?: string;
  /** Tiles of this width and `rowsPerStrip` rows instead of strips: `strips` are then the tiles. */
  tileWidth?: number;
}

/**
 * A little-endian baseline GeoTIFF: the IFD right after the header, then the values that do not fit in an
 * entry (in tag order), then the strips. With one strip of 5 bytes and neither predictor nor no-data, it is the
 * 279-byte layout of the fuzzed file (13 entries).
 */
export function stripTiff(options: StripTiffOptions): Uint8Array {
  const { width, height, rowsPerStrip, strips, compression, epsg } = options;
  const tiled = options.tileWidth !== undefined;
  const SHORT = 3;
  const LONG = 4;
  const DOUBLE = 12;
  const ASCII = 2;
  const geoKeys = options.geographic
    ? [1, 1, 0, 3, 1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, epsg]
    : [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, epsg];
  const entries: { tag: number; type: number; values: number[] | string }[] = [
    { tag: 256, type: SHORT, values: [width] },
    { tag: 257, type: SHORT, values: [height] },
    { tag: 258, type: SHORT, values: [options.bitsPerSample ?? 32] },
    { tag: 259, type: SHORT, values: [compression] },
    { tag: 262, type: SHORT, values: [1] },
    ...(tiled ? [] : [{ tag: 273, type: LONG, values: strips.map(() => 0) }]),
    { tag: 277, type: SHORT, values: [1] },
    ...(tiled
      ? []
      : [
          { tag: 278, type: SHORT, values: [rowsPerStrip] },
          { tag: 279, type: LONG, values: strips.map((strip) => strip.length) },
        ]),
    ...(options.predictor !== undefined ? [{ tag: 317, type: SHORT, values: [options.predictor] }] : []),
    ...(tiled
      ? [
          { tag: 322, type: SHORT, values: [options.tileWidth!] },
          { tag: 323, type: SHORT, values: [rowsPerStrip] },
          { tag: 324, type: LONG, values: strips.map(() => 0) },
          { tag: 325, type: LONG, values: strips.map((strip) => strip.length) },
        ]
      : []),
    { tag: 339, type: SHORT, values: [options.sampleFormat ?? 3] },
    { tag: 33550, type: DOUBLE, values: [options.pixelScale[0], options.pixelScale[1], 0] },
    { tag: 33922, type: DOUBLE, values: [0, 0, 0, options.tiePoint[0], options.tiePoint[1], 0] },
    { tag: 34735, type: SHORT, values: geoKeys },
    ...(options.noData !== undefined ? [{ tag: 42113, type: ASCII, values: `${options.noData}\0` }] : []),
  ];
  const size = { [SHORT]: 2, [LONG]: 4, [DOUBLE]: 8, [ASCII]: 1 } as Record<number, number>;
  const bytesOf = (entry: (typeof entries)[number]) => entry.values.length * size[entry.type]!;
  const ifdBytes = 2 + entries.length * 12 + 4;
  let at = 8 + ifdBytes;
  const outside = new Map<number, number>();
  for (const entry of entries)
    if (bytesOf(entry) > 4) {
      outside.set(entry.tag, at);
      at += bytesOf(entry);
    }
  const stripAt: number[] = [];
  for (const strip of strips) {
    stripAt.push(at);
    at += strip.length;
  }
  entries.find((entry) => entry.tag === (tiled ? 324 : 273))!.values = stripAt;
  const file = new Uint8Array(at);
  const view = new DataView(file.buffer);
  file.set([0x49, 0x49, 42, 0]);
  view.setUint32(4, 8, true);
  view.setUint16(8, entries.length, true);
  const put = (offset: number, type: number, values: number[] | string) => {
    for (let i = 0; i < values.length; i++) {
      const value = typeof values === 'string' ? values.charCodeAt(i) : values[i]!;
      const place = offset + i * size[type]!;
      if (type === SHORT) view.setUint16(place, value, true);
      else if (type === LONG) view.setUint32(place, value, true);
      else if (type === DOUBLE) view.setFloat64(place, value, true);
      else view.setUint8(place, value);
    }
  };
  entries.forEach((entry, i) => {
    const place = 10 + i * 12;
    view.setUint16(place, entry.tag, true);
    view.setUint16(place + 2, entry.type, true);
    view.setUint32(place + 4, entry.values.length, true);
    const offset = outside.get(entry.tag);
    if (offset === undefined) put(place + 8, entry.type, entry.values);
    else {
      view.setUint32(place + 8, offset, true);
      put(offset, entry.type, entry.values);
    }
  });
  strips.forEach((strip, i) => file.set(strip, stripAt[i]!));
  return file;
}

/** The bytes of `file` as an ArrayBuffer of their own (what the readers take). */
export function arrayBufferOf(file: Uint8Array): ArrayBuffer {
  return file.slice().buffer;
}
