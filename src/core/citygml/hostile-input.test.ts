/**
 * Hostile input: huge attribute values, text nodes, comments, CDATA and tags that never end keep the
 * tokenizer's and the reader's memory bounded (cut or skipped with a warning, or an error), and a
 * truncated document names the city object it cuts off.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CityGmlError, createCityGmlReader } from './index.ts';
import { ATTRIBUTE_VALUE_MAX_CHARS, COORDINATE_TEXT_MAX_CHARS } from './reader.ts';
import { XML_TOKENIZER_DEFAULTS, XmlSyntaxError, XmlTokenizer } from '../gml/xml-tokenizer.ts';

const MIB = 1024 * 1024;

const NAMESPACES =
  'xmlns="http://www.opengis.net/citygml/2.0" xmlns:gml="http://www.opengis.net/gml" ' +
  'xmlns:bldg="http://www.opengis.net/citygml/building/2.0" xmlns:gen="http://www.opengis.net/citygml/generics/2.0"';

const SQUARE =
  '<bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember><gml:Polygon gml:id="p1"><gml:exterior>' +
  '<gml:LinearRing><gml:posList>0 0 0 10 0 0 10 10 0 0 10 0 0 0 0</gml:posList></gml:LinearRing>' +
  '</gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface>';

function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

interface Tokens {
  opens: [string, Record<string, string>, number][];
  text: string;
  warnings: [string, number][];
}

/** Tokenizes the chunks (all text wanted); open tags with the line after them. */
function tokenize(chunks: Iterable<string>): Tokens {
  const tokens: Tokens = { opens: [], text: '', warnings: [] };
  const tokenizer: XmlTokenizer = new XmlTokenizer({
    openTag: (name, attributes) => tokens.opens.push([name, { ...attributes }, tokenizer.line]),
    closeTag: () => {},
    text: (text) => {
      tokens.text += text;
    },
    doctype: () => {},
    warning: (message, line) => tokens.warnings.push([message, line]),
  });
  tokenizer.textWanted = true;
  for (const chunk of chunks) tokenizer.write(chunk);
  tokenizer.close();
  return tokens;
}

/** `text` in chunks of `size` characters. */
function* chunked(text: string, size: number): Generator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

/** A long run of characters with a newline every 80 (so line counting through skipped input is tested). */
function filler(length: number, char = 'x'): string {
  const line = `${char.repeat(79)}\n`;
  return line.repeat(Math.ceil(length / 80)).slice(0, length);
}

function lines(text: string): number {
  return text.split('\n').length - 1;
}

