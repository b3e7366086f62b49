import { describe, expect, it } from 'vitest';
import { decodeUtf8, decodeUtf8Plain, encodeUtf8, encodeUtf8Plain } from './utf8.ts';

const TEXTS = [
  '',
  'DENW36AL10003ylk',
  'Straße, Öffnungszeiten: 8–16 Uhr',
  '\uFEFFbyte order mark kept',
  'Ein Haus 🏠 mit Garten',
  'lone \uD800 surrogate',
];

describe('UTF-8 codec', () => {
  it('encodes as the plain implementation does, lone surrogates as U+FFFD', () => {
    for (const text of TEXTS) expect(encodeUtf8(text)).toEqual(encodeUtf8Plain(text));
    expect(decodeUtf8(encodeUtf8('a\uD800b'))).toBe('a\uFFFDb');
  });

  it('decodes what it encoded, with a byte range, keeping a leading byte order mark', () => {
    for (const text of TEXTS.slice(0, -1)) {
      const bytes = encodeUtf8(`<${text}>`);
      expect(decodeUtf8(bytes)).toBe(`<${text}>`);
      expect(decodeUtf8(bytes, 1, bytes.length - 1)).toBe(text);
      expect(decodeUtf8Plain(bytes, 1, bytes.length - 1)).toBe(text);
    }
  });

  it('decodes bytes that are not UTF-8 to U+FFFD, never throwing', () => {
    expect(decodeUtf8(new Uint8Array([0x61, 0xff, 0x62]))).toBe('a\uFFFDb');
    expect(decodeUtf8(new Uint8Array([0x61, 0xe2, 0x82]))).toMatch(/^a\uFFFD+$/);
  });

  it('decodes any bytes as TextDecoder does without it: overlong forms, surrogates, cut sequences, random bytes', () => {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const cases = [
      [0xc0, 0xaf], // overlong "/"
      [0xe0, 0x80, 0xaf], // overlong, three bytes
      [0xed, 0xa0, 0x80], // a surrogate
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
      [0xf8, 0x88, 0x80, 0x80, 0x80], // five bytes (threw a RangeError)
      [0xf0, 0x9f, 0x8f], // cut short at the end
      [0xe2, 0x82, 0x61], // cut short by an ASCII byte
      [0x80, 0xbf, 0xfe, 0xff],
    ].map((list) => Uint8Array.from(list));
    // A fixed generator: the same bytes every run, weighted toward lead and continuation bytes.
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
    for (let n = 0; n < 2000; n++) {
      const bytes = new Uint8Array(1 + (next() % 12));
      for (let i = 0; i < bytes.length; i++)
        bytes[i] = next() % 3 === 0 ? 0x80 + (next() % 0x80) : next() & 0xff;
      cases.push(bytes);
    }
    for (const bytes of cases)
      expect(decodeUtf8Plain(bytes), `${Array.from(bytes)}`).toBe(decoder.decode(bytes));
  });
});
