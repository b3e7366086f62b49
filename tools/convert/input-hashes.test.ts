/**
 * The report's content hash of every input is the SHA-256 of the file's bytes, however the input was read:
 * hashed on the way by the thread that read it whole (one thread, worker threads; plain, gzipped, zipped),
 * hashed ahead for a file split into pieces and for `--update`, and hashed afterwards for a file whose
 * reader stopped at a fault before its end.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { goodDocument } from '../hostile-corpus/blocks.ts';
import { convertCityGml } from './run.ts';
import type { ConvertOptions } from './run.ts';

const scratch = mkdtempSync(join(tmpdir(), 'input-hashes-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const plain = join(scratch, 'city.gml');
const gzipped = join(scratch, 'city-gz.gml.gz');
const zipped = join(scratch, 'city-zip.zip');
const broken = join(scratch, 'broken.gml');
const document = goodDocument(40);
writeFileSync(plain, document);
writeFileSync(gzipped, gzipSync(goodDocument(30, 'g')));
writeFileSync(zipped, zipSync({ 'inner.gml': new TextEncoder().encode(goodDocument(20, 'z')) }));
// a broken tag a tenth into 1.9 MB (more than one read chunk): the reader stops there, before the file's end
const long = goodDocument(1000, 'x');
const at = long.indexOf('<bldg:Building', Math.floor(long.length / 10));
writeFileSync(broken, `${long.slice(0, at)}<gml:Pol <<${long.slice(at)}`);
const inputs = [plain, gzipped, zipped, broken];

function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

let runs = 0;
async function hashesOf(options: Partial<ConvertOptions>): Promise<Record<string, string>> {
  const report = await convertCityGml({
    inputs,
    out: join(scratch, `out-${++runs}`),
    quiet: true,
    ...options,
  });
  expect(report.buildings.written).toBeGreaterThan(60);
  expect(report.errors.map((e) => e.file)).toEqual([broken]);
  return Object.fromEntries((report.inputs ?? []).map((input) => [input.name, input.sha256]));
}

describe('input content hashes in the report', () => {
  const expected = Object.fromEntries(inputs.map((path) => [path, fileHash(path)]));

  it('are the files’ SHA-256 on one thread', async () => {
    expect(await hashesOf({ jobs: 0 })).toEqual(expected);
  });

  it('are the files’ SHA-256 from worker threads', async () => {
    expect(await hashesOf({ jobs: 2, inProcessBytes: -1 })).toEqual(expected);
  });

  it('are the files’ SHA-256 when files are split into pieces', async () => {
    expect(await hashesOf({ jobs: 2, inProcessBytes: -1, splitBytes: 16 * 1024 })).toEqual(expected);
  });
});
