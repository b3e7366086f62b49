import { useEffect } from 'react';
import { BoundingSphere, EllipsoidTerrainProvider, HeadingPitchRange, Rectangle } from 'cesium';
import type { ImportEntry } from '../import/import-session.ts';
import { useViewer } from '../viewer/use-viewer.ts';
import { DgmTerrainProvider } from './dgm-terrain-provider.ts';
import { terrainWorker } from './dgm-worker.ts';

/** The dropped terrain the globe shows: the last one that is ready and not hidden, if any. */
export function shownDroppedTerrain(entries: readonly ImportEntry[]): ImportEntry | undefined {
  return [...entries].reverse().find((entry) => entry.terrain && entry.status === 'ready' && entry.visible);
}

/**
 * Shows a dropped terrain model (DGM) as the globe's terrain (`DgmTerrainProvider`: height tiles from the terrain
 * worker) while mounted, and puts the ellipsoid back in its cleanup; the page mounts the city's terrain
 * (`CityTerrain`) again once this one goes, so removing or hiding it returns to the terrain shown before. Flies to
 * the model's extent on each zoom request of its entry (the first comes with the drop).
 */
export function DroppedTerrain({ entry }: { entry: ImportEntry }) {
  const viewer = useViewer();
  const terrain = entry.terrain;

  useEffect(() => {
    if (!terrain) return;
    const scene = viewer.scene;
    const globe = scene.globe;
    const depthTest = globe.depthTestAgainstTerrain;
    const worker = terrainWorker();
    const provider = new DgmTerrainProvider(terrain.info, (x, y, level) =>
      worker.heightTile(terrain.id, level, x, y),
    );
    scene.terrainProvider = provider;
    globe.depthTestAgainstTerrain = true;
    scene.requestRender();
    return () => {
      if (viewer.isDestroyed()) return;
      scene.terrainProvider = new EllipsoidTerrainProvider();
      globe.depthTestAgainstTerrain = depthTest;
      scene.requestRender();
    };
  }, [viewer, terrain]);

  useEffect(() => {
    if (!terrain || entry.zoomRequest === 0 || viewer.isDestroyed()) return;
    const { info } = terrain;
    const { west, south, east, north } = info.extent;
    // From the south, looking down at 35°, so the relief shows; the whole model in view with some land around it.
    const sphere = BoundingSphere.fromRectangle3D(
      Rectangle.fromDegrees(west, south, east, north),
      undefined,
      (info.minHeight + info.maxHeight) / 2 + info.centreCorrection,
    );
    viewer.camera.flyToBoundingSphere(sphere, {
      offset: new HeadingPitchRange(0, (-35 * Math.PI) / 180, sphere.radius * 2.5),
      duration: 1.5,
    });
  }, [viewer, terrain, entry.zoomRequest]);

  return null;
}
