import { useCallback, useEffect, useRef, useState } from 'react';
import { IMPORT_EXTENSIONS } from '../../../workers/convert-api.ts';
import { exportBaseName, exportFileName, exportZipFileName, isImportable } from './file-names.ts';
import { detectImportKind } from './import-kind.ts';
import { progressChange } from './import-status.ts';
import type { ImportStatus } from './import-status.ts';
import type { ImportKind } from './import-kind.ts';
import type { PlanLayerData } from '../../core/layers/xplan/plan-data.ts';
import type { ConvertProgress, ImportProblem, VectorResult } from '../../../workers/convert-api.ts';
import { ConversionPool, conversionPoolOptionsFromSearch } from '../../../workers/pool.ts';
import { createBlobTileset, revokeBlobTileset } from './blob-tileset.ts';
import type { BlobTileset } from './blob-tileset.ts';

export type { ImportStatus } from './import-status.ts';

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
  visible: boolean;
  tileset?: BlobTileset;
  /** Increments on each "zoom to" request. */
  zoomRequest: number;
}

/** What `useImports` offers to the components. */
export interface Imports {
  entries: ImportEntry[];
  add(files: Iterable<File>): void;
  cancel(id: string): void;
  remove(id: string): void;
  toggle(id: string): void;
  zoomTo(id: string): void;
  exportArchive(id: string): Promise<void>;
  /** Downloads the tileset as a ZIP of its folder, in the CLI's layout. */
  exportZip(id: string): Promise<void>;
  /** Reads a table's easting/northing columns again in `crs` (e.g. 'EPSG:31467'). */
  setProjectedCrs(id: string, crs: string): void;
}

/**
 * Where dropped XPlanGML plans go: the layer model adds, shows/hides, flies to and removes them (the plan
 * button's path), so a dropped plan is listed in the layer tree and drawn like a plan opened there.
 */
export interface ImportPlanHooks {
  add(plan: PlanLayerData): void;
  setVisible(planId: string, visible: boolean): void;
  zoom(plan: PlanLayerData): void;
  remove(planId: string): void;
}

let nextId = 0;
/** Performance mark set each time an import finishes with a tileset (read by bench/browser-import.ts). */
export const IMPORT_DONE_MARK = 'stadtmodell:import-done';
/** Blob URLs of a replaced tileset stay valid this long, for requests Cesium still has in flight. */
const REVOKE_DELAY_MS = 10_000;

