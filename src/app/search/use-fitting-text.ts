import { useLayoutEffect, useState } from 'react';
import type { RefObject } from 'react';

/**
 * The first of `candidates` (longest first) that fits in the text box of `ref`'s input at its current
 * font and width, else the last: a placeholder cut at the box's edge reads as nonsense ("Adresse, Schule,
 * Plan,"). Measured again whenever the box changes size (rotation, text zoom, a narrower header).
 */
export function useFittingText(
  ref: RefObject<HTMLInputElement | null>,
  candidates: readonly string[],
): string {
  const [index, setIndex] = useState(0);
  const key = candidates.join('\n');
  useLayoutEffect(() => {
    const input = ref.current;
    const context = document.createElement('canvas').getContext('2d');
    if (!input || !context) return;
    const list = key.split('\n');
    const fit = () => {
      const style = getComputedStyle(input);
      // from its parts: the `font` shorthand of a computed style is empty in some browsers
      context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const found = list.findIndex((text) => context.measureText(text).width <= room);
      setIndex(found < 0 ? list.length - 1 : found);
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(input);
    return () => observer.disconnect();
  }, [ref, key]);
  return candidates[Math.min(index, candidates.length - 1)] ?? '';
}
