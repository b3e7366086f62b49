/**
 * UTF-8 encoding without TextEncoder/TextDecoder (not part of the platform-free ES2022 core).
 */

/** UTF-8 bytes of a string (lone surrogates become U+FFFD). */
export function encodeUtf8(text: string): Uint8Array {
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
  let text = '';
  let i = start;
  const chunk: number[] = [];
  while (i < end) {
    const b0 = bytes[i]!;
    let code = 0xfffd;
    let length = 1;
    if (b0 < 0x80) code = b0;
    else if (b0 >= 0xc0 && b0 < 0xe0 && i + 1 < end) {
      code = ((b0 & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
      length = 2;
    } else if (b0 >= 0xe0 && b0 < 0xf0 && i + 2 < end) {
      code = ((b0 & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
      length = 3;
    } else if (b0 >= 0xf0 && i + 3 < end) {
      code =
        ((b0 & 0x07) << 18) |
        ((bytes[i + 1]! & 0x3f) << 12) |
        ((bytes[i + 2]! & 0x3f) << 6) |
        (bytes[i + 3]! & 0x3f);
      length = 4;
    }
    chunk.push(code);
    if (chunk.length >= 4096) {
      text += String.fromCodePoint(...chunk);
      chunk.length = 0;
    }
    i += length;
  }
  return text + String.fromCodePoint(...chunk);
}
