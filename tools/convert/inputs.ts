import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { errorMessage } from '../../src/core/errors.ts';
import { skipMarkup } from './markup.ts';

/** One input the converter reads: a CityGML file, a gzipped one, or a zip archive of them. */
export interface InputSource {
  /** Absolute path on disk. */
  path: string;
  /** Name used in the report (path as given, or relative to the directory or glob base). */
  name: string;
  /** Bytes on disk (compressed size for .gz and .zip). */
  size: number;
  kind: 'xml' | 'gz' | 'zip';
  /**
   * Set when a large plain file is read in pieces by several workers: this piece is the document head
   * (bytes [0, headEnd)), then bytes [start, end) (whole members), then `closing`.
   */
  piece?: { index: number; count: number; headEnd: number; start: number; end: number; closing: string };
  /**
   * The bytes themselves, for an input read from a stream (`-`, see stream-input.ts): with `piece`, the
   * document head (`[0, headEnd)`) followed by the piece's members; `path` is then not a file.
   * `piece.count` is 0 (not known ahead).
   */
  data?: Uint8Array;
}

/** File names a directory or glob picks up. */
const INPUT_NAME = /\.(gml|xml|citygml|gz|zip)$/i;

function kindOf(path: string): InputSource['kind'] {
  if (/\.gz$/i.test(path)) return 'gz';
  if (/\.zip$/i.test(path)) return 'zip';
  return 'xml';
}

/** What a path is that cannot be read as an input (a FIFO, device or socket), or undefined for others. */
function specialKind(entry: Stats | Dirent): string | undefined {
  if (entry.isFIFO()) return 'a FIFO (named pipe)';
  if (entry.isSocket()) return 'a socket';
  if (entry.isCharacterDevice()) return 'a character device';
  if (entry.isBlockDevice()) return 'a block device';
  return undefined;
}

/** The error for an input that is neither a regular file nor a directory. */
const notRegular = (path: string, kind: string) => ({
  file: path,
  message: `convert: ${path}: not a regular file but ${kind}; only files and directories are read`,
});

/**
 * Collects the regular files under `dir` (recursively, sorted; symbolic links are not followed, so a
 * link loop ends nothing) into `out`, and FIFOs, devices and sockets into `special`: opening one could
 * block forever, so they are only ever looked at with stat.
 */
function walk(dir: string, out: string[], special: { path: string; kind: string }[] = []): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const kind = specialKind(entry);
    if (entry.isDirectory()) walk(path, out, special);
    else if (entry.isFile()) out.push(path);
    else if (kind) special.push({ path, kind });
  }
}

/**
 * Stats an input given by name (following symbolic links); a failure as the error to report, worded
 * for its cause: a symbolic link loop, a missing path, no permission.
 */
function statInput(input: string): Stats | { file: string; message: string } {
  try {
    return statSync(input);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ELOOP'
        ? 'symlink loop: a symbolic link that leads back to itself, never to a file'
        : code === 'ENOENT'
          ? undefined
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot be read: permission denied'
            : code === 'ENOTDIR'
              ? 'no such file or directory (a part of the path is not a directory)'
              : `cannot be read (${code ?? errorMessage(error)})`;
    return {
      file: input,
      message: why ? `convert: ${input}: ${why}` : `convert: no such file or directory: ${input}`,
    };
  }
}

