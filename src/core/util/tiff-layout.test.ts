import { describe, expect, it } from 'vitest';
import { zlibSync } from 'fflate';
import * as geotiff from 'geotiff';
import { checkTiffLayout, tiffReadProblem, TiffLayoutError } from './tiff-layout.ts';
import { arrayBufferOf, stripTiff, type StripTiffOptions } from './testing/tiff-writer.ts';

/** A 32 × 32 Float32 GeoTIFF, uncompressed, with `changes` to its layout. */
const tiff = (changes: Partial<StripTiffOptions>) =>
  stripTiff({
    width: 32,
    height: 32,
    rowsPerStrip: 32,
    strips: [new Uint8Array(32 * 32 * 4)],
    compression: 1,
    epsg: 25832,
    pixelScale: [1, 1],
    tiePoint: [280000, 5653000],
    ...changes,
  });
const check = async (file: Uint8Array) =>
  checkTiffLayout(await (await geotiff.fromArrayBuffer(arrayBufferOf(file))).getImage(0));

describe('checkTiffLayout', () => {
  it('takes strips and tiles that cover the image', async () => {
    await expect(check(tiff({}))).resolves.toBeUndefined();
    const rows = Array.from({ length: 32 }, () => new Uint8Array(32 * 4));
    await expect(check(tiff({ rowsPerStrip: 1, strips: rows }))).resolves.toBeUndefined();
    const tiles = Array.from({ length: 4 }, () => new Uint8Array(16 * 16 * 4));
    await expect(check(tiff({ tileWidth: 16, rowsPerStrip: 16, strips: tiles }))).resolves.toBeUndefined();
  });

  it('refuses tiles of one pixel, before geotiff plans a request per tile', async () => {
    // 2000 × 2000 tiles of 1 pixel with 4 offsets: 4.4 KB that took 3.3 GB and aborted the process.
    const file = tiff({
      width: 2000,
      height: 2000,
      tileWidth: 1,
      rowsPerStrip: 1,
      strips: Array.from({ length: 4 }, () => new Uint8Array(4)),
    });
    await expect(check(file)).rejects.toThrow(TiffLayoutError);
    await expect(check(file)).rejects.toThrow(
      'expected tiles of at least 16 × 16 pixels (TIFF requires multiples of 16), found 1 × 1',
    );
  });

  it('refuses fewer strip or tile offsets than the image has strips or tiles', async () => {
    const rows = Array.from({ length: 4 }, () => new Uint8Array(32 * 4));
    await expect(check(tiff({ rowsPerStrip: 1, strips: rows }))).rejects.toThrow(
      'expected 32 strip offsets for 32 × 32 pixels, found 4 (the file is damaged)',
    );
    const tiles = [new Uint8Array(16 * 16 * 4)];
    await expect(check(tiff({ tileWidth: 16, rowsPerStrip: 16, strips: tiles }))).rejects.toThrow(
      'expected 4 tile offsets for 32 × 32 pixels, found 1',
    );
  });

  it('refuses an image without a whole positive size, naming what it found', async () => {
    await expect(check(tiff({ width: 0 }))).rejects.toThrow(
      'expected a whole positive image width and height (pixels), found 0 × 32',
    );
  });

  it('refuses heights of bit depths geotiff unpacks without meaning, and sample formats that are no numbers', async () => {
    const strips = (bytesPerPixel: number) => [new Uint8Array(Math.ceil(32 * 32 * bytesPerPixel))];
    for (const [bitsPerSample, sampleFormat] of [
      [8, 1],
      [16, 2],
      [32, 1],
      [16, 3],
      [64, 3],
    ] as const)
      await expect(
        check(tiff({ bitsPerSample, sampleFormat, strips: strips(bitsPerSample / 8) })),
      ).resolves.toBeUndefined();
    await expect(check(tiff({ bitsPerSample: 12, sampleFormat: 1, strips: strips(1.5) }))).rejects.toThrow(
      'expected heights as 8, 16, 32-bit unsigned integers; 8, 16, 32-bit signed integers; 16, 32, 64-bit floating-point numbers, found 12-bit unsigned integers',
    );
    await expect(check(tiff({ bitsPerSample: 1, sampleFormat: 1, strips: strips(1 / 8) }))).rejects.toThrow(
      'found 1-bit unsigned integers',
    );
    await expect(check(tiff({ bitsPerSample: 24, sampleFormat: 2, strips: strips(3) }))).rejects.toThrow(
      'found 24-bit signed integers',
    );
    await expect(check(tiff({ bitsPerSample: 32, sampleFormat: 5, strips: strips(4) }))).rejects.toThrow(
      'found sample format 5 of 32 bits',
    );
  });
});

describe('tiffReadProblem', () => {
  const readError = async (file: Uint8Array) => {
    const image = await (await geotiff.fromArrayBuffer(arrayBufferOf(file))).getImage(0);
    try {
      await image.readRasters({ samples: [0] });
    } catch (error) {
      return tiffReadProblem(image, error);
    }
    return 'read';
  };

  it("says the decoder's own words are about damaged compressed data, naming the compression", async () => {
    const zlib = zlibSync(new Uint8Array(32 * 32 * 4).fill(7));
    zlib[zlib.length - 1]! ^= 0xff; // the Adler-32 at the end
    expect(await readError(tiff({ compression: 8, strips: [zlib] }))).toBe(
      'the DEFLATE data of a strip or tile is damaged (incorrect data check)',
    );
    expect(await readError(tiff({ compression: 8, strips: [new Uint8Array(64).fill(0xff)] }))).toBe(
      'the DEFLATE data of a strip or tile is damaged (incorrect header check)',
    );
  });

  it('leaves other messages as they are', async () => {
    const image = await (await geotiff.fromArrayBuffer(arrayBufferOf(tiff({ compression: 8 })))).getImage(0);
    expect(tiffReadProblem(image, new RangeError('offset is out of bounds'))).toBe('offset is out of bounds');
    expect(tiffReadProblem(image, 'no')).toBe('no');
    // a decoder quoting the file's bytes
    expect(tiffReadProblem(image, new Error('Unexpected file identifier string: \u0000\u0001ab'))).toBe(
      'the DEFLATE data of a strip or tile is damaged (Unexpected file identifier string: \uFFFD\uFFFDab)',
    );
  });
});
