import { useCallback, useMemo, useRef, useState } from 'react';
import type { BuildingColourProperty } from './building-style.ts';
import type { LayerFeature, LegendItem } from './features.ts';
import type { PlanLayerData } from '../../core/layers/xplan/plan-data.ts';
import type { CityLayersConfig, LayerConfig, LayerState, LayerStates } from './types.ts';
import type { LayerStatePatches } from './url-state.ts';

/** Initial state of each layer from its config. */
export function initialLayerStates(layers: readonly LayerConfig[]): LayerStates {
  return Object.fromEntries(
    layers.map((layer) => [layer.id, { visible: layer.visible, opacity: layer.opacity }]),
  );
}

/** Position the camera flies to when a search result is chosen: lon/lat degrees, ellipsoidal metres. */
export type FlyToFeature = (feature: LayerFeature) => void;

/** Flies to an area given by its points: lon/lat pairs, WGS84 degrees, interleaved (e.g. an imported file's). */
export type FlyToArea = (coordinates: Float64Array) => void;

/** Everything the layer tree (outside the viewer) and the layer renderers (inside it) share. */
export interface LayerModel {
  config: CityLayersConfig;
  /** Configured layers followed by layers added at runtime (imported plans and files). */
  layers: LayerConfig[];
  states: LayerStates;
  setLayerState: (id: string, patch: Partial<LayerState>) => void;
  /** Adds (or replaces, by id) a runtime layer, visible. */
  addLayer: (layer: LayerConfig) => void;
  /** Removes a runtime layer and its features (e.g. an imported file's). */
  removeLayer: (id: string) => void;
  /** Loaded features per layer id (for search and picking). */
  features: Record<string, LayerFeature[]>;
  reportFeatures: (layerId: string, features: LayerFeature[]) => void;
  /** Layers whose data failed to load, with the reason. */
  errors: Record<string, string>;
  reportError: (layerId: string, message: string | undefined) => void;
  /** Set by the renderer inside the viewer. */
  flyToRef: { current: FlyToFeature | undefined };
  /** Set by the renderer inside the viewer. */
  flyToAreaRef: { current: FlyToArea | undefined };
  /** Imported and loaded configured plans by plan id (their layers have source type 'xplan'). */
  plans: Record<string, PlanLayerData>;
  /** Adds an imported plan: its areas layer (and its envelopes layer) appear in the tree under its name. */
  addPlan: (plan: PlanLayerData) => void;
  /** Removes an imported plan and its layers (e.g. a plan dropped on the viewer). */
  removePlan: (planId: string) => void;
  /** Stores the data of a configured plan (source with `url`): its layers come from the config, none are added. */
  reportPlan: (plan: PlanLayerData) => void;
  /** Attribute the buildings are coloured by (undefined: normal colours) and its legend. */
  buildingColour: BuildingColourProperty | undefined;
  setBuildingColour: (property: BuildingColourProperty | undefined) => void;
  buildingLegend: LegendItem[] | undefined;
  setBuildingLegend: (legend: LegendItem[] | undefined) => void;
}

/** Layer id of a plan's permitted envelopes. */
export const envelopeLayerId = (planId: string) => `${planId}:envelopes`;

/** Colour of plans' permitted envelopes: dark enough for 3:1 against the map's ground (WCAG 1.4.11). */
export const ENVELOPE_COLOUR = '#5e2ca5';

/** The layers of an imported plan: areas (legend from the PlanZV colours used) and, if any, envelopes. */
export function planLayers(plan: PlanLayerData): LayerConfig[] {
  const kinds = new Map<string, string>();
  for (const area of plan.areas) if (!kinds.has(area.kind)) kinds.set(area.kind, area.color);
  const layers: LayerConfig[] = [
    {
      id: plan.planId,
      group: 'planning',
      label: { de: plan.name, en: plan.name },
      visible: true,
      opacity: 0.6,
      source: { type: 'xplan', planId: plan.planId },
      style: {
        geometry: 'polygons',
        color: '#a0a0a0',
        property: 'Art',
        classes: [...kinds].map(([kind, color]) => ({ value: kind, label: { de: kind, en: kind }, color })),
      },
    },
  ];
  if (plan.areas.some((area) => area.envelope)) {
    layers.push({
      id: envelopeLayerId(plan.planId),
      group: 'planning',
      label: { de: `${plan.name}: zulässige Baukörper`, en: `${plan.name}: permitted envelopes` },
      visible: true,
      opacity: 0.45,
      source: { type: 'xplan', planId: plan.planId },
      style: {
        geometry: 'polygons',
        color: ENVELOPE_COLOUR,
        colorLabel: { de: 'maximal zulässige Höhe', en: 'maximum permitted height' },
      },
    });
  }
  return layers;
}

