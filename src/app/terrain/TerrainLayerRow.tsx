import type { Language } from '../i18n/index.ts';
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
    <fieldset className="layer-group terrain-layer-row">
      <legend>{texts.layer}</legend>
      <div className="layer-row" data-layer="terrain">
        <label className="layer-toggle">
          <input
            type="checkbox"
            data-testid="terrain-toggle"
            checked={terrain.source !== undefined}
            onChange={(event) => terrain.setShown(event.target.checked)}
          />
          <span>{terrain.available.label[language]}</span>
        </label>
      </div>
    </fieldset>
  );
}
