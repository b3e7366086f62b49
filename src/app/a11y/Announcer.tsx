import { useEffect, useRef, useState } from 'react';
import { A11Y_TEXTS } from './texts.ts';

type Language = 'de' | 'en';

/** How long the view must stay the same before it is announced, and the selection's shorter delay (ms). */
export interface AnnouncerOptions {
  viewDelayMs?: number;
  selectionDelayMs?: number;
}

/** A view is announced after 1.5 s of rest (a pan is not narrated step by step); a selection after 0.3 s. */
export const ANNOUNCER_DEFAULTS: Required<AnnouncerOptions> = { viewDelayMs: 1500, selectionDelayMs: 300 };

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * A polite live region that tells a screen-reader user when the selection changes ("Ausgewählt: Rathaus.")
 * and, once the camera has rested, what is now in view ("Im Bild: 2 × Schulen."). Debounced and said only
 * when the text differs from the last one, so panning does not chatter. `selection` is the selected
 * object's name (undefined: none); `viewSummary` the in-view summary (empty: nothing).
 */
export function Announcer({
  selection,
  viewSummary,
  language,
  options = {},
}: {
  selection: string | undefined;
  viewSummary: string;
  language: Language;
  options?: AnnouncerOptions;
}) {
  const texts = A11Y_TEXTS[language];
  const viewDelay = options.viewDelayMs ?? ANNOUNCER_DEFAULTS.viewDelayMs;
  const selectionDelay = options.selectionDelayMs ?? ANNOUNCER_DEFAULTS.selectionDelayMs;
  const [message, setMessage] = useState('');
  const said = useRef({ view: viewSummary, selection });

  useEffect(() => {
    if (said.current.selection === selection) return;
    const timer = setTimeout(() => {
      said.current.selection = selection;
      setMessage(
        selection === undefined
          ? texts.announceDeselected
          : fill(texts.announceSelected, { name: selection }),
      );
    }, selectionDelay);
    return () => clearTimeout(timer);
  }, [selection, selectionDelay, texts]);

  useEffect(() => {
    if (said.current.view === viewSummary) return;
    const timer = setTimeout(() => {
      said.current.view = viewSummary;
      setMessage(
        viewSummary === '' ? texts.announceNothing : fill(texts.announceView, { summary: viewSummary }),
      );
    }, viewDelay);
    return () => clearTimeout(timer);
  }, [viewSummary, viewDelay, texts]);

  return (
    <div className="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
      {message}
    </div>
  );
}
