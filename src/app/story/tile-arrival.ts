/**
 * When has a scene arrived? After the camera flight, the city's 3D tilesets load what the new view needs. This
 * waits (bounded) until every tileset reports its tiles loaded and measures how much of the scene was already
 * there when the flight ended: the share of the tiles drawn in the settled view that were drawn in the first frame
 * after the flight too. Cesium preloads the tiles of a flight's destination while flying
 * (`preloadFlightDestinations`), so a high share means the audience never saw the scene half-loaded.
 */
import { Cesium3DTileset } from 'cesium';
import type { CesiumWidget } from 'cesium';

export interface SceneArrivalOptions {
  /** Longest wait for the tiles after the flight, milliseconds; the scene then counts as arrived anyway. */
  timeoutMs?: number;
  /** How often the wait asks for a frame while tiles load, milliseconds (render on demand draws none itself). */
  pollMs?: number;
}

export const SCENE_ARRIVAL_DEFAULTS: Required<SceneArrivalOptions> = { timeoutMs: 15_000, pollMs: 250 };

/** What `awaitSceneTiles` measured. */
export interface SceneArrival {
  /** Share (0..1) of the settled view's tiles that were drawn in the first frame after the flight. 1 when none. */
  tilesShare: number;
  /** Tiles drawn in the settled view (the scene's target tiles), over all city tilesets. */
  targetTiles: number;
  /** Whether every tileset reported its tiles loaded before the timeout. */
  tilesLoaded: boolean;
  /** Milliseconds from the flight's end until the tiles were loaded (or the timeout). */
  waitMs: number;
}

/** The 3D tilesets in the scene now (the city's and imported ones). */
function tilesetsOf(viewer: CesiumWidget): Cesium3DTileset[] {
  const result: Cesium3DTileset[] = [];
  const primitives = viewer.scene.primitives;
  for (let i = 0; i < primitives.length; i += 1) {
    const primitive: unknown = primitives.get(i);
    if (primitive instanceof Cesium3DTileset && primitive.show && !primitive.isDestroyed())
      result.push(primitive);
  }
  return result;
}

function aborted(): Error {
  return new DOMException('scene left', 'AbortError');
}

/** The tiles every tileset draws in the next rendered frame (asks for that frame). */
function tilesOfNextFrame(viewer: CesiumWidget, signal: AbortSignal): Promise<Set<object>> {
  return new Promise((resolve, reject) => {
    const scene = viewer.scene;
    const tiles = new Set<object>();
    const removers: (() => void)[] = [];
    let collecting = false;
    const stop = () => removers.splice(0).forEach((remove) => remove());
    const onAbort = () => {
      stop();
      reject(aborted());
    };
    for (const tileset of tilesetsOf(viewer)) {
      removers.push(tileset.tileVisible.addEventListener((tile: object) => collecting && tiles.add(tile)));
    }
    removers.push(
      scene.preRender.addEventListener(() => {
        collecting = true;
      }),
    );
    removers.push(
      scene.postRender.addEventListener(() => {
        if (!collecting) return;
        stop();
        signal.removeEventListener('abort', onAbort);
        resolve(tiles);
      }),
    );
    signal.addEventListener('abort', onAbort, { once: true });
    scene.requestRender();
  });
}

/** Resolves true once every tileset has loaded its tiles for the current view, false at the timeout. */
function tilesLoaded(
  viewer: CesiumWidget,
  options: Required<SceneArrivalOptions>,
  signal: AbortSignal,
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    // No tileset yet (the city's is still being created): not done; the timeout bounds a city without one.
    const done = () => {
      const tilesets = tilesetsOf(viewer);
      return tilesets.length > 0 && tilesets.every((tileset) => tileset.tilesLoaded);
    };
    let finished = false;
    const finish = (value: boolean | Error) => {
      if (finished) return;
      finished = true;
      removePostRender();
      clearInterval(poll);
      clearTimeout(timeout);
      signal.removeEventListener('abort', onAbort);
      if (value instanceof Error) reject(value);
      else resolve(value);
    };
    const onAbort = () => finish(aborted());
    // Checked after frames only: `tilesLoaded` is updated by the frame that finished the last tile.
    const removePostRender = viewer.scene.postRender.addEventListener(() => {
      if (done()) finish(true);
    });
    const poll = setInterval(() => viewer.scene.requestRender(), options.pollMs);
    const timeout = setTimeout(() => finish(false), options.timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    viewer.scene.requestRender();
  });
}

/**
 * Call right after the camera flight to a scene has ended: measures the first frame, waits (bounded) until the
 * tiles are loaded, measures the settled frame. Rejects with an AbortError when `signal` aborts (scene left).
 */
export async function awaitSceneTiles(
  viewer: CesiumWidget,
  signal: AbortSignal,
  options: SceneArrivalOptions = {},
): Promise<SceneArrival> {
  const o = { ...SCENE_ARRIVAL_DEFAULTS };
  for (const [key, value] of Object.entries(options))
    if (value !== undefined) Object.assign(o, { [key]: value });
  const start = performance.now();
  const atFlightEnd = await tilesOfNextFrame(viewer, signal);
  const loaded = await tilesLoaded(viewer, o, signal);
  const waitMs = performance.now() - start;
  const settled = await tilesOfNextFrame(viewer, signal);
  let present = 0;
  for (const tile of settled) if (atFlightEnd.has(tile)) present += 1;
  return {
    tilesShare: settled.size === 0 ? 1 : present / settled.size,
    targetTiles: settled.size,
    tilesLoaded: loaded,
    waitMs,
  };
}

/**
 * Performance mark set when a scene has arrived; its `detail` is `{ index, ...SceneArrival }` (bench/story-flights.ts).
 * Only the latest is kept (a kiosk's attract loop would otherwise pile them up for days).
 */
export const SCENE_ARRIVED_MARK = 'stadtmodell:story-scene-arrived';