/** Turns a glob (`*`, `?`, `**` for any number of directories) into a regular expression over `/` paths. */
export function globToRegExp(glob: string): RegExp {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      pattern += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') pattern += '[^/]*';
    else if (c === '?') pattern += '[^/]';
    else pattern += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`);
}

/**
 * Expands the command line's inputs: files as given, directories recursively (`*.gml`, `*.xml`,
 * `*.citygml`, `*.gz`, `*.zip`), and globs with `*`, `?` and `**`. Inputs that match nothing, cannot be
 * stat'ed (missing, a symbolic link loop) or are neither regular files nor directories (a FIFO, device
 * or socket, which are never opened) are returned as errors, naming the path; duplicates are removed.
 */
export function expandInputs(inputs: string[]): {
  sources: InputSource[];
  errors: { file: string; message: string }[];
} {
  const sources: InputSource[] = [];
  const errors: { file: string; message: string }[] = [];
  const seen = new Set<string>();
  const add = (path: string, name: string) => {
    const absolute = resolve(path);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    sources.push({ path: absolute, name, size: statSync(absolute).size, kind: kindOf(absolute) });
  };
  for (const input of inputs) {
    if (/[*?]/.test(input)) {
      const normalised = input.split(sep).join('/');
      const segments = normalised.split('/');
      const firstWild = segments.findIndex((s) => /[*?]/.test(s));
      const base = segments.slice(0, firstWild).join('/') || (normalised.startsWith('/') ? '/' : '.');
      const matcher = globToRegExp(segments.slice(firstWild).join('/'));
      const files: string[] = [];
      const special: { path: string; kind: string }[] = [];
      if (existsSync(base) && statSync(base).isDirectory()) walk(base, files, special);
      const matches = (f: string) => matcher.test(relative(base, f).split(sep).join('/'));
      const matched = files.filter(matches);
      const refused = special.filter((s) => matches(s.path));
      for (const s of refused) errors.push(notRegular(relative(process.cwd(), s.path) || s.path, s.kind));
      if (matched.length === 0 && refused.length === 0)
        errors.push({ file: input, message: `convert: no file matches ${input}` });
      for (const file of matched) add(file, relative(process.cwd(), file) || file);
      continue;
    }
    const stat = statInput(input);
    if (!('isDirectory' in stat)) {
      errors.push(stat);
    } else if (stat.isDirectory()) {
      const files: string[] = [];
      const special: { path: string; kind: string }[] = [];
      walk(input, files, special);
      const matched = files.filter((f) => INPUT_NAME.test(f));
      const refused = special.filter((s) => INPUT_NAME.test(s.path));
      for (const s of refused) errors.push(notRegular(s.path, s.kind));
      if (matched.length === 0 && refused.length === 0)
        errors.push({ file: input, message: `convert: no CityGML files in ${input}` });
      for (const file of matched) add(file, relative(input, file).split(sep).join('/'));
    } else if (!stat.isFile()) {
      errors.push(notRegular(input, specialKind(stat) ?? 'not a file or directory'));
    } else {
      add(input, input);
    }
  }
  return { sources, errors };
}

/** Bytes read to find the document head and the split points. */
const SCAN_WINDOW = 1 << 20;

/** Bytes searched for the head (the first member) before a document is taken as one piece. */
export const HEAD_SEARCH_BYTES = 16 * 1024 * 1024;

function readAt(fd: number, position: number, length: number, into?: Buffer): Buffer {
  const buffer = into && into.length >= length ? into : Buffer.alloc(length);
  const n = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, n);
}

/** Children of the root that the CityGML reader reads as members (`openOutsideObject`). */
const MEMBER_NAMES = new Set(['cityObjectMember', 'featureMember', 'featureMembers']);

/** Where a document can be cut: the head's end, the root's end tag, and the member tag cut points are found at. */
export interface DocumentHead {
  /** Byte offset of the first member of any kind (the head is the bytes before it). */
  headEnd: number;
  /** The root's end tag, e.g. `</core:CityModel>`. */
  closing: string;
  /** The start of the member tag cut points are searched for, e.g. `<core:cityObjectMember`. */
  memberTag: Buffer;
}

/** Index of the `>` that ends the tag opened at `lt` (quoted attribute values skipped); -1 if not in `text`. */
function tagEnd(text: string, lt: number): number {
  const pattern = /["'>]/g;
  pattern.lastIndex = lt + 1;
  for (;;) {
    const match = pattern.exec(text);
    if (!match) return -1;
    if (match[0] === '>') return match.index;
    const close = text.indexOf(match[0], match.index + 1);
    if (close < 0) return -1;
    pattern.lastIndex = close + 1;
  }
}

/**
 * Finds the document head by reading the markup of `text` (the document's first bytes, Latin-1 decoded so
 * that string and byte offsets agree): comments, CDATA sections, processing instructions and the DOCTYPE
 * are skipped, so a member tag written inside them is not taken for one. The head ends before the first
 * child of the root that is a member of any kind. Cut points are searched for at `cityObjectMember` tags
 * (written as the first one at the root's level is), or at `featureMember` tags when the first member is
 * one and no `cityObjectMember` follows within `text`. Returns `'more'` when `text` ends before that is
 * known (and `complete` is false), undefined when the document cannot be cut safely.
 */
export function findHead(text: string, complete: boolean): DocumentHead | 'more' | undefined {
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  let depth = 0;
  let root: string | undefined;
  let first: { at: number; name: string } | undefined;
  const result = (tag: string | undefined): DocumentHead | undefined =>
    first && root && tag
      ? { headEnd: first.at, closing: `</${root}>`, memberTag: Buffer.from(`<${tag}`, 'latin1') }
      : undefined;
  // the root ends (`more` false) or the text does: the first member's own tag when it is a featureMember
  const ended = (more: boolean) =>
    more && !complete
      ? 'more'
      : first
        ? result(local(first.name) === 'featureMember' ? first.name : undefined)
        : undefined;
  let pos = 0;
  for (;;) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) return ended(true);
    if (text[lt + 1] === '!' && text.length - lt < 9) return ended(true);
    const [skip, skipTo] = text.startsWith('<!--', lt)
      ? [4, '-->']
      : text.startsWith('<![CDATA[', lt)
        ? [9, ']]>']
        : text.startsWith('<?', lt)
          ? [2, '?>']
          : [0, ''];
    if (skipTo) {
      const end = text.indexOf(skipTo, lt + skip);
      if (end < 0) return ended(true);
      pos = end + skipTo.length;
      continue;
    }
    const gt = tagEnd(text, lt);
    if (gt < 0) return ended(true);
    pos = gt + 1;
    if (text[lt + 1] === '!') {
      // the DOCTYPE: an internal subset (entities) is not read here, so such a document is not cut
      if (root !== undefined || text.slice(lt + 1, gt).includes('[')) return undefined;
      continue;
    }
    if (text[lt + 1] === '/') {
      depth -= 1;
      if (depth <= 0) return ended(false);
      continue;
    }
    const name = /^[^\s/>]+/.exec(text.slice(lt + 1, Math.min(gt, lt + 1 + 1024)))?.[0];
    if (!name) return undefined;
    if (depth === 0) {
      if (root !== undefined) return undefined;
      root = name;
    } else if (depth === 1 && MEMBER_NAMES.has(local(name))) {
      first ??= { at: lt, name };
      if (local(name) === 'cityObjectMember') return result(name);
    }
    if (text[gt - 1] !== '/') depth += 1;
    else if (depth === 0) return undefined;
  }
}

/** Byte after a tag name that ends it: whitespace or `>`. */
export function endsTag(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x3e || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** The first `tag` followed by a tag-name end (whitespace or `>`) at or after `from` in the file; -1 if none. */
function findMemberAt(fd: number, size: number, tag: Buffer, from: number): number {
  for (let at = from; at < size; at += SCAN_WINDOW) {
    const window = readAt(fd, at, SCAN_WINDOW + tag.length);
    for (let k = window.indexOf(tag); k >= 0; k = window.indexOf(tag, k + 1)) {
      const after = window[k + tag.length];
      if (after === undefined || endsTag(after)) return at + k;
    }
  }
  return -1;
}

/**
 * Reads the file from `from` (outside any comment, CDATA section or processing instruction) to `to`:
 * `to` when it lies outside them too, else the end of the one it lies in; -1 when one does not end
 * before the end of the file.
 */
function advanceOutsideMarkup(fd: number, size: number, from: number, to: number, scratch: Buffer): number {
  let pos = from;
  while (pos < to) {
    const window = readAt(fd, pos, Math.min(SCAN_WINDOW, size - pos), scratch);
    if (window.length === 0) return -1;
    const scan = skipMarkup(window, 0, Math.min(to - pos, window.length));
    if ('at' in scan) {
      pos += scan.at;
      continue;
    }
    if (scan.open > 0) {
      pos += scan.open; // read again from where it begins
      continue;
    }
    if (!scan.close) return -1; // the file ends within its first bytes
    // one that begins the window and goes on past it: find its end further on
    const close = scan.close;
    let end = -1;
    for (let at = pos + 2; end < 0 && at < size; at += SCAN_WINDOW) {
      const k = readAt(fd, at, SCAN_WINDOW + close.length, scratch).indexOf(close);
      if (k >= 0) end = at + k + close.length;
    }
    if (end < 0) return -1;
    pos = end;
  }
  return pos;
}

/**
 * Splits a large plain CityGML file into `pieces` sources that workers read in parallel. Each piece
 * is the document head (everything before the first member: see `findHead`), a run of whole members, and
 * the root's end tag, so every piece is a well-formed document. Cut points are member tags that lie
 * outside any comment, CDATA section or processing instruction (the bytes between cut points are scanned
 * for them). Returns the source unchanged when it cannot be split safely (not UTF-8/Latin-1, no head
 * found in the first 16 MiB, or too few members). XLinks between members of different pieces cannot be
 * resolved (CityGML files rarely have them).
 */
export function splitSource(source: InputSource, pieces: number): InputSource[] {
  if (source.kind !== 'xml' || pieces < 2) return [source];
  const fd = openSync(source.path, 'r');
  try {
    let text = readAt(fd, 0, Math.min(SCAN_WINDOW, source.size)).toString('latin1');
    if (/^(\xfe\xff|\xff\xfe)|encoding=["'](utf-?16|ucs)/i.test(text.slice(0, 4096))) return [source];
    let head = findHead(text, text.length >= source.size);
    if (head === 'more') {
      text = readAt(fd, 0, Math.min(HEAD_SEARCH_BYTES, source.size)).toString('latin1');
      head = findHead(text, true);
    }
    if (!head || head === 'more') return [source];
    const { headEnd, closing, memberTag } = head;
    const bounds = [headEnd];
    /** A position known to lie outside comments, CDATA sections and processing instructions. */
    let outside = headEnd;
    const scratch = Buffer.allocUnsafe(SCAN_WINDOW + 16);
    for (let i = 1; i < pieces; i++) {
      let at = Math.max(bounds[bounds.length - 1]! + 1, Math.floor((source.size * i) / pieces));
      let cut = -1;
      while (cut < 0 && at < source.size) {
        outside = advanceOutsideMarkup(fd, source.size, outside, at, scratch);
        if (outside < 0) break;
        const candidate = findMemberAt(fd, source.size, memberTag, outside);
        if (candidate < 0) break;
        outside = advanceOutsideMarkup(fd, source.size, outside, candidate, scratch);
        if (outside < 0) break;
        if (outside === candidate) cut = candidate;
        else at = outside; // the tag is inside a comment, CDATA section or processing instruction
      }
      if (cut < 0) break;
      bounds.push(cut);
    }
    if (bounds.length < 2) return [source];
    bounds.push(source.size);
    return bounds.slice(0, -1).map((start, index) => {
      const end = bounds[index + 1]!;
      const last = index === bounds.length - 2;
      return {
        ...source,
        size: (index === 0 ? headEnd : 0) + end - start,
        piece: { index, count: bounds.length - 1, headEnd, start, end, closing: last ? '' : closing },
      };
    });
  } finally {
    closeSync(fd);
  }
}

/** Texture image references are made where the images are read, under the same rules. */
export { imageReference } from './images.ts';
