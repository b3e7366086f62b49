import './cesium-base-url.ts';
import 'cesium/Build/Cesium/Widgets/widgets.css';
import './styles.css';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { selectCity } from './config/select-city.ts';
import { initI18n, languageFromUrl } from './i18n/index.ts';
import { LoadingPart } from './offline/LoadingPart.tsx';
import { OfflineNotice } from './offline/OfflineNotice.tsx';
import { preloadTilesets } from './offline/preload-tilesets.ts';
import { registerServiceWorker } from './offline/register-service-worker.ts';
import { ShellBoundary } from './offline/ShellBoundary.tsx';
import { isPresenterUrl } from './presenter/presenter-url.ts';
import { urlParams } from './state/share-state.ts';

// The presenter view (a second window) shows the story's texts and times only: no 3D view.
const presenter = isPresenterUrl(window.location.search);
// The 3D app (with Cesium) and the presenter page are chunks of their own, fetched at once by this entry:
// the presenter window (texts and times only) never loads Cesium, and the entry itself stays small. The 3D
// app's chunk is asked for right here, not when React first renders it.
const appModule = presenter ? undefined : import('./App.tsx');
// A failed fetch (offline) is shown by the ShellBoundary when React renders the app, not reported here.
appModule?.catch(() => undefined);
const App = lazy(() => (appModule ?? import('./App.tsx')).then((module) => ({ default: module.App })));
const PresenterPage = lazy(() =>
  import('./presenter/PresenterPage.tsx').then((module) => ({ default: module.PresenterPage })),
);

// A shared link may carry its parameters in the query or, when long, in the hash (src/app/state/share-state.ts).
const params = urlParams(window.location.search, window.location.hash).toString();
const language = languageFromUrl(params);
document.documentElement.lang = language;
initI18n(language);
const { city, unknownCityId } = selectCity(params);
document.title = `Stadtmodell · ${city.name}`;
// The city's tileset descriptions come while the 3D app's code arrives; Cesium then finds them fetched.
if (!presenter) preloadTilesets(city.tilesets.map((source) => source.url));

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('main: #root element missing in index.html');
createRoot(rootElement).render(
  <StrictMode>
    <ShellBoundary>
      <Suspense fallback={<LoadingPart className="loading-part loading-app" />}>
        {presenter ? <PresenterPage /> : <App city={city} unknownCityId={unknownCityId} />}
      </Suspense>
    </ShellBoundary>
    <OfflineNotice />
  </StrictMode>,
);
registerServiceWorker();
