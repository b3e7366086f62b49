/**
 * Character encoding of an XML document from its first bytes (byte order mark, else the XML
 * declaration's `encoding`), so that callers can pick the decoder for the chunks they feed the reader.
 * Platform-free: the core never decodes bytes itself.
 */

/** An XML document's encoding as its first bytes show it. */
export interface XmlEncoding {
  /** WHATWG encoding label to decode the document with. */
  encoding: string;
  /**
   * The label the XML declaration names when the bytes contradict it (a UTF-16 declaration in a
   * single-byte document): the document is then decoded as UTF-8, as XML parsers such as libxml2 do.
   */
  mislabelled?: string;
}

/** UTF-16 labels: a document in any of them starts with a byte order mark or a NUL byte beside `<`. */
const UTF16_LABELS = new Set(['utf-16', 'utf-16le', 'utf-16be', 'ucs-2', 'unicode', 'iso-10646-ucs-2']);

/**
 * The encoding of an XML document from its first bytes (give at least the first 1024): byte order mark,
 * else the byte pattern of `<?xml`, else the declaration's `encoding`; 'utf-8' by default.
 */
export function detectXmlEncoding(head: Uint8Array): XmlEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8' };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be' };
  if (head[0] === 0x3c && head[1] === 0x00) return { encoding: 'utf-16le' };
  if (head[0] === 0x00 && head[1] === 0x3c) return { encoding: 'utf-16be' };
  // the declaration is ASCII: read it byte by byte up to '?>'
  let declaration = '';
  for (let i = 0; i < head.length && i < 1024; i++) {
    const byte = head[i] as number;
    if (byte === 0) break;
    declaration += String.fromCharCode(byte);
    if (declaration.endsWith('?>')) break;
  }
  if (!declaration.startsWith('<?xml')) return { encoding: 'utf-8' };
  const match = /encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(declaration);
  const declared = match ? (match[1] as string).toLowerCase() : 'utf-8';
  // Read as single bytes, the declaration cannot be UTF-16: the label is wrong, the bytes decide.
  if (UTF16_LABELS.has(declared)) return { encoding: 'utf-8', mislabelled: match?.[1] ?? declared };
  return { encoding: declared };
}

/**
 * Returns the WHATWG encoding label for an XML document, from its first bytes (give at least the first
 * 1024): 'utf-8' (also the default), 'utf-16le', 'utf-16be', or the declared label lower-cased (e.g.
 * 'iso-8859-1', as some CityGML 1.0 samples declare). See {@link detectXmlEncoding}.
 */
export function sniffXmlEncoding(head: Uint8Array): string {
  return detectXmlEncoding(head).encoding;
}
