/**
 * Lists the entry names of a ZIP held as a Blob by reading only its end (central directory), so a large
 * ZIP can be classified (tileset archive or CityGML files) without reading it whole.
 */

const END_RECORD_SIGNATURE = 0x06054b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;

/** Entry names of the ZIP `blob`, from its central directory; throws when no end record is found. */
export async function listZipEntries(blob: Blob): Promise<string[]> {
  const tailStart = Math.max(0, blob.size - (65_535 + 22));
  const tail = new Uint8Array(await blob.slice(tailStart).arrayBuffer());
  const tailView = new DataView(tail.buffer);
  let end = -1;
  for (let at = tail.length - 22; at >= 0; at -= 1) {
    if (tailView.getUint32(at, true) === END_RECORD_SIGNATURE) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error('ZIP reader: no end of central directory record (not a ZIP, or truncated)');
  const count = tailView.getUint16(end + 10, true);
  const size = tailView.getUint32(end + 12, true);
  const offset = tailView.getUint32(end + 16, true);
  const directory = new Uint8Array(await blob.slice(offset, offset + size).arrayBuffer());
  const view = new DataView(directory.buffer);
  const decoder = new TextDecoder();
  const names: string[] = [];
  let at = 0;
  for (let i = 0; i < count && at + 46 <= directory.length; i += 1) {
    if (view.getUint32(at, true) !== CENTRAL_HEADER_SIGNATURE) {
      throw new Error('ZIP reader: damaged central directory');
    }
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    names.push(decoder.decode(directory.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
