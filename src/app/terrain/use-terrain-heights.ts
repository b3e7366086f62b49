import { useEffect, useState } from 'react';
import { Cartographic, EllipsoidTerrainProvider, sampleTerrainMostDetailed } from 'cesium';
import type { TerrainProvider, CesiumWidget } from 'cesium';
import { useViewer } from '../viewer/use-viewer.ts';

/** The globe's terrain provider while it is a terrain (not the bare ellipsoid), else undefined. */
export function terrainOf(viewer: CesiumWidget): TerrainProvider | undefined {
  const provider = viewer.scene.terrainProvider;
  return provider instanceof EllipsoidTerrainProvider ? undefined : provider;
}

/** The globe's terrain provider while it is a terrain (not the bare ellipsoid), else undefined; follows changes. */
export function useGlobeTerrain(): TerrainProvider | undefined {
  const viewer = useViewer();
  const [provider, setProvider] = useState(() => terrainOf(viewer));
  useEffect(() => {
    setProvider(terrainOf(viewer));
    return viewer.scene.terrainProviderChanged.addEventListener(() => {
      if (!viewer.isDestroyed()) setProvider(terrainOf(viewer));
    });
  }, [viewer]);
  return provider;
}

/**
 * The terrain's heights (ellipsoidal metres) at `points` (WGS84 degrees, [lon, lat, …]), from its most detailed
 * tiles (`sampleTerrainMostDetailed`, which fetches them): one per point, undefined where a tile failed. Undefined
 * as a whole without a terrain and until the heights are in. Keep `points` stable (useMemo): a new array samples anew.
 */
export function useTerrainHeights(
  points: readonly (readonly number[])[] | undefined,
): readonly (number | undefined)[] | undefined {
  const provider = useGlobeTerrain();
  const [sampled, setSampled] = useState<{
    provider: TerrainProvider;
    points: readonly (readonly number[])[];
    heights: (number | undefined)[];
  }>();
  useEffect(() => {
    if (!provider || !points || points.length === 0) return;
    let cancelled = false;
    const positions = points.map(([lon = 0, lat = 0]) => Cartographic.fromDegrees(lon, lat));
    sampleTerrainMostDetailed(provider, positions)
      .then((result) => {
        if (cancelled) return;
        const heights = result.map((p) => (Number.isFinite(p.height) ? p.height : undefined));
        setSampled({ provider, points, heights });
      })
      // A terrain that fails is replaced by the ellipsoid (CityTerrain), and this hook follows it.
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [provider, points]);
  return sampled && sampled.provider === provider && sampled.points === points ? sampled.heights : undefined;
}
