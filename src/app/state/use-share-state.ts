import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CesiumWidget } from 'cesium';
import type { CompareState } from '../../core/compare/url.ts';
import type { ClipArea } from '../../core/cut/clip-area.ts';
import type { AnchoredSectionPlane } from '../../core/cut/section-plane.ts';
import type { Measurement } from '../../core/measure/measurement.ts';
import type { SketchFeature } from '../../core/sketch/model.ts';
import type { CameraView } from '../../core/view/camera-view.ts';
import type { Language } from '../i18n/index.ts';
import type { LayerModel } from '../layers/model.ts';
import { changedLayerStates } from '../layers/url-state.ts';
import type { PickedFeature } from '../viewer/FeaturePicker.tsx';
import { createSceneTarget } from './app-scene-target.ts';
import type { SceneTargetSources } from './app-scene-target.ts';
import type { SceneTarget } from './scene-target.ts';
import { formatShareUrl, parseShareState } from './share-state.ts';
import type { ShareProblem, ShareState } from './share-state.ts';

/** The shareable state of the page's URL as it was opened, and the parameters that were ignored. */
export function readShareState(): { state: ShareState; problems: ShareProblem[] } {
  return parseShareState(window.location.search, window.location.hash);
}

/** The cut tool as the share state sees it: what it shows and how a scene or link sets it. */
export interface SharedCut {
  /** The section plane with its anchor, while it is on. */
  section: AnchoredSectionPlane | undefined;
  /** The area whose buildings are hidden. */
  clip: ClipArea | undefined;
  /** Sets (a value), removes (null) or keeps (undefined) the plane and the area. */
  restore: (patch: { section?: AnchoredSectionPlane | null; clip?: ClipArea | null }) => void;
}

/** The app's share state: what the components read and the callbacks they report through. */
export interface AppShareState {
  /** The feature whose attributes the panel shows. */
  picked: PickedFeature | undefined;
  /** Shows a feature's attributes (undefined closes the panel); a building's gml:id becomes the selection. */
  setPicked: (feature: PickedFeature | undefined) => void;
  /** gml:id of the selected building (shared; the picker selects it once its tile has loaded). */
  selected: string | undefined;
  /** Scene time, ISO 8601 with zone; undefined keeps `DEFAULT_SCENE_TIME`. */
  time: string | undefined;
  /** Sets the scene time (ISO 8601 with zone; undefined returns to `DEFAULT_SCENE_TIME`): the sun panel. */
  setTime: (time: string | undefined) => void;
  /** The camera view the page was opened with (degrees, ellipsoidal metres), instead of the home view. */
  startView: CameraView | undefined;
  /** The camera view when it last came to rest (degrees, ellipsoidal metres); undefined before the first rest. */
  view: CameraView | undefined;
  /** Called when the camera comes to rest. */
  onCameraRest: (view: CameraView) => void;
  /** Called by `ViewerHandle` inside the viewer. */
  registerViewer: (viewer: CesiumWidget | undefined) => void;
  sceneTarget: SceneTarget;
}

/**
 * Holds the selection, scene time and camera view of the shareable state (the layer states and the colouring live
 * in the layer model), restores them from the URL the page was opened with (`opened`), and writes the whole state
 * back into the URL with `history.replaceState` whenever any of it changes: the camera when it comes to rest.
 */
export function useShareState(
  opened: ShareState,
  {
    cityId,
    language,
    layerModel,
    measure,
    loadMeasurements,
    sketch,
    loadSketches,
    cut,
    compare,
  }: {
    cityId: string;
    language: Language;
    layerModel: LayerModel;
    measure?: Measurement[];
    /** Replaces the kept measurements (a story scene that carries some). */
    loadMeasurements?: (measurements: Measurement[]) => void;
    /** The sketches shown (`sketch=`). */
    sketch?: SketchFeature[];
    /** Replaces the sketches (a story scene that carries some). */
    loadSketches?: (features: SketchFeature[]) => void;
    /** The cut tool (`section=`, `clip=`). */
    cut?: SharedCut;
    /** The compare divider while on (`compare=`). */
    compare?: CompareState;
  },
): AppShareState {
  const [picked, setPickedFeature] = useState<PickedFeature | undefined>();
  const [selected, setSelected] = useState(opened.selected);
  const [time, setTime] = useState(opened.time);
  const [view, setView] = useState(opened.view);
  const viewerRef = useRef<CesiumWidget | undefined>(undefined);
  const { states, layers, buildingColour, setBuildingColour } = layerModel;

  const setPicked = useCallback((feature: PickedFeature | undefined) => {
    setPickedFeature(feature);
    setSelected(feature?.id);
  }, []);
  const registerViewer = useCallback((viewer: CesiumWidget | undefined) => {
    viewerRef.current = viewer;
  }, []);

  useEffect(() => {
    if (opened.colour) setBuildingColour(opened.colour);
  }, [opened.colour, setBuildingColour]);

  const current = useMemo<ShareState>(() => {
    // Layers named in the link whose config has not arrived yet (e.g. ?layersConfig=) keep their entry.
    const known = new Set(layers.map((layer) => layer.id));
    const waiting = Object.entries(opened.layers ?? {}).filter(([id]) => !known.has(id));
    return {
      city: cityId,
      lang: language,
      view,
      layers: { ...Object.fromEntries(waiting), ...changedLayerStates(states, layers) },
      colour: buildingColour,
      selected,
      time,
      measure,
      sketch,
      section: cut?.section,
      clip: cut?.clip,
      compare,
    };
  }, [
    cityId,
    language,
    view,
    opened.layers,
    states,
    layers,
    buildingColour,
    selected,
    time,
    measure,
    sketch,
    cut?.section,
    cut?.clip,
    compare,
  ]);

  useEffect(() => {
    const next = formatShareUrl(window.location.href, current);
    if (next !== window.location.href) window.history.replaceState(window.history.state, '', next);
  }, [current]);

  // The scene target reads the newest state when called, not the state of the render that created it.
  const live = useRef({ layerModel, selected, time, sketch, loadSketches, measure, loadMeasurements, cut });
  useEffect(() => {
    live.current = { layerModel, selected, time, sketch, loadSketches, measure, loadMeasurements, cut };
  }, [layerModel, selected, time, sketch, loadSketches, measure, loadMeasurements, cut]);
  const sceneTarget = useMemo(() => {
    const sources: SceneTargetSources = {
      viewer: () => viewerRef.current,
      live: () => live.current,
      select: (id) => (id === undefined ? setPicked(undefined) : setSelected(id)),
      setTime,
      sketches: {
        current: () => live.current.sketch ?? [],
        load: (features) => live.current.loadSketches?.(features),
      },
      measurements: {
        current: () => live.current.measure ?? [],
        load: (measurements) => live.current.loadMeasurements?.(measurements),
      },
      cut: {
        current: () => ({ section: live.current.cut?.section, clip: live.current.cut?.clip }),
        load: (patch) => live.current.cut?.restore(patch),
      },
    };
    return createSceneTarget(sources);
  }, [setPicked]);

  return {
    picked,
    setPicked,
    selected,
    time,
    setTime,
    startView: opened.view,
    view,
    onCameraRest: setView,
    registerViewer,
    sceneTarget,
  };
}
