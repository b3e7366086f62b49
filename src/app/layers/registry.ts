import type { ComponentType } from 'react';
import { ImageryOverlay } from './ImageryOverlay.tsx';
import { ImportedVectorLayer } from './ImportedVectorLayer.tsx';
import type { LayerModel } from './model.ts';
import { PlanLayer } from './PlanLayer.tsx';
import type { LayerConfig, LayerSource, LayerState } from './types.ts';
import { VectorLayer } from './VectorLayer.tsx';

/**
 * Which component draws a layer, by the type of its source: the one place that knows. A new format adds a
 * core reader and an entry here (vector formats also a case in `load-vector.ts`), not a new panel.
 */

/** What every layer drawer gets: the layer, its state, and the model (ground, plans, feature reports). */
export interface LayerDrawProps {
  layer: LayerConfig;
  state: LayerState;
  model: LayerModel;
}

/** Drawing component per source type; types without one (3D tiles: drawn by the viewer) draw nothing here. */
export const LAYER_DRAWERS: Partial<Record<LayerSource['type'], ComponentType<LayerDrawProps>>> = {
  geojson: VectorLayer,
  csv: VectorLayer,
  gis: VectorLayer,
  wfs: VectorLayer,
  'ogc-features': VectorLayer,
  wms: ImageryOverlay,
  wmts: ImageryOverlay,
  xplan: PlanLayer,
  imported: ImportedVectorLayer,
};

/** The component that draws `layer`, if any. */
export function layerDrawer(layer: LayerConfig): ComponentType<LayerDrawProps> | undefined {
  return LAYER_DRAWERS[layer.source.type];
}
