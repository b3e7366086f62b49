import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { errorMessage } from '../../src/core/errors.ts';

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
   * (bytes [0, headEnd)), then bytes [start, end) (whole cityObjectMembers), then `closing`.
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

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const n = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, n);
}

/**
 * Splits a large plain CityGML file into `pieces` sources that workers read in parallel. Each piece
 * is the document head (everything before the first `cityObjectMember`), a run of whole members, and
 * the root's end tag, so every piece is a well-formed document. Returns the source unchanged when it
 * cannot be split safely (not UTF-8/Latin-1, no members found in the first MiB, or too few members).
 * XLinks between members of different pieces cannot be resolved (CityGML files rarely have them).
 */
export function splitSource(source: InputSource, pieces: number): InputSource[] {
  if (source.kind !== 'xml' || pieces < 2) return [source];
  const fd = openSync(source.path, 'r');
  try {
    const head = readAt(fd, 0, Math.min(SCAN_WINDOW, source.size)).toString('latin1');
    if (/^(\xfe\xff|\xff\xfe)|encoding=["'](utf-?16|ucs)/i.test(head)) return [source];
    const member = /<([\w.-]+:)?cityObjectMember[\s>]/.exec(head);
    const root = /<([\w.:-]+)[\s>]/.exec(
      head.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, (m) => ' '.repeat(m.length)),
    );
    if (!member || !root) return [source];
    const memberTag = Buffer.from(`<${member[1] ?? ''}cityObjectMember`, 'latin1');
    const headEnd = member.index;
    const closing = `</${root[1]}>`;
    const bounds = [headEnd];
    for (let i = 1; i < pieces; i++) {
      let at = Math.max(bounds[bounds.length - 1]! + 1, Math.floor((source.size * i) / pieces));
      let found = -1;
      while (found < 0 && at < source.size) {
        const window = readAt(fd, at, SCAN_WINDOW + memberTag.length);
        let k = window.indexOf(memberTag);
        while (k >= 0) {
          const after = window[k + memberTag.length];
          if (
            after === undefined ||
            after === 0x20 ||
            after === 0x3e ||
            after === 0x0a ||
            after === 0x0d ||
            after === 0x09
          )
            break;
          k = window.indexOf(memberTag, k + 1);
        }
        if (k >= 0) found = at + k;
        else at += SCAN_WINDOW;
      }
      if (found < 0) break;
      bounds.push(found);
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
