import { describe, expect, it } from 'vitest';
import { srsNameFromPrj } from './prj.ts';
import { encodingOfCpg } from './shapefile.ts';
import { geoPackageWkb } from './geopackage.ts';
import { groupGisFiles } from './names.ts';

const GCS_ETRS =
  'GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const GCS_DHDN =
  'GEOGCS["GCS_Deutsches_Hauptdreiecksnetz",DATUM["D_Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const tm = (name: string, gcs: string, meridian: number, scale: number, easting: number) =>
  `PROJCS["${name}",${gcs},PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",${easting}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${meridian}],PARAMETER["Scale_Factor",${scale}],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;

describe('srsNameFromPrj', () => {
  it('names ESRI and GDAL spellings of the German systems', () => {
    expect(srsNameFromPrj(tm('ETRS_1989_UTM_Zone_32N', GCS_ETRS, 9, 0.9996, 500000))).toBe('EPSG:25832');
    expect(srsNameFromPrj(tm('ETRS89 / UTM zone 33N', GCS_ETRS, 15, 0.9996, 500000))).toBe('EPSG:25833');
    expect(srsNameFromPrj(tm('DHDN_3_Degree_Gauss_Zone_2', GCS_DHDN, 6, 1, 2500000))).toBe('EPSG:31466');
    expect(srsNameFromPrj(tm('DHDN / 3-degree Gauss-Kruger zone 5', GCS_DHDN, 15, 1, 5500000))).toBe(
      'EPSG:31469',
    );
    expect(srsNameFromPrj(GCS_ETRS)).toBe('EPSG:4258');
    expect(
      srsNameFromPrj(
        'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
      ),
    ).toBe('EPSG:4326');
  });

  it('tells unnamed Transverse Mercators by their parameters, and reads a root authority first', () => {
    expect(srsNameFromPrj(tm('Custom', GCS_DHDN, 9, 1, 3500000))).toBe('EPSG:31467');
    expect(srsNameFromPrj(tm('Custom', GCS_DHDN, 12, 1, 4500000))).toBe('EPSG:31468');
    expect(srsNameFromPrj(tm('Custom', GCS_ETRS, 9, 0.9996, 32500000))).toBe('EPSG:4647');
    const withAuthority = tm('ETRS89 / UTM zone 32N', GCS_ETRS, 9, 0.9996, 500000).replace(
      /\]$/,
      ',AUTHORITY["EPSG","25832"]]',
    );
    expect(srsNameFromPrj(withAuthority.replace('Zone', 'x'))).toBe('EPSG:25832');
    expect(srsNameFromPrj('PROJCRS["x",BASEGEOGCRS["ETRS89"],ID["EPSG",25833]]')).toBe('EPSG:25833');
  });

  it('refuses what it cannot tell, naming the file and the system', () => {
    expect(() => srsNameFromPrj(tm('Custom', GCS_ETRS, 9, 0.9, 500000), 'a.prj')).toThrow(
      /a\.prj: coordinate system "Custom" is not known here/,
    );
    expect(() => srsNameFromPrj('hello', 'b.prj')).toThrow(/b\.prj: not a coordinate system description/);
  });
});

describe('encodingOfCpg', () => {
  it('maps the code pages exports write', () => {
    expect(encodingOfCpg('ISO-8859-1')).toBe('windows-1252');
    expect(encodingOfCpg('88591')).toBe('windows-1252');
    expect(encodingOfCpg('UTF-8\r\n')).toBe('utf-8');
    expect(encodingOfCpg('65001')).toBe('utf-8');
    expect(encodingOfCpg('ANSI 1252')).toBe('windows-1252');
    expect(encodingOfCpg('CP1250')).toBe('windows-1250');
    expect(encodingOfCpg('8859-15')).toBe('iso-8859-15');
    expect(encodingOfCpg('EBCDIC')).toBeUndefined();
  });
});

describe('geoPackageWkb', () => {
  it('skips the header and its envelope, and tells empty geometries', () => {
    const wkb = [1, 1, 0, 0, 0];
    const header = (flags: number, envelope: number) => [
      0x47,
      0x50,
      0,
      flags,
      0xe8,
      0x64,
      0,
      0,
      ...new Array(envelope).fill(0),
    ];
    expect([...(geoPackageWkb(new Uint8Array([...header(0b0000001, 0), ...wkb])) ?? [])]).toEqual(wkb);
    expect([...(geoPackageWkb(new Uint8Array([...header(0b0000011, 32), ...wkb])) ?? [])]).toEqual(wkb);
    expect([...(geoPackageWkb(new Uint8Array([...header(0b0000101, 48), ...wkb])) ?? [])]).toEqual(wkb);
    expect(geoPackageWkb(new Uint8Array([...header(0b0010001, 0)]))).toBeUndefined();
    expect(() => geoPackageWkb(new Uint8Array(wkb))).toThrow(/not a GeoPackage geometry/);
  });
});

describe('groupGisFiles', () => {
  it('puts the parts of each Shapefile together, named after its .shp', () => {
    const names = ['a.DBF', 'A.shp', 'b.gpkg', 'a.prj', 'c.dbf', 'a.cpg'].map((name) => ({ name }));
    expect(groupGisFiles(names).map((g) => [g.name, g.files.map((f) => f.name)])).toEqual([
      ['A.shp', ['a.DBF', 'A.shp', 'a.prj', 'a.cpg']],
      ['b.gpkg', ['b.gpkg']],
      ['c.dbf', ['c.dbf']],
    ]);
  });

  it('puts the grids of a drop together, each text grid with the .prj of its name (dgm1.prj or dgm1.asc.prj), unless a Shapefile has that name', () => {
    const names = [
      'dgm1.prj',
      'roads.shp',
      'DGM1.asc',
      'dgm2.xyz',
      'dgm2.xyz.prj',
      'roads.prj',
      'lone.prj',
      'd.tif',
    ];
    expect(
      groupGisFiles(names.map((name) => ({ name }))).map((g) => [g.name, g.files.map((f) => f.name)]),
    ).toEqual([
      ['roads.shp', ['roads.shp', 'roads.prj']],
      ['DGM1.asc', ['DGM1.asc', 'dgm1.prj', 'dgm2.xyz', 'dgm2.xyz.prj', 'd.tif']],
      ['lone.prj', ['lone.prj']],
    ]);
    // a gzipped grid takes the .prj of its plain name, as the terrain CLI does
    const gzipped = ['dgm3.asc.gz', 'dgm3.prj'].map((name) => ({ name }));
    expect(groupGisFiles(gzipped).map((g) => [g.name, g.files.map((f) => f.name)])).toEqual([
      ['dgm3.asc.gz', ['dgm3.asc.gz', 'dgm3.prj']],
    ]);
    // a Shapefile of the grid's name keeps its .prj
    const both = ['dgm1.asc', 'dgm1.shp', 'dgm1.prj'].map((name) => ({ name }));
    expect(groupGisFiles(both).map((g) => [g.name, g.files.map((f) => f.name)])).toEqual([
      ['dgm1.asc', ['dgm1.asc']],
      ['dgm1.shp', ['dgm1.shp', 'dgm1.prj']],
    ]);
    // XYZ text named .txt: tiles of one terrain with their .prj; beside other grids a .txt is a readme, on its own
    const txt = ['dgm_390.txt', 'dgm_390.prj', 'dgm_391.txt'].map((name) => ({ name }));
    expect(groupGisFiles(txt).map((g) => [g.name, g.files.map((f) => f.name)])).toEqual([
      ['dgm_390.txt', ['dgm_390.txt', 'dgm_390.prj', 'dgm_391.txt']],
    ]);
    const readme = ['a.tif', 'liesmich.txt', 'b.tif'].map((name) => ({ name }));
    expect(groupGisFiles(readme).map((g) => [g.name, g.files.map((f) => f.name)])).toEqual([
      ['a.tif', ['a.tif', 'b.tif']],
      ['liesmich.txt', ['liesmich.txt']],
    ]);
  });
});
