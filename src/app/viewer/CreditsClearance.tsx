import { useEffect } from 'react';
import { useViewer } from './use-viewer.ts';

/** The custom property on the app root that holds the credit line's height, CSS pixels as drawn (zoom included). */
export const CREDITS_HEIGHT_PROPERTY = '--credits-height';

/**
 * Keeps `--credits-height` on the app root at the height of Cesium's credit line, so the status line above it
 * (base.css) never covers the data's attributions: on a phone, with the layers on, the line wraps to five rows.
 */
export function CreditsClearance() {
  const viewer = useViewer();
  useEffect(() => {
    // The block that holds the credit line (`.cesium-viewer-bottom`), not Cesium's inline container inside it:
    // a ResizeObserver never reports an inline box, so the line's growing went unseen.
    const bottom = viewer.creditContainer as HTMLElement;
    const root = bottom.closest<HTMLElement>('.app');
    if (!root) return;
    const update = () =>
      root.style.setProperty(
        CREDITS_HEIGHT_PROPERTY,
        `${Math.ceil(bottom.getBoundingClientRect().height)}px`,
      );
    const observer = new ResizeObserver(update);
    observer.observe(bottom);
    update();
    return () => {
      observer.disconnect();
      root.style.removeProperty(CREDITS_HEIGHT_PROPERTY);
    };
  }, [viewer]);
  return null;
}
