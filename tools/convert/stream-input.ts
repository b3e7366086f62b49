/**
 * CityGML read from a stream (the CLI's `-`: standard input, e.g. a generator piped into the converter)
 * cut into in-memory pieces that the worker threads read like the pieces of a large file
 * (`splitSource`): each piece is the document head (everything before the first member, see `findHead`),
 * a run of whole members, and the root's end tag. Only a bounded number of pieces is held at once
 * (the consumer pulls them), so a 6 GB stream needs neither a 6 GB file nor 6 GB of memory.
 */
import { createHash } from 'node:crypto';
import { BufferPool } from './buffer-pool.ts';
import { endsTag, findHead, HEAD_SEARCH_BYTES } from './inputs.ts';
import type { InputSource } from './inputs.ts';
import { MarkupCursor } from './markup.ts';

/** Target bytes of one piece's members (the last piece may be larger by one member, or smaller). */
export const STREAM_PIECE_BYTES = 4 * 1024 * 1024;

/** The name a stream input has in the report and in messages. */
export const STDIN_NAME = '-';

/** What `streamPieces` learned about the whole stream once it ended. */
export interface StreamTotals {
  /** Bytes read from the stream. */
  bytes: number;
  /** SHA-256 of all bytes read (hex), as `report.json` lists for file inputs. */
  sha256: string;
}

/**
 * Index of the first `tag` at or after `from` that is followed by a tag-name end; -1 if none, or
 * -2 when the only candidate ends the buffer (its next byte has not arrived yet).
 */
function findTag(buffer: Buffer, tag: Buffer, from: number): number {
  for (let k = buffer.indexOf(tag, from); k >= 0; k = buffer.indexOf(tag, k + 1)) {
    const after = buffer[k + tag.length];
    if (after === undefined) return -2;
    if (endsTag(after)) return k;
  }
  return -1;
}

/** Bytes at the start of a document searched for signs of UTF-16 (a byte order mark, an `encoding`). */
const ENCODING_BYTES = 4096;

/**
 * Reads `stream` (bytes of one CityGML document) and yields it as in-memory `InputSource` pieces of
 * about `pieceBytes` each, in stream order (`piece.index` 0, 1, …; `piece.count` 0: not known ahead).
 * A piece's `data` is the head and its members in one buffer taken from `buffers` (filling fresh
 * memory costs a page fault per 4 KiB); whoever read the piece gives `data.buffer` back there. A
 * document that cannot be cut (UTF-16, no member found in its first 16 MiB) is yielded whole as
 * one piece. `totals` is filled when the stream has ended. Pull-driven: the stream is paused while the
 * consumer does not ask for the next piece.
 */
