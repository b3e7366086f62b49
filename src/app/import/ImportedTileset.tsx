import { useEffect, useRef } from 'react';
import { Cesium3DTileset, HeadingPitchRange, Math as CesiumMath, Matrix4, Resource } from 'cesium';
import { installBlobReads } from './blob-reads.ts';
import type { LoaderImplementations } from './blob-reads.ts';
import { afterDrawnFrame, installFrameGate } from './gpu-frame-gate.ts';
import type { FenceGl, GatedScene } from './gpu-frame-gate.ts';
import { buildingTilesetOptions, isSoftwareRenderer } from '../viewer/renderer.ts';
import { useViewer } from '../viewer/use-viewer.ts';
import type { ImportEntry } from './use-imports.ts';

/**
 * Longest time a replaced tileset (a preview) stays on screen while its successor loads, in
 * milliseconds; shorter than the delay after which use-imports revokes its blob URLs.
 */
const RETIRE_AFTER_MS = 8_000;

/**
 * Shows one imported tileset (blob URLs) as a real Cesium 3D tileset, so picking and styling work as
 * for the city's own tiles. Created in the effect, removed and destroyed in the cleanup (StrictMode-safe);
 * a tileset that finishes loading after unmount is destroyed instead of added. Zooms on request.
 * When the tileset is replaced (a preview by a larger one), the old one stays on screen until the new
 * one has drawn its first tiles, so the buildings never vanish and the loaded tiles are not wasted.
 */
export function ImportedTileset({ entry }: { entry: ImportEntry }) {
  const viewer = useViewer();
  const tilesetRef = useRef<Cesium3DTileset | undefined>(undefined);
  /** Replaced tilesets still shown until their successor draws (or RETIRE_AFTER_MS passes). */
  const retiringRef = useRef(new Set<Cesium3DTileset>());
  const rootUrl = entry.tileset?.rootUrl;
  const visibleRef = useRef(entry.visible);
  visibleRef.current = entry.visible;
  const zoomRef = useRef(entry.zoomRequest);
  zoomRef.current = entry.zoomRequest;

  useEffect(() => {
    if (!rootUrl) return;
    const retiring = retiringRef.current;
    let disposed = false;
    let tileset: Cesium3DTileset | undefined;
    /** Removes (and destroys) the tilesets this one replaces. */
    const retirePredecessors = () => {
      if (viewer.isDestroyed()) return;
      for (const old of [...retiring]) {
        if (old === tileset) continue;
        retiring.delete(old);
        viewer.scene.primitives.remove(old); // also destroys it
      }
      viewer.scene.requestRender();
    };
    const retireTimer = setTimeout(retirePredecessors, RETIRE_AFTER_MS);
    // Cesium reads imported files from their Blobs, GLBs one per drawn frame (blob-reads.ts); on a software
    // renderer a requested frame waits for the GPU to finish the last one (gpu-frame-gate.ts). Both idempotent.
    const scene = viewer.scene as unknown as GatedScene;
    if (isSoftwareRenderer(viewer)) {
      installFrameGate(scene, viewer.canvas.getContext('webgl2') as unknown as FenceGl | null);
    }
    installBlobReads(
      (Resource as unknown as { _Implementations: LoaderImplementations })._Implementations,
      afterDrawnFrame(scene),
    );
    Cesium3DTileset.fromUrl(rootUrl, buildingTilesetOptions(viewer))
      .then((loaded) => {
        if (disposed || viewer.isDestroyed()) {
          loaded.destroy();
          return;
        }
        tileset = loaded;
        tilesetRef.current = loaded;
        loaded.show = visibleRef.current;
        viewer.scene.primitives.add(loaded);
        markFirstVisibleImport(viewer, loaded);
        afterFirstDraw(viewer, loaded, retirePredecessors);
        if (zoomRef.current > 0) zoomToTileset(viewer, loaded);
        viewer.scene.requestRender();
      })
      .catch((error: unknown) => {
        console.error('import: tileset could not be shown', error);
        retirePredecessors();
      });
    return () => {
      disposed = true;
      clearTimeout(retireTimer);
      tilesetRef.current = undefined;
      // Kept on screen until the successor draws; removed at once on unmount (effect below).
      if (tileset && !viewer.isDestroyed()) retiring.add(tileset);
    };
  }, [viewer, rootUrl]);

  // Declared after the effect above, so on unmount its cleanup runs last and removes everything.
  useEffect(() => {
    const retiring = retiringRef.current;
    return () => {
      if (viewer.isDestroyed()) return;
      for (const old of retiring) viewer.scene.primitives.remove(old); // also destroys it
      retiring.clear();
      viewer.scene.requestRender();
    };
  }, [viewer]);

  useEffect(() => {
    const tileset = tilesetRef.current;
    if (viewer.isDestroyed()) return;
    for (const old of retiringRef.current) old.show = entry.visible;
    if (tileset) tileset.show = entry.visible;
    viewer.scene.requestRender();
  }, [viewer, entry.visible]);

  useEffect(() => {
    const tileset = tilesetRef.current;
    if (entry.zoomRequest === 0 || !tileset || viewer.isDestroyed()) return;
    zoomToTileset(viewer, tileset);
  }, [viewer, entry.zoomRequest]);

  return null;
}

