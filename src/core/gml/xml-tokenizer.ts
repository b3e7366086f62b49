/**
 * A small streaming XML tokenizer for the GML readers (CityGML, XPlanGML): start tags with their attributes
 * (qualified names as written; namespace prefixes are resolved by the reader), end tags, and text only
 * while the handler asks for it (`textWanted`). Comments and processing instructions are skipped; the
 * DOCTYPE is handed to the handler unparsed (entities are never expanded). Checks well-formedness as
 * far as the reader depends on it: tag nesting, one root element, no text outside it, predefined
 * entities and character references only. Chunks may be split anywhere; only the incomplete tail of a
 * chunk is kept between writes. Platform-free.
 *
 * Memory stays bounded whatever the input: text is never buffered (it goes to the handler in pieces, or
 * is skipped in place); an incomplete token carried between chunks is bounded by `maxTokenChars`. Beyond
 * it a comment or processing instruction is skipped streaming (a warning), a CDATA section goes on to the
 * handler in pieces (or is skipped), an attribute value is cut to `maxAttributeValueChars` and the rest
 * skipped streaming (a warning), and any other tag is an error (a tag that never ends).
 */

/** Receives the tokens of a document, in order. */
export interface XmlTokenHandler {
  /** A start tag; `attributes` by qualified name, values with entities decoded. Self-closing tags get `closeTag` next. */
  openTag(name: string, attributes: Record<string, string>): void;
  /** The end of the element opened last. */
  closeTag(): void;
  /** Text (character data, entities decoded; CDATA sections too), only while `textWanted` is set; may come in pieces. */
  text(text: string): void;
  /** The DOCTYPE declaration's content after `<!DOCTYPE` (internal subset included). */
  doctype(body: string): void;
  /** Input that was cut or skipped to keep memory bounded; `line` is 1-based, where it starts. */
  warning?(message: string, line: number): void;
}

/** Limits of `XmlTokenizer`, in UTF-16 code units (characters of the decoded document). */
export interface XmlTokenizerOptions {
  /**
   * The most an incomplete token (a start tag, comment, CDATA section, …) may hold while it waits for
   * the next chunk; beyond it the token is skipped streaming or is an error (see the module comment).
   */
  maxTokenChars?: number;
  /** Attribute values are cut to this length (a warning names the attribute and its line). */
  maxAttributeValueChars?: number;
}

/**
 * Defaults of `XmlTokenizerOptions`. CityGML tags are short (the longest in real files are root
 * elements with a few dozen namespace declarations, a few KiB): 1 Mi characters leave a wide margin and
 * keep a hostile tag to a few MB of heap; 64 Ki characters hold any real id, URI or srsName.
 */
export const XML_TOKENIZER_DEFAULTS: Required<XmlTokenizerOptions> = {
  maxTokenChars: 1 << 20,
  maxAttributeValueChars: 1 << 16,
};

/** What went wrong in an `XmlSyntaxError`. */
export type XmlSyntaxErrorKind = 'unclosed-element' | 'undefined-entity' | 'no-root' | 'malformed';

/** A well-formedness fault; `detail` names the element for `unclosed-element`, else describes the fault. */
export class XmlSyntaxError extends Error {
  kind: XmlSyntaxErrorKind;
  detail: string;

