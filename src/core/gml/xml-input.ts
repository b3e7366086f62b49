/**
 * The input side of the streaming XML tokenizer (`xml-tokenizer.ts`, which extends this class): the
 * buffer of the current chunk and the incomplete token carried over from the last one, line and column
 * counting (lazy), and the memory bounds: a token that outgrows `maxTokenChars` is skipped streaming
 * (comments, processing instructions), passed on in pieces (CDATA), cut (attribute values, a warning) or
 * an error (any other tag).
 */
import * as xmlSyntaxModule from './xml-syntax.ts';
import { XmlSyntaxError } from './xml-syntax.ts';
import type { XmlTokenHandler, XmlTokenizerOptions, SkipState } from './xml-syntax.ts';

// Local bindings: module namespace getters (CommonJS interop in tsx and Vitest) cost on hot paths.
const {
  XML_TOKENIZER_DEFAULTS,
  SLASH,
  EQUALS,
  QUOTE,
  APOSTROPHE,
  BANG,
  NOT_FOUND,
  INTERNED_NAME_SLOTS,
  sameChars,
  isSpace,
  endsName,
  cutPoint,
  normalizeNewlines,
} = xmlSyntaxModule;

/** Buffer, positions, line counting and token limits of `XmlTokenizer` (see the module comment). */
export abstract class XmlInput {
  /** Set by the handler while it wants the text of the current element. */
  textWanted = false;
  /**
   * Whether the handler may keep the text it is given (the default): short texts are then copied out of
   * their chunk. A handler that only parses the text (coordinates) clears it, and gets slices.
   */
  textKept = true;
  /** Whether the start tag just given to `openTag` has `xmlns` or `xmlns:…` attributes. */
  declaresNamespaces = false;

  protected readonly handler: XmlTokenHandler;
  protected readonly maxTokenChars: number;
  protected readonly maxAttributeValueChars: number;
  /** Set while a token that outgrew `maxTokenChars` is skipped streaming. */
  protected skip: SkipState | undefined;
  /** Characters since the last newline, at the end of the input skipped so far (for columns). */
  protected skipColumn = 0;
  protected buffer = '';
  /** Next unread index in `buffer`. */
  protected position = 0;
  /** Open elements (qualified names). */
  protected readonly openElements: string[] = [];
  protected sawRoot = false;
  /** Interned element and attribute names by hash of their characters (collisions replace). */
  protected readonly names: (string | undefined)[] = new Array<string | undefined>(INTERNED_NAME_SLOTS).fill(
    undefined,
  );
  protected started = false;
  protected closed = false;
  // lazy line counting: lines before `countedTo` are counted; `lineStart` is the index after the last newline
  protected lineCount = 1;
  protected countedTo = 0;
  protected lineStart = 0;
  /** Index of the next newline at or after `countedTo` (NOT_FOUND: none in the buffer), -1: not searched yet. */
  protected nextNewline = -1;
  /** Index of the next '&' in the buffer when last searched (NOT_FOUND: none), -1: not searched yet. */
  protected nextAmpersand = -1;

  constructor(handler: XmlTokenHandler, options: XmlTokenizerOptions = {}) {
    this.handler = handler;
    this.maxTokenChars = options.maxTokenChars ?? XML_TOKENIZER_DEFAULTS.maxTokenChars;
    this.maxAttributeValueChars =
      options.maxAttributeValueChars ?? XML_TOKENIZER_DEFAULTS.maxAttributeValueChars;
  }

  /** Qualified name of the innermost open element, if any. */
  get innermostElement(): string | undefined {
    return this.openElements[this.openElements.length - 1];
  }

  /** 1-based line of the read position (the end of the last token). */
  get line(): number {
    this.countLines();
    return this.lineCount;
  }

  /** 0-based column (UTF-16 code units) of the read position. */
  get column(): number {
    this.countLines();
    return this.position - this.lineStart;
  }

