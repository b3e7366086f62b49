import { useEffect } from 'react';
import { medianFrameMs, PERF_TIERS, stepTier, TIER_STEP_DEFAULTS } from '../../core/perf/tier.ts';
import type { TierState } from '../../core/perf/tier.ts';
import { applyPerfTier, tierFromSearch } from './perf-tier.ts';
import { renderScaleFromSearch, SOFTWARE_RENDER_SCALE } from './render-scale.ts';
import { isSoftwareRenderer } from './renderer.ts';
import { useViewer } from './use-viewer.ts';

/**
 * Chooses the performance tier by measured frame times: starts at the top tier and steps down while the
 * median time between frames rendered one after the other (milliseconds; render on demand leaves idle
 * stretches out) is slow, back up with hysteresis when it is fast (`stepTier`). `?tier=low|medium|high` fixes a tier (tests, support);
 * `?renderScale=` keeps its own resolution. The median of the last window is kept in `data-frame-ms` on the
 * viewer's container (read by bench/perf-tiers.ts).
 *
 * A software renderer (no GPU: headless browsers, many virtual desktops) keeps the settings measured for it
 * instead (no multisampling, half resolution; bench/browser-import.ts: 0.7–0.9 s a frame at full resolution,
 * 0.3–0.5 s at half): every frame there is slow, and stepping down would coarsen the buildings too.
 */
export function PerfTierSettings() {
  const viewer = useViewer();
  useEffect(() => {
    const search = globalThis.location?.search ?? '';
    const renderScale = renderScaleFromSearch(search);
    const fixed = tierFromSearch(search);
    const adaptive = fixed === undefined && !isSoftwareRenderer(viewer);
    let state: TierState = { index: fixed ?? PERF_TIERS.length - 1, fastWindows: 0 };
    if (fixed === undefined && !adaptive) {
      viewer.scene.msaaSamples = 1;
      const scale = renderScale ?? SOFTWARE_RENDER_SCALE;
      viewer.resolutionScale = scale;
      if (scale < 1) viewer.canvas.style.imageRendering = 'auto';
      viewer.container.setAttribute('data-perf-tier', 'software');
      viewer.scene.requestRender();
    } else {
      applyPerfTier(viewer, PERF_TIERS[state.index]!, renderScale);
    }
    const scene = viewer.scene;
    const frameTimes: number[] = [];
    // Cesium ticks once per animation frame (preUpdate) and renders only on demand: a frame time is the
    // wall-clock time between frames rendered in consecutive ticks, which includes the GPU's work (the
    // browser waits for it before the next animation frame), unlike the script time of one render.
    let tick = 0;
    let renderedTick = -2;
    let renderedAt = 0;
    const removeTick = scene.preUpdate.addEventListener(() => {
      tick += 1;
    });
    const removePost = scene.postRender.addEventListener(() => {
      const now = performance.now();
      if (renderedTick === tick - 1) frameTimes.push(now - renderedAt);
      renderedTick = tick;
      renderedAt = now;
      if (frameTimes.length < TIER_STEP_DEFAULTS.framesPerWindow) return;
      viewer.container.setAttribute('data-frame-ms', medianFrameMs(frameTimes).toFixed(1));
      if (adaptive) {
        const next = stepTier(state, frameTimes);
        if (next.index !== state.index) applyPerfTier(viewer, PERF_TIERS[next.index]!, renderScale);
        state = next;
      }
      frameTimes.length = 0;
    });
    return () => {
      removeTick();
      removePost();
    };
  }, [viewer]);
  return null;
}
