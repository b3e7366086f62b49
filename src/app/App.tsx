import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCityLayers } from './config/use-city-layers.ts';
import type { CityConfig } from './config/types.ts';
import type { Language } from './i18n/index.ts';
// --- import of dropped or chosen files ---
import { DropZone } from './import/DropZone.tsx';
import { ImportButton } from './import/ImportButton.tsx';
import { ImportedLayers } from './import/ImportedLayers.tsx';
import { ImportedTilesets } from './import/ImportedTileset.tsx';
import { useImports } from './import/use-imports.ts';
import { useLayerHooks } from './import/use-layer-hooks.ts';
// --- end import ---
// --- thematic layers ---
import { LayerTree, LayerTreeToggle } from './layers/LayerTree.tsx';
import { useLayerModel } from './layers/model.ts';
import { ThematicLayers } from './layers/ThematicLayers.tsx';
import { readLayerStatesFromUrl } from './layers/url-state.ts';
import { useLayerStatesInUrl } from './layers/use-url-state.ts';
// --- end layers ---
import { AttributePanel } from './panels/AttributePanel.tsx';
import { Attributions } from './viewer/Attributions.tsx';
import { BaseMapLayer } from './viewer/BaseMapLayer.tsx';
import { CityTileset } from './viewer/CityTileset.tsx';
import type { TilesetStatus } from './viewer/CityTileset.tsx';
import { CityViewer } from './viewer/CityViewer.tsx';
import { FeaturePicker } from './viewer/FeaturePicker.tsx';
import { FixedDaylight } from './viewer/FixedDaylight.tsx';
import type { PickedFeature } from './viewer/FeaturePicker.tsx';
import { HomeView } from './viewer/HomeView.tsx';
import { KeyboardNavigation } from './viewer/KeyboardNavigation.tsx';

interface TilesetState {
  status: TilesetStatus;
  detail?: string;
}

/** The viewer app for one city: header, 3D map, attribute panel and status line. */
export function App({ city, unknownCityId }: { city: CityConfig; unknownCityId?: string }) {
  const { t, i18n } = useTranslation();
  const language: Language = i18n.language === 'en' ? 'en' : 'de';
  const [picked, setPicked] = useState<PickedFeature | undefined>();
  const [tilesets, setTilesets] = useState<Record<string, TilesetState>>({});
  const flyHomeRef = useRef<(() => void) | undefined>(undefined);
  const cityLayers = useCityLayers(city.layers); // the city's thematic layers; + ?layersConfig= on localhost only
  const [layerUrlStates] = useState(() => readLayerStatesFromUrl(window.location.search));
  const layerModel = useLayerModel(cityLayers, layerUrlStates);
  useLayerStatesInUrl(layerModel); // ?layers=id:visible:opacity, kept up to date
  const [layerTreeOpen, setLayerTreeOpen] = useState(false);
  const imports = useImports(useLayerHooks(layerModel)); // dropped plans and vector files go to the layer model

  const registerFlyHome = useCallback((flyHome: (() => void) | undefined) => {
    flyHomeRef.current = flyHome;
  }, []);
  const flyHome = useCallback(() => flyHomeRef.current?.(), []);
  const onTilesetStatus = useCallback((id: string, status: TilesetStatus, detail?: string) => {
    setTilesets((previous) => {
      // Once failed, stay failed: later events must not hide the error.
      if (previous[id]?.status === 'error') return previous;
      return { ...previous, [id]: { status, detail } };
    });
  }, []);
  const attributions = useMemo(
    () => [...city.attributions, ...city.tilesets.flatMap((s) => (s.attribution ? [s.attribution] : []))],
    [city],
  );
  const switchLanguage = () => {
    const next: Language = language === 'de' ? 'en' : 'de';
    void i18n.changeLanguage(next);
    document.documentElement.lang = next;
    const url = new URL(window.location.href);
    url.searchParams.set('lang', next);
    window.history.replaceState(null, '', url);
  };

  const failed = city.tilesets.filter((s) => tilesets[s.id]?.status === 'error');
  const loading = city.tilesets.some((s) => (tilesets[s.id]?.status ?? 'loading') === 'loading');
  const statusAttributes = Object.fromEntries(
    city.tilesets.map((s) => [`data-tileset-${s.id}`, tilesets[s.id]?.status ?? 'loading']),
  );

  return (
    <div className="app" {...statusAttributes}>
      <a className="skip-link" href="#map">
        {t('skipToMap')}
      </a>
      <header className="app-header">
        <h1>
          {t('appTitle')} · {city.title[language]}
        </h1>
        {city.notice && <p className="notice">{city.notice[language]}</p>}
        <nav className="toolbar" aria-label={t('appTitle')}>
          <button type="button" className="tool-button" onClick={flyHome} title={t('homeTitle')}>
            <span aria-hidden="true">⌂</span> {t('home')}
          </button>
          <ImportButton onFiles={imports.add} />
          {city.layers && (
            <LayerTreeToggle
              open={layerTreeOpen}
              onToggle={() => setLayerTreeOpen((open) => !open)}
              language={language}
            />
          )}
          <button
            type="button"
            className="tool-button"
            onClick={switchLanguage}
            lang={t('switchToOtherLang')}
            aria-label={`${t('language')}: ${t('switchToOther')}`}
          >
            {t('switchToOther')}
          </button>
        </nav>
      </header>
      <main id="map" className="map" tabIndex={-1}>
        <CityViewer>
          <BaseMapLayer config={city.baseMap} />
          <FixedDaylight />
          <Attributions texts={attributions} />
          <HomeView view={city.homeView} registerFlyHome={registerFlyHome} />
          <KeyboardNavigation label={t('mapLabel')} onHome={flyHome} />
          {city.tilesets.map((source) => (
            <CityTileset key={source.id} source={source} onStatus={onTilesetStatus} />
          ))}
          <ImportedTilesets entries={imports.entries} />
          <FeaturePicker onPick={setPicked} />
          <ThematicLayers model={layerModel} language={language} onPick={setPicked} />
        </CityViewer>
        <DropZone onFiles={imports.add} />
        <ImportedLayers imports={imports} />
        {layerTreeOpen && (
          <LayerTree
            model={layerModel}
            language={language}
            ags={city.ags}
            onClose={() => setLayerTreeOpen(false)}
          />
        )}
      </main>
      {picked && <AttributePanel feature={picked} onClose={() => setPicked(undefined)} />}
      <div className="status" role="status" aria-live="polite">
        {unknownCityId && <p>{t('unknownCity', { id: unknownCityId, fallback: city.name })}</p>}
        {loading && <p>{t('loadingCity')}</p>}
        {failed.map((s) => (
          <p key={s.id} className="error">
            {t('tilesetError', { label: s.label[language] })} {s.missingHint?.[language]}
          </p>
        ))}
        {!picked && !loading && failed.length === 0 && <p className="hint">{t('pickHint')}</p>}
      </div>
    </div>
  );
}
