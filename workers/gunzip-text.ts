/**
 * A gzipped text grid dropped in the viewer (`dgm1.xyz.gz`, `dgm1.asc.gz`) inflated and decoded as UTF-8 in the
 * terrain worker (`DecompressionStream`, on the web and in Node), stopped as soon as it inflates past a bound,
 * so a small file that inflates a thousandfold never holds more than that bound.
 */
import { DgmError } from '../src/core/terrain/dgm.ts';
import { errorMessage } from '../src/core/errors.ts';

/**
 * The text of the gzipped file `file` (named `name` in messages), of at most `maxBytes` inflated bytes. Throws
 * `DgmError` when it inflates past that, and when it is not gzip or is cut off.
 */
export async function gunzipText(file: Blob, name: string, maxBytes: number): Promise<string> {
  const inflated = file
    .stream()
    .pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  const reader = inflated.getReader();
  const decoder = new TextDecoder();
  const pieces: string[] = [];
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
    if (chunk.done) break;
    bytes += chunk.value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new DgmError(
        name,
        `inflates to more than the ${maxBytes} bytes a dropped text grid is read with; make a terrain tileset with npm run terrain`,
      );
    }
    pieces.push(decoder.decode(chunk.value, { stream: true }));
  }
  pieces.push(decoder.decode());
  return pieces.join('');
}
