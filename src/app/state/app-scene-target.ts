import type { CesiumWidget } from 'cesium';
import type { ClipArea } from '../../core/cut/clip-area.ts';
import type { AnchoredSectionPlane } from '../../core/cut/section-plane.ts';
import type { Measurement } from '../../core/measure/measurement.ts';
import { readSketchGeoJson, sketchesToGeoJson } from '../../core/sketch/geojson.ts';
import type { SketchFeature } from '../../core/sketch/model.ts';
import type { SceneLayerState } from '../../core/story/types.ts';
import { isInstant } from '../../core/story/validate.ts';
import type { CameraView } from '../../core/view/camera-view.ts';
import type { LayerModel } from '../layers/model.ts';
import { changedLayerStates } from '../layers/url-state.ts';
import { cameraViewOf, flyToCameraView } from '../viewer/camera.ts';
import { DEFAULT_SCENE_TIME } from '../viewer/scene-time.ts';
import type { ApplySceneOptions, SceneState, SceneTarget } from './scene-target.ts';
import { isBuildingColourProperty } from './share-state.ts';

/** Defaults of `applyScene` (the signal has none). */
export const APPLY_SCENE_DEFAULTS: Required<Omit<ApplySceneOptions, 'signal'>> = { flightSeconds: 2 };

/** What the scene target reads and sets: the viewer and the app's shared state, read at call time. */
export interface SceneTargetSources {
  /** The Cesium viewer, while one exists. */
  viewer(): CesiumWidget | undefined;
  /** The layer model, selection (gml:id) and scene time (ISO 8601; undefined: `DEFAULT_SCENE_TIME`) now. */
  live(): {
    layerModel: Pick<
      LayerModel,
      'states' | 'layers' | 'buildingColour' | 'setLayerState' | 'setBuildingColour'
    >;
    selected: string | undefined;
    time: string | undefined;
  };
  /** Selects the building with this gml:id (undefined clears the selection and closes the panel). */
  select(id: string | undefined): void;
  setTime(time: string): void;
  /** The sketches shown now and how a scene replaces them (absent: scenes leave sketches alone). */
  sketches?: { current(): readonly SketchFeature[]; load(features: SketchFeature[]): void };
  /** The kept measurements now and how a scene replaces them (absent: scenes leave them alone). */
  measurements?: { current(): readonly Measurement[]; load(measurements: Measurement[]): void };
  /**
   * The cut tool's section plane and hidden area now, and how a scene sets them (a value), removes them (null) or
   * keeps them (undefined). Absent: scenes leave the cut alone.
   */
  cut?: {
    current(): { section: AnchoredSectionPlane | undefined; clip: ClipArea | undefined };
    load(patch: { section?: AnchoredSectionPlane | null; clip?: ClipArea | null }): void;
  };
}

/**
 * The app's `SceneTarget` over `sources`: applying a scene sets the layer states, the colouring, the selection and
 * the scene time at once, then flies the camera (the city tilesets preload the flight's destination). Values a
 * scene carries that the app cannot use (an unknown colouring, a time without zone) are left as they were.
 */
export function createSceneTarget(sources: SceneTargetSources): SceneTarget {
  const currentView = (): CameraView | undefined => {
    const viewer = sources.viewer();
    return viewer && !viewer.isDestroyed() ? cameraViewOf(viewer) : undefined;
  };
  return {
    currentView,
    currentScene(): SceneState | undefined {
      const camera = currentView();
      if (!camera) return undefined;
      const { layerModel, selected, time } = sources.live();
      const layers: Record<string, SceneLayerState> = {};
      for (const [id, patch] of Object.entries(changedLayerStates(layerModel.states, layerModel.layers))) {
        const state = layerModel.states[id];
        if (state) layers[id] = patch.opacity === undefined ? { visible: state.visible } : { ...state };
      }
      return {
        camera,
        layers,
        colour: layerModel.buildingColour ?? null,
        selected: selected ?? null,
        time: time ?? DEFAULT_SCENE_TIME,
        ...(sources.sketches ? { sketches: sketchesToGeoJson(sources.sketches.current()) } : {}),
        ...(sources.measurements
          ? { measurements: structuredClone([...sources.measurements.current()]) }
          : {}),
        ...(sources.cut ? cutScene(sources.cut.current()) : {}),
      };
    },
    applyScene(scene: SceneState, options: ApplySceneOptions = {}): Promise<boolean> {
      if (options.signal?.aborted) return Promise.resolve(false);
      const flightSeconds = options.flightSeconds ?? APPLY_SCENE_DEFAULTS.flightSeconds;
      const { layerModel } = sources.live();
      for (const [id, state] of Object.entries(scene.layers ?? {})) {
        layerModel.setLayerState(
          id,
          state.opacity === undefined
            ? { visible: state.visible }
            : { visible: state.visible, opacity: state.opacity },
        );
      }
      if (scene.colour === null) layerModel.setBuildingColour(undefined);
      else if (scene.colour !== undefined && isBuildingColourProperty(scene.colour)) {
        layerModel.setBuildingColour(scene.colour);
      }
      if (scene.selected !== undefined) sources.select(scene.selected ?? undefined);
      if (scene.time !== undefined && isInstant(scene.time)) sources.setTime(scene.time);
      if (scene.sketches !== undefined) sources.sketches?.load(readSketchGeoJson(scene.sketches).features);
      if (scene.measurements !== undefined) sources.measurements?.load(structuredClone(scene.measurements));
      if (scene.section !== undefined || scene.clip !== undefined) {
        sources.cut?.load(structuredClone({ section: scene.section, clip: scene.clip }));
      }
      const viewer = sources.viewer();
      if (!viewer || viewer.isDestroyed()) return Promise.resolve(false);
      return flyToCameraView(viewer, scene.camera, flightSeconds, options.signal);
    },
  };
}

/** The cut as a scene carries it: null for a plane that is off or no hidden area (a scene then removes them). */
function cutScene(cut: {
  section: AnchoredSectionPlane | undefined;
  clip: ClipArea | undefined;
}): SceneState {
  return structuredClone({ section: cut.section ?? null, clip: cut.clip ?? null }) as SceneState;
}
