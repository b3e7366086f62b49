import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { Language } from '../i18n/index.ts';
import { HEADER_TEXTS } from './texts.ts';

/**
 * The width of `element` in its own CSS pixels, fractions kept (`offsetWidth` rounds, which shifts the row by
 * a fraction of a pixel): its box on the screen divided by the zoom it is drawn at (the UI scale).
 */
function closedWidthOf(element: HTMLElement | null): number | undefined {
  if (!element) return undefined;
  const zoom = (element as HTMLElement & { currentCSSZoom?: number }).currentCSSZoom ?? 1;
  return element.getBoundingClientRect().width / zoom;
}

/**
 * The header's tools: a row of buttons on wide screens; on narrower ones (CSS, below 1800 px) they fold into a
 * dropdown behind a "Menü / Menu" button. One DOM for both, so a tool's dialog or popup (rendered next to its
 * button) keeps working whichever way it is shown; only the buttons are hidden while the menu is closed.
 * Escape, a tap outside or choosing a tool closes the menu; a button that opens a list inside the menu
 * (the stories menu) carries `data-keeps-menu` and keeps it open.
 */
export function ToolsMenu({ language, children }: { language: Language; children: ReactNode }) {
  const texts = HEADER_TEXTS[language];
  const id = useId();
  const [open, setOpen] = useState(false);
  // The closed menu's width (the menu button and the buttons shown beside it), kept while it is open: the
  // buttons that move into the dropdown must not let the header's row close up, which could pull the title
  // row and the buttons together (two rows becoming one) and move the menu button under the finger.
  const [closedWidth, setClosedWidth] = useState<number>();
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

  const onClick = (event: React.MouseEvent) => {
    const control = (event.target as Element).closest('button, label');
    if (!control || control === buttonRef.current) return;
    // A button that opens a list inside the menu (the stories) marks itself: the choice is still to come.
    if (control.hasAttribute('data-keeps-menu')) return;
    // A label (the file chooser's) hands its click to its input after this event: close only afterwards.
    if (control.tagName === 'LABEL') setTimeout(() => setOpen(false), 0);
    else setOpen(false);
  };

  return (
    <div
      className="tools-menu"
      ref={rootRef}
      data-open={open ? '' : undefined}
      style={open && closedWidth !== undefined ? { minWidth: `${closedWidth}px` } : undefined}
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
        className="tool-button menu-button"
        aria-expanded={open}
        aria-controls={id}
        title={texts.menuTitle}
        onClick={() => {
          if (!open) setClosedWidth(closedWidthOf(rootRef.current));
          setOpen(!open);
        }}
      >
        <span aria-hidden="true">☰</span> <span className="tool-label">{texts.menu}</span>
      </button>
      <nav id={id} className="toolbar" aria-label={texts.tools} onClick={onClick}>
        {children}
      </nav>
    </div>
  );
}
