import { describe, expect, it } from 'vitest';
import { afterDrawnFrame, GPU_REST_RATIO, installFrameGate, MAX_HOLD_MS } from './gpu-frame-gate.ts';
import type { FenceGl, GatedScene, SceneEvent } from './gpu-frame-gate.ts';

/** A Cesium `Event` stand-in: listeners called in order, each `addEventListener` returns its remover. */
function fakeEvent(): SceneEvent & { raise(): void; count(): number } {
  const listeners = new Set<() => void>();
  return {
    addEventListener(listener) {
      const entry = () => listener();
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    raise() {
      for (const listener of [...listeners]) listener();
    },
    count: () => listeners.size,
  };
}

/**
 * A scene that renders as Cesium's `Scene.render` decides in request-render mode: `preUpdate`, then a draw
 * when a render was requested (the camera did not move), then `postRender`.
 */
function fakeScene() {
  const preUpdate = fakeEvent();
  const postRender = fakeEvent();
  let drawn = 0;
  const scene: GatedScene & { frame(): boolean; drawn(): number } = {
    preUpdate,
    postRender,
    _renderRequested: false,
    requestRender() {
      this._renderRequested = true;
    },
    frame() {
      preUpdate.raise();
      const draw = this._renderRequested;
      if (!draw) return false;
      this._renderRequested = false;
      drawn += 1;
      postRender.raise();
      return true;
    },
    drawn: () => drawn,
  };
  return { scene, preUpdate, postRender };
}

/** WebGL2 fences whose signalling the test controls (`gpuDone`). */
function fakeGl() {
  const live = new Set<object>();
  let done = false;
  const gl: FenceGl & { gpuDone(value: boolean): void; live(): number } = {
    SYNC_GPU_COMMANDS_COMPLETE: 0x9117,
    SYNC_STATUS: 0x9114,
    SIGNALED: 0x9119,
    fenceSync() {
      const fence = {};
      live.add(fence);
      return fence;
    },
    getSyncParameter(sync) {
      if (!live.has(sync)) throw new Error('deleted fence');
      return done ? 0x9119 : 0x9118;
    },
    deleteSync(sync) {
      live.delete(sync);
    },
    gpuDone(value) {
      done = value;
    },
    live: () => live.size,
  };
  return gl;
}

describe('installFrameGate', () => {
  it('holds a requested frame while the GPU draws the last one, then draws it', () => {
    const { scene } = fakeScene();
    const gl = fakeGl();
    const gate = installFrameGate(scene, gl, () => 0)!;
    scene.requestRender();
    expect(scene.frame()).toBe(true); // nothing drawn before: no fence yet
    scene.requestRender();
    expect(scene.frame()).toBe(false);
    expect(scene.frame()).toBe(false);
    expect(gate.held).toBe(1);
    gl.gpuDone(true);
    expect(scene.frame()).toBe(true);
    expect(scene.frame()).toBe(false); // the held request was drawn once
    expect(scene.drawn()).toBe(2);
  });

  it('lets frames go at once while the GPU keeps up', () => {
    const { scene } = fakeScene();
    const gl = fakeGl();
    gl.gpuDone(true);
    const gate = installFrameGate(scene, gl, () => 0)!;
    for (let i = 0; i < 5; i += 1) {
      scene.requestRender();
      expect(scene.frame()).toBe(true);
    }
    expect(gate.held).toBe(0);
    expect(gl.live()).toBe(1); // one fence at a time
  });

  it('lets the GPU rest as long as its last frame took before the next held frame goes', () => {
    const { scene } = fakeScene();
    const gl = fakeGl();
    let now = 0;
    installFrameGate(scene, gl, () => now);
    scene.requestRender();
    expect(scene.frame()).toBe(true); // drawn at 0
    now = 40;
    gl.gpuDone(true); // the GPU finished it at 40 ms: it rests until 40 + 40 × ratio
    scene.requestRender();
    expect(scene.frame()).toBe(false);
    now = 40 + 40 * GPU_REST_RATIO - 1;
    expect(scene.frame()).toBe(false);
    now = 40 + 40 * GPU_REST_RATIO;
    expect(scene.frame()).toBe(true);
  });

  it('holds a frame at most MAX_HOLD_MS', () => {
    const { scene } = fakeScene();
    const gl = fakeGl();
    let now = 0;
    installFrameGate(scene, gl, () => now);
    scene.requestRender();
    scene.frame();
    scene.requestRender();
    expect(scene.frame()).toBe(false);
    now = MAX_HOLD_MS - 1;
    expect(scene.frame()).toBe(false);
    now = MAX_HOLD_MS;
    expect(scene.frame()).toBe(true);
  });

  it('is installed once per scene, not without WebGL2, and dispose lets a held frame go', () => {
    const { scene, preUpdate, postRender } = fakeScene();
    const gl = fakeGl();
    expect(installFrameGate(scene, null)).toBeUndefined();
    const gate = installFrameGate(scene, gl, () => 0)!;
    expect(installFrameGate(scene, gl)).toBe(gate);
    scene.requestRender();
    scene.frame();
    scene.requestRender();
    expect(scene.frame()).toBe(false);
    gate.dispose();
    expect(preUpdate.count()).toBe(0);
    expect(postRender.count()).toBe(0);
    expect(gl.live()).toBe(0);
    expect(scene.frame()).toBe(true);
  });
});

describe('afterDrawnFrame', () => {
  it('asks for a frame and calls back once, after it is drawn', () => {
    const { scene, postRender } = fakeScene();
    const calls: number[] = [];
    afterDrawnFrame(scene)(() => calls.push(scene.drawn()));
    expect(calls).toEqual([]);
    scene.frame();
    scene.requestRender();
    scene.frame();
    expect(calls).toEqual([1]);
    expect(postRender.count()).toBe(0);
  });
});
