import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Announcer } from './a11y/Announcer.tsx';
import { selectionName } from './a11y/InViewPanel.tsx';
import { AppPanels } from './AppPanels.tsx';
import { AppScene } from './AppScene.tsx';
import { AppTools } from './AppTools.tsx';
import type { CityConfig } from './config/types.ts';
import { AppHeader } from './header/AppHeader.tsx';
import { AttributePanel } from './panels/AttributePanel.tsx';
import { SearchBox } from './search/SearchBox.tsx';
import { AppResetContext } from './state/reset.ts';
import { SceneTargetContext } from './state/use-scene-target.ts';
import { useAppSessions } from './use-app-sessions.ts';
import { StatusLine, useTilesetStatuses } from './viewer/StatusLine.tsx';

/**
 * The skip link lands on the map's canvas, which takes the map's keys (arrows move, Enter selects) at once; the
 * `<main>` around it, the link's plain target, takes none. Without a canvas (WebGL refused) the link works as written.
 */
function focusMapCanvas(event: MouseEvent<HTMLAnchorElement>) {
  const canvas = document.querySelector<HTMLCanvasElement>('#map .cesium-widget canvas');
  if (!canvas) return;
  event.preventDefault();
  canvas.focus();
}

/**
 * The viewer app for one city: header with search and tools, the 3D map with the panels over it, the
 * attribute panel and the status line. The state lives in `useAppSessions`; the parts only show it.
 */
export function App({ city, unknownCityId }: { city: CityConfig; unknownCityId?: string }) {
  const { t } = useTranslation();
  const app = useAppSessions(city);
  const tilesets = useTilesetStatuses(city.tilesets);
  const { language, picked, setPicked } = app;
  return (
    <AppResetContext.Provider value={app.appReset}>
      <SceneTargetContext.Provider value={app.share.sceneTarget}>
        <div
          className="app"
          data-kiosk={app.kiosk.on ? '' : undefined}
          data-terrain={app.terrain.status}
          {...tilesets.attributes}
        >
          <a className="skip-link" href="#map" onClick={focusMapCanvas}>
            {t('skipToMap')}
          </a>
          <AppHeader
            cityTitle={city.title[language]}
            notice={city.notice?.[language]}
            language={language}
            onHome={app.flyHome}
            onSwitchLanguage={app.switchLanguage}
            search={
              <SearchBox
                language={language}
                tilesets={city.tilesets}
                imports={app.imports.entries}
                model={app.layerModel}
                geocoder={city.geocoder}
                groundHeight={city.homeView.target.height}
              />
            }
            tools={<AppTools app={app} />}
          />
          <main id="map" className="map" tabIndex={-1}>
            <AppScene app={app} tilesets={tilesets} />
            <AppPanels app={app} />
          </main>
          {picked && (
            <AttributePanel
              feature={picked}
              onClose={() => setPicked(undefined)}
              onCover={app.sheet.setCover}
            />
          )}
          <Announcer
            selection={selectionName(picked, language)}
            viewSummary={app.inView.summary}
            language={language}
          />
          <StatusLine
            statuses={tilesets}
            terrain={app.terrain}
            picked={Boolean(picked)}
            unknownCityId={unknownCityId}
            fallbackCity={city.name}
            language={language}
          />
        </div>
      </SceneTargetContext.Provider>
    </AppResetContext.Provider>
  );
}
