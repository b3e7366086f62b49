import { useEffect } from 'react';
import { initialRenderScale, renderScaleSettings, stepRenderScale } from '../../core/perf/render-scale.ts';
import type { RenderScaleState } from '../../core/perf/render-scale.ts';
import { medianFrameMs, PERF_TIERS, stepTier, TIER_STEP_DEFAULTS } from '../../core/perf/tier.ts';
import type { TierState } from '../../core/perf/tier.ts';
import { applyPerfTier, applyRenderScale, tierFromSearch } from './perf-tier.ts';
import {
  GPU_RENDER_SCALE_OPTIONS,
  renderScaleFromSearch,
  SOFTWARE_RENDER_SCALE,
  SOFTWARE_RENDER_SCALE_OPTIONS,
} from './render-scale.ts';
import { isSoftwareRenderer } from './renderer.ts';
import { useViewer } from './use-viewer.ts';

/** The longest wait, after Cesium's moveEnd, before the last frame is drawn at the scale at rest. */
const REST_DELAY_MAX_MS = 4000;
/** How long Cesium waits for a still camera before `moveEnd` (`Scene.cameraEventWaitTime`, milliseconds). */
const CESIUM_MOVE_END_WAIT_MS = 500;

/**
 * Chooses the performance tier and the render resolution by measured frame times: the median time between
 * frames rendered one after the other (milliseconds; render on demand leaves idle stretches out).
 *
 * - Tiers (GPU): start at the top and step down while slow, back up with hysteresis when fast (`stepTier`).
 * - Resolution while the view moves (`stepRenderScale`): on a software renderer (no GPU: headless browsers,
 *   many virtual desktops; every frame is rasterised on the CPU, so a 4K wall takes seconds a frame) between
 *   0.25 and its 0.5 at rest; on a GPU below the lowest tier's scale when that tier is still too slow. When the
 *   camera comes to rest (`camera.moveEnd`, and two frame times more), the last frame is drawn at the scale at rest (the tier's, or 0.5
 *   on software), so a still picture is always as sharp as before, and pictures tests compare stay comparable.
 *   The controller keeps what it learned for the next movement.
 *
 * A software renderer keeps its tier settings (no multisampling, half resolution at rest): stepping tiers
 * down would coarsen the buildings too. `?tier=low|medium|high` fixes a tier and its resolution (tests,
 * support); `?renderScale=` pins the resolution. The median of the last window is kept in `data-frame-ms`,
 * the scale drawn now in `data-render-scale` on the viewer's container (bench/perf-tiers.ts, large-screen.ts),
 * and `data-view-moving` from a movement's start until the picture at rest has been asked for (e2e pictures).
 */
