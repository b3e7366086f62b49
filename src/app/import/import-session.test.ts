import { describe, expect, it } from 'vitest';
import type {
  ConvertPreview,
  ConvertProgress,
  ConvertResult,
  TransferredFile,
  VectorResult,
} from '../../../workers/convert-api.ts';
import type { PlanLayerData } from '../../core/layers/xplan/plan-data.ts';
import type { BlobTileset } from './blob-tileset.ts';
import { ImportSession } from './import-session.ts';
import type { ImportConverter, ImportedLayerSource, ImportLayerHooks } from './import-session.ts';
import type { ImportKind } from './import-kind.ts';

const abortError = () => Object.assign(new Error('cancelled'), { name: 'AbortError' });
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const file = (name: string) => new File(['<x/>'], name);
const files = (name: string): TransferredFile[] => [
  { path: 'tileset.json', bytes: new TextEncoder().encode(name).buffer as ArrayBuffer },
];

/** A conversion the test finishes, with the callbacks the session passed. */
interface Running {
  name: string;
  signal?: AbortSignal;
  progress: (progress: ConvertProgress) => void;
  preview: (preview: ConvertPreview) => void;
  finish: (result: ConvertResult) => void;
}

function setup(kinds: Record<string, ImportKind> = {}) {
  const running: Running[] = [];
  const made: BlobTileset[] = [];
  const revoked: BlobTileset[] = [];
  const downloads: string[] = [];
  /** Calls on the layer hooks, and the model's visibility of each layer they added (by import id). */
  const layerCalls: string[] = [];
  const visibility = new Map<string, boolean>();
  const vectorReads: (string | undefined)[] = [];
  const gisReads: string[][] = [];
  const pool: ImportConverter = {
    convert: (_file, name, options = {}) =>
      new Promise<ConvertResult>((resolve, reject) => {
        options.signal?.addEventListener('abort', () => reject(abortError()));
        running.push({
          name,
          signal: options.signal,
          progress: (p) => options.onProgress?.(p),
          preview: (p) => options.onPreview?.(p),
          finish: resolve,
        });
      }),
    readVector: (_file, _name, options) => {
      vectorReads.push(options.projectedCrs);
      const crs = options.projectedCrs ?? 'EPSG:25832';
      return Promise.resolve({
        features: [{}, {}, {}] as unknown as VectorResult['features'],
        coordinates: new Float64Array([7, 51, 7.1, 51.1, 7.2, 51.2]),
        sourceCrs: crs,
        problems: [],
      });
    },
    readPlan: (_file, name) =>
      Promise.resolve({ planId: `plan:${name}`, name, areas: [{}, {}] } as unknown as PlanLayerData),
    exportArchive: () => Promise.resolve(new ArrayBuffer(3)),
    exportFolderZip: () => Promise.reject(new Error('disk full')),
  };
  const label = (layer: ImportedLayerSource) =>
    layer.kind === 'plan' ? layer.plan.planId : `${layer.name} (${layer.vector.sourceCrs})`;
  const layerHooks: ImportLayerHooks = {
    add: (layer) => {
      layerCalls.push(`add ${label(layer)}`);
      visibility.set(layer.importId, true);
    },
    isVisible: (layer) => visibility.get(layer.importId),
    zoom: (layer) => layerCalls.push(`zoom ${label(layer)}`),
    setVisible: (layer, visible) => {
      layerCalls.push(`visible ${label(layer)} ${visible}`);
      visibility.set(layer.importId, visible);
    },
    remove: (layer) => {
      layerCalls.push(`remove ${label(layer)}`);
      visibility.delete(layer.importId);
    },
  };
  const session = new ImportSession({
    pool,
    layerHooks,
    detectKind: (f) => Promise.resolve(kinds[f.name] ?? 'citygml'),
    readGis: (files, name) => {
      gisReads.push([name, ...files.map((f) => f.name)]);
      const broken = name.startsWith('kaputt');
      return Promise.resolve({
        features: (broken ? [] : [{}, {}]) as unknown as VectorResult['features'],
        coordinates: new Float64Array(broken ? [] : [9.4, 54.8, 9.5, 54.7]),
        sourceCrs: 'EPSG:25832',
        problems: broken ? [{ file: name, message: `${name} lacks kaputt.dbf (attributes)` }] : [],
      });
    },
    createTileset: (tilesetFiles) => {
      const tileset: BlobTileset = {
        rootUrl: `blob:${new TextDecoder().decode(tilesetFiles[0]?.bytes)}`,
        files: [],
        urls: [],
      };
      made.push(tileset);
      return Promise.resolve(tileset);
    },
    revokeTileset: (tileset) => revoked.push(tileset),
    download: (_bytes, name) => downloads.push(name),
    mark: () => undefined,
    revokeDelayMs: 0,
  });
  const entry = (index = 0) => session.getSnapshot()[index];
  return { session, running, made, revoked, downloads, layerCalls, visibility, vectorReads, gisReads, entry };
}

