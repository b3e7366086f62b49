import { useEffect, useRef } from 'react';
import { Cesium3DTileset, SplitDirection } from 'cesium';
import { buildingTilesetOptions } from '../viewer/renderer.ts';
import { useViewer } from '../viewer/use-viewer.ts';
import type { CompareSide } from './choices.ts';
import { TODAY_TILESETS } from './today-tilesets.ts';

/** How far a compared tileset has come: its first view's tiles loaded, or it failed to load at all. */
export type CompareLoad = 'loading' | 'loaded' | 'error';

/**
 * Two tilesets either side of the divider: each loaded as a copy of its own (never clipped by the cut tool), left
 * and right of `scene.splitPosition`; every other tileset in the scene is hidden while they are compared (and shown
 * again as it was afterwards), so only the two states are seen. `onLoad` hears each side's progress.
 */
export function CompareTilesetSplit({
  percent,
  left,
  right,
  onLoad,
}: {
  /** Divider position, percent of the map's width from its left edge. */
  percent: number;
  left: CompareSide;
  right: CompareSide;
  onLoad: (side: 'left' | 'right', load: CompareLoad) => void;
}) {
  const viewer = useViewer();
  useEffect(() => {
    viewer.scene.splitPosition = percent / 100;
    viewer.scene.requestRender();
  }, [viewer, percent]);

  useEffect(() => {
    const { scene } = viewer;
    const primitives = scene.primitives;
    const hidden = new Map<Cesium3DTileset, boolean>();
    const hide = (primitive: unknown) => {
      if (!(primitive instanceof Cesium3DTileset) || TODAY_TILESETS.has(primitive)) return;
      if (!hidden.has(primitive)) hidden.set(primitive, primitive.show);
      primitive.show = false;
    };
    for (let i = 0; i < primitives.length; i++) hide(primitives.get(i));
    const removeAdded = primitives.primitiveAdded.addEventListener(hide);
    scene.requestRender();
    return () => {
      removeAdded();
      if (viewer.isDestroyed()) return;
      for (const [tileset, show] of hidden) if (!tileset.isDestroyed()) tileset.show = show;
      scene.splitPosition = 0.5;
      scene.requestRender();
    };
  }, [viewer]);

  useSideCopy(left.url, SplitDirection.LEFT, (load) => onLoad('left', load));
  useSideCopy(right.url, SplitDirection.RIGHT, (load) => onLoad('right', load));
  return null;
}

/** Loads `url` as a compare copy on one side of the divider; removed (and destroyed) when it changes or unmounts. */
function useSideCopy(url: string, direction: SplitDirection, onLoad: (load: CompareLoad) => void): void {
  const viewer = useViewer();
  const report = useRef(onLoad);
  report.current = onLoad;
  useEffect(() => {
    const primitives = viewer.scene.primitives;
    let disposed = false;
    let copy: Cesium3DTileset | undefined;
    report.current('loading');
    Cesium3DTileset.fromUrl(new URL(url, document.baseURI).href, buildingTilesetOptions(viewer)).then(
      (loaded) => {
        if (disposed || viewer.isDestroyed()) {
          loaded.destroy();
          return;
        }
        copy = loaded;
        TODAY_TILESETS.add(loaded); // before it is added: the hiding above and the cut tool leave it alone
        loaded.splitDirection = direction;
        loaded.initialTilesLoaded.addEventListener(() => {
          if (!disposed) report.current('loaded');
        });
        primitives.add(loaded);
        viewer.scene.requestRender();
      },
      () => {
        if (!disposed) report.current('error');
      },
    );
    return () => {
      disposed = true;
      if (copy && !viewer.isDestroyed()) {
        primitives.remove(copy); // also destroys it
        viewer.scene.requestRender();
      }
    };
  }, [viewer, url, direction]);
}
