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
});
