import { useEffect } from 'react';
import { Credit } from 'cesium';
import { escapeHtml } from './credit-text.ts';
import { useViewer } from './use-viewer.ts';

/**
 * Adds the city's data attributions to Cesium's credit line (as plain text) while mounted. Cesium redraws the
 * line with a frame, so each change asks for one: in request-render mode a still map would keep showing the
 * old line (the other language's, after a switch).
 */
export function Attributions({ texts }: { texts: readonly string[] }) {
  const viewer = useViewer();
  useEffect(() => {
    const credits = texts.map((text) => new Credit(escapeHtml(text), true));
    for (const credit of credits) viewer.creditDisplay.addStaticCredit(credit);
    viewer.scene.requestRender();
    return () => {
      if (viewer.isDestroyed()) return;
      for (const credit of credits) viewer.creditDisplay.removeStaticCredit(credit);
      viewer.scene.requestRender();
    };
  }, [viewer, texts]);
  return null;
}