describe('tokenizer limits', () => {
  const max = XML_TOKENIZER_DEFAULTS.maxAttributeValueChars;

  it('cuts an attribute value longer than the limit, in one chunk or streaming, with one warning', () => {
    for (const length of [200_000, 3 * MIB]) {
      const value = filler(length);
      const document = `<a>\n<b note="${value}" id="x"/>\n<c/>\n</a>`;
      for (const size of [document.length, 65_536, 100_003]) {
        const tokens = tokenize(chunked(document, size));
        const b = tokens.opens[1] as [string, Record<string, string>, number];
        expect(b[0]).toBe('b');
        // newlines in attribute values are normalised to spaces
        expect(b[1].note).toBe(value.slice(0, max).replace(/\n/g, ' '));
        expect(b[1].id).toBe('x');
        expect(tokens.warnings).toHaveLength(1);
        expect(tokens.warnings[0]?.[0]).toMatch(/^attribute note of <b> longer than 65536 characters/);
        expect(tokens.warnings[0]?.[1]).toBe(2);
        // lines after the skipped value are counted right
        expect(tokens.opens[2]?.[2]).toBe(3 + lines(value));
      }
    }
  });

  it('does not cut an attribute value inside an entity reference or a surrogate pair', () => {
    const value = `${'y'.repeat(max - 2)}&amp;${'z'.repeat(max)}`;
    const tokens = tokenize([`<a v="${value}"/>`]);
    expect(tokens.opens[0]?.[1].v).toBe('y'.repeat(max - 2));
    const pair = `${'y'.repeat(max - 1)}😀${'z'.repeat(max)}`;
    expect(tokenize([`<a v="${pair}"/>`]).opens[0]?.[1].v).toBe('y'.repeat(max - 1));
  });

  it('skips a long comment and processing instruction streaming, whatever the chunk boundaries', () => {
    for (const [open, close] of [
      ['<!--', '-->'],
      ['<?pi ', '?>'],
    ] as const) {
      const body = filler(3 * MIB, '-');
      const document = `<a>\n${open}${body}${close}\n<b/>\n</a>`;
      for (const size of [65_536, 100_003, 100_002, 100_001]) {
        const tokens = tokenize(chunked(document, size));
        expect(tokens.opens.map((o) => o[0])).toEqual(['a', 'b']);
        expect(tokens.opens[1]?.[2]).toBe(3 + lines(body));
        expect(tokens.warnings).toHaveLength(1);
        expect(tokens.warnings[0]?.[0]).toMatch(/longer than 1048576 characters skipped/);
        expect(tokens.warnings[0]?.[1]).toBe(2);
      }
    }
  });

  it('passes a long CDATA section on as text in pieces', () => {
    const body = filler(3 * MIB, ']');
    const document = `<a><![CDATA[${body}]]><b/></a>`;
    for (const size of [65_536, 100_003, 100_001]) {
      const tokens = tokenize(chunked(document, size));
      expect(tokens.text).toBe(body);
      expect(tokens.opens.map((o) => o[0])).toEqual(['a', 'b']);
      expect(tokens.warnings).toEqual([]);
    }
  });

  it('throws for a tag that never ends and for input that ends inside a skipped token', () => {
    const fault = (chunks: string[]): XmlSyntaxError => {
      try {
        tokenize(chunks);
      } catch (error) {
        if (error instanceof XmlSyntaxError) return error;
        throw error;
      }
      throw new Error('expected an XmlSyntaxError');
    };
    const long = 'x'.repeat(MIB);
    expect(fault(['<a><b', long, long]).message).toMatch(/start tag <bxxx.*longer than 1048576 characters/);
    expect(fault(['<a><b c="1" d', long, long]).message).toMatch(/start tag <b> longer than/);
    expect(fault(['<a></b', long, long]).message).toMatch(/end tag longer than/);
    expect(fault(['<a><b c="', long, long]).kind).toBe('unclosed-element');
    expect(fault(['<a><b c="', long, '<', long]).message).toMatch(/disallowed character </);
    expect(fault(['<!--', long, long]).message).toMatch(/ends inside a comment/);
  });

  it('keeps memory bounded for 128 MiB inside one attribute value and one comment', () => {
    const chunk = filler(MIB);
    for (const [head, tail] of [
      ['<a><b v="', '"/></a>'],
      ['<a><!--', '--></a>'],
    ] as const) {
      collectGarbage();
      const before = process.memoryUsage().heapUsed;
      let peak = 0;
      const tokenizer = new XmlTokenizer({
        openTag: () => {},
        closeTag: () => {},
        text: () => {},
        doctype: () => {},
      });
      tokenizer.write(head);
      for (let i = 0; i < 128; i++) {
        tokenizer.write(chunk);
        if (i % 32 === 31) {
          collectGarbage();
          peak = Math.max(peak, process.memoryUsage().heapUsed - before);
        }
      }
      tokenizer.write(tail);
      tokenizer.close();
      expect(tokenizer.line).toBe(1 + 128 * lines(chunk));
      expect(peak).toBeLessThan(16 * MIB);
    }
  });
});

