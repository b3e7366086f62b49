/** Performance mark set after the first frame that drew a tile of a city tileset (`CityTileset`). */
export const FIRST_FRAME_MARK = 'stadtmodell:first-building-frame';

/**
 * Start-up marks before the first building frame (read by `npm run bench:viewer` to show where the time goes):
 * a city tileset asked for (`CityTileset`'s effect), its `tileset.json` read and the tileset added to the scene.
 */
export const TILESET_REQUESTED_MARK = 'stadtmodell:tileset-requested';
export const TILESET_READY_MARK = 'stadtmodell:tileset-ready';

/** How long `whenBuildingsDrawn` waits at most (milliseconds): a city whose tiles fail must not hold back the rest. */
export const BUILDINGS_DRAWN_WAIT_MS = 10_000;

/**
 * Resolves once the city's buildings were first drawn (the `stadtmodell:first-building-frame` performance
 * mark), or after `BUILDINGS_DRAWN_WAIT_MS`: for work that should not compete with the first view on a
 * phone, such as fetching and reading the thematic layers' files and code, or the service worker's caching.
 * Without Cesium: the entry chunk uses it too.
 */
export function whenBuildingsDrawn(waitMs = BUILDINGS_DRAWN_WAIT_MS): Promise<void> {
  if (performance.getEntriesByName(FIRST_FRAME_MARK).length > 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    };
    const observer = new PerformanceObserver((list) => {
      if (list.getEntriesByName(FIRST_FRAME_MARK).length > 0) done();
    });
    observer.observe({ type: 'mark' });
    const timer = setTimeout(done, waitMs);
  });
}