/**
 * Calls `then` after the first frame that drew a tile of `tileset`, or once all of its tiles loaded
 * (a hidden or off-screen tileset draws nothing).
 */
function afterFirstDraw(
  viewer: ReturnType<typeof useViewer>,
  tileset: Cesium3DTileset,
  then: () => void,
): void {
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    removeTileVisible();
    removeLoaded();
    then();
  };
  const removeTileVisible = tileset.tileVisible.addEventListener(() => {
    removeTileVisible();
    const removePostRender = viewer.scene.postRender.addEventListener(() => {
      removePostRender();
      once();
    });
  });
  const removeLoaded = tileset.initialTilesLoaded.addEventListener(once);
}

/** Looks at the tileset's bounding sphere from the south at 35° down, then frees the camera. */
function zoomToTileset(viewer: ReturnType<typeof useViewer>, tileset: Cesium3DTileset): void {
  const sphere = tileset.boundingSphere;
  const range = Math.max(150, sphere.radius * 2.2);
  viewer.camera.lookAt(sphere.center, new HeadingPitchRange(0, CesiumMath.toRadians(-35), range));
  viewer.camera.lookAtTransform(Matrix4.IDENTITY);
  viewer.scene.requestRender();
}

/** All imported tilesets that are ready (inside the CityViewer). */
export function ImportedTilesets({ entries }: { entries: ImportEntry[] }) {
  return (
    <>
      {entries
        .filter((e) => e.tileset)
        .map((entry) => (
          <ImportedTileset key={entry.id} entry={entry} />
        ))}
    </>
  );
}

/** Performance mark set after the first frame that drew a tile of any imported tileset (bench/browser-import.ts). */
const FIRST_VISIBLE_IMPORT_MARK = 'stadtmodell:import-first-visible';
/** Performance mark set when the first imported tileset (a preview or the final one) is added to the scene. */
const FIRST_ADDED_IMPORT_MARK = 'stadtmodell:import-first-tileset';

function markFirstVisibleImport(viewer: ReturnType<typeof useViewer>, tileset: Cesium3DTileset): void {
  if (performance.getEntriesByName(FIRST_VISIBLE_IMPORT_MARK).length > 0) return;
  if (performance.getEntriesByName(FIRST_ADDED_IMPORT_MARK).length === 0)
    performance.mark(FIRST_ADDED_IMPORT_MARK);
  const removeTileVisible = tileset.tileVisible.addEventListener(() => {
    removeTileVisible();
    const removePostRender = viewer.scene.postRender.addEventListener(() => {
      removePostRender();
      if (performance.getEntriesByName(FIRST_VISIBLE_IMPORT_MARK).length === 0) {
        performance.mark(FIRST_VISIBLE_IMPORT_MARK);
      }
    });
  });
}
