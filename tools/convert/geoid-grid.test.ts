/**
 * `--geoid <grid.tif>`: the main thread parses the GeoTIFF once and the worker threads share its grid.
 * A grid of one constant undulation must give the same tiles as that constant in metres.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { heightCorrection, workerHeights } from './protocol.ts';
import { convertCityGml } from './run.ts';
import { constantGeoidGrid } from './test-geoid.ts';

const DATA = resolve(import.meta.dirname, '../../../shared/data/citygml');
const LORUP = join(DATA, 'niedersachsen-lorup-lod1/LoD1_24065860_2_2021-01-25.gml');
const hasData = existsSync(LORUP);

describe('--geoid with a GeoTIFF grid', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'stadtmodell-geoid-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const tif = join(scratch, 'grid.tif');
  writeFileSync(tif, new Uint8Array(constantGeoidGrid(47.5)));

  it('is parsed once into a grid in shared memory that the threads turn into the same model', async () => {
    const heights = await workerHeights(tif);
    expect(heights.kind).toBe('grid');
    if (heights.kind !== 'grid') return;
    expect(heights.grid.values.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(heights.grid.values.length).toBe(144);
    const model = heightCorrection(heights);
    expect(model && typeof model === 'object' && 'undulation' in model && model.undulation(7.5, 52.5)).toBe(
      47.5,
    );
    expect(await workerHeights('47.5')).toEqual({ kind: 'constant', metres: 47.5 });
    expect(heightCorrection({ kind: 'egm96' })).toBeUndefined();
  });

  it.skipIf(!hasData)('gives the same tiles as the constant in metres', async () => {
    const grid = join(scratch, 'grid-out');
    const constant = join(scratch, 'constant-out');
    const gridReport = await convertCityGml({ inputs: [LORUP], out: grid, geoid: tif, jobs: 2, quiet: true });
    await convertCityGml({ inputs: [LORUP], out: constant, geoid: '47.5', jobs: 2, quiet: true });
    expect(gridReport.heightCorrection).toContain(`${tif} added to`);
    const tiles = readdirSync(join(constant, 'tiles'));
    expect(tiles.length).toBeGreaterThan(0);
    for (const name of tiles) {
      expect(
        Buffer.compare(readFileSync(join(grid, 'tiles', name)), readFileSync(join(constant, 'tiles', name))),
        name,
      ).toBe(0);
    }
  });
});
