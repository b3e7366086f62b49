import { useEffect, useRef } from 'react';
import {
  Cesium3DTileFeature,
  Cesium3DTileset,
  Color,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  defined,
} from 'cesium';
import type { Cartesian2, Cesium3DTile } from 'cesium';
import { attributeRows } from '../../core/attributes/format.ts';
import { pickAt } from './pick-at.ts';
import { useViewer } from './use-viewer.ts';

/** Properties of a picked feature, in the order the tileset's metadata declares them. */
export interface PickedFeature {
  properties: [name: string, value: string][];
  /** Readable names of some properties in the UI's language (a layer's `fields`), by property name. */
  labels?: Record<string, string>;
  /** Panel heading (e.g. the thematic layer's name); building attributes when absent. */
  title?: string;
  /** Safe links (http(s) only, checked by whoever builds the feature), shown below the table. */
  links?: { label: string; href: string }[];
  /** A short note below the table, e.g. that the data is illustrative. */
  note?: string;
  /** gml:id of a picked building (its `gml_id` metadata): what the shared state calls the selection. */
  id?: string;
  /** A picked building's centroid at full precision (its `longitude`/`latitude` metadata): WGS84 degrees. */
  centroid?: { longitude: number; latitude: number };
}

const HIGHLIGHT = Color.fromCssColorString('#ffd400');

/** The building property that identifies a building across tiles and sessions. */
const BUILDING_ID = 'gml_id';

/**
 * Click or tap → pick the 3D Tiles feature under the pointer, highlight it and report its
 * properties (values turned into strings; the panel shows them as text, never as HTML).
 * `selected` (a gml:id, e.g. from a shared link or a story scene) selects that building the same way as soon as a
 * loaded tile holds it; undefined clears the highlight.
 */
export function FeaturePicker({
  selected,
  onPick,
}: {
  selected?: string;
  onPick: (feature: PickedFeature | undefined) => void;
}) {
  const viewer = useViewer();
  const highlighted = useRef<Highlighted | undefined>(undefined);

  useEffect(() => {
    const handler = new ScreenSpaceEventHandler(viewer.scene.canvas);
    handler.setInputAction((event: { position: Cartesian2 }) => {
      clearHighlight(highlighted);
      const picked = pickAt(viewer.scene, event.position);
      if (!defined(picked) || !(picked instanceof Cesium3DTileFeature)) {
        onPick(undefined);
        viewer.scene.requestRender();
        return;
      }
      onPick(highlight(highlighted, picked));
      viewer.scene.requestRender();
    }, ScreenSpaceEventType.LEFT_CLICK);
    return () => {
      clearHighlight(highlighted);
      handler.destroy();
    };
  }, [viewer, onPick]);

  useEffect(() => {
    if (highlighted.current?.id === selected) return;
    clearHighlight(highlighted);
    viewer.scene.requestRender();
    if (selected === undefined) return;
    // Look in the tiles loaded now, then in every tile (and tileset) that loads later, until found.
    const removers: (() => void)[] = [];
    const watched = new Set<Cesium3DTileset>();
    const stop = () => removers.splice(0).forEach((remove) => remove());
    const found = (feature: Cesium3DTileFeature) => {
      stop();
      onPick(highlight(highlighted, feature));
      viewer.scene.requestRender();
    };
    const watch = (primitive: unknown) => {
      if (!(primitive instanceof Cesium3DTileset) || watched.has(primitive) || primitive.isDestroyed())
        return;
      watched.add(primitive);
      removers.push(
        primitive.tileLoad.addEventListener((tile: Cesium3DTile) => {
          const feature = findInTile(tile, selected);
          if (feature) found(feature);
        }),
      );
      const feature = findInTree(primitive.root, selected);
      if (feature) found(feature);
    };
    const primitives = viewer.scene.primitives;
    removers.push(primitives.primitiveAdded.addEventListener(watch));
    for (let i = 0; i < primitives.length && removers.length > 0; i += 1) watch(primitives.get(i));
    return stop;
  }, [viewer, selected, onPick]);
  return null;
}

/** The highlighted feature, the colour it had (restored when the highlight goes) and its gml:id. */
interface Highlighted {
  feature: Cesium3DTileFeature;
  color: Color;
  id?: string;
  /** Stops re-applying the highlight after restyling. */
  stop: () => void;
}

type Highlight = { current: Highlighted | undefined };

function clearHighlight(highlighted: Highlight): void {
  const current = highlighted.current;
  highlighted.current = undefined;
  if (!current) return;
  current.stop();
  if (!current.feature.tileset.isDestroyed()) current.feature.color = current.color;
}

/** Highlights `feature` (remembering its colour) and returns its properties for the panel. */
function highlight(highlighted: Highlight, feature: Cesium3DTileFeature): PickedFeature {
  clearHighlight(highlighted);
  const id: unknown = feature.getProperty(BUILDING_ID);
  const picked: PickedFeature = { properties: [] };
  if (typeof id === 'string' && id !== '') picked.id = id;
  // A style (e.g. the building colouring, re-evaluated as classes arrive) recolours every feature of a tile
  // at the start of a frame. Cesium raises `tileVisible` after that and before the tile's colours are
  // uploaded: the place to put the highlight back, keeping the restyled colour as the one to restore.
  const current: Highlighted = {
    feature,
    color: Color.clone(feature.color),
    id: picked.id,
    stop: feature.tileset.tileVisible.addEventListener((tile: Cesium3DTile) => {
      if (Color.equals(feature.color, HIGHLIGHT) || !holds(tile, feature)) return;
      current.color = Color.clone(feature.color, current.color);
      feature.color = HIGHLIGHT;
    }),
  };
  highlighted.current = current;
  feature.color = HIGHLIGHT;
  picked.properties = attributeRows(
    feature.getPropertyIds().map((name): [string, unknown] => [name, feature.getProperty(name)]),
  );
  // The table has the place as rounded text; keeping the building in view takes the numbers.
  const longitude: unknown = feature.getProperty('longitude');
  const latitude: unknown = feature.getProperty('latitude');
  if (typeof longitude === 'number' && typeof latitude === 'number')
    picked.centroid = { longitude, latitude };
  return picked;
}

/** Whether `feature` belongs to `tile`'s content (a content hands out the same feature object for an index). */
function holds(tile: Cesium3DTile, feature: Cesium3DTileFeature): boolean {
  const content = tile.content as { featuresLength?: number; getFeature?: (i: number) => unknown };
  const index = feature.featureId;
  return index < (content.featuresLength ?? 0) && content.getFeature?.(index) === feature;
}

/** The feature with gml:id `id` in a loaded tile's content, if any. */
function findInTile(tile: Cesium3DTile, id: string): Cesium3DTileFeature | undefined {
  const content = tile.content as
    | { featuresLength?: number; getFeature?: (i: number) => unknown }
    | undefined;
  const count = content?.featuresLength ?? 0;
  for (let i = 0; i < count; i += 1) {
    const feature = content?.getFeature?.(i);
    if (feature instanceof Cesium3DTileFeature && feature.getProperty(BUILDING_ID) === id) return feature;
  }
  return undefined;
}

/** The feature with gml:id `id` in any loaded tile under `tile`. */
function findInTree(tile: Cesium3DTile, id: string): Cesium3DTileFeature | undefined {
  const feature = findInTile(tile, id); // a tile not loaded yet has no features
  if (feature) return feature;
  for (const child of tile.children) {
    const inChild = findInTree(child, id);
    if (inChild) return inChild;
  }
  return undefined;
}
