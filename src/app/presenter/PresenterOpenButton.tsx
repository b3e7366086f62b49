import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { openPresenterWindow } from './use-presentation-link.ts';

/** Opens the presenter view in a second window; says so when the browser blocked it. */
export function PresenterOpenButton() {
  const { t, i18n } = useTranslation();
  const [blocked, setBlocked] = useState(false);
  return (
    <>
      <button
        type="button"
        className="tool-button secondary"
        title={t('presenterOpenTitle')}
        onClick={() => setBlocked(!openPresenterWindow(i18n.language))}
        data-testid="presenter-open"
      >
        {t('presenterOpen')}
      </button>
      {blocked && (
        <p className="story-note error" role="alert">
          {t('presenterBlocked')}
        </p>
      )}
    </>
  );
}
