import { useEffect } from 'react';
import { Cesium3DTileFeature, Color, ScreenSpaceEventHandler, ScreenSpaceEventType, defined } from 'cesium';
import type { Cartesian2 } from 'cesium';
import { useViewer } from './use-viewer.ts';

/** Properties of a picked feature, in the order the tileset's metadata declares them. */
export interface PickedFeature {
  properties: [name: string, value: string][];
  /** Panel heading (e.g. the thematic layer's name); building attributes when absent. */
  title?: string;
  /** Safe links (http(s) only, checked by whoever builds the feature), shown below the table. */
  links?: { label: string; href: string }[];
  /** A short note below the table, e.g. that the data is illustrative. */
  note?: string;
}

const HIGHLIGHT = Color.fromCssColorString('#ffd400');

/**
 * Click or tap → pick the 3D Tiles feature under the pointer, highlight it and report its
 * properties (values turned into strings; the panel shows them as text, never as HTML).
 */
export function FeaturePicker({ onPick }: { onPick: (feature: PickedFeature | undefined) => void }) {
  const viewer = useViewer();
  useEffect(() => {
    const handler = new ScreenSpaceEventHandler(viewer.scene.canvas);
    let highlighted: { feature: Cesium3DTileFeature; color: Color } | undefined;
    const clearHighlight = () => {
      if (highlighted && !highlighted.feature.tileset.isDestroyed()) {
        highlighted.feature.color = highlighted.color;
      }
      highlighted = undefined;
    };
    handler.setInputAction((event: { position: Cartesian2 }) => {
      clearHighlight();
      const picked: unknown = viewer.scene.pick(event.position);
      if (!defined(picked) || !(picked instanceof Cesium3DTileFeature)) {
        onPick(undefined);
        viewer.scene.requestRender();
        return;
      }
      highlighted = { feature: picked, color: Color.clone(picked.color) };
      picked.color = HIGHLIGHT;
      const properties: [string, string][] = [];
      for (const name of picked.getPropertyIds()) {
        const value: unknown = picked.getProperty(name);
        if (value === undefined || value === null || value === '') continue;
        properties.push([name, formatValue(value)]);
      }
      onPick({ properties });
      viewer.scene.requestRender();
    }, ScreenSpaceEventType.LEFT_CLICK);
    return () => {
      clearHighlight();
      handler.destroy();
    };
  }, [viewer, onPick]);
  return null;
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