const progress = (phase: ConvertProgress['phase']): ConvertProgress => ({
  phase,
  bytesRead: 1,
  bytesTotal: 2,
  buildings: 3,
});

describe('import session', () => {
  it('converts a file: queued, progress, previews, then ready with the final tileset', async () => {
    const { session, running, made, revoked, entry } = setup();
    let changes = 0;
    session.subscribe(() => (changes += 1));
    session.add([file('a.gml')]);
    expect(entry()?.status).toBe('queued');
    await tick();
    const job = running[0]!;
    job.progress(progress('reading'));
    expect(entry()?.status).toBe('reading');
    job.preview({ files: files('preview'), buildings: 1 });
    await tick();
    expect(entry()?.tileset?.rootUrl).toBe('blob:preview');
    job.finish({ source: 'citygml', files: files('final'), buildings: 7, problems: [] });
    await tick();
    await tick();
    expect(entry()).toMatchObject({ status: 'ready', buildings: 7, kind: 'citygml' });
    expect(entry()?.tileset?.rootUrl).toBe('blob:final');
    expect(made).toHaveLength(2);
    expect(revoked.map((t) => t.rootUrl)).toEqual(['blob:preview']); // the replaced preview
    expect(changes).toBeGreaterThan(3);
  });

  it('ignores progress and previews that arrive after the result', async () => {
    const { session, running, made, entry } = setup();
    session.add([file('a.gml')]);
    await tick();
    const job = running[0]!;
    job.finish({ source: 'citygml', files: files('final'), buildings: 1, problems: [] });
    await Promise.resolve(); // the late messages come in a later task than the result
    job.progress(progress('tiling'));
    job.preview({ files: files('late'), buildings: 1 });
    await tick();
    await tick();
    expect(entry()?.status).toBe('ready');
    expect(entry()?.progress).toBeUndefined();
    expect(made.map((t) => t.rootUrl)).toEqual(['blob:final']);
  });

  it('cancels: the worker job is aborted, the preview dropped, and the status stays cancelled', async () => {
    const { session, running, revoked, entry } = setup();
    session.add([file('a.gml')]);
    await tick();
    const job = running[0]!;
    job.preview({ files: files('preview'), buildings: 1 });
    await tick();
    session.cancel(entry()!.id);
    expect(job.signal?.aborted).toBe(true);
    expect(entry()?.status).toBe('cancelled');
    await tick();
    await tick();
    expect(entry()?.tileset).toBeUndefined();
    expect(revoked.map((t) => t.rootUrl)).toEqual(['blob:preview']);
    job.progress(progress('tiling'));
    expect(entry()?.status).toBe('cancelled');
  });

  it('never moves a ready import back: cancel after the result changes nothing', async () => {
    const { session, running, entry } = setup();
    session.add([file('a.gml')]);
    await tick();
    running[0]!.finish({ source: 'citygml', files: files('final'), buildings: 1, problems: [] });
    await tick();
    await tick();
    session.cancel(entry()!.id);
    expect(entry()?.status).toBe('ready');
    expect(entry()?.tileset?.rootUrl).toBe('blob:final');
  });

  it('fails an import with no tileset and lists its problems; rejects unsupported files at once', async () => {
    const { session, running, entry } = setup();
    session.add([file('a.gml'), file('notes.pdf')]);
    expect(entry(1)?.status).toBe('error');
    expect(entry(1)?.problems[0]?.message).toMatch(/unsupported file type/);
    await tick();
    expect(running).toHaveLength(1);
    running[0]!.finish({
      source: 'citygml',
      files: [],
      buildings: 0,
      problems: [{ file: 'a.gml', line: 3, message: 'broken' }],
    });
    await tick();
    expect(entry()).toMatchObject({ status: 'error', problems: [{ line: 3 }] });
  });

  it('hands a dropped plan to the layer hooks and removes it there too', async () => {
    const { session, layerCalls, entry } = setup({ 'bp.gml': 'plan' });
    session.add([file('bp.gml')]);
    await tick();
    await tick();
    expect(entry()).toMatchObject({ status: 'ready', kind: 'plan', features: 2 });
    session.toggle(entry()!.id);
    session.zoomTo(entry()!.id);
    session.remove(entry()!.id);
    expect(session.getSnapshot()).toEqual([]);
    expect(layerCalls).toEqual([
      'add plan:bp.gml',
      'zoom plan:bp.gml',
      'visible plan:bp.gml false',
      'visible plan:bp.gml true',
      'zoom plan:bp.gml',
      'remove plan:bp.gml',
    ]);
  });

  it('makes a vector drop-in a layer of the model: its visibility is the model state, whoever toggles it', async () => {
    const { session, layerCalls, visibility, entry } = setup({ 'schulen.csv': 'vector' });
    session.add([file('schulen.csv')]);
    await tick();
    await tick();
    const id = entry()!.id;
    expect(entry()).toMatchObject({ status: 'ready', kind: 'vector', features: 3 });
    expect(layerCalls).toEqual(['add schulen.csv (EPSG:25832)', 'zoom schulen.csv (EPSG:25832)']);
    expect(session.isVisible(id)).toBe(true);
    session.toggle(id);
    expect(session.isVisible(id)).toBe(false);
    // The layer tree switches it on in the model: the list follows, and its toggle hides it again.
    visibility.set(id, true);
    expect(session.isVisible(id)).toBe(true);
    session.toggle(id);
    expect(layerCalls.slice(2)).toEqual([
      'visible schulen.csv (EPSG:25832) false',
      'visible schulen.csv (EPSG:25832) false',
    ]);
    // Zoom shows a hidden layer first.
    session.zoomTo(id);
    expect(layerCalls.slice(4)).toEqual([
      'visible schulen.csv (EPSG:25832) true',
      'zoom schulen.csv (EPSG:25832)',
    ]);
    // The entry's own flag (tilesets only) never moved.
    expect(entry()?.visible).toBe(true);
    expect(entry()?.zoomRequest).toBe(0);
    session.remove(id);
    expect(layerCalls.at(-1)).toBe('remove schulen.csv (EPSG:25832)');
    expect(visibility.has(id)).toBe(false);
  });

  it('reads the parts of a dropped Shapefile as one entry on the GIS reader; a broken one fails alone', async () => {
    const { session, layerCalls, gisReads, entry } = setup({
      'schulen.shp': 'gis',
      'bezirke.gpkg': 'gis',
      'kaputt.shp': 'gis',
    });
    session.add(
      ['schulen.dbf', 'schulen.shp', 'kaputt.shp', 'schulen.prj', 'bezirke.gpkg'].map((n) => file(n)),
    );
    await tick();
    await tick();
    expect(session.getSnapshot().map((e) => e.name)).toEqual(['schulen.shp', 'kaputt.shp', 'bezirke.gpkg']);
    expect(gisReads).toEqual([
      ['schulen.shp', 'schulen.dbf', 'schulen.shp', 'schulen.prj'],
      ['kaputt.shp', 'kaputt.shp'],
      ['bezirke.gpkg', 'bezirke.gpkg'],
    ]);
    expect(entry(0)).toMatchObject({ status: 'ready', kind: 'gis', features: 2 });
    expect(entry(1)).toMatchObject({
      status: 'error',
      problems: [{ message: 'kaputt.shp lacks kaputt.dbf (attributes)' }],
    });
    expect(entry(2)).toMatchObject({ status: 'ready', features: 2 });
    expect(layerCalls.filter((c) => c.startsWith('add'))).toEqual([
      'add schulen.shp (EPSG:25832)',
      'add bezirke.gpkg (EPSG:25832)',
    ]);
  });

  it('replaces the layer of a table when it is read again in another CRS, and flies there', async () => {
    const { session, layerCalls, vectorReads, entry } = setup({ 'punkte.csv': 'vector' });
    session.add([file('punkte.csv')]);
    await tick();
    await tick();
    session.setProjectedCrs(entry()!.id, 'EPSG:31467');
    await tick();
    expect(vectorReads).toEqual([undefined, 'EPSG:31467']);
    expect(entry()).toMatchObject({ projectedCrs: 'EPSG:31467', features: 3 });
    expect(layerCalls.slice(2)).toEqual(['add punkte.csv (EPSG:31467)', 'zoom punkte.csv (EPSG:31467)']);
  });

  it('exports a ready tileset; a failed export becomes a problem of the entry', async () => {
    const { session, running, downloads, entry } = setup();
    session.add([file('Haus.gml')]);
    await tick();
    running[0]!.finish({ source: 'citygml', files: files('final'), buildings: 1, problems: [] });
    await tick();
    await tick();
    await session.exportArchive(entry()!.id);
    expect(downloads).toEqual(['Haus.3tz']);
    await session.exportZip(entry()!.id);
    expect(entry()?.problems.map((p) => p.message)).toEqual(['export failed: disk full']);
  });

  it('dispose aborts running jobs and frees every tileset', async () => {
    const { session, running, revoked } = setup();
    session.add([file('a.gml'), file('b.gml')]);
    await tick();
    running[0]!.finish({ source: 'citygml', files: files('a'), buildings: 1, problems: [] });
    await tick();
    await tick();
    session.dispose();
    expect(running[1]?.signal?.aborted).toBe(true);
    expect(revoked.map((t) => t.rootUrl)).toEqual(['blob:a']);
    session.add([file('c.gml')]);
    expect(session.getSnapshot()).toHaveLength(2);
  });
});
