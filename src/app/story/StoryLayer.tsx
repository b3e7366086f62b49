import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { WithEnglishPart } from '../i18n/EnglishPart.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { formatStoryLoadError } from './problem-text.ts';
import type { Translate } from './problem-text.ts';
import { StoryPresentation } from './StoryPresentation.tsx';
import type { StoryPresentationOptions } from './StoryPresentation.tsx';
import { StoryProblemsNotice } from './StoryProblemsNotice.tsx';
import type { StorySource } from './use-story.ts';

/**
 * The open story inside the viewer: its presentation, its problems (scenes skipped, or why nothing was opened)
 * and the loading line. Closing the presentation closes the story.
 */
export function StoryLayer({ source, options }: { source: StorySource; options?: StoryPresentationOptions }) {
  const { t, i18n } = useTranslation();
  const translate: Translate = (key: MessageKey, values) => t(key, values);
  const { current, loading, close } = source;
  const [problemsSeen, setProblemsSeen] = useState(false);
  useEffect(() => setProblemsSeen(false), [current]);

  const story = current?.story;
  const playable = story !== undefined && story.scenes.length > 0;
  let lead: ReactNode | undefined;
  const error = current?.error;
  // the browser's reason for a failed request ("Failed to fetch") is English: marked so on a German page
  if (error?.kind === 'network')
    lead = (
      <WithEnglishPart
        language={i18n.language === 'en' ? 'en' : 'de'}
        english={error.message}
        sentence={(message) => formatStoryLoadError({ ...error, message }, translate)}
      />
    );
  else if (error) lead = formatStoryLoadError(error, translate);
  else if (current && !story) lead = t('storyNotOpened', { source: current.source });
  else if (story && !playable) lead = t('storyNoScenes', { title: story.title });
  else if (current && current.problems.length > 0) {
    lead = t('storySkipped', {
      skipped: current.sceneCount - (story?.scenes.length ?? 0),
      count: current.sceneCount,
    });
  }
  const showNotice = current !== undefined && lead !== undefined && !problemsSeen;

  return (
    <>
      {loading && (
        <p className="story-loading" role="status">
          {t('storyLoading', { source: loading })}
        </p>
      )}
      {showNotice && (
        <StoryProblemsNotice
          source={current.source}
          problems={current.problems}
          lead={lead}
          onClose={() => (playable ? setProblemsSeen(true) : close())}
        />
      )}
      {playable && (
        <StoryPresentation
          key={`${current?.source}:${current?.start ?? 0}`}
          story={story}
          start={current?.start ?? 0}
          onLeave={close}
          options={options}
        />
      )}
    </>
  );
}
