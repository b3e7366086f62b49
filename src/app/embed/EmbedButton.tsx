import { PanelToggle } from '../panels/PanelToggle.tsx';
import type { PanelButtonProps } from '../panels/PanelToggle.tsx';
import { EMBED_PANEL_TEXTS } from './texts.ts';

/** The toolbar button that opens and closes the embed panel (the panel itself loads on first use). */
export function EmbedButton({ open, onToggle, language }: PanelButtonProps) {
  const texts = EMBED_PANEL_TEXTS[language];
  return (
    <PanelToggle
      open={open}
      onToggle={onToggle}
      panelId="embed-panel"
      icon="❐"
      label={texts.button}
      title={texts.buttonTitle}
      testId="embed-toggle"
      labelClassName="tool-label"
    />
  );
}
