/**
 * Compressed inputs on the official NRW DGM1 tile (1000 × 1000 m at 1 m, LZW GeoTIFF written by GDAL): the
 * tile gzipped and zipped, and as gzipped XYZ text (as the portal also delivers it; plain XYZ is read the same
 * way, piece by piece), converts to exactly the tiles of the plain GeoTIFF; and as an ESRI ASCII grid written by
 * GDAL (`gdal_translate -of AAIGrid`, which gives the outer corner as xllcorner), reads as the same grid.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { fromFile } from 'geotiff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTerrainCli } from './cli.ts';
import { openGridFile } from './grid-files.ts';
import type { GridGeometry } from '../../src/core/terrain/grid.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dgm = path.join(repoRoot, '../shared/data/terrain/nrw-dgm1/dgm1_32_280_5652_1_nw_2022.tif');
const hasData = existsSync(dgm);
if (!hasData) console.warn(`grid-files data test: ${dgm} not found, the real-file checks are skipped`);
const hasGdal = spawnSync('gdal_translate', ['--version']).status === 0;
if (!hasGdal)
  console.warn(
    'grid-files data test: gdal-bin (gdal_translate) not installed, the ASCII grid check is skipped',
  );

/** The tile as XYZ text: one line per cell centre, north row first, -9999 for no data. */
async function dgmXyz(): Promise<string> {
  const image = await (await fromFile(dgm)).getImage(0);
  const width = image.getWidth();
  const heights = (await image.readRasters({ samples: [0], interleave: true })) as Float32Array;
  const [originX = 0, originY = 0] = image.getOrigin();
  const noData = image.getGDALNoData();
  const lines: string[] = [];
  for (let i = 0; i < heights.length; i++) {
    const x = originX + (i % width) + 0.5;
    const y = originY - Math.floor(i / width) - 0.5;
    const z = heights[i]!;
    lines.push(`${x.toFixed(2)} ${y.toFixed(2)} ${z === noData ? '-9999' : z.toFixed(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

describe.skipIf(!hasData)('compressed copies of the NRW DGM1 tile', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'terrain-dgm-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** Converts one input (--jobs 1, levels 0–14: the same reading, fewer tiles to write); its tiles as relative path → bytes. */
  const convert = async (input: string, ...extra: string[]): Promise<Map<string, Buffer>> => {
    const out = path.join(work, `out-${path.basename(input)}`);
    const log: string[] = [];
    const code = await runTerrainCli(
      [input, '--out', out, '--jobs', '1', '--max-level', '14', '--quiet', ...extra],
      (line) => log.push(line),
    );
    expect(log).toEqual([]);
    expect(code).toBe(0);
    const tiles = readdirSync(out, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.terrain'))
      .sort();
    return new Map(tiles.map((name) => [name, readFileSync(path.join(out, name))]));
  };

  it('converts the tile gzipped, zipped and as gzipped XYZ text to the same tiles as the GeoTIFF', async () => {
    const tiff = readFileSync(dgm);
    const expected = await convert(dgm);
    expect(expected.size).toBeGreaterThan(10);

    const gzipped = path.join(work, 'dgm1.tif.gz');
    writeFileSync(gzipped, gzipSync(tiff));
    const zipped = path.join(work, 'dgm1_tif.zip');
    writeFileSync(zipped, zipSync({ 'dgm1/dgm1_32_280_5652_1_nw_2022.tif': tiff }));
    const text = Buffer.from(await dgmXyz());
    // 27 MB: the size of the portal's XYZ tiles, which deflate about 5:1.
    expect(text.length).toBeGreaterThan(25e6);
    // Two gzip members cut mid-line, as `cat a.gz b.gz` makes: both are read.
    const xyzGz = path.join(work, 'dgm1.xyz.gz');
    const cut = Math.floor(text.length / 3) + 5;
    writeFileSync(
      xyzGz,
      Buffer.concat([
        gzipSync(text.subarray(0, cut), { level: 1 }),
        gzipSync(text.subarray(cut), { level: 1 }),
      ]),
    );

    for (const [input, extra] of [
      [gzipped, []],
      [zipped, []],
      [xyzGz, ['--crs', 'EPSG:25832']],
    ] as const) {
      const tiles = await convert(input, ...extra);
      expect([...tiles.keys()], input).toEqual([...expected.keys()]);
      for (const [name, bytes] of tiles)
        expect(Buffer.compare(bytes, expected.get(name)!), `${input}: ${name}`).toBe(0);
    }
  });

  it.skipIf(!hasGdal)(
    'reads the tile as GDAL writes it as an ESRI ASCII grid: the same nodes and heights',
    async () => {
      const asc = path.join(work, 'dgm1.asc');
      const made = spawnSync('gdal_translate', ['-q', '-of', 'AAIGrid', dgm, asc], { encoding: 'utf8' });
      expect(made.status, made.stderr).toBe(0);
      const header = readFileSync(asc, 'utf8').slice(0, 200);
      expect(header).toMatch(/xllcorner\s+280000/i);
      const [tif] = (await openGridFile(dgm, 'dgm1.tif')).files;
      const [text] = (await openGridFile(asc, 'dgm1.asc')).files;
      expect(text!.sampleType).toBe('ESRI ASCII grid');
      // GDAL writes dgm1.prj beside it (ESRI WKT without an EPSG code): its CRS, so no --crs is needed.
      expect(text!.epsg).toBe(25832);
      // PixelIsArea: the first node is the centre of the north-west pixel, half a metre inside the tile.
      const nodes = ({ width, height, originX, originY, stepX, stepY }: GridGeometry) => ({
        ...{ width, height, originX, originY, stepX, stepY },
      });
      expect(nodes(text!.geometry)).toEqual(nodes(tif!.geometry));
      expect(tif!.geometry).toMatchObject({
        originX: 280000.5,
        originY: 5652999.5,
        width: 1000,
        height: 1000,
      });
      const fromText = await text!.readWindow(0, 0);
      const fromTiff = await tif!.readWindow(0, 0);
      expect(fromText.length).toBe(1000 * 1000);
      let differing = 0;
      for (let i = 0; i < fromTiff.length; i++) {
        const a = fromTiff[i]!;
        const b = fromText[i]!;
        if (!(Number.isNaN(a) ? Number.isNaN(b) : Math.abs(a - b) < 1e-3)) differing++;
      }
      expect(differing).toBe(0);
    },
  );
});
