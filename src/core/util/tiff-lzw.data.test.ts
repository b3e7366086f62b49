/**
 * The bounded LZW decoder on the official NRW DGM1 tile (LZW, written by GDAL): every strip decodes to the
 * bytes geotiff's own decoder gives, and a dropped DGM gets every height exactly as that decoder would give it.
 * A strip offset moved into the middle of another strip (the fuzzer's second crash) gives a message.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromArrayBuffer, type GeoTIFFImage } from 'geotiff';
import { beforeAll, describe, expect, it } from 'vitest';
// geotiff's own decoder, the one the bounded decoder replaces (its package exports only the registry).
import GeotiffLzwDecoder from '../../../node_modules/geotiff/dist-module/compression/lzw.js';
import { DgmError, readDgmGeoTiff } from '../terrain/dgm.ts';
import { decodeTiffLzw, tiffBlockBytes } from './tiff-lzw.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dgm = path.join(repoRoot, '../shared/data/terrain/nrw-dgm1/dgm1_32_280_5652_1_nw_2022.tif');
const hasData = existsSync(dgm);
if (!hasData) console.warn(`tiff-lzw data test: ${dgm} not found, the real-file checks are skipped`);

/** The TIFF's strips as stored: offsets (and where the offsets are), byte counts, rows per strip. */
interface Strips {
  offsets: number[];
  counts: number[];
  /** File position of the StripOffsets array (LONGs, little-endian). */
  offsetsAt: number;
  rowsPerStrip: number;
}

/** Reads the first IFD of a little-endian TIFF for its strips (the tile is one; checked). */
function stripsOf(file: Uint8Array): Strips {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  expect(view.getUint16(0, true)).toBe(0x4949);
  const ifd = view.getUint32(4, true);
  const entries = new Map<number, { type: number; count: number; at: number }>();
  for (let i = 0; i < view.getUint16(ifd, true); i++) {
    const at = ifd + 2 + i * 12;
    entries.set(view.getUint16(at, true), {
      type: view.getUint16(at + 2, true),
      count: view.getUint32(at + 4, true),
      at: at + 8,
    });
  }
  const longs = (tag: number) => {
    const entry = entries.get(tag)!;
    expect(entry.type).toBe(4);
    const start = entry.count > 1 ? view.getUint32(entry.at, true) : entry.at;
    return {
      at: start,
      values: Array.from({ length: entry.count }, (_, i) => view.getUint32(start + 4 * i, true)),
    };
  };
  const offsets = longs(273);
  const rows = entries.get(278)!;
  return {
    offsets: offsets.values,
    offsetsAt: offsets.at,
    counts: longs(279).values,
    rowsPerStrip: rows.type === 3 ? view.getUint16(rows.at, true) : view.getUint32(rows.at, true),
  };
}