  protected countLines(): void {
    const buffer = this.buffer;
    const end = this.position;
    if (end <= this.countedTo) return;
    // the next newline is cached: indexOf cannot stop at `end`, so each newline is searched for once
    let newline = this.nextNewline;
    if (newline < this.countedTo) newline = buffer.indexOf('\n', this.countedTo);
    if (newline < 0) newline = NOT_FOUND;
    while (newline < end) {
      this.lineCount++;
      this.lineStart = newline + 1;
      newline = buffer.indexOf('\n', newline + 1);
      if (newline < 0) newline = NOT_FOUND;
    }
    this.nextNewline = newline;
    this.countedTo = end;
  }

  /** Drops `buffer[0, cut)`: counts its lines first so positions stay right. */
  protected rebase(cut: number): void {
    const saved = this.position;
    this.position = cut;
    this.countLines();
    this.position = saved;
    this.countedTo -= cut;
    this.lineStart -= cut;
    this.nextNewline = -1;
    this.nextAmpersand = -1;
  }

  /**
   * After a scan: when the incomplete token at the read position has outgrown `maxTokenChars`, skips it
   * streaming from here on (see the module comment) or throws for a tag that never ends.
   */
  protected limitToken(): void {
    const buffer = this.buffer;
    const start = this.position;
    if (buffer.length - start <= this.maxTokenChars) return;
    if (sameChars(buffer, start, '<!--')) {
      this.beginSkip('comment', '-->', start, start + 4);
    } else if (sameChars(buffer, start, '<?')) {
      this.beginSkip('processing instruction', '?>', start, start + 2);
    } else if (sameChars(buffer, start, '<![CDATA[')) {
      if (this.openElements.length === 0) throw new XmlSyntaxError('malformed', 'CDATA outside of root node');
      this.beginSkip('CDATA section', ']]>', start, start + 9);
    } else if (buffer.charCodeAt(start + 1) === BANG) {
      throw new XmlSyntaxError(
        'malformed',
        `a declaration longer than ${this.maxTokenChars} characters (a DOCTYPE that never ends?)`,
      );
    } else if (buffer.charCodeAt(start + 1) === SLASH) {
      throw new XmlSyntaxError(
        'malformed',
        `an end tag longer than ${this.maxTokenChars} characters (a tag that never ends?)`,
      );
    } else {
      this.limitStartTag(start);
    }
  }

  /**
   * An incomplete start tag at `start` that outgrew the limit: when it ends inside a long attribute value,
   * keeps the tag up to `maxAttributeValueChars` of the value and skips the rest of the value streaming.
   */
  protected limitStartTag(start: number): void {
    const buffer = this.buffer;
    const length = buffer.length;
    let index = start + 1;
    while (index < length && !endsName(buffer.charCodeAt(index))) index++;
    const name = buffer.slice(start + 1, Math.min(index, start + 101));
    const tooLong = (): XmlSyntaxError =>
      new XmlSyntaxError(
        'malformed',
        `start tag <${name}> longer than ${this.maxTokenChars} characters (a tag that never ends?)`,
      );
    // find the attribute value the tag ends in, if any (the scan has already checked the syntax before it)
    for (;;) {
      while (index < length && isSpace(buffer.charCodeAt(index))) index++;
      const nameStart = index;
      while (index < length && !endsName(buffer.charCodeAt(index))) index++;
      const attributeName = buffer.slice(nameStart, Math.min(index, nameStart + 100));
      while (index < length && isSpace(buffer.charCodeAt(index))) index++;
      if (index >= length || buffer.charCodeAt(index) !== EQUALS) throw tooLong();
      index++;
      while (index < length && isSpace(buffer.charCodeAt(index))) index++;
      const quote = buffer.charCodeAt(index);
      if (quote !== QUOTE && quote !== APOSTROPHE) throw tooLong();
      const valueStart = index + 1;
      const valueEnd = buffer.indexOf(quote === QUOTE ? '"' : "'", valueStart);
      if (valueEnd >= 0) {
        index = valueEnd + 1;
        continue;
      }
      if (length - valueStart <= this.maxAttributeValueChars) throw tooLong();
      const cut = cutPoint(buffer, valueStart, this.maxAttributeValueChars);
      if (cut - start > this.maxTokenChars) throw tooLong();
      this.position = valueStart;
      const line = this.line;
      this.handler.warning?.(
        `attribute ${attributeName} of <${name}> longer than ${this.maxAttributeValueChars} characters: cut to its first ${cut - valueStart}`,
        line,
      );
      this.position = cut;
      this.countLines();
      this.skipColumn = cut - this.lineStart;
      this.skip = {
        kind: 'attribute value',
        terminator: quote === QUOTE ? '"' : "'",
        tail: '',
        prefix: buffer.slice(start, cut),
        line,
      };
      this.skipRange(buffer, cut, length);
      this.buffer = '';
      this.position = 0;
      return;
    }
  }

