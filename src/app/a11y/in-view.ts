import type { PlanLayerData } from '../../core/layers/xplan/plan-data.ts';
import type { LayerFeature } from '../layers/features.ts';
import type { LayerConfig, LayerStates } from '../layers/types.ts';

type Language = 'de' | 'en';

/** Something a layer draws, as the "in view" list names it, with the place it is checked at. */
export interface InViewCandidate {
  /** Unique over all layers: `<layerId>/<feature id>`. */
  key: string;
  layerId: string;
  /** The layer's name in the current language. */
  layerLabel: string;
  /** The object's own name (a school's name, a plan area's kind), else its class, else the layer's name. */
  name: string;
  /** Its class in the layer's legend, when the style has classes and it is not already the name. */
  detail?: string;
  /** Where it is checked for being in view: WGS84 degrees, and ellipsoidal metres when known. */
  longitude: number;
  latitude: number;
  height?: number;
  /** The layer feature itself (configured and imported vector layers), to fly to and open it. */
  feature?: LayerFeature;
}

/** Mean of a ring's vertices (the last one left out when it repeats the first): degrees. */
function ringCentre(ring: readonly [number, number][] | undefined): [number, number] | undefined {
  if (!ring || ring.length === 0) return undefined;
  const first = ring[0] as [number, number];
  const last = ring[ring.length - 1] as [number, number];
  const closed = ring.length > 1 && first[0] === last[0] && first[1] === last[1];
  const points = closed ? ring.slice(0, -1) : ring;
  let lon = 0;
  let lat = 0;
  for (const [x, y] of points) {
    lon += x;
    lat += y;
  }
  return [lon / points.length, lat / points.length];
}

/** Where a feature is checked: a point itself, a line's middle vertex, a polygon's outer ring's centre. */
function anchorOf(feature: LayerFeature): [number, number] | undefined {
  const first = feature.coordinates[0];
  if (feature.kind === 'point') return first?.[0];
  if (feature.kind === 'line') return first?.[Math.floor((first.length - 1) / 2)];
  return ringCentre(first);
}

/**
 * What the visible layers draw, one candidate per feature (configured and imported vector layers) and per
 * plan area (a plan's areas layer; its envelopes layer adds nothing new), in the layer tree's order.
 */
export function inViewCandidates(
  layers: readonly LayerConfig[],
  states: LayerStates,
  features: Record<string, LayerFeature[]>,
  plans: Record<string, PlanLayerData>,
  language: Language,
): InViewCandidate[] {
  const out: InViewCandidate[] = [];
  for (const layer of layers) {
    const state = states[layer.id] ?? { visible: layer.visible, opacity: layer.opacity };
    if (!state.visible) continue;
    const layerLabel = layer.label[language];
    if (layer.source.type === 'xplan') {
      const plan = plans[layer.source.planId];
      if (!plan || layer.id !== layer.source.planId) continue;
      for (const area of plan.areas) {
        const centre = ringCentre(area.polygons[0]?.[0]);
        if (!centre) continue;
        out.push({
          key: `${layer.id}/${area.id}`,
          layerId: layer.id,
          layerLabel,
          name: area.kind,
          longitude: centre[0],
          latitude: centre[1],
        });
      }
      continue;
    }
    const style = layer.style;
    const nameProperty = layer.searchProperty ?? style?.labelProperty;
    for (const feature of features[layer.id] ?? []) {
      const anchor = anchorOf(feature);
      if (!anchor) continue;
      const own = nameProperty ? feature.properties[nameProperty] : undefined;
      const classValue = style?.property ? feature.properties[style.property] : undefined;
      const classLabel = style?.classes?.find((c) => c.value === classValue)?.label[language];
      const name = own?.trim() || classLabel || layerLabel;
      const candidate: InViewCandidate = {
        key: `${layer.id}/${feature.id}`,
        layerId: layer.id,
        layerLabel,
        name,
        longitude: anchor[0],
        latitude: anchor[1],
        feature,
      };
      if (classLabel && classLabel !== name) candidate.detail = classLabel;
      if (feature.height !== undefined) candidate.height = feature.height;
      out.push(candidate);
    }
  }
  return out;
}

/** The in-view objects of one layer, for the list and the announcement. */
export interface InViewGroup {
  layerId: string;
  layerLabel: string;
  items: InViewCandidate[];
}

/** Candidates grouped by layer, in their order. */
export function groupByLayer(items: readonly InViewCandidate[]): InViewGroup[] {
  const groups: InViewGroup[] = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (last?.layerId === item.layerId) last.items.push(item);
    else groups.push({ layerId: item.layerId, layerLabel: item.layerLabel, items: [item] });
  }
  return groups;
}

/** A short summary for the live region: "2 × Schulen, 5 × Bebauungsplan …" (empty when nothing is in view). */
export function inViewSummary(items: readonly InViewCandidate[]): string {
  return groupByLayer(items)
    .map((group) => `${group.items.length} × ${group.layerLabel}`)
    .join(', ');
}

/** The building attributes the list shows first, in this order, when the building has them. */
export const MAIN_ATTRIBUTES = [
  'name',
  'address',
  'function',
  'usage',
  'measuredHeight',
  'storeysAboveGround',
  'roofType',
  'yearOfConstruction',
] as const;

/** The selected object's main attributes (those of `MAIN_ATTRIBUTES` it has, else its first five). */
export function mainAttributes(properties: readonly [string, string][]): [string, string][] {
  const main = MAIN_ATTRIBUTES.flatMap((name) => properties.filter(([key]) => key === name));
  return main.length > 0 ? main : properties.slice(0, 5);
}
