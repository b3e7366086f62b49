import { describe, expect, it } from 'vitest';
import { todayCopyUrls } from './today-tilesets.ts';

describe('the "today" copies of the compare divider', () => {
  it('copies the city’s tilesets and then the imported tilesets shown, each once', () => {
    const blob = 'blob:http://localhost:4173/5d1c0b9e-0f7a-4d7e-9a43-0d1a2b3c4d5e';
    expect(
      todayCopyUrls([{ url: 'tiles/demo/tileset.json' }], [blob, blob], 'http://localhost:4173/?lang=de'),
    ).toEqual(['http://localhost:4173/tiles/demo/tileset.json', blob]);
    expect(todayCopyUrls([{ url: 'tiles/demo/tileset.json' }], [], 'http://localhost:4173/')).toEqual([
      'http://localhost:4173/tiles/demo/tileset.json',
    ]);
  });
});
