/**
 * The file import as a session without React: the entries of the layer list, each one's status, its
 * cancellation, preview and final tilesets, and the actions on them. Each file is read on the conversion
 * pool — CityGML converted to a tileset held as blob URLs; GeoJSON/CSV read into lon/lat features and
 * XPlanGML plans handed to the layer hooks; the GIS formats (a Shapefile's parts dropped together are one
 * entry) read by the layers worker into features the same way (they become layers of the layer model); a terrain
 * model (DGM: GeoTIFF, XYZ or ESRI ASCII grid, plain or gzipped, with a `.prj` dropped beside a text grid; the
 * grids of one drop, or of a ZIP, put together) read by the terrain worker and shown as the globe's terrain, a
 * later one replacing it. Components subscribe to it (`useImports`); tests drive it with a fake pool, fake
 * tilesets and fake hooks.
 */
import { IMPORT_EXTENSIONS } from '../../../workers/convert-api.ts';
import type {
  BlobFile,
  ConvertJobOptions,
  ConvertPreview,
  ConvertProgress,
  ConvertResult,
  ImportProblem,
  TransferredFile,
  VectorImportOptions,
  VectorResult,
} from '../../../workers/convert-api.ts';
import type { PlanLayerData } from '../../core/layers/xplan/plan-data.ts';
import type { DgmInfo } from '../../../workers/terrain-api.ts';
import { groupGisFiles } from '../../core/layers/gis/names.ts';
import { dgmTilesOf } from '../../core/terrain/dgm-names.ts';
import type { BlobTileset } from './blob-tileset.ts';
import { exportBaseName, exportFileName, exportZipFileName, isImportable } from './file-names.ts';
import { detectImportKind } from './import-kind.ts';
import type { ImportKind } from './import-kind.ts';
import { guardSettled, progressChange } from './import-status.ts';
import type { ImportStatus } from './import-status.ts';
import { errorMessage } from '../../core/errors.ts';

/** One imported file as the layer list and the map show it. */
export interface ImportEntry {
  id: string;
  name: string;
  status: ImportStatus;
  progress?: ConvertProgress;
  /** How the file is handled (known once its first bytes are read): converted, drawn as features, a plan. */
  kind?: ImportKind;
  /** Buildings in the tileset (written), once ready. */
  buildings: number;
  /** Features of a vector drop-in, or areas of a plan, once ready. */
  features: number;
  /** A vector drop-in's features (lon/lat degrees), once ready. */
  vector?: VectorResult;
  /** A vector drop-in's file, kept to read it again in another CRS. */
  file?: File;
  /** CRS chosen for easting/northing columns (default EPSG:25832). */
  projectedCrs?: string;
  /** A dropped plan, once read: it is drawn by the thematic layers and listed in the layer tree. */
  plan?: PlanLayerData;
  /** Faults with file, line and reason (the import may still show what was read before the fault). */
  problems: ImportProblem[];
  /**
   * Whether the tileset is shown. Plans and vector drop-ins are layers of the layer model and take theirs
   * from there (`importVisible`).
   */
  visible: boolean;
  tileset?: BlobTileset;
  /** A dropped terrain model, once read: its handle in the terrain worker and what it is. */
  terrain?: DroppedTerrain;
  /** Increments on each "zoom to" request of a tileset. */
  zoomRequest: number;
}

/** A terrain model read by the terrain worker: its id there (for height tiles) and its description. */
export interface DroppedTerrain {
  id: number;
  info: DgmInfo;
}

/** Where terrain models are read (the page's: the terrain worker); `close` frees one's grid. */
export interface TerrainReader {
  /**
   * Reads the terrain model named `name` from its `tiles` (one file, or the tiles of a drop put together), each
   * grid with the `.prj` dropped with it (a text grid's CRS).
   */
  open(tiles: { grid: File; prj?: File }[], name: string, signal: AbortSignal): Promise<DroppedTerrain>;
  close(id: number): void;
}

/** The actions on the imports, as the components call them. */
export interface ImportActions {
  add(files: Iterable<File>): void;
  cancel(id: string): void;
  remove(id: string): void;
  toggle(id: string): void;
  zoomTo(id: string): void;
  /** Downloads the tileset as a `.3tz` archive. */
  exportArchive(id: string): Promise<void>;
  /** Downloads the tileset as a ZIP of its folder, in the CLI's layout. */
  exportZip(id: string): Promise<void>;
  /** Reads a table's easting/northing columns again in `crs` (e.g. 'EPSG:31467'). */
  setProjectedCrs(id: string, crs: string): void;
  /** Whether the import is shown: a tileset's own flag, a layer's state in the layer model. */
  isVisible(id: string): boolean;
}

