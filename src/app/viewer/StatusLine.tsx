import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TilesetSource } from '../config/types.ts';
import type { Language } from '../i18n/index.ts';
import { TerrainNotice } from '../terrain/TerrainNotice.tsx';
import type { TerrainSession } from '../terrain/use-terrain.ts';
import type { TilesetStatus } from './CityTileset.tsx';

/** The city's tilesets' loading states, by tileset id. */
export interface TilesetStatuses {
  /** CityTileset's `onStatus`: once a tileset failed it stays failed (later events must not hide the error). */
  onStatus(id: string, status: TilesetStatus, detail?: string): void;
  /** The tilesets that failed to load. */
  failed: TilesetSource[];
  /** Whether any tileset is still loading. */
  loading: boolean;
  /** `data-tileset-<id>` attributes with each tileset's state, for the app's root element (tests wait on them). */
  attributes: Record<string, TilesetStatus>;
}

/** Tracks the loading state of the city's `tilesets`. */
export function useTilesetStatuses(tilesets: readonly TilesetSource[]): TilesetStatuses {
  const [states, setStates] = useState<Record<string, { status: TilesetStatus; detail?: string }>>({});
  const onStatus = useCallback((id: string, status: TilesetStatus, detail?: string) => {
    setStates((previous) => {
      if (previous[id]?.status === 'error') return previous;
      return { ...previous, [id]: { status, detail } };
    });
  }, []);
  return {
    onStatus,
    failed: tilesets.filter((s) => states[s.id]?.status === 'error'),
    loading: tilesets.some((s) => (states[s.id]?.status ?? 'loading') === 'loading'),
    attributes: Object.fromEntries(
      tilesets.map((s) => [`data-tileset-${s.id}`, states[s.id]?.status ?? 'loading']),
    ),
  };
}

/**
 * The polite status line under the map: an unknown city in the link, loading, tilesets that failed (with
 * the city's hint where the tiles may be missing), the terrain's notice, else the hint to pick a building.
 */
export function StatusLine({
  statuses,
  terrain,
  picked,
  unknownCityId,
  fallbackCity,
  language,
}: {
  statuses: TilesetStatuses;
  terrain: TerrainSession;
  /** Whether something is selected (the hint to pick is not shown then). */
  picked: boolean;
  unknownCityId?: string;
  /** The name of the city shown instead of an unknown one. */
  fallbackCity: string;
  language: Language;
}) {
  const { t } = useTranslation();
  const { loading, failed } = statuses;
  return (
    <div className="status" role="status" aria-live="polite">
      {unknownCityId && <p>{t('unknownCity', { id: unknownCityId, fallback: fallbackCity })}</p>}
      {loading && <p>{t('loadingCity')}</p>}
      {failed.map((s) => (
        <p key={s.id} className="error">
          {t('tilesetError', { label: s.label[language] })}{' '}
          {/* Offline, the tiles are not missing: the offline notice says why they did not load. */}
          {navigator.onLine && s.missingHint?.[language]}
        </p>
      ))}
      <TerrainNotice terrain={terrain} language={language} />
      {!picked && !loading && failed.length === 0 && <p className="hint">{t('pickHint')}</p>}
    </div>
  );
}
