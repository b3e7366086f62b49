import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/** One input the converter reads: a CityGML file, a gzipped one, or a zip archive of them. */
export interface InputSource {
  /** Absolute path on disk. */
  path: string;
  /** Name used in the report (path as given, or relative to the directory or glob base). */
  name: string;
  /** Bytes on disk (compressed size for .gz and .zip). */
  size: number;
  kind: 'xml' | 'gz' | 'zip';
}

/** File names a directory or glob picks up. */
const INPUT_NAME = /\.(gml|xml|citygml|gz|zip)$/i;
/** Entries of a zip archive that are read as CityGML. */
export const ZIP_ENTRY_NAME = /\.(gml|xml|citygml)$/i;

function kindOf(path: string): InputSource['kind'] {
  if (/\.gz$/i.test(path)) return 'gz';
  if (/\.zip$/i.test(path)) return 'zip';
  return 'xml';
}

function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile()) out.push(path);
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
 * `*.citygml`, `*.gz`, `*.zip`), and globs with `*`, `?` and `**`. Inputs that match nothing are
 * returned as errors; duplicates are removed.
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
      if (existsSync(base) && statSync(base).isDirectory()) walk(base, files);
      const matched = files.filter((f) => matcher.test(relative(base, f).split(sep).join('/')));
      if (matched.length === 0) errors.push({ file: input, message: `convert: no file matches ${input}` });
      for (const file of matched) add(file, relative(process.cwd(), file) || file);
    } else if (!existsSync(input)) {
      errors.push({ file: input, message: `convert: no such file or directory: ${input}` });
    } else if (statSync(input).isDirectory()) {
      const files: string[] = [];
      walk(input, files);
      const matched = files.filter((f) => INPUT_NAME.test(f));
      if (matched.length === 0) errors.push({ file: input, message: `convert: no CityGML files in ${input}` });
      for (const file of matched) add(file, relative(input, file).split(sep).join('/'));
    } else {
      add(input, input);
    }
  }
  return { sources, errors };
}