export function PerfTierSettings() {
  const viewer = useViewer();
  useEffect(() => {
    const search = globalThis.location?.search ?? '';
    const pinned = renderScaleFromSearch(search);
    const fixed = tierFromSearch(search);
    const software = fixed === undefined && isSoftwareRenderer(viewer);
    const adaptiveTier = fixed === undefined && !software;
    const adaptiveScale = fixed === undefined && pinned === undefined;
    const scaleOptions = software ? SOFTWARE_RENDER_SCALE_OPTIONS : GPU_RENDER_SCALE_OPTIONS;
    const framesPerWindow = software
      ? renderScaleSettings(scaleOptions).framesPerWindow
      : TIER_STEP_DEFAULTS.framesPerWindow;
    let tier: TierState = { index: fixed ?? PERF_TIERS.length - 1, fastWindows: 0 };
    const restScale = () =>
      pinned ?? (software ? SOFTWARE_RENDER_SCALE : PERF_TIERS[tier.index]!.resolutionScale);
    let motion: RenderScaleState = initialRenderScale(restScale(), scaleOptions);
    let moving = false;
    // The controller's scale applies while the view moves: always on software, below the lowest tier on a GPU.
    const controlled = () => adaptiveScale && (software || tier.index === 0);
    if (software) {
      viewer.scene.msaaSamples = 1;
      viewer.container.setAttribute('data-perf-tier', 'software');
      applyRenderScale(viewer, restScale());
    } else {
      applyPerfTier(viewer, PERF_TIERS[tier.index]!, pinned);
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
    let current = viewer.resolutionScale;
    let lastFrameMs = 0;
    // A window never mixes frames drawn at two scales.
    const setScale = (scale: number) => {
      if (scale === current) return;
      current = scale;
      frameTimes.length = 0;
      renderedTick = -2;
      applyRenderScale(viewer, scale);
    };
    // At rest once the camera has been still a while longer than Cesium's moveEnd waits (0.5 s): on a software
    // renderer a frame takes longer than that, so moveEnd also fires between the steps of one gesture.
    // Cesium also calls a new frustum a move (a changed scale rounds the canvas to another aspect ratio, a
    // picture export resizes it): only a changed position or orientation counts, or switching scales would
    // start a "move" that switches back at its end, for ever. Moves are judged here, after every tick
    // (postUpdate runs each animation frame, drawn or not), not by Cesium's moveStart/moveEnd: those count
    // frustum changes too, so a frustum change would hide the start of a move or postpone its end.
    const camera = viewer.camera;
    let pose = {
      position: camera.positionWC.clone(),
      direction: camera.directionWC.clone(),
      up: camera.upWC.clone(),
    };
    let lastPoseChange = 0;
    const poseChanged = () => {
      const epsilon = 1e-9;
      const changed =
        !camera.positionWC.equalsEpsilon(pose.position, epsilon) ||
        !camera.directionWC.equalsEpsilon(pose.direction, epsilon) ||
        !camera.upWC.equalsEpsilon(pose.up, epsilon);
      if (changed) {
        pose = {
          position: camera.positionWC.clone(),
          direction: camera.directionWC.clone(),
          up: camera.upWC.clone(),
        };
        lastPoseChange = performance.now();
      }
      return changed;
    };
    const removeMoveCheck = scene.postUpdate.addEventListener(() => {
      if (poseChanged()) {
        if (moving) return;
        moving = true;
        viewer.container.setAttribute('data-view-moving', 'true');
        if (controlled()) setScale(motion.scale);
        return;
      }
      if (!moving) return;
      const restDelay = CESIUM_MOVE_END_WAIT_MS + Math.min(REST_DELAY_MAX_MS, 2 * lastFrameMs);
      if (performance.now() - lastPoseChange <= restDelay) return;
      moving = false;
      viewer.container.removeAttribute('data-view-moving');
      setScale(restScale());
    });
    const removePost = scene.postRender.addEventListener(() => {
      const now = performance.now();
      if (renderedTick === tick - 1) {
        lastFrameMs = now - renderedAt;
        frameTimes.push(lastFrameMs);
      }
      renderedTick = tick;
      renderedAt = now;
      if (frameTimes.length < framesPerWindow) return;
      viewer.container.setAttribute('data-frame-ms', medianFrameMs(frameTimes).toFixed(1));
      // On a GPU the tiers step first; below the lowest tier's scale they wait for the controller to come back.
      if (adaptiveTier && (tier.index > 0 || !moving || motion.scale >= restScale())) {
        const next = stepTier(tier, frameTimes);
        const changed = next.index !== tier.index;
        tier = next;
        if (changed) {
          applyPerfTier(viewer, PERF_TIERS[tier.index]!, pinned);
          current = viewer.resolutionScale;
          motion = initialRenderScale(restScale(), scaleOptions);
          frameTimes.length = 0;
          return;
        }
      }
      if (moving && controlled()) {
        motion = stepRenderScale(motion, frameTimes, scaleOptions);
        setScale(motion.scale);
      }
      frameTimes.length = 0;
    });
    return () => {
      viewer.container.removeAttribute('data-view-moving');
      removeTick();
      removeMoveCheck();
      removePost();
    };
  }, [viewer]);
  return null;
}
