import { useEffect, useRef } from 'react';
import { useViewer } from '../viewer/use-viewer.ts';

/**
 * Enter on the focused map selects what is at the centre of the view, as a click there would (WCAG 2.1.1:
 * picking a building needs no pointer). The click is handed to Cesium's own input handling as pointer
 * events at the centre, so the picker, its highlight and the attribute panel work as for a mouse. Escape on the
 * focused map clears the selection (`onClear`), as the attribute panel's close button does. `enabled` is false
 * while a tool uses Enter and Escape itself (measuring, drawing).
 */
export function CentrePick({ enabled, onClear }: { enabled: boolean; onClear: () => void }) {
  const onClearRef = useRef(onClear);
  onClearRef.current = onClear;
  const viewer = useViewer();
  useEffect(() => {
    if (!enabled) return;
    const canvas = viewer.scene.canvas;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.target !== canvas) return;
      if (event.key === 'Escape') {
        onClearRef.current();
        return;
      }
      if (event.key !== 'Enter' || event.repeat) return;
      event.preventDefault();
      const box = canvas.getBoundingClientRect();
      const at = {
        clientX: box.left + box.width / 2,
        clientY: box.top + box.height / 2,
        button: 0,
        pointerId: 1,
        pointerType: 'mouse',
        isPrimary: true,
        bubbles: true,
        cancelable: true,
      };
      canvas.dispatchEvent(new PointerEvent('pointerdown', { ...at, buttons: 1 }));
      canvas.dispatchEvent(new PointerEvent('pointerup', { ...at, buttons: 0 }));
    };
    canvas.addEventListener('keydown', onKeyDown);
    return () => canvas.removeEventListener('keydown', onKeyDown);
  }, [viewer, enabled]);
  return null;
}
