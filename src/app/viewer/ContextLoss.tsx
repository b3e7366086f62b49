import { useEffect } from 'react';
import { Cartesian3 } from 'cesium';
import { useTranslation } from 'react-i18next';
import { useViewer } from './use-viewer.ts';

/** Where the camera was when the WebGL context was lost: ECEF metres and radians, for the new viewer. */
export interface SavedCamera {
  destination: Cartesian3;
  orientation: { heading: number; pitch: number; roll: number };
}

/**
 * Watches the viewer's canvas for `webglcontextlost` (the GPU was reset, the browser reclaimed memory, a
 * phone sent the tab to the background) and `webglcontextrestored`. Cesium cannot carry on in a restored
 * context, so `onLost` gets the camera to keep and `onRestored` asks for a new viewer.
 */
export function ContextLossWatch({
  onLost,
  onRestored,
}: {
  onLost: (camera: SavedCamera) => void;
  onRestored: () => void;
}) {
  const viewer = useViewer();
  useEffect(() => {
    const canvas = viewer.canvas;
    // The browser reports the loss a task later; a frame drawn in between fails, and Cesium would show its
    // render error panel over our notice. While the context is lost, that panel stays away.
    const widget = viewer;
    const showErrorPanel = widget.showErrorPanel;
    widget.showErrorPanel = (...args: Parameters<typeof showErrorPanel>) => {
      if (!isContextLost(canvas)) showErrorPanel.apply(widget, args);
    };
    const lost = (event: Event) => {
      // Without preventDefault the browser never restores the context.
      event.preventDefault();
      // Rendering into the lost context fails (Cesium would show its render error panel): stop the loop.
      viewer.useDefaultRenderLoop = false;
      const camera = viewer.camera;
      onLost({
        destination: Cartesian3.clone(camera.positionWC),
        orientation: { heading: camera.heading, pitch: camera.pitch, roll: camera.roll },
      });
    };
    canvas.addEventListener('webglcontextlost', lost);
    canvas.addEventListener('webglcontextrestored', onRestored);
    return () => {
      canvas.removeEventListener('webglcontextlost', lost);
      canvas.removeEventListener('webglcontextrestored', onRestored);
      widget.showErrorPanel = showErrorPanel;
    };
  }, [viewer, onLost, onRestored]);
  return null;
}

/** True while the canvas' WebGL context is lost (getContext returns the context the canvas already has). */
function isContextLost(canvas: HTMLCanvasElement): boolean {
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  return gl?.isContextLost() ?? false;
}

/** Puts the camera of the lost viewer back in the new one (after the start view: the last child's effect). */
export function RestoreCamera({ camera }: { camera: SavedCamera | undefined }) {
  const viewer = useViewer();
  useEffect(() => {
    if (!camera) return;
    viewer.camera.setView(camera);
    viewer.scene.requestRender();
  }, [viewer, camera]);
  return null;
}

/**
 * The polite notice while the 3D view is gone: what happened, that the view comes back by itself once the
 * browser allows, and a button to start it again now.
 */
export function ContextLossNotice({ onRecover }: { onRecover: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="context-loss" role="alert" data-testid="context-loss">
      <p>{t('contextLost')}</p>
      <button type="button" className="tool-button" onClick={onRecover}>
        {t('contextRecover')}
      </button>
    </div>
  );
}
