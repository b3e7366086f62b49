import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { downloadBytes } from './download.ts';
import { ImportSession } from './import-session.ts';
import { importVisible } from './import-session.ts';
import type { ImportActions, ImportEntry, ImportLayerHooks, TerrainReader } from './import-session.ts';
import { leaseConversionPool } from './shared-pool.ts';
import { terrainWorker } from '../terrain/dgm-worker.ts';

export type { ImportStatus } from './import-status.ts';
export type { ImportEntry, ImportLayerHooks } from './import-session.ts';
export { IMPORT_DONE_MARK } from './import-session.ts';

/** What `useImports` offers to the components: the entries now and the session's actions. */
export interface Imports extends ImportActions {
  entries: ImportEntry[];
}

/** GIS files go to the page's GIS layers worker (its client loads with the first such file). */
const readGis = async (files: File[], name: string, signal: AbortSignal) =>
  (await import('../layers/layers-worker.ts')).gisClient().readGis(
    files.map((file) => ({ name: file.name, blob: file })),
    name,
    signal,
  );

/** Terrain models go to the page's terrain worker (started with the first one). */
const terrains: TerrainReader = {
  open: (tiles, name, signal) => {
    signal.throwIfAborted();
    return terrainWorker().open(
      tiles.map(({ grid, prj }) => ({
        blob: grid,
        name: grid.name,
        ...(prj ? { prj: { blob: prj, name: prj.name } } : {}),
      })),
      name,
    );
  },
  close: (id) => void terrainWorker().close(id),
};

const NO_ENTRIES: ImportEntry[] = [];
const noSubscription = () => () => undefined;
const noEntries = () => NO_ENTRIES;

/**
 * The file import of the page (see `ImportSession`): the session lives from mount to unmount, on the
 * shared conversion pool; the component re-renders when its entries change. Plans and vector drop-ins go to
 * `layerHooks` (the current ones at the time a file is read), which also hold their visibility.
 */
export function useImports(layerHooks?: ImportLayerHooks): Imports {
  const [session, setSession] = useState<ImportSession | undefined>(undefined);
  useEffect(() => {
    const lease = leaseConversionPool();
    const created = new ImportSession({ pool: lease.pool, download: downloadBytes, readGis, terrains });
    setSession(created);
    return () => {
      created.dispose();
      lease.release();
      setSession((current) => (current === created ? undefined : current));
    };
  }, []);
  useEffect(() => {
    if (session) session.layerHooks = layerHooks;
  }, [session, layerHooks]);
  const entries = useSyncExternalStore(
    session?.subscribe ?? noSubscription,
    session?.getSnapshot ?? noEntries,
  );
  return useMemo(
    () => ({
      entries,
      add: (files) => session?.add(files),
      cancel: (id) => session?.cancel(id),
      remove: (id) => session?.remove(id),
      toggle: (id) => session?.toggle(id),
      zoomTo: (id) => session?.zoomTo(id),
      exportArchive: async (id) => session?.exportArchive(id),
      exportZip: async (id) => session?.exportZip(id),
      setProjectedCrs: (id, crs) => session?.setProjectedCrs(id, crs),
      // This render's hooks, not the session's: those are set after the render (an effect).
      isVisible: (id) => {
        const entry = entries.find((e) => e.id === id);
        return entry ? importVisible(entry, layerHooks) : false;
      },
    }),
    [entries, session, layerHooks],
  );
}
