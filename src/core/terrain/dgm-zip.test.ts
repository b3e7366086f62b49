import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isDgmArchive } from './dgm-names.ts';
import { readDgmZip } from './dgm-zip.ts';
import { checkDgmFileSize, DGM_MAX_FILE_BYTES, DgmError, readDgmGeoTiff } from './dgm.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dgm = path.join(repoRoot, '../shared/data/terrain/nrw-dgm1/dgm1_32_280_5652_1_nw_2022.tif');
const hasData = existsSync(dgm);
if (!hasData) console.warn(`dgm-zip test: ${dgm} not found, the real-file check is skipped`);

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

  it('names the archive, and the entry, with what was expected', async () => {
    const fault = (entries: Record<string, Uint8Array>, name = 'f.zip') => readDgmZip(zipSync(entries), name);
    await expect(fault({ 'readme.txt': encode('x') })).rejects.toThrow(DgmError);
    await expect(fault({ 'readme.txt': encode('x') })).rejects.toThrow(
      /^f\.zip: expected a ZIP holding a terrain model \(\.tif, \.tiff, \.xyz, \.asc\), found none among its 1 entries$/,
    );
    const four = { 'a.asc': encode(ASC), 'b.asc': encode(ASC), 'c.tif': encode('x'), 'd.xyz': encode('x') };
    await expect(fault(four)).rejects.toThrow(
      /^f\.zip: holds 4 terrain models \(a\.asc, b\.asc, c\.tif, …\); the globe shows one at a time: .*npm run terrain$/,
    );
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
