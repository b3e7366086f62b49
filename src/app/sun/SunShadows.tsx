import { useEffect } from 'react';
import { isSoftwareRenderer } from '../viewer/renderer.ts';
import { fadeGrazingShadows } from './shadow-bias.ts';
import { useViewer } from '../viewer/use-viewer.ts';

/** Options of the scene's shadow map. */
export interface ShadowOptions {
  /** Shadow map texture size, pixels (each side). */
  size?: number;
  /** Soft (percentage-closer filtered) shadow edges with graphics hardware. */
  softShadows?: boolean;
  /** Size on a software renderer, where each frame is rasterised on the CPU. */
  softwareSize?: number;
  /**
   * n·l (cosine of the sun's angle to a surface's normal) below which a model's surface fades into shade
   * (`fadeGrazingShadows`): 0.15, a sun within about 9° of the surface's plane, where shadow acne shows.
   */
  grazingFade?: number;
}

/** 2048 px with soft edges on a GPU; on a software renderer 1024 px and hard edges (four times fewer lookups). */
export const SHADOW_DEFAULTS: Required<ShadowOptions> = {
  size: 2048,
  softShadows: true,
  softwareSize: 1024,
  grazingFade: 0.15,
};

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
    // With the sun that low, roofs it grazes would show stripes of shadow acne instead.
    const restoreBias = fadeGrazingShadows(shadowMap, options.grazingFade);
    viewer.scene.requestRender();
    return () => {
      if (viewer.isDestroyed()) return;
      restoreBias();
      viewer.scene.shadowMap.enabled = false;
      viewer.scene.requestRender();
    };
  }, [viewer, enabled, options]);
  return null;
}
