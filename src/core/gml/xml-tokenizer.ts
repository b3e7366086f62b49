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
import * as xmlSyntaxModule from './xml-syntax.ts';
import { XmlSyntaxError } from './xml-syntax.ts';
import { XmlInput } from './xml-input.ts';
import * as ownModule from '../util/own.ts';

// Local bindings: module namespace getters (CommonJS interop in tsx and Vitest) cost on hot paths.
const {
  LT,
  GT,
  SLASH,
  EQUALS,
  QUOTE,
  APOSTROPHE,
  BANG,
  QUESTION,
  CARRIAGE_RETURN,
  EMPTY_ATTRIBUTES,
  NOT_FOUND,
  INTERNED_NAME_SLOTS,
  sameChars,
  isSpace,
  endsName,
  decodeEntities,
  decodeEntity,
  cutPoint,
  normalizeNewlines,
  normalizeAttributeValue,
} = xmlSyntaxModule;
const { setOwn } = ownModule;

// The tokenizer's public vocabulary, importable from here.
export { XML_TOKENIZER_DEFAULTS, XmlSyntaxError } from './xml-syntax.ts';
export type { XmlSyntaxErrorKind, XmlTokenHandler, XmlTokenizerOptions } from './xml-syntax.ts';

/** Texts up to this length are copied out of their chunk (`ownString`). */
const OWN_TEXT_CHARS = 256;
/** V8 copies a shorter slice; from this length on, a slice is a view of its parent string. */
const SLICE_VIEW_MIN_CHARS = 13;

/**
 * A copy of `slice` that does not keep its chunk alive. V8 makes a slice of 13 or more characters a view
 * of the whole chunk, so an id the reader keeps would hold 64 KiB of input; flattening a one-character
 * concatenation copies just the value.
 */
function ownString(slice: string): string {
  return slice.length < SLICE_VIEW_MIN_CHARS ? slice : (' ' + slice).slice(1);
}

/** Streaming tokenizer: `write` chunks, then `close`; throws `XmlSyntaxError` on malformed input. */
export class XmlTokenizer extends XmlInput {
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
      // short texts are values a reader may keep; long ones (coordinates) are parsed and dropped
      const raw =
        end - start <= OWN_TEXT_CHARS && this.textKept
          ? ownString(buffer.slice(start, end))
          : buffer.slice(start, end);
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
        raw = ownString(buffer.slice(index + 1, valueEnd));
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
      setOwn(attributes, attributeName, plain ? raw : normalizeAttributeValue(raw));
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
    // Compared in place: slicing first made a string for every tag and attribute name, most of the reader's garbage.
    if (known !== undefined && known.length === end - start) {
      let i = 0;
      while (i < known.length && known.charCodeAt(i) === buffer.charCodeAt(start + i)) i++;
      if (i === known.length) return known;
    }
    // a copy, not a slice that would keep the whole chunk alive as long as the table holds it
    const name = ownString(buffer.slice(start, end));
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
