import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n/index.ts';
import { ToolsMenu } from './ToolsMenu.tsx';
import { useMediaQuery } from './use-media-query.ts';

/** Where the language button shows its short code (the same width as the header's phone layout in CSS). */
const PHONE_QUERY = '(max-width: 600px)';

/** What the header shows; the controls come from the features that own them. */
export interface AppHeaderProps {
  /** The city's name in the current language. */
  cityTitle: string;
  /** A short line under the title (the city config's notice), if any. */
  notice?: string;
  language: Language;
  /** The search box, always visible (on phones it takes the title's place). */
  search?: ReactNode;
  /** Tools and secondary controls: a row on wide screens, the "Menü / Menu" dropdown on narrower ones. */
  tools: ReactNode;
  /** Returns the camera to the city's start view. */
  onHome: () => void;
  /** Switches between German and English. */
  onSwitchLanguage: () => void;
}

/**
 * The compact header: title, search, the home button, the tools (folded into a menu below 1800 px) and the
 * language switch, which stays one tap away at every width. A feature adds its toolbar control as a child of
 * `tools` in AppTools.tsx, and its search or status element through the named props, not by editing this layout.
 */
export function AppHeader({
  cityTitle,
  notice,
  language,
  search,
  tools,
  onHome,
  onSwitchLanguage,
}: AppHeaderProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery(PHONE_QUERY);
  return (
    <header className="app-header">
      <div className="app-header-row">
        <div className="app-title">
          <h1 title={`${t('appTitle')} · ${cityTitle}`}>
            {t('appTitle')} · {cityTitle}
          </h1>
          {notice && <p className="notice">{notice}</p>}
        </div>
        {search && <div className="header-search">{search}</div>}
        <div className="header-controls">
          <button type="button" className="tool-button home-button" onClick={onHome} title={t('homeTitle')}>
            <span aria-hidden="true">⌂</span> <span className="tool-label">{t('home')}</span>
          </button>
          <ToolsMenu language={language}>{tools}</ToolsMenu>
          <button
            type="button"
            className="tool-button language-button"
            onClick={onSwitchLanguage}
            lang={t('switchToOtherLang')}
            // The visible short code must be part of the name (WCAG 2.5.3), and not in parentheses.
            aria-label={`${t('language')}: ${t('switchToOther')}${phone ? `, ${t('switchToOtherLang').toUpperCase()}` : ''}`}
          >
            {phone ? t('switchToOtherLang').toUpperCase() : t('switchToOther')}
          </button>
        </div>
      </div>
    </header>
  );
}
