import { useEffect } from 'react';
import { Cartographic, EllipsoidTerrainProvider, sampleTerrainMostDetailed } from 'cesium';
import { useViewer } from '../viewer/use-viewer.ts';
import { errorMessage } from '../../core/errors.ts';
import { terrainProbePoint } from './terrain-source.ts';
import { useGlobeTerrain } from './use-terrain-heights.ts';

/** Name of the performance mark set with `?terrainProbe=` (its `detail` is a `TerrainProbeResult`). */
export const TERRAIN_PROBE_MARK = 'stadtmodell:terrain-probe';

/** How long the probe waits for a drawn tile under its point before it marks `drawn: null`, ms. */
const DRAWN_WAIT_MS = 40_000;

/** How long the drawn height under the point must hold, with the globe's tiles loaded, before it counts, ms. */
const DRAWN_STEADY_MS = 1_500;

/** What the globe says about the ground at the probed point (heights: ellipsoidal metres). */
export interface TerrainProbeResult {
  /** The point, degrees. */
  longitude: number;
  latitude: number;
  /** From the terrain's most detailed tile (`sampleTerrainMostDetailed`); null when it has no height there. */
  sampled: number | null;
  /** From the tiles the globe has drawn (`globe.getHeight`), once they have loaded; null when none covers it. */
  drawn: number | null;
  /** Whether the globe had a terrain (false: the bare ellipsoid). */
  terrain: boolean;
  error?: string;
}

/**
 * With `?terrainProbe=lon,lat` in the link, sets a performance mark with the terrain's height there once the
 * terrain is `ready` and the globe's tiles have loaded, so tests and support can see what the globe stands on
 * without reaching into the page's objects (as `?cameraTrace=1` does for the camera); again each time the globe
 * gets another terrain (a dropped DGM, or the city's back after it). Does nothing otherwise.
 */
export function TerrainProbe({ ready }: { ready: boolean }) {
  const viewer = useViewer();
  const globeTerrain = useGlobeTerrain();
  useEffect(() => {
    const point = terrainProbePoint(globalThis.location?.search ?? '');
    if ((!ready && !globeTerrain) || !point) return;
    const scene = viewer.scene;
    const provider = scene.terrainProvider;
    const cartographic = Cartographic.fromDegrees(point[0], point[1]);
    let disposed = false;
    let removePostRender: (() => void) | undefined;
    const mark = (detail: TerrainProbeResult) => {
      if (!disposed) performance.mark(TERRAIN_PROBE_MARK, { detail });
    };
    const base = {
      longitude: point[0],
      latitude: point[1],
      terrain: !(provider instanceof EllipsoidTerrainProvider),
    };
    sampleTerrainMostDetailed(provider, [cartographic.clone()], true)
      .then(([sampledPoint]) => {
        if (disposed || viewer.isDestroyed()) return;
        const sampled = sampledPoint?.height ?? null;
        // Right after a terrain is swapped in, the globe reports its tiles loaded before it has any under the
        // point, or while only a coarse one is there: wait until the tiles are loaded and the drawn height under
        // the point has held for a while, bounded (a slow machine still gets the sampled height).
        const giveUp = performance.now() + DRAWN_WAIT_MS;
        let steady: { drawn: number; since: number } | undefined;
        removePostRender = scene.postRender.addEventListener(() => {
          const drawn = scene.globe.getHeight(cartographic);
          const now = performance.now();
          if (!scene.globe.tilesLoaded || drawn === undefined) steady = undefined;
          else if (!steady || Math.abs(steady.drawn - drawn) > 0.01) steady = { drawn, since: now };
          if ((!steady || now - steady.since < DRAWN_STEADY_MS) && now < giveUp) {
            setTimeout(() => !disposed && !viewer.isDestroyed() && scene.requestRender(), 100);
            return;
          }
          removePostRender?.();
          mark({ ...base, sampled, drawn: drawn ?? null });
        });
        scene.requestRender();
      })
      .catch((error: unknown) => mark({ ...base, sampled: null, drawn: null, error: errorMessage(error) }));
    return () => {
      disposed = true;
      removePostRender?.();
    };
  }, [viewer, ready, globeTerrain]);
  return null;
}