const EMPTY: CityLayersConfig = { groups: [], layers: [] };
const NO_PATCHES: LayerStatePatches = {};

/**
 * Layer state of one city, held in React state: serialisable (`states` is plain JSON). Each layer's state is its
 * config, then `initial` (e.g. from the URL), then the user's changes; layers that arrive later (a config loaded
 * afterwards, imported plans) get theirs the same way.
 */
export function useLayerModel(
  config: CityLayersConfig | undefined,
  initial: LayerStatePatches = NO_PATCHES,
): LayerModel {
  const base = config ?? EMPTY;
  const [extra, setExtra] = useState<LayerConfig[]>([]);
  const [changes, setChanges] = useState<LayerStatePatches>({});
  const [features, setFeatures] = useState<Record<string, LayerFeature[]>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const flyToRef = useRef<FlyToFeature | undefined>(undefined);
  const flyToAreaRef = useRef<FlyToArea | undefined>(undefined);
  const [plans, setPlans] = useState<Record<string, PlanLayerData>>({});
  const [buildingColour, setBuildingColour] = useState<BuildingColourProperty | undefined>();
  const [buildingLegend, setBuildingLegend] = useState<LegendItem[] | undefined>();

  const setLayerState = useCallback((id: string, patch: Partial<LayerState>) => {
    setChanges((previous) => ({ ...previous, [id]: { ...previous[id], ...patch } }));
  }, []);
  const addLayer = useCallback((layer: LayerConfig) => {
    setExtra((previous) => [...previous.filter((l) => l.id !== layer.id), layer]);
    setChanges((previous) => ({ ...previous, [layer.id]: { visible: true, opacity: layer.opacity } }));
  }, []);
  const removeLayer = useCallback((id: string) => {
    setExtra((previous) => previous.filter((l) => l.id !== id));
    setFeatures((previous) => Object.fromEntries(Object.entries(previous).filter(([key]) => key !== id)));
  }, []);
  const reportFeatures = useCallback((layerId: string, list: LayerFeature[]) => {
    setFeatures((previous) => ({ ...previous, [layerId]: list }));
  }, []);
  const reportError = useCallback((layerId: string, message: string | undefined) => {
    setErrors((previous) => {
      const next = { ...previous };
      if (message === undefined) delete next[layerId];
      else next[layerId] = message;
      return next;
    });
  }, []);
  const addPlan = useCallback(
    (plan: PlanLayerData) => {
      setPlans((previous) => ({ ...previous, [plan.planId]: plan }));
      for (const layer of planLayers(plan)) addLayer(layer);
    },
    [addLayer],
  );
  const reportPlan = useCallback((plan: PlanLayerData) => {
    setPlans((previous) => ({ ...previous, [plan.planId]: plan }));
  }, []);
  const removePlan = useCallback((planId: string) => {
    setPlans((previous) => Object.fromEntries(Object.entries(previous).filter(([id]) => id !== planId)));
    setExtra((previous) =>
      previous.filter((l) => !(l.source.type === 'xplan' && l.source.planId === planId)),
    );
  }, []);
  const layers = useMemo(() => [...base.layers, ...extra], [base.layers, extra]);
  const states = useMemo(() => {
    const result = initialLayerStates(layers);
    for (const layer of layers) {
      const state = result[layer.id];
      if (state) result[layer.id] = { ...state, ...initial[layer.id], ...changes[layer.id] };
    }
    return result;
  }, [layers, initial, changes]);
  return {
    config: base,
    layers,
    states,
    setLayerState,
    addLayer,
    removeLayer,
    features,
    reportFeatures,
    errors,
    reportError,
    flyToRef,
    flyToAreaRef,
    plans,
    addPlan,
    removePlan,
    reportPlan,
    buildingColour,
    setBuildingColour,
    buildingLegend,
    setBuildingLegend,
  };
}
