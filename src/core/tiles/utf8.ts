/**
 * UTF-8 encoding and decoding. The WHATWG Encoding API (`TextEncoder`, `TextDecoder`) is not part of ES2022, but
 * every browser, Node and Deno has it, and it is 10–20× faster than code points assembled in JavaScript (meshes'
 * and tiles' JSON, property tables): it is used when the platform has it, the plain implementations below
 * otherwise. Both give the same text for any bytes (U+FFFD for what is not UTF-8, as the Encoding Standard says).
 */

/** The parts of the Encoding API used here (declared, since the core is compiled without the DOM library). */
interface PlatformEncoding {
  TextEncoder?: new () => { encode(text: string): Uint8Array };
  TextDecoder?: new (label: string, options: { ignoreBOM: boolean }) => { decode(bytes: Uint8Array): string };
}

const platform = globalThis as PlatformEncoding;
const nativeEncoder = platform.TextEncoder ? new platform.TextEncoder() : undefined;
// `ignoreBOM`: a leading U+FEFF is text like any other, as in the plain decoder.
const nativeDecoder = platform.TextDecoder
  ? new platform.TextDecoder('utf-8', { ignoreBOM: true })
  : undefined;

/** UTF-8 bytes of a string (lone surrogates become U+FFFD). */
export function encodeUtf8(text: string): Uint8Array {
  if (nativeEncoder) return nativeEncoder.encode(text);
  return encodeUtf8Plain(text);
}

/** `encodeUtf8` without the platform's encoder (exported for tests). */
export function encodeUtf8Plain(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const character of text) {
    let code = character.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000)
      bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else {
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 0x3f),
        0x80 | ((code >> 6) & 0x3f),
        0x80 | (code & 0x3f),
      );
    }
  }
  return Uint8Array.from(bytes);
}

/** String of UTF-8 bytes (invalid sequences become U+FFFD). */
export function decodeUtf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  if (nativeDecoder)
    return nativeDecoder.decode(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end));
  return decodeUtf8Plain(bytes, start, end);
}

/**
 * `decodeUtf8` without the platform's decoder (exported for tests): the WHATWG Encoding Standard's UTF-8
 * decoder, so that it gives what `TextDecoder` gives for any bytes: each maximal ill-formed subpart
 * (an overlong form, a surrogate, a code point above U+10FFFF, a sequence cut short) is one U+FFFD.
 */
export function decodeUtf8Plain(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let text = '';
  const chunk: number[] = [];
  const emit = (code: number) => {
    chunk.push(code);
    if (chunk.length >= 4096) {
      text += String.fromCodePoint(...chunk);
      chunk.length = 0;
    }
  };
  let needed = 0;
  let seen = 0;
  let code = 0;
  // The range the next continuation byte must lie in (narrower after E0, ED, F0 and F4).
  let lower = 0x80;
  let upper = 0xbf;
  for (let i = start; i < end; ) {
    const byte = bytes[i]!;
    if (needed === 0) {
      i += 1;
      if (byte < 0x80) emit(byte);
      else if (byte >= 0xc2 && byte <= 0xdf) [needed, code] = [1, byte & 0x1f];
      else if (byte >= 0xe0 && byte <= 0xef) {
        if (byte === 0xe0) lower = 0xa0;
        if (byte === 0xed) upper = 0x9f;
        [needed, code] = [2, byte & 0x0f];
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        if (byte === 0xf0) lower = 0x90;
        if (byte === 0xf4) upper = 0x8f;
        [needed, code] = [3, byte & 0x07];
      } else emit(0xfffd);
      continue;
    }
    if (byte < lower || byte > upper) {
      // The sequence ends here; this byte is read again as the start of the next one.
      [needed, seen, code, lower, upper] = [0, 0, 0, 0x80, 0xbf];
      emit(0xfffd);
      continue;
    }
    i += 1;
    [lower, upper] = [0x80, 0xbf];
    code = (code << 6) | (byte & 0x3f);
    seen += 1;
    if (seen === needed) {
      emit(code);
      [needed, seen, code] = [0, 0, 0];
    }
  }
  if (needed > 0) emit(0xfffd);
  return text + String.fromCodePoint(...chunk);
}
