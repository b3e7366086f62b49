import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoryLink } from '../config/types.ts';
import type { Language } from '../i18n/index.ts';

/**
 * The header's "Stories" menu: a disclosure button and the city's stories as buttons; choosing one opens it in
 * presentation mode. Escape or a click elsewhere closes the menu; focus returns to the button.
 */
export function StoriesMenu({
  stories,
  language,
  onOpen,
}: {
  stories: readonly StoryLink[];
  language: Language;
  onOpen: (url: string) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  return (
    <div
      className="stories-menu"
      ref={rootRef}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="tool-button"
        data-testid="stories-menu"
        data-keeps-menu=""
        aria-expanded={open}
        aria-controls={menuId}
        title={t('storiesMenuTitle')}
        onClick={() => setOpen((value) => !value)}
      >
        <span aria-hidden="true">▶</span> {t('storiesMenu')}
      </button>
      {open && (
        <ul id={menuId} className="stories-list" aria-label={t('storiesMenuLabel')}>
          {stories.map((story) => (
            <li key={story.id}>
              <button
                type="button"
                className="tool-button"
                data-testid={`story-open-${story.id}`}
                onClick={() => {
                  setOpen(false);
                  onOpen(story.url);
                }}
              >
                {story.title[language]}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
