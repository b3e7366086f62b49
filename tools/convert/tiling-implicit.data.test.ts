import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateTileset } from '../../src/core/tiles/validate.ts';
import { runConvertCli } from './cli.ts';
import { snapshot } from './test-tiles.ts';

const gltfValidator = createRequire(import.meta.url)('gltf-validator') as {
  validateBytes: (
    bytes: Uint8Array,
    options?: { maxIssues?: number },
  ) => Promise<{ issues: { numErrors: number } }>;
};
const wesel = resolve(import.meta.dirname, '../../../shared/data/citygml/nrw-wesel-lod2');
const scratch = mkdtempSync(join(tmpdir(), 'convert-implicit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.runIf(existsSync(wesel))('convert --tiling implicit (NRW Wesel LoD2)', () => {
  it('writes an implicit tileset with 0 validateTileset and 0 glTF validator errors', async () => {
    const out = join(scratch, 'implicit');
    const lines: string[] = [];
    expect(
      await runConvertCli([wesel, '--out', out, '--tiling', 'implicit', '--jobs', '1', '--quiet'], (l) =>
        lines.push(l),
      ),
    ).toBe(0);
    const files = snapshot(out);
    const tileset = JSON.parse(readFileSync(join(out, 'tileset.json'), 'utf8')) as {
      root: { implicitTiling?: unknown };
    };
    expect(tileset.root.implicitTiling).toBeDefined();
    expect([...files.keys()].some((path) => path.endsWith('.subtree'))).toBe(true);
    expect(validateTileset(tileset, (uri) => files.get(uri))).toEqual([]);
    const glbs = [...files].filter(([path]) => path.endsWith('.glb'));
    expect(glbs.length).toBeGreaterThan(1);
    for (const [, bytes] of glbs)
      expect((await gltfValidator.validateBytes(bytes, { maxIssues: 0 })).issues.numErrors).toBe(0);
  }, 120_000);

  it('refuses --tiling implicit with --update, --shard or --format 3tz, and unknown layouts', async () => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const out = join(scratch, 'refused');
    expect(await runConvertCli([wesel, '--out', out, '--tiling', 'implicit', '--shard', '0/2'], log)).toBe(2);
    expect(
      await runConvertCli([wesel, '--out', `${out}.3tz`, '--tiling', 'implicit', '--format', '3tz'], log),
    ).toBe(2);
    expect(await runConvertCli([wesel, '--out', out, '--tiling', 'implicit', '--update', out], log)).toBe(2);
    expect(await runConvertCli([wesel, '--out', out, '--tiling', 'octree'], log)).toBe(2);
    expect(lines.filter((line) => line.includes('--tiling')).length).toBe(4);
    expect(existsSync(out)).toBe(false);
  });
});
