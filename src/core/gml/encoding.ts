/**
 * Character encoding of an XML document from its first bytes (byte order mark, else the XML
 * declaration's `encoding`), so that callers can pick the decoder for the chunks they feed the reader.
 * Platform-free: the core never decodes bytes itself.
 */

/**
 * Returns the WHATWG encoding label for an XML document, from its first bytes (give at least the first
 * 1024): 'utf-8' (also the default), 'utf-16le', 'utf-16be', or the declared label lower-cased (e.g.
 * 'iso-8859-1', as some CityGML 1.0 samples declare).
 */
export function sniffXmlEncoding(head: Uint8Array): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head[0] === 0x3c && head[1] === 0x00) return 'utf-16le';
  if (head[0] === 0x00 && head[1] === 0x3c) return 'utf-16be';
  // the declaration is ASCII: read it byte by byte up to '?>'
  let declaration = '';
  for (let i = 0; i < head.length && i < 1024; i++) {
    const byte = head[i] as number;
    if (byte === 0) break;
    declaration += String.fromCharCode(byte);
    if (declaration.endsWith('?>')) break;
  }
  if (!declaration.startsWith('<?xml')) return 'utf-8';
  const match = /encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(declaration);
  return match ? (match[1] as string).toLowerCase() : 'utf-8';
}
