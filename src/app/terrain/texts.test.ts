import { describe, expect, it } from 'vitest';
import { TERRAIN_TEXTS } from './texts.ts';

describe("the dropped terrain's credit", () => {
  it('names the file, or the first of the tiles put together and how many more, in both languages', () => {
    expect(TERRAIN_TEXTS.de.droppedCredit('dgm1.tif')).toBe('Gelände: dgm1.tif (eigene Datei)');
    expect(TERRAIN_TEXTS.de.droppedCredit('a.tif', 2)).toBe(
      'Gelände: a.tif und eine weitere Kachel (eigene Dateien)',
    );
    expect(TERRAIN_TEXTS.de.droppedCredit('a.tif', 4)).toBe(
      'Gelände: a.tif und 3 weitere Kacheln (eigene Dateien)',
    );
    expect(TERRAIN_TEXTS.en.droppedCredit('dgm1.tif')).toBe('Terrain: dgm1.tif (your file)');
    expect(TERRAIN_TEXTS.en.droppedCredit('a.tif', 2)).toBe('Terrain: a.tif and one more tile (your files)');
    expect(TERRAIN_TEXTS.en.droppedCredit('a.tif', 4)).toBe('Terrain: a.tif and 3 more tiles (your files)');
  });
});
