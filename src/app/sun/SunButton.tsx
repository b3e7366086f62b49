import type { Language } from '../i18n/index.ts';
import { SUN_TEXTS } from './texts.ts';

/** The toolbar button that opens and closes the sun panel. */
export function SunButton({
  open,
  onToggle,
  language,
}: {
  open: boolean;
  onToggle: () => void;
  language: Language;
}) {
  const texts = SUN_TEXTS[language];
  return (
    <button
      type="button"
      className="tool-button"
      aria-expanded={open}
      aria-controls="sun-panel"
      title={texts.sunTitle}
      data-testid="sun-toggle"
      onClick={onToggle}
    >
      <span aria-hidden="true">☀</span> {texts.sun}
    </button>
  );
}
