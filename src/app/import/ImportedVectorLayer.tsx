import { useCallback, useEffect, useMemo } from 'react';
import { BoundingSphere, Cartesian3, Color, Entity, HeadingPitchRange, Math as CesiumMath } from 'cesium';
import type { Viewer } from 'cesium';
import { reportEntityClicks } from '../layers/draw-features.ts';
import { layerFeaturesFromVector } from '../layers/features.ts';
import type { LayerFeature } from '../layers/features.ts';
import type { CityLayersConfig } from '../layers/types.ts';
import { importedEntities } from '../layers/vector-entities.ts';
import { VectorEntities } from '../layers/VectorEntities.tsx';
import type { PickedFeature } from '../viewer/FeaturePicker.tsx';
import { useViewer } from '../viewer/use-viewer.ts';
import type { ImportEntry } from './use-imports.ts';

/** Colours of imported vector layers, one per layer in turn (Okabe–Ito, distinguishable with colour-blindness). */
const LAYER_COLOURS = ['#e69f00', '#0072b2', '#cc79a7', '#009e73', '#d55e00', '#56b4e9'];

/** Which imported feature an entity draws, for picking. */
const PICKABLE = new WeakMap<Entity, { title: string; feature: LayerFeature }>();

/** Most vertices used for the zoom-to bounding sphere (an even sample of larger layers). */
const ZOOM_SAMPLE = 5000;

/** Colour of the n-th imported layer. */
export function layerColour(index: number): string {
  return LAYER_COLOURS[index % LAYER_COLOURS.length] ?? '#e69f00';
}

/** The running number in an import id ('import-7' → 7), so a layer keeps its colour when others go. */
function importNumber(id: string): number {
  return Number(/\d+$/.exec(id)?.[0] ?? 0);
}

/** Looks at the layer's features from the south at 60° down (at least 400 m away), then frees the camera. */
function zoomToCoordinates(viewer: Viewer, coordinates: Float64Array): void {
  const vertices = coordinates.length / 2;
  if (vertices === 0) return;
  const step = Math.max(1, Math.ceil(vertices / ZOOM_SAMPLE));
  const points: Cartesian3[] = [];
  for (let v = 0; v < vertices; v += step) {
    points.push(Cartesian3.fromDegrees(coordinates[2 * v] as number, coordinates[2 * v + 1] as number));
  }
  const sphere = BoundingSphere.fromPoints(points);
  const range = Math.max(400, sphere.radius * 2.6);
  viewer.camera.flyToBoundingSphere(sphere, {
    offset: new HeadingPitchRange(0, CesiumMath.toRadians(-60), range),
    duration: 1,
  });
}

/**
 * One imported vector layer, drawn by the vector layers' drawing component (`VectorEntities`) in the look of
 * imported files; hides, shows and zooms on request.
 */
function ImportedVectorLayer({
  entry,
  colour,
  ground,
}: {
  entry: ImportEntry;
  colour: string;
  ground: CityLayersConfig['ground'];
}) {
  const viewer = useViewer();
  const vector = entry.vector;
  const features = useMemo(
    () => (vector ? layerFeaturesFromVector(vector, entry.id) : []),
    [vector, entry.id],
  );
  const draw = useCallback(
    (feature: LayerFeature) => importedEntities(feature, Color.fromCssColorString(colour), ground),
    [colour, ground],
  );
  const title = entry.name;
  const register = useCallback(
    (entity: Entity, feature: LayerFeature) => PICKABLE.set(entity, { title, feature }),
    [title],
  );

  useEffect(() => {
    if (entry.zoomRequest === 0 || !vector || viewer.isDestroyed()) return;
    zoomToCoordinates(viewer, vector.coordinates);
  }, [viewer, vector, entry.zoomRequest]);

  if (!vector) return null;
  return (
    <VectorEntities
      name={`import:${entry.id}`}
      features={features}
      draw={draw}
      visible={entry.visible}
      onEntity={register}
    />
  );
}

/**
 * The imported vector layers (GeoJSON, CSV points) inside the CityViewer; a click on one of their features
 * reports its properties (text) with the file name as title.
 */
export function ImportedVectorLayers({
  entries,
  onPick,
  ground,
}: {
  entries: ImportEntry[];
  onPick: (feature: PickedFeature | undefined) => void;
  /** The city's ground, on which points without a height stand. */
  ground: CityLayersConfig['ground'];
}) {
  const viewer = useViewer();
  useEffect(
    () =>
      reportEntityClicks(
        viewer,
        (entity) => {
          const hit = entity instanceof Entity ? PICKABLE.get(entity) : undefined;
          if (!hit) return undefined;
          const properties = Object.entries(hit.feature.properties).filter(([, value]) => value !== '');
          return { title: hit.title, properties };
        },
        onPick,
      ),
    [viewer, onPick],
  );
  return (
    <>
      {entries
        .filter((e) => e.vector)
        .map((entry) => (
          <ImportedVectorLayer
            key={entry.id}
            entry={entry}
            colour={layerColour(importNumber(entry.id))}
            ground={ground}
          />
        ))}
    </>
  );
}
