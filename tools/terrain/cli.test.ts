import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { writeArrayBuffer } from 'geotiff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeQuantizedMesh } from '../../src/core/terrain/testing/quantized-mesh-decoder.ts';
import { runTerrainCli } from './cli.ts';
import type { TerrainReport } from './run.ts';

const NRW_DGM = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../../../shared/data/terrain/nrw-dgm1/dgm1_32_280_5652_1_nw_2022.tif',
);
const canCutDgm = existsSync(NRW_DGM) && spawnSync('gdal_translate', ['--version']).status === 0;

/** A 40 × 30 m XYZ grid (1 m, comma separated, with a header) near Wuppertal; one cell of no data. */
function xyzText(offset = 0): string {
  const lines = ['X,Y,Z'];
  for (let row = 0; row < 30; row++)
    for (let column = 0; column < 40; column++) {
      const z = row === 5 && column === 7 ? -9999 : 150 + offset + 0.2 * column + 0.1 * row;
      lines.push(`${374500.5 + column},${5683500.5 + row},${z.toFixed(2)}`);
    }
  return `${lines.join('\n')}\n`;
}

/** The grid of `xyzText` as an ESRI ASCII grid: the outer corner of its south-west cell, rows from the north. */
function ascText(): string {
  const rows: string[] = [];
  for (let row = 29; row >= 0; row--) {
    const values: string[] = [];
    for (let column = 0; column < 40; column++)
      values.push(row === 5 && column === 7 ? '-9999' : (150 + 0.2 * column + 0.1 * row).toFixed(2));
    rows.push(values.join(' '));
  }
  return `ncols 40\nnrows 30\nxllcorner 374500\nyllcorner 5683500\ncellsize 1\nNODATA_value -9999\n${rows.join('\n')}\n`;
}

/** The .prj GDAL writes beside an ASCII grid in EPSG:25832 (ESRI WKT, no EPSG code in it). */
const GDAL_PRJ_25832 =
  'PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

