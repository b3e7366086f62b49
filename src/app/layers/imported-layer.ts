/**
 * Imported vector files (GeoJSON, CSV dropped on the viewer) as runtime layers of the layer model: their
 * config (group "Importiert", the file name as label, one colour per import) and the tree group they are
 * listed in. Plain data, no Cesium: tested in Node.
 */
import type { LayerFeature } from './features.ts';
import type { LayerConfig, LayerGroup, LayerStyle } from './types.ts';

/** The layer tree's group of imported files (no city config lists it; the tree adds it when needed). */
export const IMPORTED_GROUP: LayerGroup = { id: 'imported', label: { de: 'Importiert', en: 'Imported' } };

/** Colours of imported vector layers, one per import in turn (Okabe–Ito, distinguishable with colour-blindness). */
const IMPORTED_COLOURS = ['#e69f00', '#0072b2', '#cc79a7', '#009e73', '#d55e00', '#56b4e9'];

/**
 * Colour (CSS #rrggbb) of an imported layer, from the running number of its import id ('import-7' → the 7th
 * colour, cycling), so a layer keeps its colour when others are removed.
 */
export function importedLayerColour(importId: string): string {
  const n = Number(/\d+$/.exec(importId)?.[0] ?? 0);
  return IMPORTED_COLOURS[n % IMPORTED_COLOURS.length] ?? '#e69f00';
}

/** The kind most of the features have, as the legend's swatch shape. */
function dominantGeometry(features: readonly LayerFeature[]): LayerStyle['geometry'] {
  const counts = { point: 0, line: 0, polygon: 0 };
  for (const feature of features) counts[feature.kind] += 1;
  if (counts.point >= counts.line && counts.point >= counts.polygon) return 'points';
  return counts.polygon >= counts.line ? 'polygons' : 'lines';
}

/**
 * The runtime layer of an imported vector file: id = the import id, source type 'imported', visible at full
 * opacity, the file name as label, the import's colour as the single-colour style (the tree's legend).
 */
export function importedVectorLayer(
  importId: string,
  name: string,
  features: readonly LayerFeature[],
): LayerConfig {
  return {
    id: importId,
    group: IMPORTED_GROUP.id,
    label: { de: name, en: name },
    visible: true,
    opacity: 1,
    source: { type: 'imported', importId },
    style: {
      geometry: dominantGeometry(features),
      color: importedLayerColour(importId),
      colorLabel: { de: 'Objekte der Datei', en: 'features of the file' },
    },
  };
}