export async function* streamPieces(
  stream: AsyncIterable<Buffer | string>,
  totals: StreamTotals,
  pieceBytes = STREAM_PIECE_BYTES,
  buffers = new BufferPool(),
): AsyncGenerator<InputSource> {
  const hash = createHash('sha256');
  let bytes = 0;
  /** Bytes before the head was found (or all of them, when the document cannot be cut). */
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let head: Buffer | undefined;
  let memberTag: Buffer | undefined;
  let closing = '';
  let cuttable = true;
  let index = 0;
  /** Start of the current piece's members in the stream (bytes), for `piece.start`. */
  let rangeStart = 0;
  /** Once the head is known: the piece being filled (the head, then members) and its bytes so far. */
  let current = new Uint8Array(0);
  let fill = 0;
  /** Bytes of `current` already searched without finding a cut (no need to search them again). */
  let searched = 0;
  /** Where comments, CDATA sections and processing instructions lie in `current`, read so far. */
  const markup = new MarkupCursor();
  /** Bytes in `pending` when the head was last searched for. */
  let headSearched = 0;
  /**
   * Most bytes appended to `current` at a time: each cut copies the bytes read past it into the next
   * piece, so a larger chunk would be copied once per piece in it (a 107 MB string in 1 MiB pieces: 28 s;
   * now 1.6 s).
   */
  const step = Math.max(pieceBytes, 1 << 16);

  const take = (): Buffer => {
    const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [all];
    return all;
  };
  /** Starts the next piece's buffer: the head, then `rest` (members already read past the last cut). */
  const startPiece = (rest: Uint8Array) => {
    const headBytes = head!.byteLength;
    const needed = headBytes + rest.byteLength;
    current = new Uint8Array(buffers.take(Math.max(needed, headBytes + 2 * pieceBytes)));
    current.set(head!, 0);
    current.set(rest, headBytes);
    fill = needed;
    searched = 0;
    markup.reset(headBytes);
  };
  const append = (chunk: Uint8Array) => {
    if (fill + chunk.byteLength > current.byteLength) {
      // A member larger than a piece: a larger buffer, the old one back to the pool
      const grown = new Uint8Array(buffers.take(Math.ceil((fill + chunk.byteLength) * 1.5)));
      grown.set(current.subarray(0, fill), 0);
      buffers.give(current.buffer as ArrayBuffer);
      current = grown;
    }
    current.set(chunk, fill);
    fill += chunk.byteLength;
  };
  const piece = (data: Uint8Array, last: boolean): InputSource => {
    const headBytes = head!.byteLength;
    const members = data.byteLength - headBytes;
    const source: InputSource = {
      path: STDIN_NAME,
      name: STDIN_NAME,
      size: (index === 0 ? headBytes : 0) + members,
      kind: 'xml',
      data,
      piece: {
        index,
        count: 0,
        headEnd: headBytes,
        start: rangeStart,
        end: rangeStart + members,
        closing: last ? '' : closing,
      },
    };
    index += 1;
    rangeStart += members;
    return source;
  };

  /**
   * Searches the bytes read so far for the head. Once it is found, returns the bytes read past it (to be
   * appended to the first piece); undefined while it is not, or when the document cannot be cut.
   */
  const searchHead = (): Buffer | undefined => {
    headSearched = pendingBytes;
    const all = take();
    const text = all.subarray(0, Math.min(all.byteLength, HEAD_SEARCH_BYTES)).toString('latin1');
    if (/^(\xfe\xff|\xff\xfe)|encoding=["'](utf-?16|ucs)/i.test(text.slice(0, ENCODING_BYTES))) {
      cuttable = false;
      return undefined;
    }
    const found = findHead(text, all.byteLength >= HEAD_SEARCH_BYTES);
    if (found === 'more') return undefined;
    if (!found) {
      cuttable = false;
      return undefined;
    }
    head = Buffer.from(all.subarray(0, found.headEnd));
    memberTag = found.memberTag;
    closing = found.closing;
    rangeStart = found.headEnd;
    startPiece(new Uint8Array(0));
    pending = [];
    pendingBytes = 0;
    return all.subarray(found.headEnd);
  };
  /**
   * Appends `bytes` to the piece being filled and cuts as many whole pieces as have arrived: at the first
   * member tag after `pieceBytes` of members that lies outside any comment, CDATA section or processing
   * instruction.
   */
  function* fillAndCut(bytes: Uint8Array): Generator<InputSource> {
    const headBytes = head!.byteLength;
    for (let from = 0; from < bytes.byteLength; from += step) {
      append(bytes.subarray(from, from + step));
      while (fill - headBytes > pieceBytes) {
        const filled = Buffer.from(current.buffer, current.byteOffset, fill);
        const at = findTag(filled, memberTag!, Math.max(headBytes + pieceBytes, searched));
        if (at < 0) {
          searched = Math.max(searched, fill - memberTag!.byteLength - 1);
          break;
        }
        const scan = markup.scan(filled, at);
        if (!('at' in scan)) {
          // the tag may lie in one that has not ended yet: found again (at once) when more has arrived
          searched = at;
          break;
        }
        if (scan.at !== at) {
          searched = scan.at; // the tag is inside one: look on after its end
          continue;
        }
        const full = current;
        startPiece(full.subarray(at, fill));
        yield piece(full.subarray(0, at), false);
      }
    }
  }

  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    hash.update(buffer);
    bytes += buffer.byteLength;
    if (head) {
      yield* fillAndCut(buffer);
      continue;
    }
    const before = pendingBytes;
    pending.push(buffer);
    pendingBytes += buffer.byteLength;
    if (!cuttable) continue;
    // Searched again from the start only once the bytes read have doubled (a long comment in the head,
    // arriving in small chunks, was read again with each chunk: 36 s for 4 MB in 4 KiB chunks; now 0.4 s),
    // but with each chunk while the first bytes that tell UTF-16 arrive, so that it is seen at the same
    // chunk as before. A head found later is the same: `findHead` decides on the bytes before where it stops.
    const due =
      before < ENCODING_BYTES || pendingBytes >= 2 * headSearched || pendingBytes >= HEAD_SEARCH_BYTES;
    if (!due) continue;
    const rest = searchHead();
    if (rest) yield* fillAndCut(rest);
  }
  if (!head && cuttable && pendingBytes > headSearched) {
    // the bytes read since the last search
    const rest = searchHead();
    if (rest) yield* fillAndCut(rest);
  }
  totals.bytes = bytes;
  totals.sha256 = hash.digest('hex');
  if (bytes === 0) return;
  if (!head) {
    // Not cut: the whole document, as it came.
    const rest = take();
    yield {
      path: STDIN_NAME,
      name: STDIN_NAME,
      size: rest.byteLength,
      kind: 'xml',
      data: new Uint8Array(rest.buffer, rest.byteOffset, rest.byteLength),
    };
    return;
  }
  yield piece(current.subarray(0, fill), true);
}
