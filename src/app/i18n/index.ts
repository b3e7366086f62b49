import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de, en } from './messages.ts';

export type Language = 'de' | 'en';

/** German unless the URL asks for English (`?lang=en`). */
export function languageFromUrl(search: string): Language {
  return new URLSearchParams(search).get('lang') === 'en' ? 'en' : 'de';
}

/** Initialises i18next once for the app; interpolated values are escaped by React, not by i18next. */
export function initI18n(language: Language): typeof i18next {
  if (!i18next.isInitialized) {
    void i18next.use(initReactI18next).init({
      lng: language,
      fallbackLng: 'de',
      resources: { de: { translation: de }, en: { translation: en } },
      interpolation: { escapeValue: false },
      initImmediate: false,
    });
  }
  return i18next;
}
