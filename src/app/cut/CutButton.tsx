import type { Language } from '../i18n/index.ts';
import { CUT_TEXTS } from './texts.ts';
import type { CutSession } from './use-cut.ts';

/** The toolbar button that opens and closes the cut panel. */
export function CutButton({ session, language }: { session: CutSession; language: Language }) {
  const texts = CUT_TEXTS[language];
  return (
    <button
      type="button"
      className="tool-button"
      aria-expanded={session.open}
      aria-controls="cut-panel"
      title={texts.cutTitle}
      onClick={() => session.setOpen(!session.open)}
    >
      <span aria-hidden="true">✂</span> {texts.cut}
    </button>
  );
}
