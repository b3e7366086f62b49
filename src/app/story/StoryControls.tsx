import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlayerAction, StoryPlayerState } from '../../core/story/player.ts';
import { PresenterOpenButton } from '../presenter/PresenterOpenButton.tsx';
import type { Fullscreen } from './use-fullscreen.ts';

/** Small screens show an icon in place of a button's words; the words stay the button's name. */
function Label({ icon, text }: { icon: ReactNode; text: string }) {
  return (
    <>
      <svg className="story-button-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        {icon}
      </svg>
      <span className="story-button-text">{text}</span>
    </>
  );
}

const STROKE = { fill: 'none', stroke: 'currentColor', strokeWidth: 2.2, strokeLinecap: 'round' } as const;
const ICONS = {
  black: <rect x="3" y="5" width="18" height="14" rx="2" fill="currentColor" />,
  play: (
    <>
      <circle cx="12" cy="12" r="9.5" {...STROKE} />
      <path d="M10 8v8l6-4z" fill="currentColor" />
    </>
  ),
  pause: (
    <>
      <circle cx="12" cy="12" r="9.5" {...STROKE} />
      <path d="M10 8.5v7M14 8.5v7" {...STROKE} />
    </>
  ),
  fullscreen: <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" {...STROKE} />,
  leave: <path d="M6 6l12 12M18 6L6 18" {...STROKE} />,
} satisfies Record<string, ReactNode>;

/**
 * The on-screen buttons of presentation mode (48 px targets): previous, next, black screen, autoplay, full
 * screen (where the browser offers it) and leave, with the key hint for the speaker. On small screens they are
 * icons in one row (stories.css).
 */
export function StoryControls({
  state,
  arrived,
  fullscreen,
  onAction,
}: {
  state: StoryPlayerState;
  arrived: boolean;
  fullscreen: Fullscreen;
  onAction: (action: PlayerAction) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="story-controls" role="toolbar" aria-label={t('storyControls')}>
      <button
        type="button"
        className="story-button"
        data-testid="story-previous"
        onClick={() => onAction('previous')}
        disabled={state.index === 0 && !state.black}
        aria-label={t('storyPrevious')}
        title={t('storyPrevious')}
      >
        <span aria-hidden="true">◀</span>
      </button>
      <button
        type="button"
        className="story-button"
        data-testid="story-next"
        onClick={() => onAction('next')}
        disabled={state.index >= state.count - 1 && !state.black && !(state.autoplay && state.loop)}
        aria-label={t('storyNext')}
        title={t('storyNext')}
      >
        <span aria-hidden="true">▶</span>
      </button>
      <button
        type="button"
        className="story-button"
        data-testid="story-black-button"
        aria-pressed={state.black}
        onClick={() => onAction('black')}
        title={`${t('storyBlack')} (B)`}
      >
        <Label icon={ICONS.black} text={t('storyBlack')} />
      </button>
      <button
        type="button"
        className="story-button"
        data-testid="story-autoplay"
        data-story-autoplay=""
        aria-pressed={state.autoplay}
        onClick={() => onAction('autoplay')}
      >
        <Label
          icon={state.autoplay ? ICONS.pause : ICONS.play}
          text={state.autoplay ? t('storyAutoplayPause') : t('storyAutoplay')}
        />
      </button>
      {fullscreen.available && !fullscreen.active && (
        <button
          type="button"
          className="story-button"
          data-testid="story-fullscreen"
          onClick={fullscreen.enter}
        >
          <Label icon={ICONS.fullscreen} text={t('storyFullscreen')} />
        </button>
      )}
      <PresenterOpenButton />
      <button
        type="button"
        className="story-button"
        data-testid="story-leave"
        onClick={() => onAction('leave')}
        title={`${t('storyLeave')} (Esc)`}
      >
        <Label icon={ICONS.leave} text={t('storyLeave')} />
      </button>
      <p className="story-status" aria-live="polite">
        {!arrived && <span>{t('storyArriving')} </span>}
        {state.autoplay ? t('storyAutoplayOn') : ''}
      </p>
      <p className="story-keys">{t('storyKeys')}</p>
    </div>
  );
}
