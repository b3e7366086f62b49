import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../core/errors.ts';

interface ShellBoundaryState {
  error?: string;
}

interface ShellBoundaryProps {
  children: ReactNode;
  /** Around one part (a tool's panel): a short message in its place; else the whole page's. */
  part?: boolean;
}

/**
 * Catches what the app's lazily loaded code throws, above all a chunk that could not be fetched (offline after
 * an update, a dropped connection): instead of a blank page, a polite message naming what failed and a
 * button to reload. The status line and the offline notice stay outside it and keep working.
 */
export class ShellBoundary extends Component<ShellBoundaryProps, ShellBoundaryState> {
  override state: ShellBoundaryState = {};

  static getDerivedStateFromError(error: unknown): ShellBoundaryState {
    return { error: errorMessage(error) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('ShellBoundary: part of the app failed to load', error, info.componentStack);
  }

  override render() {
    if (this.state.error === undefined) return this.props.children;
    return this.props.part ? <PartFailure /> : <ShellFailure detail={this.state.error} />;
  }
}

function PartFailure() {
  const { t } = useTranslation();
  return (
    <p className="loading-part part-failure" role="alert" data-testid="part-failure">
      {t(navigator.onLine ? 'partFailed' : 'partFailedOffline')}
    </p>
  );
}

function ShellFailure({ detail }: { detail: string }) {
  const { t } = useTranslation();
  return (
    <div className="shell-failure" role="alert" data-testid="shell-failure">
      <h1>{t('appTitle')}</h1>
      <p>{t(navigator.onLine ? 'shellFailed' : 'shellFailedOffline')}</p>
      <p className="shell-failure-detail">{detail}</p>
      <button type="button" className="tool-button" onClick={() => window.location.reload()}>
        {t('reloadPage')}
      </button>
    </div>
  );
}
