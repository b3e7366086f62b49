import { useTranslation } from 'react-i18next';

// Apart from StoryEditor.tsx, which loads when the editor first opens.

/** Toolbar button that opens and closes the story editor. */
export function StoryEditorToggle({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="tool-button"
      aria-expanded={open}
      aria-controls="story-editor"
      onClick={onToggle}
      data-testid="story-editor-toggle"
    >
      <span aria-hidden="true">✍</span> {t('editorOpen')}
    </button>
  );
}