describe('terrain CLI', () => {
  let work: string;
  let log: string[];
  const run = (...args: string[]) => {
    log = [];
    return runTerrainCli(args, (line) => log.push(line));
  };
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'terrain-cli-'));
    writeFileSync(path.join(work, 'grid.xyz'), xyzText());
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('converts an XYZ grid with --crs: layer.json for Cesium, tiles, report.json with the geoid correction', async () => {
    const out = path.join(work, 'out');
    expect(await run(path.join(work, 'grid.xyz'), '--out', out, '--crs', 'EPSG:25832', '--quiet')).toBe(0);
    const layer = JSON.parse(readFileSync(path.join(out, 'layer.json'), 'utf8')) as Record<string, unknown>;
    expect(layer).toMatchObject({
      format: 'quantized-mesh-1.0',
      tiles: ['{z}/{x}/{y}.terrain?v={version}'],
      extensions: ['octvertexnormals'],
      projection: 'EPSG:4326',
      scheme: 'tms',
    });
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as TerrainReport;
    expect(report).toMatchObject({ status: 'converted', cells: 1200, crs: 'EPSG:25832', maxLevel: 17 });
    expect(report.heightCorrection).toMatch(/^EGM96/);
    const available = layer.available as { startX: number; startY: number; endX: number; endY: number }[][];
    const deepest = available[17]![0]!;
    const tile = decodeQuantizedMesh(
      readFileSync(path.join(out, '17', `${deepest.startX}`, `${deepest.startY}.terrain`)),
    );
    // DHHN2016 150–158 m plus EGM96 (about 47 m in Wuppertal).
    expect(tile.minimumHeight).toBeGreaterThan(195);
    expect(tile.maximumHeight).toBeLessThan(209);
  });

  it('converts an ESRI ASCII grid with the CRS of the .prj beside it to the same tiles as the XYZ listing', async () => {
    const tiles = (out: string) =>
      readdirSync(out, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.terrain'))
        .sort()
        .map((name) => [name, readFileSync(path.join(out, name)).toString('base64')]);
    const dir = path.join(work, 'asc');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'dgm.asc'), ascText());
    writeFileSync(path.join(dir, 'dgm.prj'), GDAL_PRJ_25832);
    const args = ['--max-level', '15', '--quiet'];
    expect(await run(path.join(dir, 'dgm.asc'), '--out', path.join(work, 'asc-out'), ...args)).toBe(0);
    const report = JSON.parse(
      readFileSync(path.join(work, 'asc-out', 'report.json'), 'utf8'),
    ) as TerrainReport;
    expect(report).toMatchObject({ status: 'converted', cells: 1200, crs: 'EPSG:25832' });
    const xyzOut = path.join(work, 'asc-xyz-out');
    expect(await run(path.join(work, 'grid.xyz'), '--out', xyzOut, '--crs', 'EPSG:25832', ...args)).toBe(0);
    expect(tiles(path.join(work, 'asc-out'))).toEqual(tiles(xyzOut));
    // A .prj naming a CRS not known here: the message asking for --crs says why the .prj did not do.
    writeFileSync(path.join(dir, 'dgm.prj'), 'PROJCS["Lokales_System",GEOGCS["X"]]');
    expect(await run(path.join(dir, 'dgm.asc'), '--out', path.join(work, 'asc-unknown'))).toBe(1);
    expect(log.join('\n')).toMatch(
      /dgm\.asc: the grid names no CRS \(.*; .*dgm\.prj: coordinate system "Lokales_System" is not known here.*\); pass --crs/,
    );
  });

  it('takes --geoid none and metres, and gzipped or zipped input', async () => {
    writeFileSync(
      path.join(work, 'grids.zip'),
      zipSync({ 'a/grid.xyz': new TextEncoder().encode(xyzText()) }),
    );
    const out = path.join(work, 'zip');
    expect(
      await run(
        path.join(work, 'grids.zip'),
        '--out',
        out,
        '--crs',
        'EPSG:25832',
        '--geoid',
        '10',
        '--quiet',
      ),
    ).toBe(0);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as TerrainReport;
    expect(report.inputs[0]!.name).toBe(`${path.join(work, 'grids.zip')}:a/grid.xyz`);
    expect(report.heightCorrection).toMatch(/^constant \+10 m/);
  });

  it('stitches neighbouring files on one grid without a seam', async () => {
    const dir = path.join(work, 'tiles');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'west.xyz'), xyzText());
    // The eastern neighbour continues the same plane 40 m further east.
    writeFileSync(
      path.join(dir, 'east.xyz'),
      xyzText()
        .split('\n')
        .map((line, i) => {
          if (i === 0 || line === '') return line;
          const [x = 0, y = 0, z = 0] = line.split(',').map(Number);
          return `${x + 40},${y},${(z === -9999 ? 150 + 0.2 * 7 + 0.5 : z + 8).toFixed(2)}`;
        })
        .join('\n'),
    );
    expect(await run(dir, '--out', path.join(work, 'stitched'), '--crs', 'EPSG:25832', '--quiet')).toBe(0);
    const report = JSON.parse(
      readFileSync(path.join(work, 'stitched', 'report.json'), 'utf8'),
    ) as TerrainReport;
    expect(report.inputs.map((input) => input.name)).toEqual(['east.xyz', 'west.xyz']);
    // A plane stays a plane across the border: the finest level needs no more than its corners per tile.
    expect(report.levels.at(-1)!.measuredError).toBeLessThanOrEqual(0.25);
  });

  it('writes the same bytes with --jobs 1 (main thread) and --jobs 2 (worker threads)', async () => {
    const outputs = ['jobs1', 'jobs2'].map((name) => path.join(work, name));
    for (const [i, out] of outputs.entries())
      expect(
        await run(
          path.join(work, 'tiles'),
          '--out',
          out,
          '--crs',
          'EPSG:25832',
          '--jobs',
          `${i + 1}`,
          '--quiet',
        ),
      ).toBe(0);
    const files = (dir: string) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.terrain'))
        .sort();
    const tiles = files(outputs[0]!);
    expect(tiles.length).toBeGreaterThan(10);
    expect(files(outputs[1]!)).toEqual(tiles);
    for (const tile of tiles)
      expect(
        Buffer.compare(
          readFileSync(path.join(outputs[0]!, tile)),
          readFileSync(path.join(outputs[1]!, tile)),
        ),
      ).toBe(0);
    const layer = (out: string) =>
      readFileSync(path.join(out, 'layer.json'), 'utf8').replace(/"name": "[^"]*"/, '');
    expect(layer(outputs[1]!)).toBe(layer(outputs[0]!));
    const reports = outputs.map(
      (out) => JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as TerrainReport,
    );
    expect(reports.map((r) => r.jobs)).toEqual([1, 2]);
    expect(reports[1]!.levels).toEqual(reports[0]!.levels);
  });

  it('names the file and what was expected, and exits 1 when nothing can be converted', async () => {
    writeFileSync(path.join(work, 'bad.xyz'), '1 2 3\n4 5\n');
    expect(
      await run(path.join(work, 'bad.xyz'), '--out', path.join(work, 'bad'), '--crs', 'EPSG:25832'),
    ).toBe(1);
    expect(log.join('\n')).toMatch(/bad\.xyz: not an XYZ grid: line 2: expected three numbers/);
    const failed = JSON.parse(readFileSync(path.join(work, 'bad', 'report.json'), 'utf8')) as TerrainReport;
    expect(failed.status).toBe('failed');
    expect(await run(path.join(work, 'grid.xyz'), '--out', path.join(work, 'nocrs'))).toBe(1);
    expect(log.join('\n')).toMatch(/grid\.xyz: the grid names no CRS .* pass --crs/);
    // A cut-short GeoTIFF.
    const plain = writeArrayBuffer(new Float32Array(16).fill(100), { width: 4, height: 4 });
    writeFileSync(path.join(work, 'cut.tif'), new Uint8Array(plain).subarray(0, 40));
    expect(
      await run(path.join(work, 'cut.tif'), '--out', path.join(work, 'cut'), '--crs', 'EPSG:25832'),
    ).toBe(1);
    expect(log.join('\n')).toMatch(/cut\.tif: expected a GeoTIFF, but it could not be read/);
    expect(await run(path.join(work, 'missing.tif'), '--out', path.join(work, 'none'))).toBe(1);
    expect(log.join('\n')).toMatch(/no such file or directory: .*missing\.tif/);
  });

  it.skipIf(!canCutDgm)(
    'converts the rest when a strip of one tile is damaged: its cells are no data, the report names it',
    async () => {
      // two neighbouring 256 m pieces of the NRW DGM1 tile, ZSTD-compressed by GDAL; the east one's strips zeroed
      const cut = (name: string, column: number) => {
        const file = path.join(work, name);
        const args = [
          '-q',
          '-co',
          'COMPRESS=ZSTD',
          '-srcwin',
          String(column),
          '0',
          '256',
          '256',
          NRW_DGM,
          file,
        ];
        expect(spawnSync('gdal_translate', args).status).toBe(0);
        return file;
      };
      const west = cut('west.tif', 0);
      const east = cut('east.tif', 256);
      const bytes = readFileSync(east);
      bytes.fill(0, Math.floor(bytes.length / 4), Math.floor((bytes.length * 3) / 4));
      writeFileSync(east, bytes);
      expect(await run(west, east, '--out', path.join(work, 'damaged'))).toBe(0);
      const report = JSON.parse(
        readFileSync(path.join(work, 'damaged', 'report.json'), 'utf8'),
      ) as TerrainReport;
      expect(report.status).toBe('converted');
      expect(report.errors).toEqual([
        {
          file: east,
          message: expect.stringMatching(
            /east\.tif: could not read cells .*: ZSTD data damaged: .*; these cells are taken as no data$/,
          ) as unknown as string,
        },
      ]);
      expect(log.join('\n')).toContain('ZSTD data damaged');
      expect(
        readdirSync(path.join(work, 'damaged')).filter((name) => /^\d+$/.test(name)).length,
      ).toBeGreaterThan(10);
    },
  );

  it('refuses an XYZ file whose few points span a huge lattice, before allocating it, naming file and sizes', async () => {
    // 32 bytes, 30 km at 1 m: the lattice's heights would take 3.6 GB (9 × 10^8 nodes, under the 10^9 limit).
    writeFileSync(path.join(work, 'sparse.xyz'), '0 0 1\n1 0 1\n0 1 1\n30000 30000 1\n');
    const out = path.join(work, 'sparse');
    expect(await run(path.join(work, 'sparse.xyz'), '--out', out, '--crs', 'EPSG:25832')).toBe(1);
    expect(log.join('\n')).toMatch(
      /sparse\.xyz: not an XYZ grid: expected points that fill at least 1\/16 of their lattice, .*; got 4 points on a lattice of 30001 × 30001 nodes \(900060001 cells\)/,
    );
    const failed = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as TerrainReport;
    expect(failed.errors).toMatchObject([{ file: path.join(work, 'sparse.xyz') }]);
  });

  it('exits 130 when interrupted, leaving no output and no temporaries', async () => {
    const abort = new AbortController();
    abort.abort();
    const out = path.join(work, 'interrupted');
    expect(
      await runTerrainCli([path.join(work, 'grid.xyz'), '--out', out, '--crs', 'EPSG:25832'], () => {}, {
        signal: abort.signal,
      }),
    ).toBe(130);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(work).filter((name) => name.startsWith('interrupted.'))).toEqual([]);
  });

  it('exits 2 on bad usage or a foreign --out, and never touches files it did not write', async () => {
    expect(await run('--out', path.join(work, 'x'))).toBe(2);
    expect(await run(path.join(work, 'grid.xyz'), '--out', path.join(work, 'x'), '--max-error', '-1')).toBe(
      2,
    );
    expect(await run(path.join(work, 'grid.xyz'), '--out', path.join(work, 'x'), '--jobs', '0')).toBe(2);
    expect(log.join('\n')).toMatch(/--jobs must be a whole number/);
    const foreign = path.join(work, 'foreign');
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'notes.txt'), 'mine');
    expect(await run(path.join(work, 'grid.xyz'), '--out', foreign, '--crs', 'EPSG:25832')).toBe(2);
    expect(log.join('\n')).toMatch(/terrain: refusing --out/);
    expect(readdirSync(foreign)).toEqual(['notes.txt']);
    // An earlier output is replaced; a file the user put into it is carried over.
    const out = path.join(work, 'out');
    writeFileSync(path.join(out, 'README.txt'), 'kept');
    expect(
      await run(
        path.join(work, 'grid.xyz'),
        '--out',
        out,
        '--crs',
        'EPSG:25832',
        '--geoid',
        'none',
        '--quiet',
      ),
    ).toBe(0);
    expect(readFileSync(path.join(out, 'README.txt'), 'utf8')).toBe('kept');
    expect(readdirSync(work).filter((name) => /\.(tmp|old)-\d+$/.test(name))).toEqual([]);
    expect(existsSync(path.join(out, 'layer.json'))).toBe(true);
  });
});
