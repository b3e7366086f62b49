// Converter CLI bundle: the TypeScript CLI and its worker built by esbuild into two plain ES modules under
// `.cache/convert-cli/`, so that `stadtmodell-convert` and each of its worker threads start without
// registering tsx and compiling sources (about half a second per thread; `npm run bench:convert` shows
// the difference). Rebuilt when any source, the lockfile or this file changes; written to a temporary
// directory and renamed into place, so concurrent runs never see half a bundle.
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

/** Sizes and modification times of every watched file: a cheap fingerprint of the sources. */
function sourceKey() {
  const parts = [fileURLToPath(import.meta.url)];
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
    } else if (!/\.test\.tsx?$/.test(path)) parts.push(`${path}:${stat.size}:${stat.mtimeMs}`);
  };
  for (const path of WATCHED) visit(join(repoRoot, path));
  parts.push(`${statSync(fileURLToPath(import.meta.url)).mtimeMs}`);
  return parts.join('\n');
}

/**
 * Returns the path of the bundled CLI module, building it first when missing or stale. Throws when
 * esbuild is not installed or the directory is not writable (the caller then runs the sources).
 */
export async function ensureConvertBundle() {
  const key = sourceKey();
  const cli = join(BUNDLE_DIR, 'convert.mjs');
  let current;
  try {
    current = readFileSync(join(BUNDLE_DIR, 'key.txt'), 'utf8');
  } catch {
    current = undefined;
  }
  if (current === key) return cli;
  const { build } = await import('esbuild');
  mkdirSync(dirname(BUNDLE_DIR), { recursive: true });
  const staging = `${BUNDLE_DIR}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    await build({
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
    });
    writeFileSync(join(staging, 'key.txt'), key);
    rmSync(BUNDLE_DIR, { recursive: true, force: true });
    renameSync(staging, BUNDLE_DIR);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return cli;
}