/** An import that is a layer of the layer model: a dropped plan, or a vector drop-in (GeoJSON, CSV). */
export type ImportedLayerSource =
  | { kind: 'plan'; importId: string; name: string; plan: PlanLayerData }
  | { kind: 'vector'; importId: string; name: string; vector: VectorResult };

/**
 * Where imports that are layers go: the layer model adds them (listed in the layer tree, drawn by the
 * registry's component for their source type — a plan the way the "open plan" button's are), holds their
 * visibility (the import list's toggle and the tree's are the same state), flies to and removes them.
 */
export interface ImportLayerHooks {
  /** Adds the layer, visible, or replaces it (a table read again in another CRS). */
  add(layer: ImportedLayerSource): void;
  /** The layer's visibility in the model; undefined while the model does not list it. */
  isVisible(layer: ImportedLayerSource): boolean | undefined;
  setVisible(layer: ImportedLayerSource, visible: boolean): void;
  zoom(layer: ImportedLayerSource): void;
  remove(layer: ImportedLayerSource): void;
}

/** The layer an entry is in the layer model, if it is one (a ready plan or vector drop-in). */
export function importedLayerOf(entry: ImportEntry): ImportedLayerSource | undefined {
  if (entry.plan) return { kind: 'plan', importId: entry.id, name: entry.name, plan: entry.plan };
  if (entry.vector) return { kind: 'vector', importId: entry.id, name: entry.name, vector: entry.vector };
  return undefined;
}

/** Whether an entry is shown: a layer's state in the model (through `hooks`), else its own flag. */
export function importVisible(entry: ImportEntry, hooks: ImportLayerHooks | undefined): boolean {
  const layer = importedLayerOf(entry);
  return (layer && hooks?.isVisible(layer)) ?? entry.visible;
}

/**
 * The part of the conversion pool (`workers/pool.ts`) an import session uses; each job rejects with an
 * AbortError once its signal is aborted.
 */
export interface ImportConverter {
  convert(file: Blob, name: string, options: ConvertJobOptions): Promise<ConvertResult>;
  readVector(
    file: Blob,
    name: string,
    options: VectorImportOptions & { signal?: AbortSignal },
  ): Promise<VectorResult>;
  readPlan(file: Blob, name: string, signal?: AbortSignal): Promise<PlanLayerData>;
  exportArchive(files: BlobFile[]): Promise<ArrayBuffer>;
  exportFolderZip(files: BlobFile[], folder: string): Promise<ArrayBuffer>;
}

/** What a session needs from its surroundings; the optional parts default to the browser's. */
export interface ImportSessionOptions {
  pool: ImportConverter;
  layerHooks?: ImportLayerHooks;
  /** Tells CityGML, vector drop-ins and plans apart from a file's first bytes. */
  detectKind?: (file: File) => Promise<ImportKind>;
  /**
   * Reads a GIS dataset (a Shapefile's parts, a GeoPackage, KML/KMZ, FlatGeobuf, a ZIP of them); the page's
   * is the GIS layers worker (`useImports`); without one, such files fail with a message.
   */
  readGis?: (files: File[], name: string, signal: AbortSignal) => Promise<VectorResult>;
  /** Reads terrain models (DGM); without one, such files fail with a message. */
  terrains?: TerrainReader;
  /** Makes a loadable tileset of converted files; default: blob URLs (`createBlobTileset`). */
  createTileset?: (files: TransferredFile[], name: string) => Promise<BlobTileset>;
  revokeTileset?: (tileset: BlobTileset) => void;
  /** Starts a download of the exported bytes (the page's: `download.ts`). */
  download: (bytes: ArrayBuffer, name: string) => void;
  /** Sets a performance mark (read by the benchmark and the responsiveness check). */
  mark?: (name: string) => void;
  /** How long the blob URLs of a replaced tileset stay valid, for requests Cesium still has in flight. */
  revokeDelayMs?: number;
}

/** Performance mark set each time an import finishes with a tileset (read by bench/browser-import.ts). */
export const IMPORT_DONE_MARK = 'stadtmodell:import-done';
const REVOKE_DELAY_MS = 10_000;

let nextId = 0;

const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';

/**
 * The imports of one page: `subscribe`/`getSnapshot` for `useSyncExternalStore`, the actions of
 * `ImportActions`, and `dispose` (cancels everything and frees the blob URLs).
 */
