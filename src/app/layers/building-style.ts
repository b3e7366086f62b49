/**
 * What the buildings can be coloured by: an attribute of the tileset metadata, or another layer (the class
 * of the polygon containing the building, the distance to the nearest point of a layer, inside an imported
 * plan or not); the choices offered for a city's layers, and the legend items with counts.
 */
import type { LegendItem } from './features.ts';
import type { LayerConfig } from './types.ts';

/** Building attributes the buildings can be coloured by (property ids of the tileset metadata). */
export const BUILDING_COLOUR_PROPERTIES = ['measuredHeight', 'yearOfConstruction', 'function'] as const;
export type BuildingAttribute = (typeof BUILDING_COLOUR_PROPERTIES)[number];

/**
 * What the buildings are coloured by: an attribute, `class:<layer id>` (class of the containing polygon),
 * `distance:<layer id>` (distance to the nearest point of the layer) or `plans` (inside an imported plan).
 */
export type BuildingColourProperty = BuildingAttribute | `class:${string}` | `distance:${string}` | 'plans';

export const PROPERTY_LABELS: Record<BuildingAttribute, { de: string; en: string }> = {
  measuredHeight: { de: 'Höhe', en: 'Height' },
  yearOfConstruction: { de: 'Baujahr', en: 'Year of construction' },
  function: { de: 'Funktion', en: 'Function' },
};

/** Attributes classified by category rather than by quantiles. */
export const CATEGORICAL_ATTRIBUTES: ReadonlySet<string> = new Set<BuildingAttribute>(['function']);

/** Whether `value` names one of the building attributes. */
export function isBuildingAttribute(value: string): value is BuildingAttribute {
  return (BUILDING_COLOUR_PROPERTIES as readonly string[]).includes(value);
}

/** A legend item of the building colours: the number of loaded buildings in the class. */
export interface BuildingLegendItem extends LegendItem {
  count: number;
  /** The "no data" entry (buildings outside every area, without a value …). */
  noData?: boolean;
  /** The reason the colouring failed (an English message of a reader or the browser), when it did. */
  failure?: string;
}

/** The layer joins a city's layers offer: polygon layers classed by a property, and point layers. */
export function layerJoinChoices(
  layers: readonly LayerConfig[],
): { value: BuildingColourProperty; layer: LayerConfig; kind: 'class' | 'distance' }[] {
  const choices: { value: BuildingColourProperty; layer: LayerConfig; kind: 'class' | 'distance' }[] = [];
  for (const layer of layers) {
    if (layer.source.type !== 'geojson' || !layer.style) continue;
    if (layer.style.geometry === 'polygons' && layer.style.property && layer.style.classes?.length) {
      choices.push({ value: `class:${layer.id}`, layer, kind: 'class' });
    } else if (layer.style.geometry === 'points') {
      choices.push({ value: `distance:${layer.id}`, layer, kind: 'distance' });
    }
  }
  return choices;
}
