import { useEffect, useState, type RefObject } from 'react';

/** Which ends of a scrolling element hide content: the text above and below what shows. */
export interface ScrollCue {
  above: boolean;
  below: boolean;
}

const NONE: ScrollCue = { above: false, below: false };

/**
 * Follows a scroll container and says whether content is hidden above or below, so the page can show that there
 * is more to read (a touch screen has no visible scroll bar). `content` is whatever changes the content (the
 * scene): a new caption is measured again. Sub-pixel rounding counts as nothing hidden.
 */
export function useScrollCue(ref: RefObject<HTMLElement | null>, content: unknown): ScrollCue {
  const [cue, setCue] = useState<ScrollCue>(NONE);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const above = element.scrollTop > 1;
      const below = element.scrollHeight - element.clientHeight - element.scrollTop > 1;
      setCue((old) => (old.above === above && old.below === below ? old : { above, below }));
    };
    measure();
    element.addEventListener('scroll', measure, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(measure);
    observer?.observe(element);
    return () => {
      element.removeEventListener('scroll', measure);
      observer?.disconnect();
    };
  }, [ref, content]);
  return cue;
}
