/**
 * The XML tokenizer: the same token stream as saxes on every file in ../shared/data/citygml whatever
 * the chunking, plus entities, CDATA, comments, PIs, quotes, positions and malformed input.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDecoder } from 'node:util';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { sniffXmlEncoding } from './encoding.ts';
import { XmlSyntaxError, XmlTokenizer } from './xml-tokenizer.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = path.resolve(repoRoot, '../shared/data/citygml');
const hasData = existsSync(dataDir);
if (!hasData) console.warn(`XML tokenizer data tests skipped: ${dataDir} not found`);

type Token = ['open', string, Record<string, string>] | ['close'] | ['text', string];

/** Adds text to the token list, merging with text just before it (parsers split text differently). */
function pushText(tokens: Token[], text: string): void {
  const last = tokens[tokens.length - 1];
  if (last !== undefined && last[0] === 'text') last[1] += text;
  else tokens.push(['text', text]);
}

/**
 * Tokens from our tokenizer (all text wanted), the document fed in the given chunks; `textKept` false: the
 * handler says it does not keep texts (it gets slices of the input rather than copies).
 */
function tokenize(chunks: Iterable<string>, textKept = true): Token[] {
  const tokens: Token[] = [];
  const tokenizer = new XmlTokenizer({
    openTag: (name, attributes) => tokens.push(['open', name, { ...attributes }]),
    closeTag: () => tokens.push(['close']),
    text: (text) => pushText(tokens, text),
    doctype: () => {},
  });
  tokenizer.textWanted = true;
  tokenizer.textKept = textKept;
  for (const chunk of chunks) tokenizer.write(chunk);
  tokenizer.close();
  return tokens;
}

/** Tokens from saxes (the reference), text outside the root element left out. */
function saxesTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => {
    depth++;
    tokens.push(['open', tag.name, { ...tag.attributes }]);
  });
  parser.on('closetag', () => {
    depth--;
    tokens.push(['close']);
  });
  parser.on('text', (value) => {
    if (depth > 0) pushText(tokens, value);
  });
  parser.on('cdata', (value) => pushText(tokens, value));
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(text).close();
  return tokens;
}

/** Splits `text` at random places (sizes 1 to `maxSize`, log-distributed), reproducibly from `seed`. */
function randomChunks(text: string, seed: number, maxSize: number): string[] {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const chunks: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = Math.max(1, Math.floor(Math.exp(random() * Math.log(maxSize))));
    chunks.push(text.slice(i, i + size));
    i += size;
  }
  return chunks;
}

function listDocuments(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => /\.(gml|xml)$/i.test(entry))
    .map((entry) => path.join(dir, entry))
    .sort();
}

function decode(file: string): string {
  const bytes = readFileSync(file);
  return new TextDecoder(sniffXmlEncoding(bytes)).decode(bytes);
}

function syntaxError(text: string | string[]): XmlSyntaxError {
  try {
    tokenize(typeof text === 'string' ? [text] : text);
  } catch (error) {
    if (error instanceof XmlSyntaxError) return error;
    throw error;
  }
  throw new Error('expected an XmlSyntaxError');
}

describe.skipIf(!hasData)('same tokens as saxes on the sample data', () => {
  const files = hasData ? listDocuments(dataDir) : [];
  it.each(files.map((file) => [path.relative(dataDir, file), file]))('%s', (_name, file) => {
    const text = decode(file);
    const expected = saxesTokens(text);
    expect(tokenize([text])).toEqual(expected);
    // small pieces everywhere for small files; a mix of small and large pieces for big ones
    const maxSize = text.length < 200_000 ? 16 : 8192;
    expect(tokenize(randomChunks(text, text.length, maxSize))).toEqual(expected);
  });
});

