import { useCallback, useMemo, useState } from 'react';
import type { TerrainSource } from '../config/types.ts';
import type { TerrainStatus } from './CityTerrain.tsx';
import { chooseTerrain, withTerrainParam } from './terrain-source.ts';

/** The page's terrain: which one (config or `?terrain=`), where it stands, and what went wrong. */
export interface TerrainSession {
  /** The terrain to stream; undefined: the bare ellipsoid. */
  source?: TerrainSource;
  /** The terrain the layer list's switch shows when on; undefined: the city has none to switch. */
  available?: TerrainSource;
  /** `none` without a terrain. */
  status: TerrainStatus | 'none';
  /** Why it failed (file, reason), for the notice. */
  detail?: string;
  /** A `?terrain=` value that was refused. */
  refused?: string;
  onStatus: (status: TerrainStatus, detail?: string) => void;
  /**
   * Shows `available` (true) or the bare ellipsoid (false), and says so in the page's URL as the other shared state
   * is: `terrain=none` while off; on, no parameter for the city's terrain shown at start, else its path.
   */
  setShown: (shown: boolean) => void;
}

/** The terrain of `configured` (a city's), or the one the page's link names (`chooseTerrain`). */
export function useTerrain(configured: TerrainSource | undefined): TerrainSession {
  // The link as opened: the switch's later URL changes must not re-choose the terrain.
  const [opened] = useState(() => globalThis.location?.search ?? '');
  const choice = useMemo(() => chooseTerrain(opened, configured), [opened, configured]);
  const [shown, setShownState] = useState<boolean | undefined>(undefined);
  const source = (shown ?? choice.source !== undefined) ? choice.available : undefined;
  const [state, setState] = useState<{ status: TerrainStatus; detail?: string; url?: string }>();
  const url = source?.url;
  const onStatus = useCallback(
    (status: TerrainStatus, detail?: string) =>
      // Once failed, stay failed: the ellipsoid is back and the notice must stay.
      setState((previous) =>
        previous?.status === 'error' && previous.url === url ? previous : { status, detail, url },
      ),
    [url],
  );
  const available = choice.available;
  const setShown = useCallback(
    (on: boolean) => {
      setShownState(on);
      // A failed terrain may be tried again: switching it off and on starts it afresh.
      if (!on) setState(undefined);
      const named = new URLSearchParams(opened).get('terrain');
      const byDefault =
        available !== undefined && available === configured && configured.shownAtStart !== false;
      const onValue = byDefault
        ? null
        : named && named !== 'none' && choice.source
          ? named
          : (available?.url ?? null);
      const { location, history } = globalThis;
      const search = withTerrainParam(location.search, on ? onValue : 'none');
      const next = `${location.pathname}${search}${location.hash}`;
      if (next !== `${location.pathname}${location.search}${location.hash}`)
        history.replaceState(history.state, '', next);
    },
    [opened, available, configured, choice.source],
  );
  const current = state?.url === url ? state : undefined;
  return {
    source,
    available,
    status: source ? (current?.status ?? 'loading') : 'none',
    detail: current?.detail,
    refused: choice.refused,
    onStatus,
    setShown,
  };
}
