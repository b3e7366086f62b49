/**
 * UTF-8 decoding of a document's byte chunks, each chunk decoded whole (not streaming): the platforms'
 * fast paths (Node's simdutf `decodeUTF8`, V8's one-byte strings) are taken only by a decoder that is
 * never asked to stream; Node's `TextDecoder` leaves its fast path for good after one `stream: true`
 * call. A character cut by a chunk's end is carried to the next chunk, so the text is the same as one
 * streaming decoder's, replacement characters for invalid bytes included. Platform-free.
 */
import type { ChunkTextDecoder, TextDecoderFactory } from './documents.ts';

/**
 * Where `bytes` may be cut so that no UTF-8 sequence is split: its length, or the index of the lead byte
 * of an incomplete sequence at its end. A decoder has no pending bytes at that index, so decoding the
 * bytes before and after it separately gives the text of decoding them together (an invalid sequence
 * before it ends there with the same one replacement character as at the end of the input).
 */
export function utf8CutPoint(bytes: Uint8Array): number {
  const end = bytes.byteLength;
  for (let back = 1; back <= 3 && back <= end; back++) {
    const byte = bytes[end - back]!;
    if (byte < 0x80) return end; // ASCII: nothing pending after it
    if (byte >= 0xc0) {
      const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return back < needs ? end - back : end;
    }
    // a continuation byte: its lead byte is further back
  }
  return end;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

const BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * A streaming UTF-8 decoder (the `ChunkTextDecoder` contract: `stream: true` keeps an incomplete character
 * for the next call, a call without it ends the input) over a platform decoder that only ever decodes
 * whole chunks. A byte order mark at the start of the input is dropped, as `TextDecoder` does by default;
 * U+FEFF anywhere else is kept.
 */
export class Utf8ChunkDecoder implements ChunkTextDecoder {
  private readonly whole: ChunkTextDecoder;
  /** The start of a character cut by the last chunk's end (at most 3 bytes). */
  private carry: Uint8Array | undefined;
  /** Whether a byte order mark may still come (the input's first 3 bytes are not all seen yet). */
  private atStart = true;

  /** `textDecoder` must honour `ignoreBOM` (as `TextDecoder` does): each chunk is decoded on its own. */
  constructor(textDecoder: TextDecoderFactory) {
    this.whole = textDecoder('utf-8', { ignoreBOM: true });
  }

  decode(input: Uint8Array = new Uint8Array(0), options?: { stream?: boolean }): string {
    let bytes = this.carry ? concat(this.carry, input) : input;
    this.carry = undefined;
    if (this.atStart) {
      // the byte order mark, possibly cut by chunk ends
      let matched = 0;
      while (matched < bytes.byteLength && matched < 3 && bytes[matched] === BOM[matched]) matched++;
      if (matched === 3) {
        bytes = bytes.subarray(3);
        this.atStart = false;
      } else if (matched === bytes.byteLength && options?.stream) {
        this.carry = bytes.slice(); // all of it may still be the mark
        return '';
      } else {
        this.atStart = false;
      }
    }
    if (!options?.stream) return this.whole.decode(bytes);
    const cut = utf8CutPoint(bytes);
    if (cut < bytes.byteLength) this.carry = bytes.slice(cut);
    return this.whole.decode(cut < bytes.byteLength ? bytes.subarray(0, cut) : bytes);
  }
}
