import { useCallback, useMemo, useState } from 'react';
import type { TerrainSource } from '../config/types.ts';
import type { TerrainStatus } from './CityTerrain.tsx';
import { chooseTerrain } from './terrain-source.ts';

/** The page's terrain: which one (config or `?terrain=`), where it stands, and what went wrong. */
export interface TerrainSession {
  /** The terrain to stream; undefined: the bare ellipsoid. */
  source?: TerrainSource;
  /** `none` without a terrain. */
  status: TerrainStatus | 'none';
  /** Why it failed (file, reason), for the notice. */
  detail?: string;
  /** A `?terrain=` value that was refused. */
  refused?: string;
  onStatus: (status: TerrainStatus, detail?: string) => void;
}

/** The terrain of `configured` (a city's), or the one the page's link names (`chooseTerrain`). */
export function useTerrain(configured: TerrainSource | undefined): TerrainSession {
  const choice = useMemo(() => chooseTerrain(globalThis.location?.search ?? '', configured), [configured]);
  const [state, setState] = useState<{ status: TerrainStatus; detail?: string; url?: string }>();
  const url = choice.source?.url;
  const onStatus = useCallback(
    (status: TerrainStatus, detail?: string) =>
      // Once failed, stay failed: the ellipsoid is back and the notice must stay.
      setState((previous) =>
        previous?.status === 'error' && previous.url === url ? previous : { status, detail, url },
      ),
    [url],
  );
  const current = state?.url === url ? state : undefined;
  return {
    source: choice.source,
    status: choice.source ? (current?.status ?? 'loading') : 'none',
    detail: current?.detail,
    refused: choice.refused,
    onStatus,
  };
}
