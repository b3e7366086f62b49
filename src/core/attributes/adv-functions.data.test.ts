/** The AdV function names against the codes the states' files in ../shared/data/citygml use. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADV_FUNCTIONS } from './adv-functions.ts';
import { attributeDisplayValue } from './format.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = path.resolve(repoRoot, '../shared/data/citygml');
const hasData = existsSync(dataDir);
if (!hasData) console.warn(`AdV function data test skipped: ${dataDir} not found`);

/** Every `bldg:function` / `bldg:usage` value of the form `31001_1010` in the CityGML files under `dir`. */
function advCodes(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(gml|xml)$/i.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/<(?:\w+:)?(?:function|usage)\b[^>]*>\s*(\d{5}_\d{4})\s*</g))
      found.set(match[1] as string, path.relative(dataDir, file));
  }
  return found;
}

describe.runIf(hasData)('AdV function codes in the shared data', () => {
  it('names every code the NRW, Bavarian and Lower Saxony files use, in both languages', () => {
    const codes = advCodes(dataDir);
    expect(codes.size).toBeGreaterThanOrEqual(20);
    const unnamed = [...codes].filter(([code]) => ADV_FUNCTIONS[code] === undefined);
    expect(unnamed).toEqual([]);
    for (const code of codes.keys()) {
      const [de, en] = ADV_FUNCTIONS[code] ?? [];
      expect(attributeDisplayValue('function', code, 'de')).toBe(`${code} (${de})`);
      expect(attributeDisplayValue('function', code, 'en')).toBe(`${code} (${en})`);
    }
  });
});