describe.skipIf(!hasData)('the bounded LZW decoder on the NRW DGM1 tile', () => {
  let file: Uint8Array;
  let image: GeoTIFFImage;
  let strips: Strips;
  /** The whole raster as geotiff's own decoder gives it: strip after strip, as Float32. */
  let theirs: Float32Array;
  beforeAll(async () => {
    file = new Uint8Array(readFileSync(dgm));
    image = await (await fromArrayBuffer(file.slice().buffer)).getImage();
    strips = stripsOf(file);
    const decoded = new Uint8Array(image.getWidth() * image.getHeight() * 4);
    let at = 0;
    const decoder = new GeotiffLzwDecoder({
      tileWidth: image.getWidth(),
      tileHeight: strips.rowsPerStrip,
      predictor: 1,
      bitsPerSample: [32],
      planarConfiguration: 1,
    });
    for (const [i, offset] of strips.offsets.entries()) {
      const block = new Uint8Array(
        decoder.decodeBlock(file.slice(offset, offset + strips.counts[i]!).buffer),
      );
      decoded.set(block.subarray(0, decoded.length - at), at);
      at += block.length;
    }
    expect(at).toBe(decoded.length);
    theirs = new Float32Array(decoded.buffer);
  });

  it('is GDAL’s LZW without predictor, in 500 strips of 2 rows', async () => {
    expect(image.fileDirectory.getValue('Compression')).toBe(5);
    expect((await image.fileDirectory.loadValue('Predictor')) ?? 1).toBe(1);
    expect(strips.offsets.length).toBe(500);
    expect(strips.rowsPerStrip).toBe(2);
  });

  it('decodes every strip to the same bytes as geotiff’s own decoder', () => {
    const blockBytes = tiffBlockBytes({
      tileWidth: image.getWidth(),
      tileHeight: strips.rowsPerStrip,
      bitsPerSample: [32],
      planarConfiguration: 1,
    })!;
    expect(blockBytes).toBe(8000);
    const theirBytes = new Uint8Array(theirs.buffer);
    let different = 0;
    for (const [i, offset] of strips.offsets.entries()) {
      const ours = decodeTiffLzw(file.subarray(offset, offset + strips.counts[i]!), blockBytes);
      expect(ours.length).toBe(blockBytes);
      const expected = theirBytes.subarray(i * blockBytes, (i + 1) * blockBytes);
      if (!ours.every((v, k) => v === expected[k])) different += 1;
    }
    expect(different).toBe(0);
  });

  it('gives a dropped DGM all 1,000,000 heights exactly as geotiff’s own decoder does', async () => {
    const t0 = performance.now();
    const read = await readDgmGeoTiff(file.slice().buffer, 'dgm1.tif');
    console.log(`tiff-lzw data test: readDgmGeoTiff ${(performance.now() - t0).toFixed(0)} ms`);
    const noData = image.getGDALNoData();
    const values = read.grid.values;
    expect(values.length).toBe(theirs.length);
    let different = 0;
    let noDataCells = 0;
    for (let i = 0; i < theirs.length; i++) {
      const value = theirs[i]!;
      const expected = value === noData || !Number.isFinite(value) ? Number.NaN : value;
      if (Number.isNaN(expected)) noDataCells += 1;
      if (!Object.is(values[i], expected)) different += 1;
    }
    expect(different).toBe(0);
    // gdalinfo -stats: 99.999 % valid.
    expect(noDataCells).toBeLessThan(100);
  });

  it('names the file when a strip offset points into another strip (the fuzzer’s crash), and returns', async () => {
    const moved = file.slice();
    const view = new DataView(moved.buffer);
    // Strip 10 starts 1000 bytes into strip 9: codes of another strip, in the wrong widths.
    view.setUint32(strips.offsetsAt + 4 * 10, strips.offsets[9]! + 1000, true);
    // the band of rows holding strip 10 is no data, named; the other rows are read
    const read = await readDgmGeoTiff(moved.buffer, 'moved.tif');
    expect(read.partly).toEqual([
      {
        file: 'moved.tif',
        message: expect.stringMatching(
          /^rows 0–\d+ of 1000 could not be read and are taken as no data \(LZW data damaged at code \d+/,
        ) as unknown as string,
      },
    ]);
    const values = read.grid.values;
    expect(Number.isNaN(values[10 * strips.rowsPerStrip * 1000])).toBe(true);
    const plain = (await readDgmGeoTiff(file.slice().buffer, 'plain.tif')).grid.values;
    const bytesOf = (array: Float32Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    expect(bytesOf(values.subarray(500_000)).equals(bytesOf(plain.subarray(500_000)))).toBe(true);
    // every strip damaged: nothing to show, the file's error
    const all = file.slice();
    const allView = new DataView(all.buffer);
    for (let i = 0; i < strips.offsets.length; i++)
      allView.setUint32(strips.offsetsAt + 4 * i, strips.offsets[9]! + 1000, true);
    const none = readDgmGeoTiff(all.buffer, 'none.tif');
    await expect(none).rejects.toThrow(DgmError);
    await expect(none).rejects.toThrow(
      /^none\.tif: could not read the heights: LZW data damaged at code \d+/,
    );
  });
});