describe('tokens', () => {
  const everyChunking = (text: string): Token[] => {
    const whole = tokenize([text]);
    for (const size of [1, 2, 3, 5]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(tokenize(chunks)).toEqual(whole);
    }
    expect(whole).toEqual(saxesTokens(text));
    return whole;
  };

  it('decodes the predefined entities and character references in text and attributes', () => {
    const tokens = everyChunking(
      `<a t="&lt;&gt;&amp;&quot;&apos;&#65;&#x42;">x &lt;y&gt; &amp;amp; &#228;&#x1F600; &quot;q&apos;</a>`,
    );
    expect(tokens).toEqual([['open', 'a', { t: `<>&"'AB` }], ['text', `x <y> &amp; ä😀 "q'`], ['close']]);
  });

  it('passes CDATA through raw and skips comments, PIs, the declaration and a BOM', () => {
    const tokens = everyChunking(
      `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- c <a> -->\n<a><?pi x?>1<![CDATA[<b>&amp;]]>2<!-- <c/> -->3</a>\n<!-- end -->\n`,
    );
    expect(tokens).toEqual([['open', 'a', {}], ['text', '1<b>&amp;23'], ['close']]);
  });

  it('reads both quote styles, whitespace around =, and self-closing tags', () => {
    const tokens = everyChunking(`<a x = 'it"s' y="it's"\n\tz="a\tb\r\nc"><b/><c k="v" /></a>`);
    expect(tokens).toEqual([
      ['open', 'a', { x: 'it"s', y: "it's", z: 'a b c' }],
      ['open', 'b', {}],
      ['close'],
      ['open', 'c', { k: 'v' }],
      ['close'],
      ['close'],
    ]);
  });

  it('completes a token carried into the next chunk, however many > it holds', () => {
    const value = `${'>'.repeat(20)}x`;
    const expected: Token[] = [
      ['open', 'r', { a: value }],
      ['open', 'b', {}],
      ['close'],
      ['text', 'y'],
      ['close'],
    ];
    expect(tokenize(['<r a="', `${value}"><b/>y</r>`])).toEqual(expected);
    expect(tokenize(['<r a=">>', `>>${value.slice(4)}"><b`, '/>y</r>'])).toEqual(expected);
  });

  it('normalises CR LF in text to LF', () => {
    expect(everyChunking('<a>x\r\ny\rz</a>')).toEqual([['open', 'a', {}], ['text', 'x\ny\nz'], ['close']]);
  });

  it('gives the same texts to a handler that does not keep them, whole or in chunks', () => {
    const coordinates = Array.from({ length: 40 }, (_, i) => `${337_500 + i}.125 5728580.5 25.0`).join(' ');
    const document = `<r><p>${coordinates}</p><q>a &amp; b\r\nc</q><p>${coordinates.slice(0, 100)}</p></r>`;
    for (let seed = 1; seed <= 20; seed++) {
      const chunks = randomChunks(document, seed, 64);
      expect(tokenize(chunks, false)).toEqual(tokenize([document]));
    }
  });

  it('gives text only while the handler wants it', () => {
    const texts: string[] = [];
    const tokenizer = new XmlTokenizer({
      openTag: (name) => {
        tokenizer.textWanted = name === 'want';
      },
      closeTag: () => {
        tokenizer.textWanted = false;
      },
      text: (text) => texts.push(text),
      doctype: () => {},
    });
    tokenizer.write('<r><skip>no</skip><want>yes &amp; yes</want><skip>no</skip></r>');
    tokenizer.close();
    expect(texts.join('')).toBe('yes & yes');
  });

  it('hands the DOCTYPE to the handler, internal subset included', () => {
    const doctypes: string[] = [];
    const tokenizer = new XmlTokenizer({
      openTag: () => {},
      closeTag: () => {},
      text: () => {},
      doctype: (body) => doctypes.push(body),
    });
    tokenizer.write('<!DOCTYPE r [<!ENTITY e "x>y">]><r/>');
    tokenizer.close();
    expect(doctypes).toEqual([' r [<!ENTITY e "x>y">]']);
  });

  it('reports 1-based lines and 0-based columns of the read position, across chunks', () => {
    const seen: [string, number, number][] = [];
    const tokenizer: XmlTokenizer = new XmlTokenizer({
      openTag: (name) => seen.push([name, tokenizer.line, tokenizer.column]),
      closeTag: () => {},
      text: () => {},
      doctype: () => {},
    });
    const text = '<r>\n  <a/>\n\n    <b\n x="1"/></r>';
    for (const char of text) tokenizer.write(char);
    tokenizer.close();
    expect(seen).toEqual([
      ['r', 1, 3],
      ['a', 2, 6],
      ['b', 5, 8],
    ]);
  });
});

describe('malformed input', () => {
  it('names the element left open at the end (truncated file), wherever the input stops', () => {
    const full = '<r><a x="1"><b>text</b></a></r>';
    for (const end of [4, 7, 12, 16, 20]) {
      const error = syntaxError(full.slice(0, end));
      expect(error.kind).toBe('unclosed-element');
      expect(['r', 'a', 'b']).toContain(error.detail);
    }
    expect(syntaxError('<r><a>').detail).toBe('a');
  });

  it('refuses mismatched and stray end tags', () => {
    expect(syntaxError('<r><a></b></r>').detail).toContain('unmatched closing tag: b');
    expect(syntaxError(['<r></r>', '</r>']).kind).toBe('malformed');
  });

  it('refuses undefined entities and malformed character references, in text skipped or not', () => {
    expect(syntaxError('<r>&ext;</r>').kind).toBe('undefined-entity');
    expect(syntaxError('<r a="&ext;"/>').kind).toBe('undefined-entity');
    expect(syntaxError('<r>&#xD800;</r>').kind).toBe('malformed');
    expect(syntaxError('<r>a & b</r>').kind).toBe('malformed');
  });

  it('refuses text and a second element after the root, and a document without root', () => {
    expect(syntaxError('<r/>x').detail).toContain('outside of root');
    expect(syntaxError('<r/><s/>').kind).toBe('malformed');
    expect(syntaxError('  ').kind).toBe('no-root');
    expect(syntaxError('<!-- only a comment -->').kind).toBe('no-root');
  });

  it('refuses broken attributes and unterminated markup', () => {
    expect(syntaxError('<r a=1/>').detail).toContain('unquoted');
    expect(syntaxError('<r a/>').detail).toContain('without value');
    expect(syntaxError('<r a="1"b="2"/>').detail).toContain('whitespace');
    expect(syntaxError('<r a="1" a="2"/>').detail).toContain('duplicate');
    expect(syntaxError('<r a="<"/>').detail).toContain('<');
    expect(syntaxError('<r><!-- x</r>').kind).toBe('unclosed-element');
    expect(syntaxError('<!-- x').kind).toBe('malformed');
  });
});
