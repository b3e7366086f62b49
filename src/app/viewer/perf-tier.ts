/**
 * Applying a performance tier (`src/core/perf/tier.ts`) to a Cesium viewer: resolution scale, MSAA/FXAA and,
 * for every building tileset in the scene and those added later, screen-space error and cache sizes.
 */
import { Cesium3DTileset } from 'cesium';
import type { CesiumWidget } from 'cesium';
import { PERF_TIERS, perfTierIndex } from '../../core/perf/tier.ts';
import type { PerfTier } from '../../core/perf/tier.ts';

const tierByViewer = new WeakMap<CesiumWidget, PerfTier>();

/** The `?tier=` override of a query string (low, medium, high) as an index into `PERF_TIERS`. */
export function tierFromSearch(search: string): number | undefined {
  return perfTierIndex(new URLSearchParams(search).get('tier'));
}

/** The tier applied to `viewer`, if any (none: the renderer's defaults, see `PerfTierSettings`). */
export function perfTierOf(viewer: CesiumWidget): PerfTier | undefined {
  return tierByViewer.get(viewer);
}

/** Tileset options of a tier: screen-space error (pixels) and cache sizes (bytes). */
export function tilesetTierOptions(
  tier: PerfTier | undefined,
): Pick<
  Cesium3DTileset.ConstructorOptions,
  'maximumScreenSpaceError' | 'cacheBytes' | 'maximumCacheOverflowBytes'
> {
  if (!tier) return {};
  return {
    maximumScreenSpaceError: tier.maximumScreenSpaceError,
    cacheBytes: tier.cacheBytes,
    maximumCacheOverflowBytes: tier.maximumCacheOverflowBytes,
  };
}

/**
 * Sets `tier` on the viewer and its tilesets. `renderScale` (from `?renderScale=`) wins over the tier's
 * resolution scale. The tier's name is kept in `data-perf-tier` on the viewer's container (read by tests).
 */
export function applyPerfTier(viewer: CesiumWidget, tier: PerfTier, renderScale?: number): void {
  tierByViewer.set(viewer, tier);
  const scene = viewer.scene;
  applyRenderScale(viewer, renderScale ?? tier.resolutionScale);
  scene.msaaSamples = tier.msaaSamples;
  scene.postProcessStages.fxaa.enabled = tier.fxaa;
  const options = tilesetTierOptions(tier);
  const primitives = scene.primitives;
  for (let i = 0; i < primitives.length; i += 1) {
    const primitive: unknown = primitives.get(i);
    if (primitive instanceof Cesium3DTileset) Object.assign(primitive, options);
  }
  viewer.container.setAttribute('data-perf-tier', tier.name);
  scene.requestRender();
}

/**
 * Sets Cesium's resolution scale (rendered pixels per CSS pixel and direction) and keeps it in
 * `data-render-scale` on the viewer's container (read by tests and bench/large-screen.ts).
 */
export function applyRenderScale(viewer: CesiumWidget, scale: number): void {
  viewer.resolutionScale = scale;
  // Cesium upscales pixelated (crisp on high-DPI screens); a coarser buffer reads better smoothed.
  viewer.canvas.style.imageRendering = scale < 1 ? 'auto' : '';
  viewer.container.setAttribute('data-render-scale', String(Math.round(scale * 1000) / 1000));
  viewer.scene.requestRender();
}

export { PERF_TIERS };
