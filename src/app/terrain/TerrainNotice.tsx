import type { Language } from '../i18n/index.ts';
import { TERRAIN_TEXTS } from './texts.ts';
import type { TerrainSession } from './use-terrain.ts';

/**
 * The terrain's lines in the status region (a polite live region): a terrain that could not be loaded (its
 * label, the hint how to make it, the reason) and a refused `?terrain=` value. All of it is text, never HTML.
 */
export function TerrainNotice({ terrain, language }: { terrain: TerrainSession; language: Language }) {
  const texts = TERRAIN_TEXTS[language];
  return (
    <>
      {terrain.refused !== undefined && <p className="error">{texts.refused(terrain.refused)}</p>}
      {terrain.status === 'error' && terrain.source && (
        <p className="error" data-testid="terrain-error">
          {texts.failed(terrain.source.label[language])}{' '}
          {/* Offline, the terrain is not missing: the offline notice says why it did not load. */}
          {navigator.onLine && terrain.source.missingHint?.[language]}
          {terrain.detail && <span className="terrain-error-detail"> ({terrain.detail})</span>}
        </p>
      )}
    </>
  );
}
