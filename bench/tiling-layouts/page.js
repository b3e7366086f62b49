// The tiling-layouts benchmark's page: a plain Cesium Viewer (prebuilt Cesium.js, no imagery, no widgets
// that fetch anything) that loads one tileset (`?tileset=`), with the app's maximumScreenSpaceError (8), and
// records what the benchmark reads back through `window.tilingBench`: resource timings of the tileset's
// files, long tasks, and when the tileset last reported all tiles loaded.
/* global Cesium, window, performance, PerformanceObserver, location, URLSearchParams */
const params = new URLSearchParams(location.search);
Cesium.Ion.defaultAccessToken = '';
const viewer = new Cesium.Viewer('viewer', {
  baseLayer: false,
  geocoder: false,
  baseLayerPicker: false,
  timeline: false,
  animation: false,
  homeButton: false,
  sceneModePicker: false,
  navigationHelpButton: false,
  fullscreenButton: false,
  infoBox: false,
  selectionIndicator: false,
});
viewer.scene.globe.baseColor = Cesium.Color.GRAY;

const longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
}).observe({ type: 'longtask', buffered: true });

/** Camera as lookAt (degrees, metres) → position and orientation, without rendering a frame. */
function cameraFor(view) {
  const camera = viewer.camera;
  const target = Cesium.Cartesian3.fromDegrees(view.longitude, view.latitude, view.height);
  camera.lookAt(
    target,
    new Cesium.HeadingPitchRange(
      Cesium.Math.toRadians(view.heading),
      Cesium.Math.toRadians(view.pitch),
      view.range,
    ),
  );
  camera.lookAtTransform(Cesium.Matrix4.IDENTITY);
  return {
    destination: Cesium.Cartesian3.clone(camera.positionWC),
    orientation: { heading: camera.heading, pitch: camera.pitch, roll: camera.roll },
  };
}

const state = { tileset: undefined, loadedSince: undefined, frames: 0, error: undefined };
viewer.scene.postRender.addEventListener(() => {
  state.frames++;
  const tileset = state.tileset;
  if (!tileset) return;
  // Loaded since the first frame of the current streak of frames reporting all tiles loaded.
  if (tileset.tilesLoaded) {
    state.loadedSince ??= performance.now();
    state.loadedFrames = (state.loadedFrames ?? 0) + 1;
  } else {
    state.loadedSince = undefined;
    state.loadedFrames = 0;
  }
});

window.tilingBench = {
  /** Sets the camera, then loads the tileset; returns the start time (ms). */
  async start(view) {
    cameraFor(view);
    this.current = view;
    const started = performance.now();
    try {
      state.tileset = await Cesium.Cesium3DTileset.fromUrl(params.get('tileset'), {
        maximumScreenSpaceError: 8,
      });
      viewer.scene.primitives.add(state.tileset);
    } catch (error) {
      state.error = String(error);
    }
    return started;
  },
  /** Flies to `view` over `seconds` from wherever the camera is; returns the start time (ms). */
  fly(view, seconds) {
    const here = cameraFor(this.current);
    const there = cameraFor(view);
    viewer.camera.setView(here);
    state.loadedSince = undefined;
    state.loadedFrames = 0;
    state.flying = true;
    viewer.camera.flyTo({ ...there, duration: seconds, complete: () => (state.flying = false) });
    this.current = view;
    return performance.now();
  },
  current: undefined,
  /** Shows or hides the tileset (the e2e check compares the two frames). */
  show(flag) {
    if (state.tileset) state.tileset.show = flag;
    return state.frames;
  },
  /** Loaded since when (ms; undefined while loading or flying), and the figures so far. */
  status() {
    const tileset = state.tileset;
    const stats = tileset?.statistics;
    return {
      error: state.error,
      flying: Boolean(state.flying),
      loadedSince: state.flying ? undefined : state.loadedSince,
      loadedFrames: state.loadedFrames ?? 0,
      now: performance.now(),
      frames: state.frames,
      selected: stats?.selected ?? 0,
      tilesTotal: stats?.numberOfTilesTotal ?? 0,
      contentReady: stats?.numberOfTilesWithContentReady ?? 0,
      loadedTotal: stats?.numberOfLoadedTilesTotal ?? 0,
      memoryBytes: tileset?.totalMemoryUsageInBytes ?? 0,
    };
  },
  /** Resource timings (url, bytes, start) and long tasks since `from` (ms). */
  since(from) {
    return {
      resources: performance
        .getEntriesByType('resource')
        .filter((entry) => entry.startTime >= from)
        .map((entry) => ({ url: entry.name, bytes: entry.encodedBodySize, start: entry.startTime })),
      longTasks: longTasks.filter((task) => task.start >= from),
    };
  },
};
performance.setResourceTimingBufferSize(100000);