  /** Starts skipping the token at `start` whose content starts at `contentStart` (the rest of the buffer). */
  protected beginSkip(
    kind: SkipState['kind'],
    terminator: string,
    start: number,
    contentStart: number,
  ): void {
    const buffer = this.buffer;
    this.position = start;
    const line = this.line;
    if (kind !== 'CDATA section') {
      this.handler.warning?.(
        `${kind} longer than ${this.maxTokenChars} characters skipped (expected none this long)`,
        line,
      );
    }
    this.position = contentStart;
    this.countLines();
    this.skipColumn = contentStart - this.lineStart;
    // the last characters may begin the terminator: they wait for the next chunk
    const keep = Math.max(contentStart, buffer.length - (terminator.length - 1));
    this.skip = { kind, terminator, tail: buffer.slice(keep), prefix: '', line };
    this.skipRange(buffer, contentStart, keep);
    this.buffer = '';
    this.position = 0;
  }

  /**
   * Skips `chunk` from `from` up to the end of the token being skipped: returns the index after it (the
   * tokenizer is then ready to go on there), or -1 when the chunk ends first.
   */
  protected continueSkip(chunk: string, from: number): number {
    const skip = this.skip as SkipState;
    const { terminator, tail } = skip;
    // the terminator may straddle the previous chunk and this one
    const head = tail + chunk.slice(from, from + terminator.length - 1);
    const inHead = tail === '' ? -1 : head.indexOf(terminator);
    let after: number;
    if (inHead >= 0) {
      this.skipRange(head, 0, inHead);
      after = from + inHead + terminator.length - tail.length;
    } else {
      const at = chunk.indexOf(terminator, from);
      if (at < 0) {
        const joined = chunk.length - from < terminator.length ? tail + chunk.slice(from) : undefined;
        if (joined !== undefined) {
          const keep = Math.max(0, joined.length - (terminator.length - 1));
          this.skipRange(joined, 0, keep);
          skip.tail = joined.slice(keep);
        } else {
          const keep = chunk.length - (terminator.length - 1);
          this.skipRange(tail, 0, tail.length);
          this.skipRange(chunk, from, keep);
          skip.tail = chunk.slice(keep);
        }
        return -1;
      }
      this.skipRange(tail, 0, tail.length);
      this.skipRange(chunk, from, at);
      after = at + terminator.length;
    }
    this.skip = undefined;
    this.skipColumn += terminator.length;
    if (skip.kind === 'attribute value') {
      // scan the start tag again: the kept part of the value and its closing quote, then the rest
      this.buffer = skip.prefix + terminator;
      this.position = 0;
      this.countedTo = this.buffer.length;
    } else {
      this.buffer = '';
      this.position = 0;
      this.countedTo = 0;
    }
    this.lineStart = this.countedTo - this.skipColumn;
    this.nextNewline = -1;
    this.nextAmpersand = -1;
    return after;
  }

  /** Input `text[start, end)` of a token being skipped: its lines are counted; CDATA goes on as text. */
  protected skipRange(text: string, start: number, end: number): void {
    if (end <= start) return;
    const skip = this.skip as SkipState;
    if (skip.kind === 'attribute value') {
      const lt = text.indexOf('<', start);
      if (lt >= 0 && lt < end) {
        throw new XmlSyntaxError(
          'malformed',
          `disallowed character < in the attribute value that starts on line ${skip.line}`,
        );
      }
    } else if (skip.kind === 'CDATA section' && this.textWanted) {
      this.handler.text(normalizeNewlines(text.slice(start, end)));
    }
    let newlines = 0;
    let last = -1;
    for (let at = text.indexOf('\n', start); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) {
      newlines++;
      last = at;
    }
    this.lineCount += newlines;
    this.skipColumn = last < 0 ? this.skipColumn + end - start : end - last - 1;
  }
}
