import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { playerActionOfKey } from '../../core/story/player.ts';
import { usePresentationLink } from './use-presentation-link.ts';
import type { PresentationState } from './sync.ts';

export { isPresenterUrl } from './presenter-url.ts';

/** Elapsed time as h:mm:ss or m:ss (`milliseconds` ≥ 0). */
export function formatElapsed(milliseconds: number): string {
  const total = Math.max(0, Math.floor(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Plain text as paragraphs (blank lines separate them); never HTML. */
function Paragraphs({ text }: { text: string }) {
  const paragraphs = text.split(/\n\s*\n/).filter((p) => p.trim() !== '');
  return (
    <>
      {paragraphs.map((paragraph, i) => (
        <p key={i}>{paragraph}</p>
      ))}
    </>
  );
}

/** The current time, updated every second. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * The presenter view (`?presenter=1`, a second window): the current and next scene's titles and pictures (as
 * the audience window drew them on arrival; the next one once it has been shown), the current scene's speaker
 * notes, the time since the presentation started and the clock, previous/next buttons and the player's keys.
 * No 3D view: it follows the audience window over the presentation channel and moves it in turn.
 */
export function PresenterPage() {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<PresentationState | undefined>();
  const link = usePresentationLink('presenter', setState);
  const now = useNow();
  // pictures arrive on their own messages; counting them re-renders the page
  const [, setPictureCount] = useState(0);
  useEffect(() => {
    if (!link) return;
    link.onPicture = () => setPictureCount((count) => count + 1);
    link.onEnd = () => setState(undefined); // the audience left the story: wait for the next
    return () => {
      link.onPicture = undefined;
      link.onEnd = undefined;
    };
  }, [link]);

  // As in the audience window: while the screen is black, a move only shows the picture again.
  const go = (index: number) => {
    if (!link) return;
    if (link.state?.black) link.setBlack(false);
    else link.go(index);
    setState(link.state);
  };
  const toggleBlack = () => {
    if (!link?.state) return;
    link.setBlack(!link.state.black);
    setState(link.state);
  };
  const scenes = state?.outline.scenes ?? [];
  const index = state?.index ?? 0;

  useEffect(() => {
    if (!link) return;
    const onKey = (event: KeyboardEvent) => {
      // Keys typed into a field, and Space/Enter on a focused button, belong to the control.
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('input, textarea, select')) return;
      if ((event.key === ' ' || event.key === 'Enter') && target?.closest('button, a')) return;
      const current = link.state;
      if (!current || event.altKey || event.ctrlKey || event.metaKey) return;
      const action = playerActionOfKey(event.key);
      if (action === 'black') {
        event.preventDefault();
        link.setBlack(!current.black);
        setState(link.state);
        return;
      }
      const last = current.outline.scenes.length - 1;
      const to =
        action === 'next'
          ? current.index + 1
          : action === 'previous'
            ? current.index - 1
            : action === 'first'
              ? 0
              : action === 'last'
                ? last
                : undefined;
      if (to === undefined) return;
      event.preventDefault();
      if (current.black) link.setBlack(false);
      else link.go(to);
      setState(link.state);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [link]);

  useEffect(() => {
    document.title = `${t('presenterHeading')} · ${state?.outline.title ?? t('appTitle')}`;
  }, [state?.outline.title, t]);

  const current = scenes[index];
  const next = scenes[index + 1];
  const currentPicture = link?.pictureOf(index);
  const nextPicture = link?.pictureOf(index + 1);
  const clock = new Intl.DateTimeFormat(i18n.language, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(now);

  return (
    <div className="presenter" data-testid="presenter">
      <header className="app-header">
        <h1>
          {t('presenterHeading')}
          {state && ` · ${state.outline.title}`}
        </h1>
      </header>
      <main className="presenter-main">
        {!state || !current ? (
          <p className="presenter-waiting" role="status" data-testid="presenter-waiting">
            {t('presenterWaiting')}
          </p>
        ) : (
          <>
            <section className="presenter-current" aria-labelledby="presenter-current-heading">
              <h2 id="presenter-current-heading">
                {t('presenterCurrent')}{' '}
                <span className="presenter-position">
                  ({t('presenterPosition', { number: index + 1, count: scenes.length })})
                </span>
              </h2>
              <p className="presenter-title" data-testid="presenter-current" aria-live="polite">
                {current.title}
              </p>
              <p className="presenter-black" role="status" data-testid="presenter-black-state">
                {state.black ? t('presenterBlackOn') : ''}
              </p>
              {currentPicture && (
                <img
                  className="presenter-picture"
                  src={currentPicture}
                  alt={t('presenterPicture', { title: current.title })}
                  data-testid="presenter-current-picture"
                />
              )}
              <h3>{t('presenterNotes')}</h3>
              <div className="presenter-notes" data-testid="presenter-notes">
                {current.notes?.trim() ? <Paragraphs text={current.notes} /> : <p>{t('presenterNoNotes')}</p>}
              </div>
            </section>
            <section className="presenter-next" aria-labelledby="presenter-next-heading">
              <h2 id="presenter-next-heading">{t('presenterNext')}</h2>
              <p className="presenter-title" data-testid="presenter-next">
                {next ? next.title : t('presenterEnd')}
              </p>
              {next &&
                (nextPicture ? (
                  <img
                    className="presenter-picture"
                    src={nextPicture}
                    alt={t('presenterPicture', { title: next.title })}
                    data-testid="presenter-next-picture"
                  />
                ) : (
                  <p className="presenter-no-picture">{t('presenterNoPicture')}</p>
                ))}
            </section>
          </>
        )}
        <section className="presenter-times" aria-label={`${t('presenterElapsed')}, ${t('presenterClock')}`}>
          <p>
            <span className="presenter-label">{t('presenterElapsed')}</span>{' '}
            <span className="presenter-time" data-testid="presenter-elapsed">
              {state ? formatElapsed(now - state.startedAt) : '–'}
            </span>
          </p>
          <p>
            <span className="presenter-label">{t('presenterClock')}</span>{' '}
            <span className="presenter-time" data-testid="presenter-clock">
              {clock}
            </span>
          </p>
          <button
            type="button"
            className="tool-button secondary"
            disabled={!state}
            onClick={() => {
              link?.restartClock();
              setState(link?.state);
            }}
          >
            {t('presenterRestart')}
          </button>
        </section>
        <nav className="presenter-nav" aria-label={t('presenterHeading')}>
          <button
            type="button"
            className="tool-button"
            disabled={!state || index === 0}
            onClick={() => go(index - 1)}
            data-testid="presenter-previous"
          >
            <span aria-hidden="true">←</span> {t('presenterPrevious')}
          </button>
          <button
            type="button"
            className="tool-button"
            disabled={!state || index >= scenes.length - 1}
            onClick={() => go(index + 1)}
            data-testid="presenter-next-button"
          >
            {t('presenterNextButton')} <span aria-hidden="true">→</span>
          </button>
          <button
            type="button"
            className="tool-button secondary"
            disabled={!state}
            aria-pressed={state?.black ?? false}
            onClick={toggleBlack}
            data-testid="presenter-black"
          >
            {t('storyBlack')} (B)
          </button>
        </nav>
        <p className="presenter-keys">{t('presenterKeys')}</p>
      </main>
    </div>
  );
}
