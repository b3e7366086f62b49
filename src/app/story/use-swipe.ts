import { useEffect, useRef } from 'react';

export interface SwipeOptions {
  /** Shortest horizontal travel that counts as a swipe, CSS pixels. */
  minDistance?: number;
  /** Longest swipe, milliseconds (a slower drag moves the map instead). */
  maxDuration?: number;
  /** Largest vertical travel per horizontal travel (a steeper gesture is no swipe). */
  maxSlope?: number;
}

export const SWIPE_DEFAULTS: Required<SwipeOptions> = { minDistance: 60, maxDuration: 700, maxSlope: 0.6 };

/** Where a swipe may take its time: no map under the finger to pan (the caption band, `touch-action: pan-y`). */
const UNHURRIED = '.story-band';

/**
 * Calls `onSwipe` for a horizontal touch swipe (Pointer Events, touch and pen only; a mouse drag stays the map's):
 * on the caption band at any speed, elsewhere only a quick one, since a slower drag pans the map. 'left' means the
 * finger moved to the left (next scene).
 */
export function useSwipe(onSwipe: (direction: 'left' | 'right') => void, options: SwipeOptions = {}): void {
  const onSwipeRef = useRef(onSwipe);
  onSwipeRef.current = onSwipe;
  const { minDistance, maxDuration, maxSlope } = { ...SWIPE_DEFAULTS, ...options };
  useEffect(() => {
    const starts = new Map<number, { x: number; y: number; time: number; unhurried: boolean }>();
    const onDown = (event: PointerEvent) => {
      if (event.pointerType === 'mouse') return;
      const unhurried = event.target instanceof Element && event.target.closest(UNHURRIED) !== null;
      starts.set(event.pointerId, { x: event.clientX, y: event.clientY, time: event.timeStamp, unhurried });
    };
    const onUp = (event: PointerEvent) => {
      const start = starts.get(event.pointerId);
      starts.delete(event.pointerId);
      // Two fingers pinch or rotate the map: no swipe.
      if (!start || starts.size > 0) return;
      const dx = event.clientX - start.x;
      const dy = event.clientY - start.y;
      if (Math.abs(dx) < minDistance || Math.abs(dy) > Math.abs(dx) * maxSlope) return;
      if (!start.unhurried && event.timeStamp - start.time > maxDuration) return;
      onSwipeRef.current(dx < 0 ? 'left' : 'right');
    };
    const onCancel = (event: PointerEvent) => starts.delete(event.pointerId);
    window.addEventListener('pointerdown', onDown, true);
    window.addEventListener('pointerup', onUp, true);
    window.addEventListener('pointercancel', onCancel, true);
    return () => {
      window.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('pointerup', onUp, true);
      window.removeEventListener('pointercancel', onCancel, true);
    };
  }, [minDistance, maxDuration, maxSlope]);
}
