import { describe, expect, it } from 'vitest';
import { detectXmlEncoding, sniffXmlEncoding } from './encoding.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('sniffXmlEncoding', () => {
  it('reads the declared encoding, the byte order mark, or defaults to UTF-8', () => {
    expect(sniffXmlEncoding(bytes('<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?><a/>'))).toBe(
      'iso-8859-1',
    );
    expect(sniffXmlEncoding(bytes("<?xml version='1.0' encoding='UTF-8'?>"))).toBe('utf-8');
    expect(sniffXmlEncoding(bytes('<?xml version="1.0"?><CityModel/>'))).toBe('utf-8');
    expect(sniffXmlEncoding(bytes('<CityModel encoding="latin1"/>'))).toBe('utf-8');
    expect(sniffXmlEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x3c]))).toBe('utf-8');
    expect(sniffXmlEncoding(new Uint8Array([0xff, 0xfe, 0x3c, 0x00]))).toBe('utf-16le');
    expect(sniffXmlEncoding(new Uint8Array([0x00, 0x3c, 0x00, 0x3f]))).toBe('utf-16be');
    expect(sniffXmlEncoding(new Uint8Array([]))).toBe('utf-8');
  });

  it('gives a label TextDecoder accepts, so Latin-1 files decode right', () => {
    const latin1 = new Uint8Array([
      ...bytes('<?xml version="1.0" encoding="ISO-8859-1"?><n>'),
      0xfc,
      ...bytes('</n>'),
    ]);
    const text = new TextDecoder(sniffXmlEncoding(latin1)).decode(latin1);
    expect(text).toContain('<n>ü</n>');
  });

  it('decodes a single-byte document that declares UTF-16 as UTF-8 and says the label is wrong', () => {
    const liar = bytes('<?xml version="1.0" encoding="UTF-16"?><n>Straße</n>');
    expect(detectXmlEncoding(liar)).toEqual({ encoding: 'utf-8', mislabelled: 'UTF-16' });
    expect(new TextDecoder(sniffXmlEncoding(liar)).decode(liar)).toContain('<n>Straße</n>');
    // A real UTF-16 document (byte order mark or NUL beside '<') is no liar.
    expect(detectXmlEncoding(new Uint8Array([0x3c, 0x00, 0x3f, 0x00]))).toEqual({ encoding: 'utf-16le' });
    expect(detectXmlEncoding(bytes('<?xml version="1.0" encoding="windows-1252"?><a/>'))).toEqual({
      encoding: 'windows-1252',
    });
  });
});
