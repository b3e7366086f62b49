/** Dropped terrain models (DGM) in the import session: read by the terrain reader, one shown at a time, freed. */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { DgmInfo } from '../../../workers/terrain-api.ts';
import { detectImportKind } from './import-kind.ts';
import { ImportSession } from './import-session.ts';
import type { ImportConverter, TerrainReader } from './import-session.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const unused = () => Promise.reject(new Error('not used here'));
const pool: ImportConverter = {
  convert: unused,
  readVector: unused,
  readPlan: unused,
  exportArchive: unused,
  exportFolderZip: unused,
};

function setup() {
  const opened: string[] = [];
  /** Per open: each tile's grid and .prj file names. */
  const tiles: string[][][] = [];
  const closed: number[] = [];
  let next = 1;
  const terrains: TerrainReader = {
    open: (parts, name) => {
      opened.push(name);
      tiles.push(parts.map(({ grid, prj }) => (prj ? [grid.name, prj.name] : [grid.name])));
      if (name.startsWith('bad')) return Promise.reject(new Error(`${name}: the GeoTIFF names no CRS`));
      // a drop whose second tile is damaged: the terrain of the rest, with the tile left out
      const skipped = name.startsWith('part')
        ? [{ file: parts[1]!.grid.name, message: 'could not read the heights: ZSTD data damaged' }]
        : undefined;
      return Promise.resolve({
        id: next++,
        info: { name, maxLevel: 19, ...(skipped ? { skipped } : {}) } as DgmInfo,
      });
    },
    close: (id) => closed.push(id),
  };
  const session = new ImportSession({ pool, terrains, download: () => undefined, mark: () => undefined });
  return { session, opened, closed, tiles };
}

describe('dropped terrain models', () => {
  it('are terrain by their name, not vector files, and a ZIP of one by its entries', async () => {
    for (const name of ['dgm1.tif', 'DGM.TIFF', 'dgm1_32_280_5652_1_nw.xyz'])
      expect(await detectImportKind(new Blob(['x']), name)).toBe('terrain');
    const zip = (names: string[]) =>
      new Blob([zipSync(Object.fromEntries(names.map((name) => [name, new Uint8Array(1)])))]);
    expect(await detectImportKind(zip(['dgm1/dgm1.tif', 'dgm1/lizenz.pdf']), 'dgm1.zip')).toBe('terrain');
    expect(await detectImportKind(zip(['lod2/a.gml', 'dgm1.tif']), 'mixed.zip')).toBe('citygml');
  });

  it('become ready with their terrain, fly there, and a second drop replaces the first', async () => {
    const { session, opened, closed } = setup();
    session.add([new File(['a'], 'a.tif')]);
    await tick();
    await tick();
    const [first] = session.getSnapshot();
    expect(first).toMatchObject({ status: 'ready', kind: 'terrain', terrain: { id: 1 }, zoomRequest: 1 });
    session.add([new File(['b'], 'b.tif')]);
    await tick();
    await tick();
    expect(opened).toEqual(['a.tif', 'b.tif']);
    expect(session.getSnapshot().map((e) => e.name)).toEqual(['b.tif']);
    expect(closed).toEqual([1]);
    session.remove(session.getSnapshot()[0]!.id);
    expect(closed).toEqual([1, 2]);
    expect(session.getSnapshot()).toEqual([]);
  });

  it('list a tile left out of a drop as a problem of the terrain, which is ready with the rest', async () => {
    const { session } = setup();
    session.add([new File(['a'], 'part-west.tif'), new File(['b'], 'part-east.tif')]);
    await tick();
    await tick();
    expect(session.getSnapshot()).toMatchObject([
      {
        status: 'ready',
        terrain: { id: 1 },
        problems: [
          {
            file: 'part-east.tif',
            message: 'could not read the heights: ZSTD data damaged',
            outcome: 'left-out',
          },
        ],
      },
    ]);
  });

  it('read the grids of one drop as the tiles of one terrain, each text grid with its .prj', async () => {
    expect(await detectImportKind(new Blob(['x']), 'dgm1.ASC')).toBe('terrain');
    const { session, opened, tiles } = setup();
    session.add([
      new File(['p'], 'dgm1.prj'),
      new File(['a'], 'dgm1.asc'),
      new File(['s'], 'schulen.geojson'),
      new File(['b'], 'dgm2.asc'),
      new File(['c'], 'dgm3.tif'),
    ]);
    await tick();
    await tick();
    const terrain = session.getSnapshot().find((e) => e.kind === 'terrain');
    expect(terrain).toMatchObject({ name: 'dgm1.asc', status: 'ready' });
    expect(opened).toEqual(['dgm1.asc']);
    expect(tiles).toEqual([[['dgm1.asc', 'dgm1.prj'], ['dgm2.asc'], ['dgm3.tif']]]);
    // the other file of the drop is an entry of its own
    expect(session.getSnapshot().map((e) => e.name)).toEqual(['dgm1.asc', 'schulen.geojson']);
    session.dispose();
  });

  it('fail with a message naming the file, and hide through their own flag', async () => {
    const { session } = setup();
    session.add([new File(['x'], 'bad.tif')]);
    session.add([new File(['c'], 'c.tif')]);
    await tick();
    await tick();
    const [bad, good] = session.getSnapshot();
    expect(bad).toMatchObject({ status: 'error', problems: [{ file: 'bad.tif' }] });
    expect(bad?.problems[0]?.message).toMatch(/bad\.tif: the GeoTIFF names no CRS/);
    expect(good?.status).toBe('ready');
    session.toggle(good!.id);
    expect(session.isVisible(good!.id)).toBe(false);
    session.dispose();
  });
});
