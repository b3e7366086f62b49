import { describe, expect, it } from 'vitest';
import { exportBaseName, exportFileName, exportZipFileName, isImportable } from './file-names.ts';

describe('import file names', () => {
  it('takes CityGML, gzip, ZIP, .3tz, vector drop-ins and GIS formats in any letter case, nothing else', () => {
    for (const name of [
      'a.gml',
      'B.XML',
      'c.citygml',
      'd.gml.gz',
      'e.zip',
      'f.3tz',
      'g.GZ',
      'h.geojson',
      'i.json',
      'j.CSV',
      'k.tsv',
      'l.SHP',
      'm.dbf',
      'n.gpkg',
      'o.kmz',
      'p.fgb',
    ]) {
      expect(isImportable(name), name).toBe(true);
    }
    for (const name of ['b.glb', 'c.gml.bak', 'gml', 'd.tar', 'e.qgz', 'f.shp.bak'])
      expect(isImportable(name), name).toBe(false);
  });

  it('names the exports after the file without its endings', () => {
    expect(exportFileName('LoD2_32_329_5729_1_NW.gml')).toBe('LoD2_32_329_5729_1_NW.3tz');
    expect(exportFileName('tiles.gml.gz')).toBe('tiles.3tz');
    expect(exportFileName('export.3tz')).toBe('export.3tz');
    expect(exportFileName('.gml')).toBe('tileset.3tz');
    expect(exportBaseName('tiles.gml.gz')).toBe('tiles');
    expect(exportZipFileName('tiles.zip')).toBe('tiles-tileset.zip');
  });
});
