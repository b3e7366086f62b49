/**
 * The vocabulary of the streaming XML tokenizer (`xml-tokenizer.ts`): its handler and options, its
 * syntax error, and the character-level helpers its parts share (character codes, names, entity and
 * newline decoding, where a long token may be cut).
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

// Character codes the scanner compares against.
export const LT = 60;
export const GT = 62;
export const SLASH = 47;
export const EQUALS = 61;
export const QUOTE = 34;
export const APOSTROPHE = 39;
export const BANG = 33;
export const QUESTION = 63;
export const CARRIAGE_RETURN = 13;

/** The attributes of a start tag without any (shared, frozen). */
export const EMPTY_ATTRIBUTES: Record<string, string> = Object.freeze(
  Object.create(null) as Record<string, string>,
);

/** Beyond any index of a string (a small integer, unlike Infinity, keeps comparisons fast). */
export const NOT_FOUND = 0x3fffffff;

/** Slots of the table of element and attribute names remembered for reuse (a power of two). */
export const INTERNED_NAME_SLOTS = 4096;

/** Whether `buffer` holds `text` at `start` (a plain loop: `startsWith` with a position is slow). */
export function sameChars(buffer: string, start: number, text: string): boolean {
  const length = text.length;
  if (start + length > buffer.length) return false;
  for (let i = 0; i < length; i++) {
    if (buffer.charCodeAt(start + i) !== text.charCodeAt(i)) return false;
  }
  return true;
}

/** XML whitespace: space, newline, tab, carriage return. */
export function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

/** Characters that end a name (whitespace, '/', '=', '>'), by code up to '>' (62). */
const NAME_ENDS = new Uint8Array(63);
for (const char of ' \n\t\r/=>') NAME_ENDS[char.charCodeAt(0)] = 1;

/** Ends a name: whitespace, '/', '>', '=' (names are mostly letters above '>': one comparison). */
export function endsName(code: number): boolean {
  return code <= GT && NAME_ENDS[code] === 1;
}

const PREDEFINED_ENTITIES: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/** Decodes the predefined entities and character references in `raw` (which contains '&'). */
export function decodeEntities(raw: string): string {
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

/** The text of one entity or character reference (`name` without `&` and `;`). */
export function decodeEntity(name: string): string {
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
export interface SkipState {
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
export function cutPoint(buffer: string, start: number, max: number): number {
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

export function normalizeNewlines(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');
}

export function normalizeAttributeValue(raw: string): string {
  let value = raw;
  if (/[\t\n\r]/.test(value)) value = value.replace(/\r\n|[\t\n\r]/g, ' ');
  return value.indexOf('&') < 0 ? value : decodeEntities(value);
}
