import { PanelToggle } from '../panels/PanelToggle.tsx';
import type { PanelButtonProps } from '../panels/PanelToggle.tsx';
import { SUN_TEXTS } from './texts.ts';

/** The toolbar button that opens and closes the sun panel. */
export function SunButton({ open, onToggle, language }: PanelButtonProps) {
  const texts = SUN_TEXTS[language];
  return (
    <PanelToggle
      open={open}
      onToggle={onToggle}
      panelId="sun-panel"
      icon="☀"
      label={texts.sun}
      title={texts.sunTitle}
      testId="sun-toggle"
    />
  );
}
