import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/**
 * A polite notice while the browser reports no connection: the app shell (from the service worker's cache)
 * still works, but new tiles, base maps and layers cannot load until the connection is back.
 */
export function OfflineNotice() {
  const { t } = useTranslation();
  const online = useSyncExternalStore(
    subscribe,
    () => navigator.onLine,
    () => true,
  );
  return (
    <div className="offline-notice-region" role="status" aria-live="polite">
      {!online && (
        <p className="offline-notice" data-testid="offline-notice">
          {t('offlineNotice')}
        </p>
      )}
    </div>
  );
}
