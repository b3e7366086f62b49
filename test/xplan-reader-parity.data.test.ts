/**
 * The XPlanGML reader on the project's XML tokenizer against the reader it replaced (on saxes, kept as a
 * test-only reference in test/reference/xplan-reader-saxes.ts): deep-equal documents (features, geometry,
 * plans, counts, warnings) on every XPlanGML file of the shared data, read whole and in uneven chunks.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readXPlanWithSaxes } from './reference/xplan-reader-saxes.ts';
import { openXPlanArchive } from '../src/core/layers/xplan/archive.ts';
import { readXPlan } from '../src/core/layers/xplan/reader.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const xplanDir = path.resolve(repoRoot, '../shared/data/xplan');
const haveData = existsSync(xplanDir);

/** Every .gml and .zip below the shared XPlanGML folder, as 'plain-gml/x.gml' and the like. */
function sharedFiles(): string[] {
  if (!haveData) return [];
  const names: string[] = [];
  for (const folder of readdirSync(xplanDir, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const file of readdirSync(path.join(xplanDir, folder.name))) {
      if (/\.(gml|xml|zip)$/i.test(file)) names.push(`${folder.name}/${file}`);
    }
  }
  return names.sort();
}

function documentText(name: string): string {
  const file = path.join(xplanDir, name);
  return name.endsWith('.zip')
    ? openXPlanArchive(new Uint8Array(readFileSync(file)), { file: name }).gmlText
    : readFileSync(file, 'utf8');
}

/** Splits text into pieces of uneven sizes (tags, entities and line ends cut anywhere). */
function unevenChunks(text: string, seed: number): string[] {
  const chunks: string[] = [];
  let state = seed;
  for (let start = 0; start < text.length; ) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const size = 1 + (state % 9000);
    chunks.push(text.slice(start, start + size));
    start += size;
  }
  return chunks;
}

describe.skipIf(!haveData)('XPlanGML reader: same documents as the saxes-based reader it replaced', () => {
  const files = sharedFiles();

  it('finds the shared XPlanGML files', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('%s', (name) => {
    const text = documentText(name);
    const reference = readXPlanWithSaxes(text, { file: name });
    expect(reference.features.length).toBeGreaterThan(0);
    expect(readXPlan(text, { file: name })).toEqual(reference);
    expect(readXPlan(unevenChunks(text, name.length), { file: name })).toEqual(reference);
  });

  it.each(files)('%s with faults (warnings and their lines)', (name) => {
    // every tenth coordinate list gets a word that is not a number: geometry faults with their lines
    let lists = 0;
    const text = documentText(name).replace(/<\/gml:posList>/g, (end) =>
      ++lists % 10 === 1 ? ` x${end}` : end,
    );
    const reference = readXPlanWithSaxes(text, { file: name });
    expect(reference.warnings.length).toBeGreaterThan(0);
    expect(readXPlan(unevenChunks(text, lists), { file: name })).toEqual(reference);
  });
});
