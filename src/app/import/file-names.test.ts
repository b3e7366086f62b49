import { describe, expect, it } from 'vitest';
import { exportFileName, isImportable } from './file-names.ts';

describe('import file names', () => {
  it('takes CityGML, gzip, ZIP and .3tz files in any letter case, nothing else', () => {
    for (const name of ['a.gml', 'B.XML', 'c.citygml', 'd.gml.gz', 'e.zip', 'f.3tz', 'g.GZ']) {
      expect(isImportable(name), name).toBe(true);
    }
    for (const name of ['a.json', 'b.glb', 'c.gml.bak', 'gml', 'd.tar'])
      expect(isImportable(name), name).toBe(false);
  });

  it('names the export after the file without its endings', () => {
    expect(exportFileName('LoD2_32_329_5729_1_NW.gml')).toBe('LoD2_32_329_5729_1_NW.3tz');
    expect(exportFileName('tiles.gml.gz')).toBe('tiles.3tz');
    expect(exportFileName('export.3tz')).toBe('export.3tz');
    expect(exportFileName('.gml')).toBe('tileset.3tz');
  });
});
