import './cesium-base-url.ts';
import 'cesium/Build/Cesium/Widgets/widgets.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Ion } from 'cesium';
import { App } from './App.tsx';
import { selectCity } from './config/select-city.ts';
import { initI18n, languageFromUrl } from './i18n/index.ts';
import { isPresenterUrl, PresenterPage } from './presenter/PresenterPage.tsx';
import { urlParams } from './state/share-state.ts';

// No Cesium ion: every asset comes from this origin. Clear the token Cesium ships with.
Ion.defaultAccessToken = '';

// A shared link may carry its parameters in the query or, when long, in the hash (src/app/state/share-state.ts).
const params = urlParams(window.location.search, window.location.hash).toString();
const language = languageFromUrl(params);
document.documentElement.lang = language;
initI18n(language);
const { city, unknownCityId } = selectCity(params);
document.title = `Stadtmodell · ${city.name}`;

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('main: #root element missing in index.html');
// The presenter view (a second window) shows the story's texts and times only: no 3D view.
const presenter = isPresenterUrl(window.location.search);
createRoot(rootElement).render(
  <StrictMode>
    {presenter ? <PresenterPage /> : <App city={city} unknownCityId={unknownCityId} />}
  </StrictMode>,
);