describe('reader limits', () => {
  function building(body: string, id = 'B1'): string {
    return `<cityObjectMember>\n<bldg:Building gml:id="${id}">\n${body}${SQUARE}\n</bldg:Building>\n</cityObjectMember>\n`;
  }

  it('cuts a 50 MB generic attribute value streaming, names file, line and attribute, keeps memory bounded', () => {
    const head = `<CityModel ${NAMESPACES}>\n${building('<gen:stringAttribute name="note">\n<gen:value>').split(SQUARE)[0]}`;
    const tail = `</gen:value>\n</gen:stringAttribute>\n${SQUARE}\n</bldg:Building>\n</cityObjectMember>\n</CityModel>\n`;
    const chunk = filler(MIB, 'v');
    const reader = createCityGmlReader({ file: 'huge.gml' });
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const objects = [...reader.write(head)];
    for (let i = 0; i < 50; i++) objects.push(...reader.write(chunk));
    collectGarbage();
    const grown = process.memoryUsage().heapUsed - before;
    objects.push(...reader.write(tail));
    const end = reader.close();
    objects.push(...end.objects);
    expect(grown).toBeLessThan(16 * MIB);
    expect(objects).toHaveLength(1);
    const note = objects[0]?.attributes.generic.note as string;
    expect(note).toHaveLength(ATTRIBUTE_VALUE_MAX_CHARS);
    expect(objects[0]?.polygons).toHaveLength(1);
    const warning = end.summary.warnings.find((w) => /longer than/.test(w.message));
    expect(warning).toMatchObject({ file: 'huge.gml', line: 5, objectId: 'B1' });
    expect(warning?.message).toMatch(
      /^<gen:value> \(generic attribute "note"\) longer than 65536 characters/,
    );
  });

  it('cuts long element attributes and XML attribute values with a warning', () => {
    const long = 'd'.repeat(100_000);
    const text = `<CityModel ${NAMESPACES}>\n${building(`<gml:description>${long}</gml:description>\n<gml:name codeSpace="${long}">n</gml:name>\n`)}</CityModel>\n`;
    const reader = createCityGmlReader({ file: 'long.gml' });
    const objects = [...reader.write(text)];
    const end = reader.close();
    objects.push(...end.objects);
    expect(objects[0]?.attributes.description).toHaveLength(ATTRIBUTE_VALUE_MAX_CHARS);
    expect(end.summary.warnings.map((w) => [w.line, w.message.slice(0, 60)])).toEqual([
      [4, '<gml:description> longer than 65536 characters: cut to its f'],
      [5, 'attribute codeSpace of <gml:name> longer than 65536 characte'],
    ]);
  });

  it('drops a polygon whose coordinate list is longer than the limit', () => {
    const numbers = '1 2 3 '.repeat(Math.ceil(COORDINATE_TEXT_MAX_CHARS / 6) + 10);
    const polygon = SQUARE.replace('0 0 0 10 0 0 10 10 0 0 10 0 0 0 0', numbers);
    const text = `<CityModel ${NAMESPACES}>\n${building('').replace(SQUARE, `${polygon}${SQUARE.replace('p1', 'p2')}`)}</CityModel>\n`;
    const reader = createCityGmlReader({ file: 'long.gml' });
    const objects = [...reader.write(text)];
    const end = reader.close();
    objects.push(...end.objects);
    expect(objects[0]?.polygons.map((p) => p.gmlId)).toEqual(['p2']);
    expect(end.summary.droppedPolygons).toBe(1);
    expect(end.summary.warnings[0]?.message).toMatch(
      /polygon p1 with a coordinate list longer than 8388608 characters at line 4/,
    );
  });
});

describe('truncated documents', () => {
  const text =
    `<CityModel ${NAMESPACES}>\n` +
    `<cityObjectMember>\n<bldg:Building gml:id="B1">\n${SQUARE}\n</bldg:Building>\n</cityObjectMember>\n` +
    `<cityObjectMember>\n<bldg:Building gml:id="B2">\n${SQUARE}\n</bldg:Building>\n</cityObjectMember>\n</CityModel>\n`;
  const cut = text.indexOf('</gml:exterior>', text.indexOf('B2'));

  it('names the building the file ends inside', () => {
    const reader = createCityGmlReader({ file: 'cut.gml' });
    expect(reader.write(text.slice(0, cut)).map((o) => o.id)).toEqual(['B1']);
    let error: unknown;
    try {
      reader.close();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CityGmlError);
    expect(error).toMatchObject({
      truncated: true,
      line: 9,
      openObject: { id: 'B2', type: 'Building', line: 8 },
    });
  });

  it('aborts at the line reached when the input stops for another reason', () => {
    const reader = createCityGmlReader({ file: 'cut.gml' });
    reader.write(text.slice(0, cut));
    expect(reader.line).toBe(9);
    const error = reader.abort('the compressed data ends early (unexpected end of file)');
    expect(error.message).toMatch(
      /^CityGML reader: cut\.gml:9:\d+: the compressed data ends early \(unexpected end of file\) inside <gml:exterior>/,
    );
    expect(error).toMatchObject({ truncated: true, line: 9, openObject: { id: 'B2', line: 8 } });
    expect(() => reader.close()).toThrow(error);
  });
});
