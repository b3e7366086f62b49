import { useEffect, useRef } from 'react';
import { Cesium3DTileset } from 'cesium';
import type { CesiumWidget } from 'cesium';
import type { TilesetSource } from '../config/types.ts';
import { FIRST_FRAME_MARK, TILESET_READY_MARK, TILESET_REQUESTED_MARK } from './first-frame.ts';
import { precomputedBrdfLut } from './brdf-lut.ts';
import { buildingTilesetOptions } from './renderer.ts';
import { useViewer } from './use-viewer.ts';
import { errorMessage } from '../../core/errors.ts';

export type TilesetStatus = 'loading' | 'ready' | 'tiles-loaded' | 'error';

/**
 * Streams one 3D Tiles tileset into the scene. The tileset is created in the effect and removed and
 * destroyed in its cleanup, so StrictMode's double effects and city switches leave nothing behind;
 * a tileset that finishes loading after unmount is destroyed instead of added.
 */
export function CityTileset({
  source,
  onStatus,
}: {
  source: TilesetSource;
  onStatus: (id: string, status: TilesetStatus, detail?: string) => void;
}) {
  const viewer = useViewer();
  const onStatusRef = useRef(onStatus);
  onStatusRef.current = onStatus;

  useEffect(() => {
    let disposed = false;
    let tileset: Cesium3DTileset | undefined;
    const report = (status: TilesetStatus, detail?: string) => {
      if (!disposed) onStatusRef.current(source.id, status, detail);
    };
    report('loading');
    performance.mark(TILESET_REQUESTED_MARK);
    const url = new URL(source.url, document.baseURI).href;
    // With the precomputed BRDF table in place (or known to be unavailable) before the first tile is drawn.
    Promise.all([Cesium3DTileset.fromUrl(url, buildingTilesetOptions(viewer)), precomputedBrdfLut(viewer)])
      .then(([loaded]) => {
        if (disposed || viewer.isDestroyed()) {
          loaded.destroy();
          return;
        }
        tileset = loaded;
        performance.mark(TILESET_READY_MARK);
        viewer.scene.primitives.add(loaded);
        loaded.allTilesLoaded.addEventListener(() => report('tiles-loaded'));
        loaded.tileFailed.addEventListener((e: { url: string; message: string }) =>
          report('error', `${e.url}: ${e.message}`),
        );
        markFirstVisibleFrame(viewer, loaded);
        report('ready');
        viewer.scene.requestRender();
      })
      .catch((error: unknown) => report('error', errorMessage(error)));
    return () => {
      disposed = true;
      if (tileset && !viewer.isDestroyed()) viewer.scene.primitives.remove(tileset); // also destroys it
    };
  }, [viewer, source.id, source.url]);

  return null;
}

/**
 * Sets the performance mark `stadtmodell:first-building-frame` after the first frame that drew a tile
 * of this tileset (read by `npm run bench`: the first entry). A viewer made anew after a lost WebGL
 * context marks again, so tests can see the buildings drawn again.
 */
function markFirstVisibleFrame(viewer: CesiumWidget, tileset: Cesium3DTileset): void {
  const removeTileVisible = tileset.tileVisible.addEventListener(() => {
    removeTileVisible();
    const removePostRender = viewer.scene.postRender.addEventListener(() => {
      removePostRender();
      performance.mark(FIRST_FRAME_MARK);
    });
  });
}

export { FIRST_FRAME_MARK };
