import { useCallback, useEffect, useRef, useState } from 'react';
import { IMPORT_EXTENSIONS } from '../../../workers/convert-api.ts';
import { exportFileName, isImportable } from './file-names.ts';
import type { ConvertProgress, ImportProblem } from '../../../workers/convert-api.ts';
import { ConversionPool, conversionPoolOptionsFromSearch } from '../../../workers/pool.ts';
import { createBlobTileset, revokeBlobTileset } from './blob-tileset.ts';
import type { BlobTileset } from './blob-tileset.ts';

export type ImportStatus = 'queued' | 'reading' | 'tiling' | 'ready' | 'error' | 'cancelled';

/** One imported file as the layer list and the map show it. */
export interface ImportEntry {
  id: string;
  name: string;
  status: ImportStatus;
  progress?: ConvertProgress;
  /** Buildings in the tileset (written), once ready. */
  buildings: number;
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
}

let nextId = 0;
/** Performance mark set each time an import finishes with a tileset (read by bench/browser-import.ts). */
export const IMPORT_DONE_MARK = 'stadtmodell:import-done';
/** Blob URLs of a replaced tileset stay valid this long, for requests Cesium still has in flight. */
const REVOKE_DELAY_MS = 10_000;

/**
 * State and actions of the file import: each file is converted on the worker pool, its tileset held as
 * blob URLs; cancel, remove (revokes the URLs), hide/show, zoom to and export as `.3tz`.
 */
export function useImports(): Imports {
  const [entries, setEntries] = useState<ImportEntry[]>([]);
  const poolRef = useRef<ConversionPool | undefined>(undefined);
  const controllers = useRef(new Map<string, AbortController>());
  const entriesRef = useRef(entries);
  entriesRef.current = entries;

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
      // Marks for the responsiveness check (long tasks during a conversion, e2e).
      performance.mark(`stadtmodell:import-start:${file.name}`);
      try {
        if (!pool) throw new Error('import: the converter is not running');
        const result = await pool.convert(file, file.name, {
          signal: controller.signal,
          onProgress: (progress) =>
            update(id, (e) => (e.status === 'cancelled' ? {} : { status: progress.phase, progress })),
          onPreview: (preview) => {
            previews = previews.then(async () => {
              if (controller.signal.aborted) return;
              const tileset = await createBlobTileset(preview.files);
              if (controller.signal.aborted || !entriesRef.current.some((e) => e.id === id)) {
                revokeBlobTileset(tileset);
                return;
              }
              replaceTileset(id, tileset);
            });
          },
        });
        await previews;
        if (controller.signal.aborted) return;
        if (result.files.length === 0) {
          dropTileset(id);
          update(id, () => ({ status: 'error', problems: result.problems }));
          return;
        }
        const tileset = await createBlobTileset(result.files);
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
    setEntries((list) => list.filter((e) => e.id !== id));
    entriesRef.current = entriesRef.current.filter((e) => e.id !== id);
    // Revoke after the tileset component has removed the tileset (next tick).
    if (entry?.tileset) {
      const tileset = entry.tileset;
      setTimeout(() => revokeBlobTileset(tileset), 0);
    }
  }, []);

  const toggle = useCallback((id: string) => update(id, (e) => ({ visible: !e.visible })), [update]);
  const zoomTo = useCallback(
    (id: string) => update(id, (e) => ({ visible: true, zoomRequest: e.zoomRequest + 1 })),
    [update],
  );

  const exportArchive = useCallback(
    async (id: string) => {
      const entry = entriesRef.current.find((e) => e.id === id);
      const pool = poolRef.current;
      if (!entry?.tileset || !pool) return;
      let bytes: ArrayBuffer;
      try {
        bytes = await pool.exportArchive(entry.tileset.files);
      } catch (error) {
        const message = `export failed: ${(error as Error).message}`;
        update(id, (e) => ({ problems: [...e.problems, { file: e.name, message }] }));
        return;
      }
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = exportFileName(entry.name);
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    [update],
  );

  return { entries, add, cancel, remove, toggle, zoomTo, exportArchive };
}
