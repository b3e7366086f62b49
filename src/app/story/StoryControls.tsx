import { useTranslation } from 'react-i18next';
import type { PlayerAction, StoryPlayerState } from '../../core/story/player.ts';
import { PresenterOpenButton } from '../presenter/PresenterOpenButton.tsx';
import type { Fullscreen } from './use-fullscreen.ts';

/**
 * The on-screen buttons of presentation mode (48 px targets): previous, next, black screen, autoplay, full
 * screen (where the browser offers it) and leave, with the key hint for the speaker.
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
        {t('storyBlack')}
      </button>
      <button
        type="button"
        className="story-button"
        data-testid="story-autoplay"
        data-story-autoplay=""
        aria-pressed={state.autoplay}
        onClick={() => onAction('autoplay')}
      >
        {state.autoplay ? t('storyAutoplayPause') : t('storyAutoplay')}
      </button>
      {fullscreen.available && !fullscreen.active && (
        <button
          type="button"
          className="story-button"
          data-testid="story-fullscreen"
          onClick={fullscreen.enter}
        >
          {t('storyFullscreen')}
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
        {t('storyLeave')}
      </button>
      <p className="story-status" aria-live="polite">
        {!arrived && <span>{t('storyArriving')} </span>}
        {state.autoplay ? t('storyAutoplayOn') : ''}
      </p>
      <p className="story-keys">{t('storyKeys')}</p>
    </div>
  );
}
