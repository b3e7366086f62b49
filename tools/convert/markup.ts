/**
 * Where comments, CDATA sections and processing instructions lie in CityGML bytes, so that a file or a stream
 * is never cut inside one (a member tag written in a comment is no member). Shared by the file splitter
 * (`splitSource`, inputs.ts) and the stream splitter (stream-input.ts).
 */

/** The bytes that open and close comments, CDATA sections and processing instructions (`<?` opens those). */
const COMMENT_OPEN = Buffer.from('<!--', 'latin1');
const CDATA_OPEN = Buffer.from('<![CDATA[', 'latin1');
const COMMENT_CLOSE = Buffer.from('-->', 'latin1');
const CDATA_CLOSE = Buffer.from(']]>', 'latin1');
const PI_CLOSE = Buffer.from('?>', 'latin1');

/** Whether `buffer` holds `prefix` at `at`: true, false, or undefined when it ends before telling. */
function holds(buffer: Buffer, at: number, prefix: Buffer): boolean | undefined {
  const available = Math.min(prefix.length, buffer.length - at);
  if (buffer.compare(prefix, 0, available, at, at + available) !== 0) return false;
  return available === prefix.length ? true : undefined;
}

/**
 * What `skipMarkup` found: `at`, a position at or after `to` that lies outside any comment, CDATA
 * section or processing instruction; or `open`, where one begins that does not end within the buffer
 * (`close`: the bytes that end it, undefined when the buffer ends before its kind is known).
 */
export type MarkupScan = { at: number } | { open: number; close: Buffer | undefined };

/** The next `<!` or `<?` of a growing buffer: where it begins (-1: none yet), and where to search on. */
interface NextOpen {
  /** Byte offset of the `<`, or -1 when none was found before `from`. */
  at: number;
  /** Byte offset from which no `<` + `second` has been searched for yet. */
  from: number;
}

/** The first `<` followed by `second` at or after `pos`, searching only the bytes not searched before. */
function nextOpen(buffer: Buffer, second: number, next: NextOpen, pos: number): number {
  if (next.at >= pos) return next.at;
  const from = Math.max(pos, next.from);
  next.at = -1;
  for (let k = buffer.indexOf(second, from + 1); k >= 0; k = buffer.indexOf(second, k + 1)) {
    if (buffer[k - 1] === 0x3c) {
      next.at = k - 1;
      break;
    }
  }
  // a `<` in the last byte may yet be followed by `second`
  next.from = next.at >= 0 ? next.at : Math.max(from, buffer.length - 1);
  return next.at;
}

/**
 * `skipMarkup` for a buffer that grows at its end (the piece being filled, chunk by chunk), resumed where
 * the last call stopped: the bytes already read are not read again. Searching from the start of a comment,
 * CDATA section or processing instruction with each chunk that does not end it took time quadratic in its
 * length (a 200 MB comment in 64 KiB chunks: 84 s; now 4.4 s, most of it filling the 200 MB piece), and so
 * did searching for `<?` to the end of a chunk once per member tag found in a comment (200 000 small
 * comments in one 6 MB chunk: 10 s; now 0.4 s).
 */
export class MarkupCursor {
  /** Byte offset known to lie outside any comment, CDATA section or processing instruction. */
  private pos = 0;
  private readonly bang: NextOpen = { at: -1, from: 0 };
  private readonly question: NextOpen = { at: -1, from: 0 };
  /** One that began at byte `open` and had not ended: its end (`close`) is searched for from byte `resume`. */
  private open = -1;
  private close: Buffer | undefined;
  private resume = 0;

  /** Starts over at byte `pos` of a new buffer (outside any markup). */
  reset(pos: number): void {
    this.pos = pos;
    this.bang.at = this.question.at = -1;
    this.bang.from = this.question.from = pos;
    this.close = undefined;
  }

  /**
   * What `skipMarkup(buffer, pos, to)` finds, `pos` being where the last call left off (`to`: a byte
   * offset). `buffer` holds the bytes the last call was given and maybe more after them, and `to` is not
   * before the last call's `to`: one still open then began before it.
   */
  scan(buffer: Buffer, to: number): MarkupScan {
    for (;;) {
      if (this.close) {
        const end = buffer.indexOf(this.close, this.resume);
        if (end < 0) {
          // the bytes that end it may begin in the last bytes here and end in the next chunk
          this.resume = Math.max(this.resume, buffer.length - this.close.length + 1);
          return { open: this.open, close: this.close };
        }
        this.pos = end + this.close.length;
        this.close = undefined;
      }
      const bang = nextOpen(buffer, 0x21, this.bang, this.pos);
      const question = nextOpen(buffer, 0x3f, this.question, this.pos);
      const open = bang < 0 ? question : question < 0 ? bang : Math.min(bang, question);
      if (open < 0 || open >= to) {
        this.pos = Math.max(this.pos, to);
        return { at: this.pos };
      }
      let close: Buffer | undefined;
      let skip = 2;
      if (open === question) close = PI_CLOSE;
      else {
        const comment = holds(buffer, open, COMMENT_OPEN);
        const cdata = holds(buffer, open, CDATA_OPEN);
        if (comment) [close, skip] = [COMMENT_CLOSE, 4];
        else if (cdata) [close, skip] = [CDATA_CLOSE, 9];
        else if (comment === undefined || cdata === undefined) {
          this.pos = open; // its kind is known once more bytes have arrived
          return { open, close: undefined };
        }
      }
      if (!close) {
        this.pos = open + 2; // another declaration (not in a document's body): not markup that hides tags
        continue;
      }
      this.open = open;
      this.close = close;
      this.resume = open + skip;
    }
  }
}

/**
 * Scans `buffer` from `from` (a position outside any comment, CDATA section or processing instruction)
 * for those that begin before `to`: `to` itself when none covers it, else the end of the one that does.
 * Looks only for the byte pairs `<!` and `<?` (a memchr-fast search; a body of members rarely has any),
 * and reads markup only where one occurs.
 */
export function skipMarkup(buffer: Buffer, from: number, to: number): MarkupScan {
  const cursor = new MarkupCursor();
  cursor.reset(from);
  return cursor.scan(buffer, to);
}
