import { describe, expect, it } from 'vitest';
import type { CityConfig } from '../config/types.ts';
import { compareChoices, importedSideId, resolveSides } from './choices.ts';

const CITY: Pick<CityConfig, 'tilesets' | 'compareTilesets'> = {
  tilesets: [{ id: 'demo', url: 'tiles/demo/tileset.json', label: { de: 'Heute', en: 'Today' } }],
  compareTilesets: [
    { id: 'undated', url: 'tiles/x/tileset.json', label: { de: 'Ohne Jahr', en: 'Undated' } },
    {
      id: 'demo-2015',
      url: 'tiles/demo-2015/tileset.json',
      label: { de: 'Bestand 2015', en: 'As built in 2015' },
      year: 2015,
      missingHint: { de: 'npm start erzeugt sie', en: 'npm start generates them' },
    },
    { id: 'demo-2000', url: 'tiles/demo-2000/tileset.json', label: { de: '2000', en: '2000' }, year: 2000 },
  ],
};

describe('compare choices', () => {
  it('lists the city tilesets, then its other states oldest first, then the imports', () => {
    const choices = compareChoices(CITY, [{ id: '7', name: 'LoD2 <b>.gml', url: 'blob:x' }], 'en');
    expect(choices.map((c) => c.id)).toEqual(['demo', 'demo-2000', 'demo-2015', 'undated', 'import:7']);
    expect(choices[2]).toEqual({
      id: 'demo-2015',
      label: 'As built in 2015',
      url: 'tiles/demo-2015/tileset.json',
      year: 2015,
      missingHint: 'npm start generates them',
    });
    // A file name stays text: the label is rendered as text by React, never as HTML.
    expect(choices[4]).toEqual({ id: 'import:7', label: 'Import: LoD2 <b>.gml', url: 'blob:x' });
    expect(compareChoices({ tilesets: CITY.tilesets }, [], 'de').map((c) => c.label)).toEqual(['Heute']);
  });

  it('defaults to the oldest other state left and today right, and replaces unknown ids', () => {
    const choices = compareChoices(CITY, [{ id: '7', name: 'a.gml', url: 'blob:x' }], 'de');
    const ids = (sides: ReturnType<typeof resolveSides>) =>
      sides && [sides.left.id, sides.right.id, sides.unknown];
    expect(ids(resolveSides({}, choices, ['demo']))).toEqual(['demo-2000', 'demo', []]);
    expect(ids(resolveSides({ left: importedSideId('7'), right: 'demo-2015' }, choices, ['demo']))).toEqual([
      'import:7',
      'demo-2015',
      [],
    ]);
    expect(ids(resolveSides({ left: 'import:3', right: 'gone' }, choices, ['demo']))).toEqual([
      'demo-2000',
      'demo',
      ['import:3', 'gone'],
    ]);
  });

  it('takes an import as the left default when the city has no other state, and needs two choices', () => {
    const today = compareChoices({ tilesets: CITY.tilesets }, [], 'de');
    expect(resolveSides({}, today, ['demo'])).toBeUndefined();
    const withImport = compareChoices(
      { tilesets: CITY.tilesets },
      [{ id: '1', name: 'a.gml', url: 'blob:a' }],
      'de',
    );
    const sides = resolveSides({}, withImport, ['demo']);
    expect([sides?.left.id, sides?.right.id]).toEqual(['import:1', 'demo']);
  });
});
