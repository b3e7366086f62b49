/**
 * Checks of what geotiff trusts about a TIFF image's layout before it reads pixels. geotiff plans a window
 * read as one request per strip or tile, made before any is read: a 4 KB file claiming 2000 × 2000 tiles of
 * one pixel with only 4 tile offsets made 4 million of them (3.3 GB, then V8 aborted the process).
 */
import type { GeoTIFFImage } from 'geotiff';

/** Smallest tile side accepted, pixels: TIFF 6.0 requires tile sides that are multiples of 16. */
export const MIN_TIFF_TILE_SIDE = 16;

/** A TIFF image whose layout cannot be read as it claims (`checkTiffLayout`). */
export class TiffLayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TiffLayoutError';
  }
}

const whole = (value: unknown, least: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= least;
/** A tag's value for a message: a number as it is, else what it is (a damaged file holds anything). */
const shown = (value: unknown): string =>
  typeof value === 'number'
    ? String(value)
    : value === undefined
      ? 'none'
      : `a ${typeof value === 'string' ? 'text' : 'list'}`;

/**
 * Bits of the first sample (the height) by TIFF SampleFormat (1 unsigned, 2 signed integer, 3 floating point)
 * that a height can be. geotiff also unpacks other depths (1, 7, 12, 24 bits…) into bytes and words without
 * complaint, which gives heights without meaning; no elevation or geoid grid is published that way.
 */
export const HEIGHT_SAMPLE_BITS: Readonly<Record<number, readonly number[]>> = {
  1: [8, 16, 32],
  2: [8, 16, 32],
  3: [16, 32, 64],
};

const SAMPLE_FORMAT_NAMES: Readonly<Record<number, string>> = {
  1: 'unsigned integers',
  2: 'signed integers',
  3: 'floating-point numbers',
};

function checkHeightSample(format: unknown, bits: unknown): void {
  const allowed = typeof format === 'number' ? HEIGHT_SAMPLE_BITS[format] : undefined;
  if (allowed !== undefined && typeof bits === 'number' && allowed.includes(bits)) return;
  const kinds = Object.entries(HEIGHT_SAMPLE_BITS)
    .map(([code, depths]) => `${depths.join(', ')}-bit ${SAMPLE_FORMAT_NAMES[Number(code)]}`)
    .join('; ');
  const found =
    typeof format === 'number' && SAMPLE_FORMAT_NAMES[format] !== undefined
      ? `${shown(bits)}-bit ${SAMPLE_FORMAT_NAMES[format]}`
      : `sample format ${shown(format)} of ${shown(bits)} bits`;
  throw new TiffLayoutError(`expected heights as ${kinds}, found ${found}`);
}

/**
 * Throws `TiffLayoutError` unless `image` has a positive whole width and height (pixels), at least one
 * sample per pixel, a first sample that is a number a height can be (`HEIGHT_SAMPLE_BITS`), tiles of at least MIN_TIFF_TILE_SIDE pixels a side or strips of at least one row, and
 * as many strip or tile offsets and byte counts as those cover (one set per sample when the samples are
 * stored in planes). Reads the offset and byte count arrays (4 or 8 bytes per strip or tile).
 */
export async function checkTiffLayout(image: GeoTIFFImage): Promise<void> {
  const width: unknown = image.getWidth();
  const height: unknown = image.getHeight();
  if (!whole(width, 1) || !whole(height, 1))
    throw new TiffLayoutError(
      `expected a whole positive image width and height (pixels), found ${shown(width)} × ${shown(height)}`,
    );
  const samples: unknown = image.getSamplesPerPixel();
  if (!whole(samples, 1))
    throw new TiffLayoutError(`expected at least one sample per pixel, found ${shown(samples)}`);
  checkHeightSample(image.getSampleFormat(0), image.getBitsPerSample(0));
  const planes = image.planarConfiguration === 2 ? samples : 1;
  let blocks: number;
  if (image.isTiled) {
    const tileWidth: unknown = image.getTileWidth();
    const tileHeight: unknown = image.getTileHeight();
    if (!whole(tileWidth, MIN_TIFF_TILE_SIDE) || !whole(tileHeight, MIN_TIFF_TILE_SIDE))
      throw new TiffLayoutError(
        `expected tiles of at least ${MIN_TIFF_TILE_SIDE} × ${MIN_TIFF_TILE_SIDE} pixels (TIFF requires multiples of 16), found ${shown(tileWidth)} × ${shown(tileHeight)}`,
      );
    blocks = Math.ceil(width / tileWidth) * Math.ceil(height / tileHeight) * planes;
  } else {
    const rows: unknown = image.getTileHeight();
    if (!whole(rows, 1))
      throw new TiffLayoutError(`expected strips of at least one row, found ${shown(rows)} rows`);
    blocks = Math.ceil(height / rows) * planes;
  }
  const kind = image.isTiled ? 'Tile' : 'Strip';
  for (const [tag, what] of [
    [`${kind}Offsets`, 'offsets'],
    [`${kind}ByteCounts`, 'byte counts'],
  ] as const) {
    const values = (await image.fileDirectory.loadValue(tag)) as ArrayLike<unknown> | undefined;
    const count = values?.length ?? 0;
    if (count < blocks)
      throw new TiffLayoutError(
        `expected ${blocks} ${kind.toLowerCase()} ${what} for ${width} × ${height} pixels, found ${count} (the file is damaged)`,
      );
  }
}

/** Names of the TIFF compressions GeoTIFF readers meet, by the Compression tag's value. */
const COMPRESSION_NAMES: Readonly<Record<number, string>> = {
  5: 'LZW',
  7: 'JPEG',
  8: 'DEFLATE',
  32946: 'DEFLATE',
  32773: 'PackBits',
  34887: 'LERC',
  50000: 'ZSTD',
};

/**
 * Why the pixels of `image` could not be read, for a message: a decoder's own words ("buffer error",
 * "incorrect data check", "Checksum failed." from zlib and LERC) said to be about its compressed data, e.g.
 * "the DEFLATE data of a strip or tile is damaged (incorrect data check)"; other messages as they are. Control
 * characters (bytes of the file a decoder quotes) become U+FFFD.
 */
export function tiffReadProblem(image: GeoTIFFImage, error: unknown): string {
  // LERC quotes the bytes it found ("Unexpected file identifier string: …"): binary, shown as \uFFFD
  const message = (error instanceof Error ? error.message : String(error)).replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/g,
    '\uFFFD',
  );
  const compression: unknown = image.fileDirectory.getValue('Compression');
  const name = typeof compression === 'number' ? COMPRESSION_NAMES[compression] : undefined;
  // the decoders' own messages: zlib's (pako) "buffer error", "incorrect data check", "invalid distance too far
  // back", "invalid stored block lengths"…, LERC's "Checksum failed." and "Unexpected file identifier string"
  const decoderWords =
    /^(buffer error|incorrect |invalid |unknown compression method|too many |checksum failed|unexpected file identifier)/i;
  if (name === undefined || !decoderWords.test(message)) return message;
  return `the ${name} data of a strip or tile is damaged (${message.trim().replace(/[.:]$/, '')})`;
}
