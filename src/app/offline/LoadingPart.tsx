import { useTranslation } from 'react-i18next';

/**
 * What a part of the app loaded on first use shows while its code arrives (the fallback of its `Suspense`):
 * a short status text, announced politely to screen readers.
 */
export function LoadingPart({ className = 'loading-part' }: { className?: string }) {
  const { t } = useTranslation();
  return (
    <p className={className} role="status" aria-live="polite" data-testid="loading-part">
      {t('loadingPart')}
    </p>
  );
}
