/** How finely the 3D view is rendered: Cesium's `resolutionScale` for software renderers and by URL. */

/**
 * Resolution scale on a software renderer (default 0.5, a quarter of the pixels); `?renderScale=` in
 * 0.25..1 overrides it on any renderer (1 = full resolution).
 */
export const SOFTWARE_RENDER_SCALE = 0.5;

/** The `?renderScale=` value of a query string, when it is a number in 0.25..1. */
export function renderScaleFromSearch(search: string): number | undefined {
  const value = Number(new URLSearchParams(search).get('renderScale') ?? Number.NaN);
  return value >= 0.25 && value <= 1 ? value : undefined;
}
