import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { BoundingSphere, EllipsoidTerrainProvider, HeadingPitchRange, Rectangle } from 'cesium';
import type { ImportEntry } from '../import/import-session.ts';
import type { Language } from '../i18n/index.ts';
import { Attributions } from '../viewer/Attributions.tsx';
import { useViewer } from '../viewer/use-viewer.ts';
import { DgmTerrainProvider } from './dgm-terrain-provider.ts';
import { terrainWorker } from './dgm-worker.ts';
import { TERRAIN_TEXTS } from './texts.ts';

/** The dropped terrain the globe shows: the last one that is ready and not hidden, if any. */
export function shownDroppedTerrain(entries: readonly ImportEntry[]): ImportEntry | undefined {
  return [...entries].reverse().find((entry) => entry.terrain && entry.status === 'ready' && entry.visible);
}

/**
 * Shows a dropped terrain model (DGM) as the globe's terrain (`DgmTerrainProvider`: meshes with vertex normals
 * from the terrain worker), lit by the scene's sun so its slopes shade, and names the file in the credit line,
 * while mounted; puts the ellipsoid (and the lighting before) back in its cleanup. The page mounts the city's
 * terrain (`CityTerrain`, with its credit) again once this one goes, so removing or hiding it returns to the
 * terrain shown before. Flies to the model's extent on each zoom request of its entry (the first comes with the
 * drop).
 */
export function DroppedTerrain({ entry }: { entry: ImportEntry }) {
  const viewer = useViewer();
  const terrain = entry.terrain;
  const { i18n } = useTranslation();
  const language: Language = i18n.language === 'en' ? 'en' : 'de';
  const name = terrain?.info.name ?? entry.name;
  const files = terrain?.info.files;
  const credit = useMemo(() => [TERRAIN_TEXTS[language].droppedCredit(name, files)], [language, name, files]);

  useEffect(() => {
    if (!terrain) return;
    const scene = viewer.scene;
    const globe = scene.globe;
    const depthTest = globe.depthTestAgainstTerrain;
    const lighting = globe.enableLighting;
    const worker = terrainWorker();
    const provider = new DgmTerrainProvider(terrain.info, (x, y, level) =>
      worker.meshTile(terrain.id, level, x, y),
    );
    scene.terrainProvider = provider;
    globe.depthTestAgainstTerrain = true;
    // The scene's sun on the tiles' vertex normals: slopes shade, as on the city's terrain.
    globe.enableLighting = true;
    scene.requestRender();
    return () => {
      if (viewer.isDestroyed()) return;
      scene.terrainProvider = new EllipsoidTerrainProvider();
      globe.depthTestAgainstTerrain = depthTest;
      globe.enableLighting = lighting;
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

  return terrain ? <Attributions texts={credit} /> : null;
}
