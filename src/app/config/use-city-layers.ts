import { useEffect, useMemo, useState } from 'react';
import type { CityLayersConfig } from '../layers/types.ts';
import { layersConfigUrl, mergeLayersConfig, parseLayersConfig } from './layers-override.ts';
import { errorMessage } from '../../core/errors.ts';

/**
 * The city's layer config, plus the layers of `?layersConfig=` once loaded (see the module comment). A refused
 * parameter or a failed load is reported on the console; the city's own layers stay.
 */
export function useCityLayers(base: CityLayersConfig | undefined): CityLayersConfig | undefined {
  const [extra, setExtra] = useState<CityLayersConfig | undefined>();
  useEffect(() => {
    const { url, refused } = layersConfigUrl(window.location.search, window.location.href);
    if (refused) console.warn(refused);
    if (!url) return;
    let cancelled = false;
    fetch(url)
      .then(async (response) => {
        if (!response.ok) throw new Error(`layers-override.ts: HTTP ${response.status} ${url}`);
        const parsed = parseLayersConfig(await response.json(), url);
        if (!cancelled) setExtra(parsed);
      })
      .catch((error: unknown) => console.warn(errorMessage(error)));
    return () => {
      cancelled = true;
    };
  }, []);
  return useMemo(() => (extra ? mergeLayersConfig(base, extra) : base), [base, extra]);
}
