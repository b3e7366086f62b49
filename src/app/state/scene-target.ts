import type { StoryScene } from '../../core/story/types.ts';
import type { CameraView } from '../../core/view/camera-view.ts';

/** What a scene sets: everything of a story scene but its texts and timing. */
export type SceneState = Pick<
  StoryScene,
  'camera' | 'layers' | 'colour' | 'selected' | 'time' | 'sketches' | 'measurements' | 'section' | 'clip'
>;

/** How a scene is applied. */
export interface ApplySceneOptions {
  /** Seconds the camera flies to the scene's camera; 0 jumps. */
  flightSeconds?: number;
  /** Aborting cancels the flight where it is (the promise then resolves false). */
  signal?: AbortSignal;
}

/**
 * The app's shared state as stories and the presenter see it: read the camera, apply a scene (layers, colouring,
 * selection and scene time at once, then the camera flight). Provided by the app state (`src/app/state/`).
 */
export interface SceneTarget {
  /** The camera now (degrees, ellipsoidal metres), or undefined before the viewer exists. */
  currentView(): CameraView | undefined;
  /** The scene state now: camera, layer states that differ from the config, colouring, selection, time. */
  currentScene(): SceneState | undefined;
  /** Applies `scene`; resolves true when the camera arrived, false when the flight was cancelled. */
  applyScene(scene: SceneState, options?: ApplySceneOptions): Promise<boolean>;
}
