import type { Language } from '../i18n/index.ts';
import { PanelToggle } from '../panels/PanelToggle.tsx';
import { CUT_TEXTS } from './texts.ts';
import type { CutSession } from './use-cut.ts';

/** The toolbar button that opens and closes the cut panel. */
export function CutButton({ session, language }: { session: CutSession; language: Language }) {
  const texts = CUT_TEXTS[language];
  return (
    <PanelToggle
      open={session.open}
      onToggle={() => session.setOpen(!session.open)}
      panelId="cut-panel"
      icon="✂"
      label={texts.cut}
      title={texts.cutTitle}
    />
  );
}
