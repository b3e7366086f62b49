import './cesium-base-url.ts';
import 'cesium/Build/Cesium/Widgets/widgets.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Ion } from 'cesium';
import { App } from './App.tsx';
import { selectCity } from './config/select-city.ts';
import { initI18n, languageFromUrl } from './i18n/index.ts';

// No Cesium ion: every asset comes from this origin. Clear the token Cesium ships with.
Ion.defaultAccessToken = '';

const language = languageFromUrl(window.location.search);
document.documentElement.lang = language;
initI18n(language);
const { city, unknownCityId } = selectCity(window.location.search);
document.title = `Stadtmodell · ${city.name}`;

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('main: #root element missing in index.html');
createRoot(rootElement).render(
  <StrictMode>
    <App city={city} unknownCityId={unknownCityId} />
  </StrictMode>,
);
