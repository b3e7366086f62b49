// Converter CLI bundle: the TypeScript CLI and its worker built by esbuild into two plain ES modules under
// `.cache/convert-cli/`, so that `stadtmodell-convert` and each of its worker threads start without
// registering tsx and compiling sources (about half a second per thread; `npm run bench:convert` shows
// the difference). Rebuilt when any source it was built from, the lockfile or this file changes (sizes and
// modification times of just those files, ~100 stats, are compared at start-up); written to a temporary
// directory and renamed into place, so concurrent runs never see half a bundle. Code splitting keeps what
// only some runs need (the S3 client for `--out s3://`, loaded with a dynamic import) in chunks of its
// own, so a local conversion neither parses nor evaluates it.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the bundle lives: `convert.mjs` (the CLI), `convert-worker.mjs` and `key.txt`. */
export const BUNDLE_DIR = join(repoRoot, '.cache/convert-cli');
/** Sources whose change rebuilds the bundle. */
const WATCHED = [
  'src/core',
  'tools/convert',
  'tools/convert.ts',
  'tools/publish',
  'tools/interrupts.ts',
  'package-lock.json',
];

/** First line of `key.txt`: the format of the fingerprint lines below it. */
export const KEY_HEADER = 'stadtmodell-convert-bundle 2';
/** Files always fingerprinted besides the bundle's own sources: this file and the lockfile. */
const ALWAYS = [fileURLToPath(import.meta.url), join(repoRoot, 'package-lock.json')];

/**
 * Puts the modules `lazy-proj4.mjs` and `lazy-geotiff.mjs` in place of those packages (see there): each
 * package is then required on its first use instead of being parsed and evaluated at every start-up.
 */
const LAZY_PACKAGES = {
  name: 'lazy-packages',
  setup(build) {
    const shims = new Map(
      ['proj4', 'geotiff'].map((name) => [name, join(repoRoot, `tools/convert/lazy-${name}.mjs`)]),
    );
    build.onResolve({ filter: /^(proj4|geotiff)$/ }, (args) => {
      const shim = shims.get(args.path);
      return args.importer === shim ? undefined : { path: shim };
    });
  },
};

/** One file's fingerprint line: path, size and modification time ('-' when it is missing). */
function fingerprint(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${path}:${stat.size}:${stat.mtimeMs}` : `${path}:-`;
}

/** Fingerprints of every watched file (before a build: the bundle's sources are among them). */
function watchedFingerprints() {
  const lines = new Map();
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
    } else if (!/\.test\.tsx?$/.test(path)) lines.set(path, `${path}:${stat.size}:${stat.mtimeMs}`);
  };
  for (const path of WATCHED) visit(join(repoRoot, path));
  return lines;
}

/**
 * Whether the key written with the bundle still holds: every file it lists (the bundle's own sources,
 * from esbuild's metafile, this file and the lockfile) has the same size and modification time.
 */
export function keyHolds(key) {
  const lines = key.split('\n').filter(Boolean);
  if (lines[0] !== KEY_HEADER) return false;
  for (const line of lines.slice(1)) {
    const path = line.slice(0, line.lastIndexOf(':', line.lastIndexOf(':') - 1));
    if (fingerprint(path) !== line) return false;
  }
  return lines.length > 1;
}

/**
 * Returns the path of the bundled CLI module, building it first when missing or stale. Throws when
 * esbuild is not installed or the directory is not writable (the caller then runs the sources).
 */
export async function ensureConvertBundle() {
  const cli = join(BUNDLE_DIR, 'convert.mjs');
  let current;
  try {
    current = readFileSync(join(BUNDLE_DIR, 'key.txt'), 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== undefined && keyHolds(current)) return cli;
  // Taken before the build: a source edited while esbuild runs then fails the next check.
  const before = watchedFingerprints();
  const { build } = await import('esbuild');
  mkdirSync(dirname(BUNDLE_DIR), { recursive: true });
  const staging = `${BUNDLE_DIR}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    const result = await build({
      absWorkingDir: repoRoot,
      metafile: true,
      splitting: true,
      chunkNames: 'chunk-[hash]',
      entryPoints: {
        convert: join(repoRoot, 'tools/convert.ts'),
        'convert-worker': join(repoRoot, 'tools/convert/worker.ts'),
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outdir: staging,
      outExtension: { '.js': '.mjs' },
      // session.ts starts this file as the worker when it is bundled (see __CONVERT_WORKER_BUNDLE__).
      define: { __CONVERT_WORKER_BUNDLE__: JSON.stringify('./convert-worker.mjs') },
      // CommonJS dependencies bundled into an ES module still call require().
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
      logLevel: 'error',
      plugins: [LAZY_PACKAGES],
    });
    const sources = Object.keys(result.metafile.inputs)
      .filter((path) => !path.startsWith('node_modules/') && !path.includes(':'))
      .map((path) => join(repoRoot, path));
    const key = [...new Set([...ALWAYS, ...sources])].map((path) => before.get(path) ?? fingerprint(path));
    writeFileSync(join(staging, 'key.txt'), `${[KEY_HEADER, ...key].join('\n')}\n`);
    rmSync(BUNDLE_DIR, { recursive: true, force: true });
    renameSync(staging, BUNDLE_DIR);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return cli;
}
