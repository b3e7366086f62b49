import type { Language } from '../i18n/index.ts';
import { SwitchLayerRow } from '../layers/SwitchLayerRow.tsx';
import { TERRAIN_TEXTS } from './texts.ts';
import type { TerrainSession } from './use-terrain.ts';

/**
 * The terrain's switch in the layer list (a native checkbox: Tab and Space work, its label is read out): on, the
 * globe is the city's terrain; off, the bare ellipsoid (`terrain=none` in the page's URL). Nothing without a terrain.
 */
export function TerrainLayerRow({ terrain, language }: { terrain: TerrainSession; language: Language }) {
  const texts = TERRAIN_TEXTS[language];
  if (!terrain.available) return null;
  return (
    <SwitchLayerRow
      legend={texts.layer}
      layer="terrain"
      className="terrain-layer-row"
      testId="terrain-toggle"
      checked={terrain.source !== undefined}
      onChange={terrain.setShown}
    >
      {terrain.available.label[language]}
    </SwitchLayerRow>
  );
}