export class ImportSession implements ImportActions {
  /** Where plans and vector drop-ins go; the hook sets it on every render, so it is always the current model's. */
  layerHooks: ImportLayerHooks | undefined;
  private entries: ImportEntry[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly pool: ImportConverter;
  private readonly detectKind: (file: File) => Promise<ImportKind>;
  private readonly readGis: (files: File[], name: string, signal: AbortSignal) => Promise<VectorResult>;
  private readonly terrains: TerrainReader | undefined;
  private readonly createTileset: (files: TransferredFile[], name: string) => Promise<BlobTileset>;
  private readonly revokeTileset: (tileset: BlobTileset) => void;
  private readonly download: (bytes: ArrayBuffer, name: string) => void;
  private readonly mark: (name: string) => void;
  private readonly revokeDelayMs: number;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private disposed = false;

  constructor(options: ImportSessionOptions) {
    this.pool = options.pool;
    this.layerHooks = options.layerHooks;
    this.detectKind = options.detectKind ?? ((file) => detectImportKind(file, file.name));
    this.readGis =
      options.readGis ?? (() => Promise.reject(new Error('GIS formats cannot be read here (no reader)')));
    this.terrains = options.terrains;
    // The archive reader and GLB writer (with the meshopt encoder) load with the first import, not at start-up.
    this.createTileset =
      options.createTileset ??
      (async (files, name) => (await import('./blob-tileset.ts')).createBlobTileset(files, name));
    this.revokeTileset =
      options.revokeTileset ??
      ((tileset) => void import('./blob-tileset.ts').then((module) => module.revokeBlobTileset(tileset)));
    this.download = options.download;
    this.mark = options.mark ?? ((name) => performance.mark(name));
    this.revokeDelayMs = options.revokeDelayMs ?? REVOKE_DELAY_MS;
  }

  /** Registers a listener for entry changes; returns its remover. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The entries now (a new array after each change, the same one otherwise). */
  readonly getSnapshot = (): ImportEntry[] => this.entries;

  add(files: Iterable<File>): void {
    if (this.disposed) return;
    const added: ImportEntry[] = [];
    const jobs: [string, File, File[]][] = [];
    // A Shapefile's parts dropped together are one entry, named after its .shp.
    for (const group of groupGisFiles([...files])) {
      const file = group.files.find((f) => f.name === group.name) ?? (group.files[0] as File);
      const id = `import-${++nextId}`;
      const entry: ImportEntry = {
        id,
        name: group.name,
        status: 'queued',
        buildings: 0,
        features: 0,
        problems: [],
        visible: true,
        zoomRequest: 0,
      };
      if (!isImportable(file.name)) {
        entry.status = 'error';
        entry.problems = [
          { file: file.name, message: `unsupported file type (accepted: ${IMPORT_EXTENSIONS.join(', ')})` },
        ];
      } else jobs.push([id, file, group.files]);
      added.push(entry);
    }
    this.setEntries([...this.entries, ...added]);
    for (const [id, file, group] of jobs) void this.run(id, file, group);
  }

  cancel(id: string): void {
    this.controllers.get(id)?.abort();
    this.update(id, () => ({ status: 'cancelled' }));
  }

  remove(id: string): void {
    this.controllers.get(id)?.abort();
    const entry = this.find(id);
    if (!entry) return;
    const layer = importedLayerOf(entry);
    if (layer) this.layerHooks?.remove(layer);
    if (entry.terrain) this.terrains?.close(entry.terrain.id);
    this.setEntries(this.entries.filter((e) => e.id !== id));
    // Revoked after the tileset component has removed the tileset (next tick).
    if (entry.tileset) this.revokeLater(entry.tileset, 0);
  }

  toggle(id: string): void {
    const entry = this.find(id);
    const layer = entry && importedLayerOf(entry);
    if (entry && layer) this.layerHooks?.setVisible(layer, !importVisible(entry, this.layerHooks));
    else this.update(id, (e) => ({ visible: !e.visible }));
  }

  zoomTo(id: string): void {
    const entry = this.find(id);
    const layer = entry && importedLayerOf(entry);
    if (entry && layer) {
      if (!importVisible(entry, this.layerHooks)) this.layerHooks?.setVisible(layer, true);
      this.layerHooks?.zoom(layer);
    } else this.update(id, (e) => ({ visible: true, zoomRequest: e.zoomRequest + 1 }));
  }

  isVisible(id: string): boolean {
    const entry = this.find(id);
    return entry ? importVisible(entry, this.layerHooks) : false;
  }

  exportArchive(id: string): Promise<void> {
    return this.exportWith(id, (tileset) => this.pool.exportArchive(tileset.files), exportFileName);
  }

  exportZip(id: string): Promise<void> {
    return this.exportWith(
      id,
      (tileset, name) => this.pool.exportFolderZip(tileset.files, exportBaseName(name)),
      exportZipFileName,
    );
  }

  setProjectedCrs(id: string, crs: string): void {
    const file = this.find(id)?.file;
    if (!file) return;
    this.update(id, () => ({ projectedCrs: crs }));
    this.pool.readVector(file, file.name, { projectedCrs: crs }).then(
      (vector) => {
        // Another CRS chosen meanwhile wins.
        if (this.find(id)?.projectedCrs !== crs) return;
        this.update(id, () => ({ vector, features: vector.features.length, problems: vector.problems }));
        this.showLayer(id);
      },
      (error: unknown) =>
        this.update(id, (e) => ({
          problems: [...e.problems, { file: file.name, message: errorMessage(error) }],
        })),
    );
  }

  /** Cancels every running import and frees every tileset; the session takes no more files. */
  dispose(): void {
    this.disposed = true;
    for (const controller of this.controllers.values()) controller.abort();
    this.controllers.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const entry of this.entries) {
      if (entry.tileset) this.revokeTileset(entry.tileset);
      if (entry.terrain) this.terrains?.close(entry.terrain.id);
    }
    this.listeners.clear();
  }

