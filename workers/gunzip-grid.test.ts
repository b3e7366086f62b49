import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { writeArrayBuffer } from 'geotiff';
import { DgmError, readDgmGeoTiff, readDgmText } from '../src/core/terrain/dgm.ts';
import { gunzipBytes, gunzipText } from './gunzip-grid.ts';

/** A 3 × 2 ESRI ASCII grid (heights in metres, EPSG:25832 assumed: no .prj). */
const ASC = 'ncols 3\nnrows 2\nxllcorner 280000\nyllcorner 5652000\ncellsize 1\n51.5 52 52.25\n50 50.5 51\n';
const blob = (bytes: Uint8Array) => new Blob([new Uint8Array(bytes)]);

describe('a gzipped text grid dropped in the viewer', () => {
  it('inflates to the text of the plain file, read as the same grid', async () => {
    const text = await gunzipText(blob(gzipSync(ASC)), 'dgm1.asc.gz', 1 << 20);
    expect(text).toBe(ASC);
    const gzipped = readDgmText(text, 'dgm1.asc.gz');
    const plain = readDgmText(ASC, 'dgm1.asc');
    expect(gzipped.srsName).toBe(plain.srsName);
    expect([...gzipped.grid.values]).toEqual([...plain.grid.values]);
  });

  it('decodes UTF-8 cut between inflated chunks', async () => {
    // over 64 KiB of text, so the inflated stream comes in several chunks; every fourth character is 'ä'
    const text = 'x ä '.repeat(40_000);
    expect(await gunzipText(blob(gzipSync(text)), 'a.xyz.gz', 1 << 20)).toBe(text);
  });

  it('stops a file that inflates past the bound, naming it', async () => {
    const bomb = gzipSync(new Uint8Array(8 << 20)); // 8 MiB of zeros, about 8 KiB gzipped
    const reading = gunzipText(blob(bomb), 'bomb.xyz.gz', 1 << 20);
    await expect(reading).rejects.toBeInstanceOf(DgmError);
    await expect(reading).rejects.toThrow(
      /^bomb\.xyz\.gz: inflates to more than the 1048576 bytes a dropped grid of its kind is read with/,
    );
  });

  it('names a file that is not gzip, and one cut off', async () => {
    await expect(gunzipText(blob(new TextEncoder().encode(ASC)), 'plain.asc.gz', 1 << 20)).rejects.toThrow(
      /^plain\.asc\.gz: expected a gzip file, and it is not one or is cut off/,
    );
    const whole = gzipSync(ASC.repeat(100));
    await expect(
      gunzipText(blob(whole.subarray(0, whole.length >> 1)), 'cut.asc.gz', 1 << 20),
    ).rejects.toThrow(/^cut\.asc\.gz: expected a gzip file, and it is not one or is cut off/);
  });
});

describe('a gzipped GeoTIFF dropped in the viewer', () => {
  /** A 3 × 2 float GeoTIFF in EPSG:25832 metres, heights in metres. */
  const tiff = new Uint8Array(
    writeArrayBuffer(Float32Array.from([51.5, 52, 52.25, 50, 50.5, 51]), {
      width: 3,
      height: 2,
      ModelPixelScale: [1, 1, 0],
      ModelTiepoint: [0, 0, 0, 280000, 5652002, 0],
      GTModelTypeGeoKey: 1,
      ProjectedCSTypeGeoKey: 25832,
    }) as ArrayBuffer,
  );

  it('inflates to the bytes of the plain file, read as the same grid', async () => {
    const bytes = await gunzipBytes(blob(gzipSync(tiff)), 'dgm1.tif.gz', 1 << 20);
    expect(new Uint8Array(bytes)).toEqual(tiff);
    const gzipped = await readDgmGeoTiff(bytes, 'dgm1.tif.gz');
    const plain = await readDgmGeoTiff(tiff.slice().buffer, 'dgm1.tif');
    expect(gzipped.srsName).toBe(plain.srsName);
    expect([...gzipped.grid.values]).toEqual([51.5, 52, 52.25, 50, 50.5, 51]);
    expect([...gzipped.grid.values]).toEqual([...plain.grid.values]);
  });

  it('joins a file inflated in several chunks in their order', async () => {
    // 1 MiB of counting bytes: DecompressionStream hands it over in chunks of at most 64 KiB
    const big = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 7) & 255);
    const bytes = await gunzipBytes(blob(gzipSync(big)), 'big.tif.gz', 2 << 20);
    expect(bytes.byteLength).toBe(big.byteLength);
    // compared as one buffer: an element-wise toEqual of 1 MiB takes seconds
    expect(Buffer.from(bytes).equals(big)).toBe(true);
  });

  it('stops a file that inflates past the bound, and names one that is not gzip', async () => {
    const bomb = gzipSync(new Uint8Array(8 << 20));
    await expect(gunzipBytes(blob(bomb), 'bomb.tif.gz', 1 << 20)).rejects.toThrow(
      /^bomb\.tif\.gz: inflates to more than the 1048576 bytes a dropped grid of its kind is read with/,
    );
    await expect(gunzipBytes(blob(tiff), 'plain.tif.gz', 1 << 20)).rejects.toThrow(
      /^plain\.tif\.gz: expected a gzip file, and it is not one or is cut off/,
    );
  });
});
