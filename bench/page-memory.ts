/** Page-side memory figures the benchmarks read (scripts evaluated in the page). */

/**
 * Page-side statement (a string, for the scripts below and other benchmarks' page scripts) that declares
 * `viewer`: the Cesium widget, found by walking React's fiber from the widget's container up to resium's
 * context, whose value holds it; `undefined` when the page has none.
 */
export const FIND_WIDGET_JS = `
  const container = document.querySelector('[data-testid="viewer-container"]');
  const key = container && Object.keys(container).find((name) => name.startsWith('__reactFiber$'));
  let fiber = key ? container[key] : undefined;
  let viewer;
  while (fiber && !viewer) {
    const value = fiber.memoizedProps?.value;
    const widget = value && (value.cesiumWidget ?? value.viewer);
    if (widget && widget.scene) viewer = widget;
    fiber = fiber.return;
  }`;

/**
 * The city tilesets' `totalMemoryUsageInBytes` summed (runs in the page: a string, because tsx would wrap named
 * functions with a helper the page lacks). Walks React's fiber from the widget's container up to resium's
 * context, whose value holds the Cesium widget.
 */
export const CESIUM_TILE_BYTES_SCRIPT = `(() => {
${FIND_WIDGET_JS}
  if (!viewer) return -1;
  const primitives = viewer.scene.primitives;
  let bytes = 0;
  for (let i = 0; i < primitives.length; i += 1) {
    const primitive = primitives.get(i);
    if (typeof primitive.totalMemoryUsageInBytes === 'number') bytes += primitive.totalMemoryUsageInBytes;
  }
  return bytes;
})()`;
