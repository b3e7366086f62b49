import { useEffect } from 'react';
import { sceneLoaded } from './scene-loaded.ts';
import { useViewer } from './use-viewer.ts';

/**
 * Says on the viewer's container, after each frame drawn, whether everything had loaded for it
 * (`data-scene-loaded="true"|"false"`): what a test reports when the map does not settle, and what support
 * reads in the DOM of a scene that stays incomplete.
 */
export function SceneLoadedState() {
  const viewer = useViewer();
  useEffect(() => {
    const container = viewer.container;
    let shown: string | undefined;
    const remove = viewer.scene.postRender.addEventListener(() => {
      const loaded = String(sceneLoaded(viewer));
      if (loaded === shown) return;
      shown = loaded;
      container.setAttribute('data-scene-loaded', loaded);
    });
    return () => {
      remove();
      container.removeAttribute('data-scene-loaded');
    };
  }, [viewer]);
  return null;
}
