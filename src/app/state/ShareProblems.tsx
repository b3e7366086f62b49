import { useState } from 'react';
import type { Language } from '../i18n/index.ts';
import type { ShareProblem } from './share-state.ts';
import { SHARE_TEXTS, describeShareProblem } from './texts.ts';

/**
 * A polite notice (role=status) listing the link parameters that were ignored and why, in German or English;
 * dismissable. Values from the link are rendered as text, never as HTML. Nothing when every value was usable.
 */
export function ShareProblems({
  problems,
  language,
}: {
  problems: readonly ShareProblem[];
  language: Language;
}) {
  const [dismissed, setDismissed] = useState(false);
  if (problems.length === 0 || dismissed) return null;
  const texts = SHARE_TEXTS[language];
  return (
    <div className="share-problems" role="status" aria-live="polite" data-testid="share-problems">
      <p>{texts.problemsTitle}</p>
      <ul>
        {problems.map((problem) => (
          <li key={problem.param} data-param={problem.param}>
            {describeShareProblem(problem, language)}
          </li>
        ))}
      </ul>
      <button type="button" className="tool-button secondary" onClick={() => setDismissed(true)}>
        {texts.dismiss}
      </button>
    </div>
  );
}
