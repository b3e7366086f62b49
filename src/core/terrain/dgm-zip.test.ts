import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isDgmArchive } from './dgm-names.ts';
import { readDgmZip } from './dgm-zip.ts';
import { checkDgmFileSize, DGM_MAX_FILE_BYTES, DgmError, openDgm, readDgmGeoTiff } from './dgm.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dgm = path.join(repoRoot, '../shared/data/terrain/nrw-dgm1/dgm1_32_280_5652_1_nw_2022.tif');
const hasData = existsSync(dgm);
if (!hasData) console.warn(`dgm-zip test: ${dgm} not found, the real-file checks are skipped`);
const hasGdal = spawnSync('gdal_translate', ['--version']).status === 0;
if (!hasGdal)
  console.warn('dgm-zip test: gdal-bin (gdal_translate) not installed, the cut tile check is skipped');

const encode = (text: string) => new TextEncoder().encode(text);
const ASC = 'ncols 2\nnrows 2\nxllcorner 390000\nyllcorner 5810000\ncellsize 1\n52 53\n50 51\n';
/** ETRS89 / UTM 33N as ArcGIS writes it (no EPSG code in it). */
const PRJ_33N =
  'PROJCS["ETRS_1989_UTM_Zone_33N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["Central_Meridian",15.0],PARAMETER["Scale_Factor",0.9996],UNIT["Meter",1.0]]';

