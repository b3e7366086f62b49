/** Base64 decoding for the packed grids of the CRS module (geoid, datum shift), without DOM or Node APIs. */
import { CrsError } from './crs-error.ts';

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes standard base64 (no line breaks inside parts) without DOM or Node APIs. */
export function decodeBase64(text: string): Uint8Array {
  const lookup = new Int16Array(128).fill(-1);
  for (let index = 0; index < BASE64_ALPHABET.length; index++)
    lookup[BASE64_ALPHABET.charCodeAt(index)] = index;
  const clean = text.replace(/=+$/, '');
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let out = 0;
  for (let index = 0; index < clean.length; index++) {
    const value = lookup[clean.charCodeAt(index)] ?? -1;
    if (value < 0) throw new CrsError(`invalid base64 character at ${index} in a packed geoid grid`);
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes;
}
