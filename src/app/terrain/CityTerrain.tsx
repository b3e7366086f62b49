import { useEffect, useRef } from 'react';
import {
  Cartesian3,
  CesiumTerrainProvider,
  ClippingPolygon,
  ClippingPolygonCollection,
  EllipsoidTerrainProvider,
} from 'cesium';
import type { Globe, TileProviderError } from 'cesium';
import type { TerrainSource } from '../config/types.ts';
import { useViewer } from '../viewer/use-viewer.ts';
import { errorMessage } from '../../core/errors.ts';
import { terrainBaseUrl } from './terrain-source.ts';
import { boundedTerrain, flatTerrain, terrainBounds } from './bounded-terrain.ts';

/**
 * One clipping collection per globe for its life, switched and refilled, never replaced: assigning a new
 * collection (or none) to a surface drawn with one stopped Cesium 1.145's rendering for tilesets (the cut tool).
 */
const cutOuts = new WeakMap<Globe, ClippingPolygonCollection>();

/** Cuts `rings` (degrees) out of the globe's surface; an empty list switches the cut-out off. */
function cutOutTerrain(globe: Globe, rings: readonly (readonly [number, number])[][]): void {
  let collection = cutOuts.get(globe);
  if (!collection) {
    if (rings.length === 0) return;
    collection = new ClippingPolygonCollection({ inverse: false });
    cutOuts.set(globe, collection);
    globe.clippingPolygons = collection;
  }
  collection.removeAll();
  for (const ring of rings) {
    collection.add(new ClippingPolygon({ positions: Cartesian3.fromDegreesArray(ring.flat()) }));
  }
  collection.enabled = rings.length > 0;
}

/** Where the terrain stands: fetching `layer.json`, drawn on the globe, or failed (the globe is the ellipsoid). */
export type TerrainStatus = 'loading' | 'ready' | 'error';

/**
 * Draws the globe with a quantized-mesh terrain (`CesiumTerrainProvider`, from the app's own origin, never ion)
 * instead of the bare ellipsoid. The provider is made in the effect and the ellipsoid put back in its cleanup, so
 * StrictMode's double effects and city switches leave nothing behind. While the terrain is shown, the globe hides
 * what lies below it (`depthTestAgainstTerrain`), is cut out where a tileset draws its own ground (`cutOut`) and is
 * lit by the scene's light (hill shading from the vertex normals); far from the tileset's `bounds` the globe is the
 * ellipsoid (`boundedTerrain`). A `layer.json` that cannot be read, or a tile that fails, puts the ellipsoid back
 * and reports 'error' with the reason: a broken terrain never leaves a globe with holes.
 */
export function CityTerrain({
  source,
  onStatus,
}: {
  source: TerrainSource;
  onStatus: (status: TerrainStatus, detail?: string) => void;
}) {
  const viewer = useViewer();
  const onStatusRef = useRef(onStatus);
  onStatusRef.current = onStatus;

  useEffect(() => {
    const scene = viewer.scene;
    const globe = scene.globe;
    let disposed = false;
    let shown = false;
    let removeErrorListener: (() => void) | undefined;
    const depthTest = globe.depthTestAgainstTerrain;
    const lighting = globe.enableLighting;
    const report = (status: TerrainStatus, detail?: string) => {
      if (!disposed) onStatusRef.current(status, detail);
    };
    /** The ellipsoid again, after the terrain was shown or (`always`) while it was still loading. */
    const showEllipsoid = (always = false) => {
      removeErrorListener?.();
      removeErrorListener = undefined;
      if ((!shown && !always) || viewer.isDestroyed()) return;
      shown = false;
      scene.terrainProvider = new EllipsoidTerrainProvider();
      globe.depthTestAgainstTerrain = depthTest;
      globe.enableLighting = lighting;
      cutOutTerrain(globe, []);
      scene.requestRender();
    };
    // Until the terrain's layer.json is read, the globe is the ellipsoid as flat tiles that Cesium's quantized-mesh
    // worker meshes (`flatTerrain`), not Cesium's heightmap ellipsoid with a worker of its own.
    if (scene.terrainProvider instanceof EllipsoidTerrainProvider) scene.terrainProvider = flatTerrain();
    report('loading');
    const url = new URL(terrainBaseUrl(source.url), document.baseURI).href;
    // The tileset's data area, from the layer.json Cesium reads too (the browser's cache answers the second ask).
    const bounds = fetch(new URL('layer.json', url))
      .then((response) => (response.ok ? (response.json() as Promise<unknown>) : undefined))
      .then(terrainBounds)
      .catch(() => undefined);
    Promise.all([CesiumTerrainProvider.fromUrl(url, { requestVertexNormals: true }), bounds])
      .then(([tileset, area]) => {
        if (disposed || viewer.isDestroyed()) return;
        // Far from its data, the ellipsoid instead of whatever the tileset's root tiles hold there.
        const provider = area ? boundedTerrain(tileset, area) : tileset;
        // Tile errors come after the start, as tiles stream in: any failure means a broken tileset.
        removeErrorListener = provider.errorEvent.addEventListener((error: TileProviderError) => {
          const where = `${error.level}/${error.x}/${error.y}`;
          showEllipsoid();
          report('error', `${where}: ${error.message}`);
        });
        scene.terrainProvider = provider;
        globe.depthTestAgainstTerrain = true;
        // The scene's sun on the terrain's vertex normals: slopes shade, so the relief shows under the base map.
        globe.enableLighting = true;
        cutOutTerrain(globe, source.cutOut ?? []);
        shown = true;
        report('ready');
        scene.requestRender();
      })
      .catch((error: unknown) => {
        showEllipsoid(true);
        report('error', errorMessage(error));
      });
    return () => {
      showEllipsoid(true);
      disposed = true;
    };
  }, [viewer, source.url, source.cutOut]);

  return null;
}
