import { describe, expect, it } from 'vitest';
import * as geotiff from 'geotiff';
import { checkTiffLayout, TiffLayoutError } from './tiff-layout.ts';
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
});
