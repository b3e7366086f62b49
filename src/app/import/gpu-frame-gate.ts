/**
 * On a software renderer, a requested frame waits until the GPU process has finished drawing the previous
 * one and rested for as long (`GPU_REST_RATIO`); GLB reads of imported tilesets are paced by drawn frames
 * instead of animation frames.
 *
 * Why: with a software renderer (SwiftShader) on a small machine, the GPU process draws each frame of an
 * import for up to a second on every core (its main thread runs at a higher priority than the page). The
 * page's next frame started while that drawing still ran, so a frame of 15–45 ms of main-thread CPU took
 * 50–240 ms on the clock, waiting for a core (`bench/browser-import.ts` with BENCH_TRACE: long tasks are
 * Cesium's animation frames, their thread CPU a quarter of their length). Held until the GPU is done, the
 * page's frame runs on free cores. Frames the camera asks for (the user moves it) are not held: Cesium
 * draws them whatever the request state.
 *
 * The GPU's progress is a WebGL2 fence put after each drawn frame (`fenceSync`, polled with
 * `getSyncParameter`, which never blocks). Without WebGL2 nothing is held. A frame is held at most
 * `MAX_HOLD_MS`, so a fence that never signals (a lost context) stops nothing.
 */

/** Longest a requested frame is held back, ms (performance.now clock). */
export const MAX_HOLD_MS = 1_000;

/**
 * After the GPU finished a frame, it rests this many times as long as that frame took (from drawn to
 * signalled) before the next held frame goes. Without a rest the GPU process draws without pause and the
 * conversion worker gets what is left of the cores: on 2 cores an import of 100 MB was done after 15.3 s
 * with none, after 12.8 s with a rest of 1 (medians of 10 alternating runs, `bench/browser-import.ts`).
 */
export const GPU_REST_RATIO = 1;

/** The parts of WebGL2 the gate uses (a `WebGL2RenderingContext` has them). */
export interface FenceGl {
  readonly SYNC_GPU_COMMANDS_COMPLETE: number;
  readonly SYNC_STATUS: number;
  readonly SIGNALED: number;
  fenceSync(condition: number, flags: number): unknown;
  getSyncParameter(sync: never, parameter: number): unknown;
  deleteSync(sync: never): void;
}

/** An event of Cesium's `Scene` (`preUpdate`, `postRender`); `addEventListener` returns its remover. */
export interface SceneEvent {
  addEventListener(listener: () => void): () => void;
}

/**
 * The parts of Cesium's `Scene` the gate uses. `_renderRequested` is private Cesium API (1.145): the flag
 * `requestRender` sets and `Scene.render` reads after `preUpdate` to decide whether to draw.
 */
export interface GatedScene {
  preUpdate: SceneEvent;
  postRender: SceneEvent;
  requestRender(): void;
  _renderRequested: boolean;
}

/** A gate on one scene: `dispose` removes its listeners and lets held frames go. */
export interface FrameGate {
  /** Frames held back so far (for tests and the benchmark). */
  readonly held: number;
  dispose(): void;
}

const gates = new WeakMap<GatedScene, FrameGate>();

/**
 * Holds requested frames of `scene` until the GPU has finished the previous drawn frame (at most
 * `MAX_HOLD_MS`); `now` in ms (default `performance.now`). Installing twice on a scene returns the first gate.
 */
export function installFrameGate(
  scene: GatedScene,
  gl: FenceGl | null | undefined,
  now: () => number = () => performance.now(),
): FrameGate | undefined {
  const existing = gates.get(scene);
  if (existing) return existing;
  if (!gl || typeof gl.fenceSync !== 'function') return undefined;
  /** The fence after the last drawn frame, until it signals. */
  let fence: unknown;
  /** When the first held frame was requested (undefined: none held). */
  let heldSince: number | undefined;
  let held = 0;
  /** When the last frame was drawn (handed to the GPU), and until when the GPU rests after it. */
  let drawnAt = 0;
  let restUntil = 0;
  const gpuBusy = () => {
    if (fence === undefined) return now() < restUntil;
    if (gl.getSyncParameter(fence as never, gl.SYNC_STATUS) !== gl.SIGNALED) return true;
    gl.deleteSync(fence as never);
    fence = undefined;
    const doneAt = now();
    restUntil = doneAt + (doneAt - drawnAt) * GPU_REST_RATIO;
    return now() < restUntil;
  };
  const removePreUpdate = scene.preUpdate.addEventListener(() => {
    const requested = scene._renderRequested || heldSince !== undefined;
    if (!requested) return;
    if (gpuBusy() && (heldSince === undefined || now() - heldSince < MAX_HOLD_MS)) {
      if (heldSince === undefined) {
        heldSince = now();
        held += 1;
      }
      scene._renderRequested = false;
      return;
    }
    if (heldSince !== undefined) {
      heldSince = undefined;
      scene._renderRequested = true;
    }
  });
  const removePostRender = scene.postRender.addEventListener(() => {
    if (fence !== undefined) gl.deleteSync(fence as never);
    fence = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0) ?? undefined;
    drawnAt = now();
  });
  const gate: FrameGate = {
    get held() {
      return held;
    },
    dispose() {
      removePreUpdate();
      removePostRender();
      if (fence !== undefined) gl.deleteSync(fence as never);
      fence = undefined;
      if (heldSince !== undefined) {
        heldSince = undefined;
        scene.requestRender();
      }
      gates.delete(scene);
    },
  };
  gates.set(scene, gate);
  return gate;
}

/**
 * Calls back after the next frame `scene` draws (and asks for one), for `installBlobReads`: GLB reads paced
 * by drawn frames, so frames the gate holds do not let more GLBs in.
 */
export function afterDrawnFrame(scene: Pick<GatedScene, 'postRender' | 'requestRender'>) {
  return (callback: () => void): void => {
    const remove = scene.postRender.addEventListener(() => {
      remove();
      callback();
    });
    scene.requestRender();
  };
}
