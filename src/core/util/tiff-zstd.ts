/**
 * TIFF ZSTD decoding (compression 50000, as GDAL and libtiff write it) with each block's size known before it is
 * decoded, registered with geotiff in place of its own decoder. Platform-free: bytes in, bytes out (the decoder is
 * the reference zstd library compiled to WebAssembly, `zstddec`, which geotiff uses too).
 *
 * Why not the library's decoder (we prefer the library where it is sound): geotiff 3.0.5 asks zstddec 0.2.0 to
 * decode a block without its size. For a frame whose header names no size, zstddec then streams, and on damaged
 * data `ZSTD_decompressStream` returns an error without consuming input, which zstddec's loop never checks: a
 * DGM with 40 KB of its strips zeroed kept the reader busy forever. When a size is given, zstddec calls
 * `ZSTD_decompress` into a buffer of that size, which returns an error code for damaged data, for a frame larger
 * than the block, and for a frame cut off; zstddec then gives no bytes. This decoder gives the block's size
 * (`tiffBlockBytes`) and turns no bytes into an `Error`.
 *
 * What it cannot see: zstd frames as libtiff writes them carry no checksum, so a damaged literal can still decode
 * to wrong values of the right length, as with an uncompressed file.
 */
import type { BaseDecoder as GeoTiffBaseDecoder } from 'geotiff';
import { tiffBlockBytes, type GeoTiffDecoderRegistry } from './tiff-lzw.ts';

/** TIFF's compression tag value for ZSTD (GDAL, libtiff). */
export const TIFF_ZSTD_COMPRESSION = 50000;

/**
 * Largest block decoded, bytes: zstddec decodes into its WebAssembly memory, which holds at most 2 GiB; real DGM
 * and geoid GeoTIFFs have strips and tiles of kilobytes (GDAL's default strip holds about 8 KiB).
 */
export const ZSTD_MAX_BLOCK_BYTES = 256 * 1024 ** 2;

/** The zstd decoder `decodeTiffZstd` uses: zstddec's `ZSTDDecoder.decode`, after its `init`. */
export interface ZstdBlockDecoder {
  decode(input: Uint8Array, uncompressedSize: number): Uint8Array;
}

/**
 * Decodes one strip or tile of ZSTD into at most `blockBytes` bytes with `zstd`. Throws an `Error` for a block of
 * unknown or too large a size (over `ZSTD_MAX_BLOCK_BYTES`), and for data that does not decode into that size
 * (damaged, cut off, or a larger frame than the block holds).
 */
export function decodeTiffZstd(
  input: Uint8Array,
  blockBytes: number | undefined,
  zstd: ZstdBlockDecoder,
): Uint8Array {
  if (blockBytes === undefined)
    throw new Error('ZSTD block of unknown size (expected a tile or strip size and bits per sample)');
  if (blockBytes > ZSTD_MAX_BLOCK_BYTES)
    throw new Error(
      `ZSTD block of ${blockBytes} bytes, more than the ${ZSTD_MAX_BLOCK_BYTES} a block is decoded with`,
    );
  const output = zstd.decode(input, blockBytes);
  if (output.byteLength === 0)
    throw new Error(
      `ZSTD data damaged: ${input.byteLength} bytes do not decompress into a block of up to ${blockBytes} bytes`,
    );
  return output;
}

/** Registries (by their `addDecoder`) that have the decoder already. */
const registered = new WeakSet<object>();

/**
 * Makes `geotiff` decode ZSTD (compression 50000) with `decodeTiffZstd`, each block of its size
 * (`tiffBlockBytes`); the predictor is then applied by geotiff's `BaseDecoder`, as for its own decoders. Call it
 * in every module that reads GeoTIFFs, before reading (beside `registerTiffLzw`); calls after the first for the
 * same package do nothing. The WebAssembly decoder is loaded on the first ZSTD block.
 */
export function registerTiffZstd(geotiff: GeoTiffDecoderRegistry): void {
  if (registered.has(geotiff.addDecoder)) return;
  registered.add(geotiff.addDecoder);
  let decoder: Promise<typeof GeoTiffBaseDecoder> | undefined;
  const load = () =>
    (decoder ??= import('zstddec/stream').then(async ({ ZSTDDecoder }) => {
      const zstd = new ZSTDDecoder();
      await zstd.init();
      return class TiffZstdDecoder extends geotiff.BaseDecoder {
        override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
          const block = decodeTiffZstd(new Uint8Array(buffer), tiffBlockBytes(this.parameters), zstd);
          // zstddec gives a copy of its own; a view of a larger buffer would hand geotiff the whole buffer
          return block.byteOffset === 0 && block.byteLength === block.buffer.byteLength
            ? block.buffer
            : block.slice().buffer;
        }
      };
    }));
  geotiff.addDecoder(TIFF_ZSTD_COMPRESSION, load, undefined, false);
}
