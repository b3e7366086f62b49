/** Building colours by attribute: which attributes, and the Cesium3DTileStyle conditions from a classification. */
import type { Classification } from '../../core/layers/joins.ts';

/** Building attributes the buildings can be coloured by (property ids of the tileset metadata). */
export const BUILDING_COLOUR_PROPERTIES = ['measuredHeight', 'yearOfConstruction', 'function'] as const;
export type BuildingColourProperty = (typeof BUILDING_COLOUR_PROPERTIES)[number];

export const PROPERTY_LABELS: Record<BuildingColourProperty, { de: string; en: string }> = {
  measuredHeight: { de: 'Höhe', en: 'Height' },
  yearOfConstruction: { de: 'Baujahr', en: 'Year of construction' },
  function: { de: 'Funktion', en: 'Function' },
};

/** A Cesium3DTileStyle colour condition list from a classification (non-buildings keep their colours). */
export function styleConditions(property: string, classification: Classification): [string, string][] {
  const conditions: [string, string][] = [["${objectType} !== 'Building'", "color('white')"]];
  if (classification.kind === 'categorical') {
    for (const entry of classification.legend) {
      if (entry.category === undefined) continue;
      conditions.push([`\${${property}} === ${JSON.stringify(entry.category)}`, `color('${entry.colour}')`]);
    }
  } else {
    const { breaks, colours } = classification;
    for (let c = colours.length - 1; c >= 1; c--) {
      conditions.push([`\${${property}} >= ${breaks[c]}`, `color('${colours[c]}')`]);
    }
    if (colours[0]) conditions.push([`\${${property}} > -1e300`, `color('${colours[0]}')`]);
  }
  conditions.push(['true', "color('#bbbbbb')"]);
  return conditions;
}
