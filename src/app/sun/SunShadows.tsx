import { useEffect } from 'react';
import { isSoftwareRenderer } from '../viewer/renderer.ts';
import { useViewer } from '../viewer/use-viewer.ts';

/** Options of the scene's shadow map. */
export interface ShadowOptions {
  /** Shadow map texture size, pixels (each side). */
  size?: number;
  /** Soft (percentage-closer filtered) shadow edges with graphics hardware. */
  softShadows?: boolean;
  /** Size on a software renderer, where each frame is rasterised on the CPU. */
  softwareSize?: number;
}

/** 2048 px with soft edges on a GPU; on a software renderer 1024 px and hard edges (four times fewer lookups). */
export const SHADOW_DEFAULTS: Required<ShadowOptions> = { size: 2048, softShadows: true, softwareSize: 1024 };

/**
 * Switches the scene's shadows on or off: buildings (3D tilesets cast and receive by default) shade each other and
 * the ground (the globe receives). Off again in the cleanup.
 */
export function SunShadows({
  enabled,
  options = SHADOW_DEFAULTS,
}: {
  enabled: boolean;
  options?: Required<ShadowOptions>;
}) {
  const viewer = useViewer();
  useEffect(() => {
    if (!enabled) return;
    const software = isSoftwareRenderer(viewer);
    const shadowMap = viewer.scene.shadowMap;
    shadowMap.enabled = true;
    shadowMap.size = software ? options.softwareSize : options.size;
    shadowMap.softShadows = !software && options.softShadows;
    // Cesium fades shadows out as the sun nears the horizon, which would hide the long shadows of a winter morning
    // that a shadow study is about.
    shadowMap.fadingEnabled = false;
    viewer.scene.requestRender();
    return () => {
      if (viewer.isDestroyed()) return;
      viewer.scene.shadowMap.enabled = false;
      viewer.scene.requestRender();
    };
  }, [viewer, enabled, options]);
  return null;
}
