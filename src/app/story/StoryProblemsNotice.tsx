import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoryProblem } from '../../core/story/validate.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { formatStoryProblem } from './problem-text.ts';
import type { Translate } from './problem-text.ts';

/** Problems listed before "… and N more". */
const SHOWN_PROBLEMS = 5;

/**
 * The faults of a story file, politely: how many scenes were skipped and, for the first few faults, the scene,
 * field, expectation and what was found. `lead` is a sentence before the list (e.g. that nothing was opened).
 */
export function StoryProblemsNotice({
  source,
  problems,
  lead,
  onClose,
}: {
  source: string;
  problems: readonly StoryProblem[];
  lead?: ReactNode;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const translate: Translate = (key: MessageKey, values) => t(key, values);
  const shown = problems.slice(0, SHOWN_PROBLEMS);
  return (
    <section
      className="story-notice"
      role="alert"
      data-testid="story-problems"
      aria-label={t('storyProblemsTitle', { source })}
    >
      <h2>{t('storyProblemsTitle', { source })}</h2>
      {lead && <p>{lead}</p>}
      <ul>
        {shown.map((problem, i) => (
          <li key={i}>{formatStoryProblem(problem, translate, i18n.language)}</li>
        ))}
      </ul>
      {problems.length > shown.length && (
        <p>{t('storyMoreProblems', { count: problems.length - shown.length })}</p>
      )}
      <button type="button" className="tool-button" onClick={onClose}>
        {t('close')}
      </button>
    </section>
  );
}
