import type { NamedPlace } from '../../core/search/match.ts';
import type { Language } from '../i18n/index.ts';
import type { LayerFeature } from '../layers/features.ts';
import type { LayerModel } from '../layers/model.ts';

/** Layers whose features count as schools (by id or group): the rest of the searchable layers are "places". */
const SCHOOL_LAYER = /school|schul|education|bildung/i;

/** Named places and, for choosing one, the layer feature or plan behind each (by `NamedPlace.id`). */
export interface NamedPlaces {
  places: NamedPlace[];
  features: Map<string, LayerFeature>;
  /** Plan id → id of the layer that shows the plan's areas. */
  planLayers: Map<string, string>;
}

/**
 * What the search finds by name in the layer model: the features of layers that name a `searchProperty`
 * (schools …, loaded even while hidden) and the plans (configured ones by their layer's label before they are
 * loaded; imported ones by their own name).
 */
export function namedPlaces(
  model: Pick<LayerModel, 'layers' | 'features' | 'plans'>,
  language: Language,
): NamedPlaces {
  const places: NamedPlace[] = [];
  const features = new Map<string, LayerFeature>();
  const planLayers = new Map<string, string>();
  for (const layer of model.layers) {
    if (layer.source.type === 'xplan') {
      const { planId } = layer.source;
      // The areas layer carries the plan's id; the envelopes layer ("…:envelopes") is found through it.
      if (planLayers.has(planId) && layer.id !== planId) continue;
      planLayers.set(planId, layer.id);
      continue;
    }
    const property = layer.searchProperty;
    if (!property) continue;
    const kind = SCHOOL_LAYER.test(`${layer.id} ${layer.group}`) ? 'school' : 'place';
    for (const feature of model.features[layer.id] ?? []) {
      const name = feature.properties[property]?.trim();
      if (!name) continue;
      const id = `${layer.id}/${feature.id}`;
      features.set(id, feature);
      const [lon, lat] = feature.coordinates[0]?.[0] ?? [];
      places.push({
        kind,
        id,
        name,
        detail: layer.label[language],
        ...(lon !== undefined && lat !== undefined && feature.height !== undefined
          ? { place: { longitude: lon, latitude: lat, height: feature.height } }
          : {}),
      });
    }
  }
  for (const [planId, layerId] of planLayers) {
    const loaded = model.plans[planId];
    const layer = model.layers.find((l) => l.id === layerId);
    const label = layer?.label[language] ?? planId;
    const name = loaded?.name ?? label;
    places.push({ kind: 'plan', id: planId, name, detail: name === label ? '' : label });
  }
  return { places, features, planLayers };
}