  constructor(kind: XmlSyntaxErrorKind, detail: string) {
    super(`XML tokenizer: ${detail}`);
    this.name = 'XmlSyntaxError';
    this.kind = kind;
    this.detail = detail;
  }
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const EQUALS = 61;
const QUOTE = 34;
const APOSTROPHE = 39;
const BANG = 33;
const QUESTION = 63;
const CARRIAGE_RETURN = 13;

const EMPTY_ATTRIBUTES: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

/** Beyond any index of a string (a small integer, unlike Infinity, keeps comparisons fast). */
const NOT_FOUND = 0x3fffffff;

/** Slots of the table of element and attribute names remembered for reuse (a power of two). */
const INTERNED_NAME_SLOTS = 4096;

/** Whether `buffer` holds `text` at `start` (a plain loop: `startsWith` with a position is slow). */
function sameChars(buffer: string, start: number, text: string): boolean {
  const length = text.length;
  if (start + length > buffer.length) return false;
  for (let i = 0; i < length; i++) {
    if (buffer.charCodeAt(start + i) !== text.charCodeAt(i)) return false;
  }
  return true;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

/** Characters that end a name (whitespace, '/', '=', '>'), by code up to '>' (62). */
const NAME_ENDS = new Uint8Array(63);
for (const char of ' \n\t\r/=>') NAME_ENDS[char.charCodeAt(0)] = 1;

/** Ends a name: whitespace, '/', '>', '=' (names are mostly letters above '>': one comparison). */
function endsName(code: number): boolean {
  return code <= GT && NAME_ENDS[code] === 1;
}

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the predefined entities and character references in `raw` (which contains '&'). */
function decodeEntities(raw: string): string {
  let result = '';
  let from = 0;
  for (;;) {
    const amp = raw.indexOf('&', from);
    if (amp < 0) break;
    const semicolon = raw.indexOf(';', amp + 1);
    if (semicolon < 0) throw new XmlSyntaxError('malformed', 'unterminated entity reference');
    result += raw.slice(from, amp) + decodeEntity(raw.slice(amp + 1, semicolon));
    from = semicolon + 1;
  }
  return result + raw.slice(from);
}

function decodeEntity(name: string): string {
  if (name.charCodeAt(0) === 35 /* # */) {
    const hex = name.charCodeAt(1) === 120; /* x */
    const digits = name.slice(hex ? 2 : 1);
    const code =
      digits !== '' && (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)
        ? parseInt(digits, hex ? 16 : 10)
        : NaN;
    if (!(code >= 1 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) {
      throw new XmlSyntaxError('malformed', `malformed character reference &${name};`);
    }
    return String.fromCodePoint(code);
  }
  const value = Object.prototype.hasOwnProperty.call(PREDEFINED_ENTITIES, name)
    ? PREDEFINED_ENTITIES[name]
    : undefined;
  if (value === undefined) throw new XmlSyntaxError('undefined-entity', `undefined entity &${name};`);
  return value;
}

/** A token skipped (or passed on as text) streaming because it outgrew `maxTokenChars`. */
interface SkipState {
  kind: 'comment' | 'processing instruction' | 'CDATA section' | 'attribute value';
  terminator: string;
  /** The last characters seen, which may begin the terminator (fewer than it has). */
  tail: string;
  /** Attribute values: the start tag up to the cut, scanned again once the value ends. */
  prefix: string;
  /** 1-based line where the token starts, for messages. */
  line: number;
}

/**
 * Where to cut `buffer[start, end)` at most `max` characters long: not inside an entity reference (it
 * would no longer decode) nor between the halves of a surrogate pair.
 */
function cutPoint(buffer: string, start: number, max: number): number {
  let cut = start + max;
  for (let i = cut - 1; i >= start && i >= cut - 64; i--) {
    const char = buffer.charCodeAt(i);
    if (char === 59 /* ; */) break;
    if (char === 38 /* & */) {
      cut = i;
      break;
    }
  }
  const last = buffer.charCodeAt(cut - 1);
  if (cut > start && last >= 0xd800 && last <= 0xdbff) cut--;
  return cut;
}

function normalizeNewlines(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');
}

function normalizeAttributeValue(raw: string): string {
  let value = raw;
  if (/[\t\n\r]/.test(value)) value = value.replace(/\r\n|[\t\n\r]/g, ' ');
  return value.indexOf('&') < 0 ? value : decodeEntities(value);
}

/** Streaming tokenizer: `write` chunks, then `close`; throws `XmlSyntaxError` on malformed input. */
export class XmlTokenizer {
  /** Set by the handler while it wants the text of the current element. */
  textWanted = false;
  /** Whether the start tag just given to `openTag` has `xmlns` or `xmlns:…` attributes. */
  declaresNamespaces = false;

  private readonly handler: XmlTokenHandler;
  private readonly maxTokenChars: number;
  private readonly maxAttributeValueChars: number;
  /** Set while a token that outgrew `maxTokenChars` is skipped streaming. */
  private skip: SkipState | undefined;
  /** Characters since the last newline, at the end of the input skipped so far (for columns). */
  private skipColumn = 0;
  private buffer = '';
  /** Next unread index in `buffer`. */
  private position = 0;
  /** Open elements (qualified names). */
  private readonly openElements: string[] = [];
  private sawRoot = false;
  /** Interned element and attribute names by hash of their characters (collisions replace). */
  private readonly names: (string | undefined)[] = new Array<string | undefined>(INTERNED_NAME_SLOTS).fill(
    undefined,
  );
  private started = false;
  private closed = false;
  // lazy line counting: lines before `countedTo` are counted; `lineStart` is the index after the last newline
  private lineCount = 1;
  private countedTo = 0;
  private lineStart = 0;
  /** Index of the next newline at or after `countedTo` (NOT_FOUND: none in the buffer), -1: not searched yet. */
  private nextNewline = -1;
  /** Index of the next '&' in the buffer when last searched (NOT_FOUND: none), -1: not searched yet. */
  private nextAmpersand = -1;

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

  private countLines(): void {
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

  /** Feeds the next piece of the document. */
  write(chunk: string): void {
    if (this.closed) throw new XmlSyntaxError('malformed', 'write after close');
    if (!this.started) {
      if (chunk.length === 0) return;
      this.started = true;
      this.buffer = chunk;
      this.position = chunk.charCodeAt(0) === 0xfeff ? 1 : 0;
      this.scan(false);
      this.limitToken();
      return;
    }
    // An incomplete token carried over is completed with pieces of the chunk up to the next '>' (small
    // copies); then the chunk is scanned in place, never copied whole (large strings would fill the heap).
    let from = 0;
    for (;;) {
      if (this.skip !== undefined) {
        from = this.continueSkip(chunk, from);
        if (from < 0) return;
      }
      for (let pieces = 0; this.skip === undefined && this.position < this.buffer.length; pieces++) {
        if (from >= chunk.length) return;
        const close = pieces < 8 ? chunk.indexOf('>', from) : -1;
        const end = close < 0 ? chunk.length : close + 1;
        const position = this.position;
        this.rebase(position);
        this.buffer = this.buffer.slice(position) + chunk.slice(from, end);
        this.position = 0;
        this.scan(false);
        this.limitToken();
        from = end;
      }
      if (this.skip === undefined) break;
    }
    // all carried input is consumed: continue in the chunk at `from` (its lines up to there are counted)
    this.rebase(this.buffer.length);
    this.buffer = chunk;
    this.position = from;
    this.countedTo = from;
    this.lineStart += from;
    this.scan(false);
    // a token that outgrows the limit here is skipped from the next chunk on: it took the rest of this one
    this.limitToken();
  }

  /** Ends the document: throws on an unfinished element or a missing root. */
  close(): void {
    if (this.closed) return;
    const skipping = this.skip;
    if (skipping !== undefined) {
      this.closed = true;
      const open = this.openElements[this.openElements.length - 1];
      if (open !== undefined) throw new XmlSyntaxError('unclosed-element', open);
      throw new XmlSyntaxError('malformed', `the document ends inside a ${skipping.kind}`);
    }
    this.scan(true);
    this.closed = true;
    // whatever is left is an incomplete token
    const rest = this.buffer.slice(this.position);
    this.position = this.buffer.length;
    const open = this.openElements[this.openElements.length - 1];
    if (open !== undefined) throw new XmlSyntaxError('unclosed-element', open);
    if (rest.trim() !== '') {
      throw new XmlSyntaxError(
        'malformed',
        `the document ends inside markup ${JSON.stringify(rest.slice(0, 20))}`,
      );
    }
    if (!this.sawRoot) throw new XmlSyntaxError('no-root', 'document must contain a root element');
  }

  /** Drops `buffer[0, cut)`: counts its lines first so positions stay right. */
  private rebase(cut: number): void {
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
  private limitToken(): void {
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
  private limitStartTag(start: number): void {
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
  private beginSkip(kind: SkipState['kind'], terminator: string, start: number, contentStart: number): void {
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
  private continueSkip(chunk: string, from: number): number {
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
  private skipRange(text: string, start: number, end: number): void {
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

  private scan(final: boolean): void {
    const buffer = this.buffer;
    const length = buffer.length;
    const handler = this.handler;
    let position = this.position;
    while (position < length) {
      if (buffer.charCodeAt(position) !== LT) {
        // text up to the next '<'
        let end = buffer.indexOf('<', position);
        if (end < 0) {
          if (!final) {
            // emit what is certainly complete: keep a partial entity and a trailing CR for the next chunk
            end = length;
            // only the tail can hold a cut entity reference (names longer than 60 characters are not expected)
            for (let i = length - 1; i >= position && i >= length - 64; i--) {
              const char = buffer.charCodeAt(i);
              if (char === 59 /* ; */) break;
              if (char === 38 /* & */) {
                end = i;
                break;
              }
            }
            if (end > position && buffer.charCodeAt(end - 1) === CARRIAGE_RETURN) end--;
            if (end <= position) break;
          } else {
            end = length;
          }
        }
        this.position = position;
        this.takeText(buffer, position, end);
        position = end;
        continue;
      }
      const next = position + 1 < length ? buffer.charCodeAt(position + 1) : -1;
      if (next === -1) break;
      if (next === SLASH) {
        const close = buffer.indexOf('>', position + 2);
        if (close < 0) break;
        this.position = close + 1;
        const open = this.openElements.pop();
        // the usual `</name>` compares as one string; with whitespace before '>', the name char by char
        let matches =
          open !== undefined &&
          (close - position - 2 === open.length
            ? buffer.slice(position + 2, close) === open
            : sameChars(buffer, position + 2, open));
        for (let i = position + 2 + (open?.length ?? 0); matches && i < close; i++) {
          if (!isSpace(buffer.charCodeAt(i))) matches = false;
        }
        if (!matches) {
          const name = buffer.slice(position + 2, close).trimEnd();
          if (open === undefined) throw new XmlSyntaxError('malformed', `unexpected close tag </${name}>`);
          throw new XmlSyntaxError('malformed', `unmatched closing tag: ${name} (open element ${open})`);
        }
        position = close + 1;
        handler.closeTag();
        continue;
      }
      if (next === BANG || next === QUESTION) {
        const end = this.scanSpecial(buffer, position);
        if (end < 0) break;
        position = end;
        continue;
      }
      const end = this.scanStartTag(buffer, position);
      if (end < 0) break;
      position = end;
    }
    this.position = position;
  }

  private findAmpersand(from: number): number {
    const found = this.buffer.indexOf('&', from);
    this.nextAmpersand = found < 0 ? NOT_FOUND : found;
    return this.nextAmpersand;
  }

  private takeText(buffer: string, start: number, end: number): void {
    if (this.openElements.length === 0) {
      for (let i = start; i < end; i++) {
        if (!isSpace(buffer.charCodeAt(i))) {
          throw new XmlSyntaxError('malformed', 'text data outside of root node');
        }
      }
      return;
    }
    if (this.textWanted) {
      const raw = buffer.slice(start, end);
      this.handler.text(normalizeNewlines(raw.indexOf('&') < 0 ? raw : decodeEntities(raw)));
    } else {
      // validate entity references; the next '&' of the buffer is cached (indexOf cannot stop at `end`)
      let amp = this.nextAmpersand;
      if (amp < start) amp = this.findAmpersand(start);
      while (amp < end) {
        const semicolon = buffer.indexOf(';', amp + 1);
        if (semicolon < 0 || semicolon >= end)
          throw new XmlSyntaxError('malformed', 'unterminated entity reference');
        decodeEntity(buffer.slice(amp + 1, semicolon));
        amp = this.findAmpersand(semicolon + 1);
      }
    }
  }

  /** `<!--`, `<![CDATA[`, `<!DOCTYPE`, `<?…?>`: returns the index after it, or -1 when incomplete. */
  private scanSpecial(buffer: string, position: number): number {
    if (buffer.startsWith('<?', position)) {
      const end = buffer.indexOf('?>', position + 2);
      if (end < 0) return -1;
      this.position = end + 2;
      return end + 2;
    }
    if (buffer.startsWith('<!--', position)) {
      const end = buffer.indexOf('-->', position + 4);
      if (end < 0) return -1;
      this.position = end + 3;
      return end + 3;
    }
    if (buffer.startsWith('<![CDATA[', position)) {
      const end = buffer.indexOf(']]>', position + 9);
      if (end < 0) return -1;
      this.position = end + 3;
      if (this.openElements.length === 0) throw new XmlSyntaxError('malformed', 'CDATA outside of root node');
      if (this.textWanted) this.handler.text(normalizeNewlines(buffer.slice(position + 9, end)));
      return end + 3;
    }
    if (buffer.startsWith('<!DOCTYPE', position)) {
      // the internal subset, if any, ends with ']' before the closing '>'
      let index = position + 9;
      let inSubset = false;
      let quote = -1;
      for (; index < buffer.length; index++) {
        const code = buffer.charCodeAt(index);
        if (quote >= 0) {
          if (code === quote) quote = -1;
        } else if (code === QUOTE || code === APOSTROPHE) {
          quote = code;
        } else if (code === 91 /* [ */) {
          inSubset = true;
        } else if (code === 93 /* ] */) {
          inSubset = false;
        } else if (code === GT && !inSubset) {
          break;
        }
      }
      if (index >= buffer.length) {
        return -1;
      }
      this.position = index + 1;
      if (this.sawRoot) throw new XmlSyntaxError('malformed', 'DOCTYPE after the root element');
      this.handler.doctype(buffer.slice(position + 9, index));
      return index + 1;
    }
    // may still become one of the above once more input arrives
    const rest = buffer.slice(position, position + 9);
    if (['<!--', '<![CDATA[', '<!DOCTYPE'].some((start) => start.startsWith(rest))) return -1;
    this.position = position;
    throw new XmlSyntaxError('malformed', `unexpected markup ${JSON.stringify(rest)}`);
  }

  /** A start tag at `position`: returns the index after it, or -1 when incomplete. */
  private scanStartTag(buffer: string, position: number): number {
    const length = buffer.length;
    let index = position + 1;
    let hash = 0;
    let code = 0;
    while (index < length && !endsName((code = buffer.charCodeAt(index)))) {
      hash = (Math.imul(hash, 31) + code) | 0;
      index++;
    }
    if (index >= length) return -1;
    if (index === position + 1) {
      this.position = index;
      throw new XmlSyntaxError('malformed', 'disallowed character in tag name');
    }
    const name = this.intern(buffer, position + 1, index, hash);
    let attributes = EMPTY_ATTRIBUTES;
    let declaresNamespaces = false;
    // warnings wait until the tag is complete: an incomplete tag is scanned again with the next chunk
    let cutValues: [message: string, line: number][] | undefined;
    for (;;) {
      code = buffer.charCodeAt(index);
      while (isSpace(code)) {
        index++;
        if (index >= length) return -1;
        code = buffer.charCodeAt(index);
      }
      if (code === GT) {
        index++;
        break;
      }
      if (code === SLASH) {
        if (index + 1 >= length) return -1;
        if (buffer.charCodeAt(index + 1) !== GT) {
          this.position = index + 1;
          throw new XmlSyntaxError('malformed', `forward-slash in opening tag not followed by >`);
        }
        index += 2;
        this.position = index;
        if (cutValues !== undefined)
          for (const [message, line] of cutValues) this.handler.warning?.(message, line);
        this.declaresNamespaces = declaresNamespaces;
        this.openElement(name, attributes);
        this.openElements.pop();
        this.handler.closeTag();
        return index;
      }
      // an attribute: name = "value"
      const nameStart = index;
      hash = 0;
      while (index < length && !endsName((code = buffer.charCodeAt(index)))) {
        hash = (Math.imul(hash, 31) + code) | 0;
        index++;
      }
      if (index >= length) return -1;
      const attributeName = this.intern(buffer, nameStart, index, hash);
      code = buffer.charCodeAt(index);
      while (isSpace(code)) {
        index++;
        if (index >= length) return -1;
        code = buffer.charCodeAt(index);
      }
      if (code !== EQUALS || attributeName === '') {
        this.position = index;
        throw new XmlSyntaxError('malformed', `attribute ${attributeName || '?'} without value`);
      }
      index++;
      if (index >= length) return -1;
      code = buffer.charCodeAt(index);
      while (isSpace(code)) {
        index++;
        if (index >= length) return -1;
        code = buffer.charCodeAt(index);
      }
      if (code !== QUOTE && code !== APOSTROPHE) {
        this.position = index;
        throw new XmlSyntaxError('malformed', 'unquoted attribute value');
      }
      const valueEnd = buffer.indexOf(code === QUOTE ? '"' : "'", index + 1);
      if (valueEnd < 0) return -1;
      // one pass over the value: '<' is an error; '&', tab, CR, LF need normalising
      let plain = true;
      for (let i = index + 1; i < valueEnd; i++) {
        const char = buffer.charCodeAt(i);
        if (char < 61 && (char === LT || char === 38 || char === 9 || char === 10 || char === 13)) {
          if (char === LT) {
            this.position = i;
            throw new XmlSyntaxError('malformed', 'disallowed character < in attribute value');
          }
          plain = false;
        }
      }
      let raw: string;
      if (valueEnd - index - 1 > this.maxAttributeValueChars) {
        const cut = cutPoint(buffer, index + 1, this.maxAttributeValueChars);
        raw = buffer.slice(index + 1, cut);
        this.position = index + 1;
        (cutValues ??= []).push([
          `attribute ${attributeName} of <${name}> longer than ${this.maxAttributeValueChars} characters (${valueEnd - index - 1}): cut to its first ${cut - index - 1}`,
          this.line,
        ]);
      } else {
        raw = buffer.slice(index + 1, valueEnd);
      }
      index = valueEnd + 1;
      if (index >= length) return -1;
      const after = buffer.charCodeAt(index);
      if (!isSpace(after) && after !== GT && after !== SLASH) {
        this.position = index;
        throw new XmlSyntaxError('malformed', 'no whitespace between attributes');
      }
      if (attributes === EMPTY_ATTRIBUTES) attributes = {};
      else if (attributes[attributeName] !== undefined && Object.hasOwn(attributes, attributeName)) {
        this.position = index;
        throw new XmlSyntaxError('malformed', `duplicate attribute: ${attributeName}`);
      }
      attributes[attributeName] = plain ? raw : normalizeAttributeValue(raw);
      if (attributeName.charCodeAt(0) === 120 /* x */ && attributeName.startsWith('xmlns'))
        declaresNamespaces = true;
    }
    this.position = index;
    if (cutValues !== undefined)
      for (const [message, line] of cutValues) this.handler.warning?.(message, line);
    this.declaresNamespaces = declaresNamespaces;
    this.openElement(name, attributes);
    return index;
  }

  /**
   * The string `buffer[start, end)` (a name), the same string object each time it recurs: saves building
   * it and lets the handler's maps reuse its hash. `hash` is computed by the caller over the characters.
   */
  private intern(buffer: string, start: number, end: number, hash: number): string {
    const slot = hash & (INTERNED_NAME_SLOTS - 1);
    const known = this.names[slot];
    const candidate = buffer.slice(start, end);
    if (candidate === known) return known;
    // a fresh copy, not a slice that would keep the whole chunk alive as long as the table holds it
    const name = JSON.parse(JSON.stringify(candidate)) as string;
    this.names[slot] = name;
    return name;
  }

  private openElement(name: string, attributes: Record<string, string>): void {
    if (this.openElements.length === 0) {
      if (this.sawRoot) throw new XmlSyntaxError('malformed', 'text data outside of root node');
      this.sawRoot = true;
    }
    this.openElements.push(name);
    this.handler.openTag(name, attributes);
  }
}
