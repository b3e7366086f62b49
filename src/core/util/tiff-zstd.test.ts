import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDecoder } from 'geotiff';
import { describe, expect, it } from 'vitest';
import { readDgmGeoTiff } from '../terrain/dgm.ts';
import { decodeTiffZstd, ZSTD_MAX_BLOCK_BYTES } from './tiff-zstd.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dgm = path.join(repoRoot, '../shared/data/terrain/nrw-dgm1/dgm1_32_280_5652_1_nw_2022.tif');
const hasGdal = spawnSync('gdal_translate', ['--version']).status === 0;
const canWrite = existsSync(dgm) && hasGdal;
if (!canWrite)
  console.warn(
    'tiff-zstd test: the NRW DGM1 tile or gdal_translate is missing, the GDAL file checks are skipped',
  );

const arrayBuffer = (bytes: Buffer): ArrayBuffer => new Uint8Array(bytes).buffer;

describe('TIFF ZSTD blocks', () => {
  const decoder = (output: Uint8Array) => ({ decode: () => output });

  it('are decoded into their known size only, and no bytes back is an error', () => {
    expect(decodeTiffZstd(new Uint8Array(4), 8, decoder(new Uint8Array(8)))).toHaveLength(8);
    expect(() => decodeTiffZstd(new Uint8Array(4), undefined, decoder(new Uint8Array(8)))).toThrow(
      /^ZSTD block of unknown size/,
    );
    expect(() =>
      decodeTiffZstd(new Uint8Array(4), ZSTD_MAX_BLOCK_BYTES + 1, decoder(new Uint8Array(8))),
    ).toThrow(/more than the 268435456 a block is decoded with/);
    expect(() => decodeTiffZstd(new Uint8Array(3781), 8192, decoder(new Uint8Array(0)))).toThrow(
      'ZSTD data damaged: 3781 bytes do not decompress into a block of up to 8192 bytes',
    );
  });

  it.skipIf(!canWrite)(
    'of a DGM written by GDAL read as the uncompressed tile; damaged ones end the read with a message, not a hang',
    async () => {
      // the reader's own decoder is the one geotiff uses (with the library's, the damaged file below never ends)
      const parameters = {
        tileWidth: 1,
        tileHeight: 1,
        predictor: 1,
        bitsPerSample: 8,
        planarConfiguration: 1,
      };
      expect((await getDecoder(50000, parameters)).constructor.name).toBe('TiffZstdDecoder');
      const dir = mkdtempSync(path.join(tmpdir(), 'tiff-zstd-'));
      try {
        const plain = await readDgmGeoTiff(arrayBuffer(readFileSync(dgm)), 'plain.tif');
        for (const options of [
          ['-co', 'COMPRESS=ZSTD'],
          ['-co', 'COMPRESS=ZSTD', '-co', 'PREDICTOR=3', '-co', 'TILED=YES'],
        ]) {
          const file = path.join(dir, `${options.length}.tif`);
          expect(spawnSync('gdal_translate', ['-q', ...options, dgm, file]).status).toBe(0);
          const bytes = readFileSync(file);
          const read = await readDgmGeoTiff(arrayBuffer(bytes), 'z.tif');
          expect(Buffer.from(read.grid.values.buffer).equals(Buffer.from(plain.grid.values.buffer))).toBe(
            true,
          );
          // zeroed strips or tiles: geotiff's own decoder looped here for good; now their rows are no data, named
          const damaged = Buffer.from(bytes);
          damaged.fill(0, Math.floor(bytes.length / 3), Math.floor(bytes.length / 2));
          const partial = await readDgmGeoTiff(arrayBuffer(damaged), 'kaputt.tif');
          expect(partial.partly).toEqual([
            {
              file: 'kaputt.tif',
              message: expect.stringMatching(
                /^rows .* of 1000 could not be read and are taken as no data \(ZSTD data damaged: \d+ bytes do not decompress into a block of up to \d+ bytes\)$/,
              ) as unknown as string,
            },
          ]);
          const heights = (values: Float32Array) => values.filter((value) => !Number.isNaN(value)).length;
          expect(heights(partial.grid.values)).toBeGreaterThan(0);
          expect(heights(partial.grid.values)).toBeLessThan(heights(plain.grid.values));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