  private find(id: string): ImportEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  private setEntries(entries: ImportEntry[]): void {
    this.entries = entries;
    for (const listener of [...this.listeners]) listener();
  }

  /** Applies `change` to the entry `id` (if still listed); a settled status is never changed. */
  private update(id: string, change: (entry: ImportEntry) => Partial<ImportEntry>): void {
    if (this.disposed) return;
    const entry = this.find(id);
    if (!entry) return;
    const applied = guardSettled(entry, change(entry));
    if (Object.keys(applied).length === 0) return;
    this.setEntries(this.entries.map((e) => (e === entry ? { ...e, ...applied } : e)));
  }

  /** Hands the entry's layer (a plan, vector features) to the layer model and flies there. */
  private showLayer(id: string): void {
    const entry = this.find(id);
    const layer = entry && importedLayerOf(entry);
    if (!layer || this.disposed) return;
    this.layerHooks?.add(layer);
    this.layerHooks?.zoom(layer);
  }

  private revokeLater(tileset: BlobTileset, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.revokeTileset(tileset);
    }, delayMs);
    this.timers.add(timer);
  }

  /** Shows `tileset` for the entry (a preview or the final one); the one it replaces is freed later. */
  private replaceTileset(
    id: string,
    tileset: BlobTileset | undefined,
    change: Partial<ImportEntry> = {},
  ): void {
    const previous = this.find(id)?.tileset;
    this.update(id, () => ({ ...change, tileset }));
    if (previous && previous !== tileset) this.revokeLater(previous, this.revokeDelayMs);
  }

  /** Whether the result of a job for `id` still belongs in the list. */
  private wanted(id: string, signal: AbortSignal): boolean {
    return !signal.aborted && !this.disposed && this.find(id) !== undefined;
  }

  /**
   * Reads one file on the pool (a GIS dataset, `group` its files, on the layers worker) and moves its entry
   * on to ready, error or cancelled.
   */
  private async run(id: string, file: File, group: File[] = [file]): Promise<void> {
    const controller = new AbortController();
    this.controllers.set(id, controller);
    const { signal } = controller;
    // Marks for the responsiveness check (long tasks during a conversion, e2e).
    this.mark(`stadtmodell:import-start:${file.name}`);
    try {
      const kind = await this.detectKind(file);
      if (!this.wanted(id, signal)) return;
      this.update(id, () => ({ kind }));
      if (kind === 'vector' || kind === 'gis') {
        const vector =
          kind === 'gis'
            ? await this.readGis(group, file.name, signal)
            : await this.pool.readVector(file, file.name, { signal });
        if (!this.wanted(id, signal)) return;
        const features = vector.features.length;
        this.update(id, () =>
          features === 0
            ? { status: 'error', problems: vector.problems }
            : { status: 'ready', vector, file, features, problems: vector.problems },
        );
        if (features > 0) this.showLayer(id);
        return;
      }
      if (kind === 'terrain') {
        // a ZIP is one file; grids dropped together are the tiles of one terrain
        const tiles = /\.zip$/i.test(file.name) ? [{ grid: file }] : dgmTilesOf(group);
        await this.openTerrain(id, tiles, file.name, signal);
        return;
      }
      if (kind === 'plan') {
        const plan = await this.pool.readPlan(file, file.name, signal);
        if (!this.wanted(id, signal)) return;
        this.update(id, () => ({ status: 'ready', plan, features: plan.areas.length }));
        this.showLayer(id);
        return;
      }
      await this.convert(id, file, signal);
    } catch (error) {
      if (isAbort(error) || signal.aborted) return; // see `finally`
      const message = errorMessage(error);
      this.update(id, () => ({ status: 'error', problems: [{ file: file.name, message }] }));
    } finally {
      this.controllers.delete(id);
      // However far it got, a cancelled import shows no preview.
      if (signal.aborted) this.replaceTileset(id, undefined, { status: 'cancelled' });
    }
  }

  /**
   * Reads a terrain model in the terrain worker; once ready it replaces the terrains dropped before it (the
   * globe has one terrain), and the camera flies to it.
   */
  private async openTerrain(
    id: string,
    tiles: { grid: File; prj?: File }[],
    name: string,
    signal: AbortSignal,
  ): Promise<void> {
    if (!this.terrains) throw new Error('terrain models cannot be read here (no terrain worker)');
    const terrain = await this.terrains.open(tiles, name, signal);
    if (!this.wanted(id, signal)) {
      this.terrains.close(terrain.id);
      return;
    }
    // tiles of the drop that could not be read are left out of the terrain, rows that could not be read are no
    // data: both listed with why
    const noted = (notes: DgmInfo['skipped'] = [], outcome: ImportProblem['outcome']): ImportProblem[] =>
      notes.map(({ file, message }) => ({ file, message, outcome }));
    const problems = [
      ...noted(terrain.info.skipped, 'left-out'),
      ...noted(terrain.info.partly, 'read-in-part'),
    ];
    this.update(id, (e) => ({ status: 'ready', terrain, zoomRequest: e.zoomRequest + 1, problems }));
    const index = this.entries.findIndex((e) => e.id === id);
    const older = this.entries.filter((e, i) => e.terrain && e.id !== id && i < index);
    for (const entry of older) this.remove(entry.id);
    // A terrain dropped after this one and already shown wins.
    if (this.entries.some((e, i) => e.terrain && i > this.entries.findIndex((f) => f.id === id)))
      this.remove(id);
  }

  /** Converts CityGML (or reads a tileset archive), showing previews until the result arrives. */
  private async convert(id: string, file: File, signal: AbortSignal): Promise<void> {
    let previews = Promise.resolve();
    // Set when the worker's result arrives: progress and previews that come later are stale (they come
    // through their own message ports, so the worker's last one can arrive after its result).
    let resultArrived = false;
    const onProgress = (progress: ConvertProgress) => {
      if (!resultArrived) this.update(id, (e) => progressChange(e, progress));
    };
    const onPreview = (preview: ConvertPreview) => {
      if (resultArrived) return;
      previews = previews.then(async () => {
        if (resultArrived || !this.wanted(id, signal)) return;
        const tileset = await this.createTileset(preview.files, file.name);
        // A result (or cancel) that came while the preview was linked wins over it.
        if (resultArrived || !this.wanted(id, signal)) this.revokeTileset(tileset);
        else this.replaceTileset(id, tileset);
      });
    };
    let result: ConvertResult;
    try {
      result = await this.pool.convert(file, file.name, { signal, onProgress, onPreview });
    } finally {
      resultArrived = true;
    }
    // A preview that failed to link does not fail the import: the final tileset decides.
    await previews.catch(() => undefined);
    if (!this.wanted(id, signal)) return;
    if (result.files.length === 0) {
      this.replaceTileset(id, undefined, { status: 'error', problems: result.problems });
      return;
    }
    const tileset = await this.createTileset(result.files, file.name);
    if (!this.wanted(id, signal)) {
      this.revokeTileset(tileset);
      return;
    }
    this.mark(`stadtmodell:import-converted:${file.name}`);
    this.mark(IMPORT_DONE_MARK);
    this.replaceTileset(id, tileset, {
      status: 'ready',
      buildings: result.buildings,
      problems: result.problems,
    });
  }

  /** Packs a ready tileset on the pool and downloads it; a failure becomes a problem of the entry. */
  private async exportWith(
    id: string,
    pack: (tileset: BlobTileset, name: string) => Promise<ArrayBuffer>,
    fileName: (name: string) => string,
  ): Promise<void> {
    const entry = this.find(id);
    if (!entry?.tileset || this.disposed) return;
    let bytes: ArrayBuffer;
    try {
      bytes = await pack(entry.tileset, entry.name);
    } catch (error) {
      const message = `export failed: ${errorMessage(error)}`;
      this.update(id, (e) => ({ problems: [...e.problems, { file: e.name, message }] }));
      return;
    }
    this.download(bytes, fileName(entry.name));
  }
}