/** Starts a download of `bytes` named `name`. */
function download(bytes: ArrayBuffer, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * State and actions of the file import: each file is read on the worker pool — CityGML converted to a
 * tileset held as blob URLs, GeoJSON/CSV read into lon/lat features, XPlanGML handed to `planHooks`;
 * cancel, remove (revokes the URLs), hide/show, zoom to and export as `.3tz` or a ZIP of the folder.
 */
export function useImports(planHooks?: ImportPlanHooks): Imports {
  const [entries, setEntries] = useState<ImportEntry[]>([]);
  const poolRef = useRef<ConversionPool | undefined>(undefined);
  const controllers = useRef(new Map<string, AbortController>());
  const entriesRef = useRef(entries);
  entriesRef.current = entries;
  const planHooksRef = useRef(planHooks);
  planHooksRef.current = planHooks;

  useEffect(() => {
    const pool = new ConversionPool(conversionPoolOptionsFromSearch(globalThis.location?.search ?? ''));
    poolRef.current = pool;
    const running = controllers.current;
    return () => {
      for (const controller of running.values()) controller.abort();
      running.clear();
      pool.dispose();
      if (poolRef.current === pool) poolRef.current = undefined;
    };
  }, []);

  // Blob URLs of removed entries are revoked in `remove`; the rest go on unmount.
  useEffect(
    () => () => {
      for (const entry of entriesRef.current) if (entry.tileset) revokeBlobTileset(entry.tileset);
    },
    [],
  );

  const update = useCallback((id: string, change: (entry: ImportEntry) => Partial<ImportEntry>) => {
    setEntries((list) => list.map((e) => (e.id === id ? { ...e, ...change(e) } : e)));
  }, []);

  /** Shows `tileset` for the entry (a preview or the final one); the one it replaces is freed later. */
  const replaceTileset = useCallback(
    (id: string, tileset: BlobTileset) => {
      const previous = entriesRef.current.find((e) => e.id === id)?.tileset;
      entriesRef.current = entriesRef.current.map((e) => (e.id === id ? { ...e, tileset } : e));
      update(id, () => ({ tileset }));
      if (previous) setTimeout(() => revokeBlobTileset(previous), REVOKE_DELAY_MS);
    },
    [update],
  );

  /** Removes a preview tileset (cancelled or failed import). */
  const dropTileset = useCallback(
    (id: string) => {
      const previous = entriesRef.current.find((e) => e.id === id)?.tileset;
      if (!previous) return;
      entriesRef.current = entriesRef.current.map((e) => (e.id === id ? { ...e, tileset: undefined } : e));
      update(id, () => ({ tileset: undefined }));
      setTimeout(() => revokeBlobTileset(previous), REVOKE_DELAY_MS);
    },
    [update],
  );

  const convertOne = useCallback(
    async (id: string, file: File) => {
      const pool = poolRef.current;
      const controller = new AbortController();
      controllers.current.set(id, controller);
      let previews = Promise.resolve();
      // Set when the worker's result arrives: progress and previews that come later are stale.
      let resultArrived = false;
      // Marks for the responsiveness check (long tasks during a conversion, e2e).
      performance.mark(`stadtmodell:import-start:${file.name}`);
      try {
        if (!pool) throw new Error('import: the converter is not running');
        const kind = await detectImportKind(file, file.name);
        if (controller.signal.aborted) return;
        update(id, () => ({ kind }));
        if (kind === 'vector') {
          const vector = await pool.readVector(file, file.name, { signal: controller.signal });
          if (controller.signal.aborted) return;
          const features = vector.features.length;
          update(id, () =>
            features === 0
              ? { status: 'error', problems: vector.problems }
              : { status: 'ready', vector, file, features, problems: vector.problems, zoomRequest: 1 },
          );
          return;
        }
        if (kind === 'plan') {
          const plan = await pool.readPlan(file, file.name, controller.signal);
          if (controller.signal.aborted || !entriesRef.current.some((e) => e.id === id)) return;
          planHooksRef.current?.add(plan);
          planHooksRef.current?.zoom(plan);
          update(id, () => ({ status: 'ready', plan, features: plan.areas.length }));
          return;
        }
        const result = await pool
          .convert(file, file.name, {
            signal: controller.signal,
            onProgress: (progress) => {
              if (!resultArrived) update(id, (e) => progressChange(e, progress));
            },
            onPreview: (preview) => {
              if (resultArrived) return;
              previews = previews.then(async () => {
                if (controller.signal.aborted || resultArrived) return;
                const tileset = await createBlobTileset(preview.files, file.name);
                if (controller.signal.aborted || !entriesRef.current.some((e) => e.id === id)) {
                  revokeBlobTileset(tileset);
                  return;
                }
                replaceTileset(id, tileset);
              });
            },
          })
          .finally(() => {
            resultArrived = true;
          });
        await previews;
        if (controller.signal.aborted) return;
        if (result.files.length === 0) {
          dropTileset(id);
          update(id, () => ({ status: 'error', problems: result.problems }));
          return;
        }
        const tileset = await createBlobTileset(result.files, file.name);
        if (controller.signal.aborted || !entriesRef.current.some((e) => e.id === id)) {
          revokeBlobTileset(tileset);
          return;
        }
        performance.mark(`stadtmodell:import-converted:${file.name}`);
        performance.mark(IMPORT_DONE_MARK);
        update(id, () => ({
          status: 'ready',
          tileset,
          buildings: result.buildings,
          problems: result.problems,
        }));
      } catch (error) {
        const e = error as Error;
        if (e.name === 'AbortError' || controller.signal.aborted) {
          dropTileset(id);
          update(id, () => ({ status: 'cancelled' }));
          return;
        }
        update(id, () => ({ status: 'error', problems: [{ file: file.name, message: e.message }] }));
      } finally {
        controllers.current.delete(id);
      }
    },
    [update, replaceTileset, dropTileset],
  );

  const add = useCallback(
    (files: Iterable<File>) => {
      const added: ImportEntry[] = [];
      const jobs: [string, File][] = [];
      for (const file of files) {
        const id = `import-${++nextId}`;
        const entry: ImportEntry = {
          id,
          name: file.name,
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
        } else jobs.push([id, file]);
        added.push(entry);
      }
      setEntries((list) => [...list, ...added]);
      entriesRef.current = [...entriesRef.current, ...added];
      for (const [id, file] of jobs) void convertOne(id, file);
    },
    [convertOne],
  );

  const cancel = useCallback(
    (id: string) => {
      controllers.current.get(id)?.abort();
      update(id, (e) => (e.status === 'ready' || e.status === 'error' ? {} : { status: 'cancelled' }));
    },
    [update],
  );

  const remove = useCallback((id: string) => {
    controllers.current.get(id)?.abort();
    const entry = entriesRef.current.find((e) => e.id === id);
    if (entry?.plan) planHooksRef.current?.remove(entry.plan.planId);
    setEntries((list) => list.filter((e) => e.id !== id));
    entriesRef.current = entriesRef.current.filter((e) => e.id !== id);
    // Revoke after the tileset component has removed the tileset (next tick).
    if (entry?.tileset) {
      const tileset = entry.tileset;
      setTimeout(() => revokeBlobTileset(tileset), 0);
    }
  }, []);

  const toggle = useCallback(
    (id: string) => {
      const entry = entriesRef.current.find((e) => e.id === id);
      if (entry?.plan) planHooksRef.current?.setVisible(entry.plan.planId, !entry.visible);
      update(id, (e) => ({ visible: !e.visible }));
    },
    [update],
  );
  const zoomTo = useCallback(
    (id: string) => {
      const entry = entriesRef.current.find((e) => e.id === id);
      if (entry?.plan) {
        if (!entry.visible) planHooksRef.current?.setVisible(entry.plan.planId, true);
        planHooksRef.current?.zoom(entry.plan);
      }
      update(id, (e) => ({ visible: true, zoomRequest: e.zoomRequest + 1 }));
    },
    [update],
  );

  /** Packs a ready tileset on the pool and downloads it; a failure becomes a problem of the entry. */
  const exportWith = useCallback(
    async (
      id: string,
      pack: (pool: ConversionPool, tileset: BlobTileset, name: string) => Promise<ArrayBuffer>,
      fileName: (name: string) => string,
    ) => {
      const entry = entriesRef.current.find((e) => e.id === id);
      const pool = poolRef.current;
      if (!entry?.tileset || !pool) return;
      let bytes: ArrayBuffer;
      try {
        bytes = await pack(pool, entry.tileset, entry.name);
      } catch (error) {
        const message = `export failed: ${(error as Error).message}`;
        update(id, (e) => ({ problems: [...e.problems, { file: e.name, message }] }));
        return;
      }
      download(bytes, fileName(entry.name));
    },
    [update],
  );
  const exportArchive = useCallback(
    (id: string) => exportWith(id, (pool, tileset) => pool.exportArchive(tileset.files), exportFileName),
    [exportWith],
  );
  const exportZip = useCallback(
    (id: string) =>
      exportWith(
        id,
        (pool, tileset, name) => pool.exportFolderZip(tileset.files, exportBaseName(name)),
        exportZipFileName,
      ),
    [exportWith],
  );

  const setProjectedCrs = useCallback(
    (id: string, crs: string) => {
      const entry = entriesRef.current.find((e) => e.id === id);
      const pool = poolRef.current;
      if (!entry?.file || !pool) return;
      const file = entry.file;
      update(id, () => ({ projectedCrs: crs }));
      pool.readVector(file, file.name, { projectedCrs: crs }).then(
        (vector) =>
          update(id, (e) =>
            e.projectedCrs !== crs
              ? {} // another CRS was chosen meanwhile
              : {
                  vector,
                  features: vector.features.length,
                  problems: vector.problems,
                  zoomRequest: e.zoomRequest + 1,
                },
          ),
        (error: unknown) =>
          update(id, (e) => ({
            problems: [...e.problems, { file: file.name, message: (error as Error).message }],
          })),
      );
    },
    [update],
  );

  return { entries, add, cancel, remove, toggle, zoomTo, exportArchive, exportZip, setProjectedCrs };
}
