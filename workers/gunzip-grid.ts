/**
 * A gzipped grid dropped in the viewer (`dgm1.xyz.gz`, `dgm1.asc.gz`, `dgm1.tif.gz`) inflated in the terrain
 * worker (`DecompressionStream`, on the web and in Node), stopped as soon as it inflates past a bound, so a
 * small file that inflates a thousandfold never holds more than that bound.
 */
import { DgmError } from '../src/core/terrain/dgm.ts';
import { errorMessage } from '../src/core/errors.ts';

/**
 * Inflates the gzipped `file` (named `name` in messages), handing each inflated chunk to `take`. Throws
 * `DgmError` when it inflates past `maxBytes`, and when it is not gzip or is cut off.
 */
async function inflate(
  file: Blob,
  name: string,
  maxBytes: number,
  take: (chunk: Uint8Array) => void,
): Promise<void> {
  const inflated = file
    .stream()
    .pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  const reader = inflated.getReader();
  let bytes = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw new DgmError(
        name,
        `expected a gzip file, and it is not one or is cut off (${errorMessage(error)})`,
      );
    }
    if (chunk.done) return;
    bytes += chunk.value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new DgmError(
        name,
        `inflates to more than the ${maxBytes} bytes a dropped grid of its kind is read with; make a terrain tileset with npm run terrain`,
      );
    }
    take(chunk.value);
  }
}

/**
 * The text of the gzipped text grid `file` (named `name` in messages), decoded as UTF-8 as it inflates, of at
 * most `maxBytes` inflated bytes. Throws `DgmError` as `inflate` does.
 */
export async function gunzipText(file: Blob, name: string, maxBytes: number): Promise<string> {
  const decoder = new TextDecoder();
  const pieces: string[] = [];
  await inflate(file, name, maxBytes, (chunk) => pieces.push(decoder.decode(chunk, { stream: true })));
  pieces.push(decoder.decode());
  return pieces.join('');
}

/**
 * The bytes of the gzipped file `file` (a GeoTIFF, named `name` in messages), of at most `maxBytes` inflated
 * bytes, in one buffer of their length. Throws `DgmError` as `inflate` does.
 */
export async function gunzipBytes(file: Blob, name: string, maxBytes: number): Promise<ArrayBuffer> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  await inflate(file, name, maxBytes, (chunk) => {
    chunks.push(chunk);
    length += chunk.byteLength;
  });
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
}
