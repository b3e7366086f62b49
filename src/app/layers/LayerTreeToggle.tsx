import { LAYER_TEXTS } from './texts.ts';

type Language = 'de' | 'en';

/** Toolbar button that opens and closes the layer panel. */
export function LayerTreeToggle({
  open,
  onToggle,
  language,
}: {
  open: boolean;
  onToggle: () => void;
  language: Language;
}) {
  const texts = LAYER_TEXTS[language];
  return (
    <button
      type="button"
      className="tool-button"
      aria-expanded={open}
      aria-controls="layer-panel"
      title={texts.layersTitle}
      onClick={onToggle}
      data-testid="layer-tree-toggle"
      data-header="primary"
    >
      <span aria-hidden="true">▤</span> <span className="tool-label">{texts.layers}</span>
    </button>
  );
}
