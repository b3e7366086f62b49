import { existsSync, openAsBlob } from 'node:fs';
import { join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectImportKind, isXPlanArchive, isXPlanHead } from './import-kind.ts';

const DATA = resolve(import.meta.dirname, '../../../../shared/data');
const hasData = existsSync(DATA);
if (!hasData) console.warn(`import-kind data tests skipped: ${DATA} is missing`);

describe('import kind', () => {
  it('tells XPlanGML from CityGML by namespace, prefixed or not', () => {
    expect(isXPlanHead('<xplan:XPlanAuszug xmlns:xplan="http://www.xplanung.de/xplangml/5/4">')).toBe(true);
    expect(isXPlanHead('<XPlanAuszug xmlns="http://www.xplanung.de/xplangml/6/0" >')).toBe(true);
    expect(isXPlanHead('<core:CityModel xmlns:core="http://www.opengis.net/citygml/2.0">')).toBe(false);
    expect(isXPlanHead('<!-- see http://www.xplanung.de/xplangml/ --><CityModel>')).toBe(false);
  });

  it('takes a ZIP with xplan.gml as a plan, unless it holds a tileset', () => {
    expect(isXPlanArchive(['xplan.gml', 'plan.pdf'])).toBe(true);
    expect(isXPlanArchive(['a/XPLAN.GML'])).toBe(true);
    expect(isXPlanArchive(['tile.gml'])).toBe(false);
    expect(isXPlanArchive(['xplan.gml', 'tileset.json'])).toBe(false);
  });

  it('sorts files by ending and content', async () => {
    const blob = (text: string) => new Blob([text]);
    expect(await detectImportKind(blob('{}'), 'a.GeoJSON')).toBe('vector');
    expect(await detectImportKind(blob('a;b'), 'a.csv')).toBe('vector');
    expect(await detectImportKind(blob('a\tb'), 'a.tsv')).toBe('vector');
    expect(await detectImportKind(blob('\x1f\x8b'), 'schulen.geojson.gz')).toBe('vector');
    expect(await detectImportKind(blob('\x1f\x8b'), 'punkte.CSV.gz')).toBe('vector');
    expect(await detectImportKind(blob('\x1f\x8b'), 'LoD2.gml.gz')).toBe('citygml');
    // a gzipped grid is a terrain model, text or GeoTIFF
    expect(await detectImportKind(blob('\x1f\x8b'), 'dgm1_32_280_5652.XYZ.gz')).toBe('terrain');
    expect(await detectImportKind(blob('\x1f\x8b'), 'dgm1.asc.gz')).toBe('terrain');
    expect(await detectImportKind(blob('390000.5 5810000.5 50'), 'dgm1_33_390_5810.txt')).toBe('terrain');
    expect(await detectImportKind(blob('\x1f\x8b'), 'dgm1.tif.gz')).toBe('terrain');
    expect(await detectImportKind(blob('\x1f\x8b'), 'DGM1.TIFF.GZ')).toBe('terrain');
    expect(await detectImportKind(blob('<a/>'), 'a.citygml')).toBe('citygml');
    expect(await detectImportKind(blob('<a/>'), 'a.gml.gz')).toBe('citygml');
    const utf16 = new Uint8Array(
      [...'<P xmlns="http://www.xplanung.de/xplangml/6/0"/>'].flatMap((c) => [c.charCodeAt(0), 0]),
    );
    expect(await detectImportKind(new Blob([utf16]), 'p.xml')).toBe('plan');
    const archive = zipSync({ 'xplan.gml': new Uint8Array([60]), 'x.pdf': new Uint8Array(1) });
    expect(await detectImportKind(new Blob([archive]), 'plan.zip')).toBe('plan');
    expect(await detectImportKind(new Blob([zipSync({ 't.gml': new Uint8Array(1) })]), 'c.zip')).toBe(
      'citygml',
    );
    expect(await detectImportKind(blob('not a zip'), 'broken.zip')).toBe('citygml');
    for (const name of ['s.SHP', 's.dbf', 's.prj', 'b.gpkg', 'k.kml', 'k.KMZ', 'n.fgb'])
      expect(await detectImportKind(blob('x'), name), name).toBe('gis');
    const shapefileZip = zipSync({ 'a/s.shp': new Uint8Array(1), 'a/s.dbf': new Uint8Array(1) });
    expect(await detectImportKind(new Blob([shapefileZip]), 'schulen.zip')).toBe('gis');
  });

  it.skipIf(!hasData)('recognises the shared XPlanGML files, XPlanArchiv and CityGML files', async () => {
    for (const file of ['BPlan002_5-4.gml', 'BP2070.gml', 'LA67.gml']) {
      expect(await detectImportKind(await openAsBlob(join(DATA, 'xplan/plain-gml', file)), file)).toBe(
        'plan',
      );
    }
    for (const file of ['BP2070.zip', 'BPlan004_6-0.zip']) {
      expect(await detectImportKind(await openAsBlob(join(DATA, 'xplan/zipped', file)), file)).toBe('plan');
    }
    const nrw = 'citygml/nrw-wesel-lod2/LoD2_32_329_5729_1_NW.gml';
    expect(await detectImportKind(await openAsBlob(join(DATA, nrw)), 'LoD2.gml')).toBe('citygml');
  });
});
