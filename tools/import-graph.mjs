#!/usr/bin/env node
// Folder import graph of the project: prints every edge between the top folders (with the number of imports)
// and exits 1 on an edge the layering does not allow or on a cycle between folders. The core is platform-free
// and imports none of the others; workers and tools build on the core only; the app builds on the core and on
// the workers' API and client modules; test/, e2e/ and bench/ sit on top. ESLint (`no-restricted-imports` in
// eslint.config.js) enforces the same per file; this script also sees dynamic imports and worker entry URLs
// (`new URL('…', import.meta.url)`), which ESLint does not.
// Usage: node tools/import-graph.mjs
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Top folders, most specific first, and the folders each may import from. */
const ALLOWED = new Map([
  ['src/core', []],
  ['workers', ['src/core']],
  ['src/app', ['src/core', 'workers']],
  // The light embed viewer (three.js): the core, and the city configs from src/app/config.
  ['src/embed', ['src/core', 'src/app']],
  ['tools', ['src/core']],
  ['test', ['src/core', 'src/app', 'workers', 'tools']],
  ['e2e', ['src/core', 'src/app', 'src/embed', 'workers', 'tools']],
  ['bench', ['src/core', 'src/app', 'src/embed', 'workers', 'tools', 'e2e', 'test']],
]);
const FOLDERS = [...ALLOWED.keys()];
const SKIP = new Set(['node_modules', 'dist', 'results', 'artifacts', '.tmp', '.cache']);
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;

function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  const files = [];
  for (const entry of readdirSync(dir)) {
    if (SKIP.has(entry)) continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) files.push(...sourceFiles(full));
    else if (SOURCE.test(entry)) files.push(full);
  }
  return files;
}

function folderOf(file) {
  const path = relative(root, file).split(sep).join('/');
  return FOLDERS.find((folder) => path === folder || path.startsWith(`${folder}/`));
}

/**
 * Relative specifiers of static and dynamic imports, re-exports and worker URLs. Block comments and whole-line
 * comments are dropped first so that examples in documentation do not count; code generators that write
 * imports into template strings (tools/derive-*) point outside the top folders and are ignored below.
 */
function specifiers(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = [];
  const patterns = [
    /\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bnew\s+URL\s*\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) if (match[1].startsWith('.')) found.push(match[1]);
  }
  return found;
}

const edges = new Map();
for (const folder of FOLDERS) {
  for (const file of sourceFiles(join(root, folder))) {
    const from = folderOf(file);
    for (const specifier of specifiers(readFileSync(file, 'utf8'))) {
      const to = folderOf(resolve(dirname(file), specifier));
      if (!from || !to || from === to) continue;
      const key = `${from} -> ${to}`;
      const edge = edges.get(key) ?? { from, to, files: new Set(), count: 0 };
      edge.count += 1;
      edge.files.add(relative(root, file).split(sep).join('/'));
      edges.set(key, edge);
    }
  }
}

let failed = false;
console.log('Folder import graph (from -> to: imports in files):');
for (const edge of [...edges.values()].sort(
  (a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
)) {
  const allowed = ALLOWED.get(edge.from)?.includes(edge.to) ?? false;
  console.log(`  ${allowed ? ' ' : '!'} ${edge.from} -> ${edge.to}: ${edge.count} in ${edge.files.size}`);
  if (!allowed) {
    failed = true;
    for (const file of [...edge.files].sort()) console.log(`      not allowed: ${file}`);
  }
}

// A cycle needs a disallowed edge while ALLOWED is acyclic, but the check stays in case ALLOWED changes.
const adjacency = new Map(FOLDERS.map((folder) => [folder, []]));
for (const edge of edges.values()) adjacency.get(edge.from).push(edge.to);
const state = new Map();
const cycles = [];
function visit(folder, path) {
  state.set(folder, 'open');
  for (const next of adjacency.get(folder)) {
    if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
    else if (!state.has(next)) visit(next, [...path, next]);
  }
  state.set(folder, 'done');
}
for (const folder of FOLDERS) if (!state.has(folder)) visit(folder, [folder]);
for (const cycle of cycles) console.log(`  cycle: ${cycle}`);

if (failed || cycles.length > 0) {
  console.error('import-graph: upward imports or cycles between top folders (see "!" and "cycle" above)');
  process.exit(1);
}
console.log('import-graph: no upward imports, no cycles');
