import { PanelToggle } from '../panels/PanelToggle.tsx';
import type { PanelButtonProps } from '../panels/PanelToggle.tsx';
import { LAYER_TEXTS } from './texts.ts';

/** Toolbar button that opens and closes the layer panel. */
export function LayerTreeToggle({ open, onToggle, language }: PanelButtonProps) {
  const texts = LAYER_TEXTS[language];
  return (
    <PanelToggle
      open={open}
      onToggle={onToggle}
      panelId="layer-panel"
      icon="▤"
      label={texts.layers}
      labelClassName="tool-label"
      title={texts.layersTitle}
      testId="layer-tree-toggle"
      primary
    />
  );
}