describe('a terrain model dropped as a ZIP', () => {
  it('is told from CityGML, tileset and GIS archives by its entry names', () => {
    expect(isDgmArchive(['dgm1/dgm1_32_280_5652_1_nw.tif', 'dgm1/lizenz.pdf'])).toBe(true);
    expect(isDgmArchive(['a.asc', 'a.prj', 'readme.txt'])).toBe(true);
    expect(isDgmArchive(['a.tif', 'tileset.json'])).toBe(false);
    expect(isDgmArchive(['a.xyz', 'lod2.gml'])).toBe(false);
    expect(isDgmArchive(['roads.shp', 'a.tif'])).toBe(false);
    // a grid gzipped inside the archive is not read
    expect(isDgmArchive(['a.xyz.gz'])).toBe(false);
  });

  it.skipIf(!hasData)('reads the NRW DGM1 GeoTIFF zipped as the plain file', async () => {
    const tiff = readFileSync(dgm);
    const zipped = zipSync({ 'dgm1/dgm1_32_280_5652_1_nw_2022.tif': new Uint8Array(tiff) });
    const fromZip = await readDgmZip(zipped, 'dgm1.zip');
    const plain = await readDgmGeoTiff(
      tiff.buffer.slice(tiff.byteOffset, tiff.byteOffset + tiff.length),
      'x',
    );
    expect(fromZip.srsName).toBe(plain.srsName);
    expect(fromZip.grid.width).toBe(1000);
    expect(Buffer.from(fromZip.grid.values.buffer).equals(Buffer.from(plain.grid.values.buffer))).toBe(true);
  });

  it('leaves out a tile that cannot be read, naming it, and puts the rest together; all broken is an error', async () => {
    const east = ASC.replace('xllcorner 390000', 'xllcorner 390002');
    const broken = ASC.replace('50 51', '50 elf');
    const read = await readDgmZip(
      zipSync({ 'a.asc': encode(ASC), 'c.asc': encode(broken), 'b.asc': encode(east) }),
      'tiles.zip',
    );
    expect([read.grid.width, read.grid.height, read.files]).toEqual([4, 2, 2]);
    expect(read.skipped).toEqual([
      {
        file: 'tiles.zip: c.asc',
        message: expect.stringMatching(/^not an ESRI ASCII grid: .*elf/) as unknown as string,
      },
    ]);
    await expect(
      readDgmZip(zipSync({ 'c.asc': encode(broken), 'd.asc': encode(broken) }), 'kaputt.zip'),
    ).rejects.toThrow(/^kaputt\.zip: c\.asc: not an ESRI ASCII grid: .*elf/);
  });

  it('takes XYZ text named .txt, and skips a readme.txt beside it or beside other grids', async () => {
    const xyz =
      'x y z\n390000.5 5810000.5 50\n390001.5 5810000.5 51\n390000.5 5810001.5 52\n390001.5 5810001.5 53\n';
    const readme = 'Digitales Geländemodell DGM1\nLizenz: Datenlizenz Deutschland – Namensnennung – 2.0\n';
    expect(isDgmArchive(['dgm1_390_5810.txt', 'readme.txt'])).toBe(true);
    const txt = await readDgmZip(
      zipSync({ 'readme.txt': encode(readme), 'dgm1_390_5810.txt': encode(xyz) }),
      't.zip',
    );
    expect(txt).toMatchObject({ sampleType: 'XYZ text', srsName: 'EPSG:25832' });
    expect([txt.grid.width, txt.grid.height]).toEqual([2, 2]);
    // beside an ASCII grid a .txt is not even opened: the same grid as the .asc alone
    const asc = await readDgmZip(zipSync({ 'a.asc': encode(ASC), 'daten.txt': encode('1 2 3\n') }), 'a.zip');
    expect(Array.from(asc.grid.values)).toEqual([52, 53, 50, 51]);
    // only readmes: none is a grid, said so
    await expect(readDgmZip(zipSync({ 'readme.txt': encode(readme) }), 'r.zip')).rejects.toThrow(
      /^r\.zip: expected a ZIP holding a terrain model \(.*\.txt\), found none among its 1 entries \(its \.txt files are not height grids\)$/,
    );
    // a .txt that starts like a grid and breaks later is named with its line
    await expect(
      readDgmZip(zipSync({ 'b.txt': encode('390000.5 5810000.5 50\n390001.5 5810000.5 elf\n') }), 'b.zip'),
    ).rejects.toThrow(/^b\.zip: b\.txt: not an XYZ grid: line 2/);
  });

  it('reads a text grid with the .prj entry beside it', async () => {
    const read = await readDgmZip(
      zipSync({ 'dgm/a.asc': encode(ASC), 'dgm/A.prj': encode(PRJ_33N) }),
      'a.zip',
    );
    expect(read).toMatchObject({ srsName: 'EPSG:25833', sampleType: 'ESRI ASCII grid' });
    expect(read).not.toHaveProperty('assumedCrs');
    const alone = await readDgmZip(zipSync({ 'b.asc': encode(ASC) }), 'b.zip');
    expect(alone).toMatchObject({ srsName: 'EPSG:25832', assumedCrs: true });
  });

  it('puts the tiles of a ZIP together into one grid', async () => {
    // the 2 × 2 grid and its eastern neighbour (two cells on), each with its .prj
    const east = ASC.replace('xllcorner 390000', 'xllcorner 390002').replace('52 53\n50 51', '62 63\n60 61');
    const read = await readDgmZip(
      zipSync({
        'a.asc': encode(ASC),
        'a.prj': encode(PRJ_33N),
        'b.asc': encode(east),
        'b.prj': encode(PRJ_33N),
      }),
      'ab.zip',
    );
    expect(read).toMatchObject({ srsName: 'EPSG:25833', files: 2, sampleType: 'ESRI ASCII grid' });
    expect(read.grid).toMatchObject({ width: 4, height: 2, originX: 390000.5, stepX: 1 });
    expect([...read.grid.values]).toEqual([52, 53, 62, 63, 50, 51, 60, 61]);
    expect(openDgm(read, 'ab.zip').info).toMatchObject({ files: 2, width: 4, height: 2 });
  });

  it('names tiles that do not fit together', async () => {
    const fault = (entries: Record<string, Uint8Array>) => readDgmZip(zipSync(entries), 'f.zip');
    // one tile with a .prj for 33N, one without (assumed 32N)
    await expect(
      fault({ 'a.asc': encode(ASC), 'a.prj': encode(PRJ_33N), 'b.asc': encode(ASC) }),
    ).rejects.toThrow(
      /^f\.zip: b\.asc is in EPSG:25832, a\.asc in EPSG:25833: the tiles of one terrain model share a CRS$/,
    );
    // half a cell off the first tile's lattice
    const off = ASC.replace('xllcorner 390000', 'xllcorner 390002.5');
    await expect(fault({ 'a.asc': encode(ASC), 'b.asc': encode(off) })).rejects.toThrow(
      /^f\.zip: b\.asc: expected the grid spacing and alignment of a\.asc/,
    );
    // two 2 × 2 tiles 100 km apart span more cells than a dropped terrain may have
    const far = ASC.replace('xllcorner 390000', 'xllcorner 490000').replace(
      'yllcorner 5810000',
      'yllcorner 5910000',
    );
    await expect(fault({ 'a.asc': encode(ASC), 'b.asc': encode(far) })).rejects.toThrow(
      /^f\.zip: its 2 grids together span 100002 × 100002 cells .*, too many to show from a dropped file/,
    );
  });

  it.skipIf(!hasData || !hasGdal)(
    'reads the NRW DGM1 tile cut in two by GDAL and zipped as the whole tile',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'dgm-zip-'));
      try {
        // the western 400 and the eastern 600 columns, as two GeoTIFFs with their own origins
        const halves = [
          ['west.tif', '0', '400'],
          ['east.tif', '400', '600'],
        ] as const;
        const entries: Record<string, Uint8Array> = {};
        for (const [file, from, columns] of halves) {
          const out = path.join(dir, file);
          const made = spawnSync('gdal_translate', ['-q', '-srcwin', from, '0', columns, '1000', dgm, out], {
            encoding: 'utf8',
          });
          expect(made.status, made.stderr).toBe(0);
          entries[`dgm1/${file}`] = new Uint8Array(readFileSync(out));
        }
        const merged = await readDgmZip(zipSync(entries), 'dgm1-halves.zip');
        const tiff = readFileSync(dgm);
        const whole = await readDgmGeoTiff(
          tiff.buffer.slice(tiff.byteOffset, tiff.byteOffset + tiff.length),
          'x',
        );
        expect(merged.files).toBe(2);
        expect(merged.srsName).toBe(whole.srsName);
        const { values: _merged, ...mergedGeometry } = merged.grid;
        const { values: _whole, ...wholeGeometry } = whole.grid;
        expect(mergedGeometry).toEqual(wholeGeometry);
        expect(Buffer.from(merged.grid.values.buffer).equals(Buffer.from(whole.grid.values.buffer))).toBe(
          true,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('names the archive, and the entry, with what was expected', async () => {
    const fault = (entries: Record<string, Uint8Array>, name = 'f.zip') => readDgmZip(zipSync(entries), name);
    await expect(fault({ 'readme.txt': encode('x') })).rejects.toThrow(DgmError);
    await expect(fault({ 'readme.txt': encode('x') })).rejects.toThrow(
      /^f\.zip: expected a ZIP holding a terrain model \(\.tif, \.tiff, \.xyz, \.asc, \.txt\), found none among its 1 entries \(its \.txt files are not height grids\)$/,
    );
    // one bad tile among good ones is named, and left out
    const three = { 'a.asc': encode(ASC), 'b.asc': encode(ASC), 'c.tif': encode('x') };
    expect((await fault(three)).skipped).toEqual([
      { file: 'f.zip: c.tif', message: expect.stringMatching(/^not a GeoTIFF/) as unknown as string },
    ]);
    await expect(fault({ 'dgm/a.asc': encode(ASC.replace('50 51', '50 x')) })).rejects.toThrow(
      /^f\.zip: dgm\/a\.asc: not an ESRI ASCII grid: line 7: expected a height \(a number\), got "x"$/,
    );
    await expect(fault({ 'a.tif': encode('not a tiff') })).rejects.toThrow(/^f\.zip: a\.tif: not a GeoTIFF/);
    await expect(readDgmZip(encode('PK but not a zip'), 'g.zip')).rejects.toThrow(/^g\.zip: /);
    expect(() => checkDgmFileSize(DGM_MAX_FILE_BYTES.other, 'h.zip')).not.toThrow();
    expect(() => checkDgmFileSize(DGM_MAX_FILE_BYTES.other + 1, 'h.zip')).toThrow(
      /^h\.zip: 1073741825 bytes, more than the 1073741824 a dropped file is read with; make a terrain tileset/,
    );
    // a text grid becomes one string: V8's limit is about 2^29 characters
    expect(() => checkDgmFileSize(DGM_MAX_FILE_BYTES.text + 1, 'big.XYZ')).toThrow(
      /^big\.XYZ: 536870913 bytes, more than the 536870912 a dropped text grid is read with/,
    );
  });
});
