import { useEffect, useRef } from 'react';
import {
  BoundingSphere,
  Cartesian3,
  Color,
  CustomDataSource,
  Entity,
  HeadingPitchRange,
  Math as CesiumMath,
} from 'cesium';
import type { Viewer } from 'cesium';
import type { VectorFeature } from '../../core/layers/vector.ts';
import {
  drapedLine,
  drapedPolygon,
  polygonHierarchy,
  reportEntityClicks,
  showDataSource,
} from '../layers/draw-features.ts';
import type { PickedFeature } from '../viewer/FeaturePicker.tsx';
import { useViewer } from '../viewer/use-viewer.ts';
import { groundHeightAt } from '../layers/ground-height.ts';
import type { CityLayersConfig } from '../layers/types.ts';
import type { ImportEntry } from './use-imports.ts';

/** Colours of imported vector layers, one per layer in turn (Okabe–Ito, distinguishable with colour-blindness). */
const LAYER_COLOURS = ['#e69f00', '#0072b2', '#cc79a7', '#009e73', '#d55e00', '#56b4e9'];

/** Which imported feature an entity draws, for picking. */
const PICKABLE = new WeakMap<Entity, { title: string; feature: VectorFeature }>();

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

/** Rings of a feature part as Cartesian3 arrays, `height` metres above the ellipsoid. */
function partRings(
  coordinates: Float64Array,
  start: number,
  rings: number[],
  height: (lon: number, lat: number) => number,
): Cartesian3[][] {
  const out: Cartesian3[][] = [];
  let v = start;
  for (const count of rings) {
    const ring: Cartesian3[] = [];
    for (let i = 0; i < count; i++, v++) {
      const lon = coordinates[2 * v] as number;
      const lat = coordinates[2 * v + 1] as number;
      ring.push(Cartesian3.fromDegrees(lon, lat, height(lon, lat)));
    }
    out.push(ring);
  }
  return out;
}

/**
 * Entities of one feature: points as markers drawn over everything, standing on the city's ground (the
 * data carry no heights), lines as polylines draped on the globe and tiles, polygons draped translucent.
 */
function entitiesOf(
  feature: VectorFeature,
  coordinates: Float64Array,
  colour: Color,
  ground: CityLayersConfig['ground'],
): Entity[] {
  const entities: Entity[] = [];
  let start = feature.start;
  const height =
    feature.kind === 'point' ? (lon: number, lat: number) => groundHeightAt([lon, lat], ground) : () => 0;
  for (const rings of feature.parts) {
    const [outer, ...holes] = partRings(coordinates, start, rings, height);
    start += rings.reduce((a, b) => a + b, 0);
    if (!outer || outer.length === 0) continue;
    if (feature.kind === 'point') {
      entities.push(
        new Entity({
          position: outer[0],
          point: {
            pixelSize: 14,
            color: colour,
            outlineColor: Color.BLACK,
            outlineWidth: 2,
            disableDepthTestDistance: Number.POSITIVE_INFINITY,
          },
        }),
      );
    } else if (feature.kind === 'line') {
      entities.push(drapedLine(outer, 4, colour));
    } else if (outer.length >= 3) {
      entities.push(drapedPolygon(polygonHierarchy(outer, holes), colour.withAlpha(0.45)));
    }
  }
  return entities;
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

/** One imported vector layer as Cesium entities in its own data source; hides, shows and zooms on request. */
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
  const sourceRef = useRef<CustomDataSource | undefined>(undefined);
  const visibleRef = useRef(entry.visible);
  visibleRef.current = entry.visible;
  const vector = entry.vector;

  useEffect(() => {
    if (!vector) return;
    const dataSource = new CustomDataSource(`import:${entry.id}`);
    const fill = Color.fromCssColorString(colour);
    dataSource.entities.suspendEvents();
    for (const feature of vector.features) {
      for (const entity of entitiesOf(feature, vector.coordinates, fill, ground)) {
        dataSource.entities.add(entity);
        PICKABLE.set(entity, { title: entry.name, feature });
      }
    }
    dataSource.entities.resumeEvents();
    dataSource.show = visibleRef.current;
    sourceRef.current = dataSource;
    const hide = showDataSource(viewer, dataSource);
    return () => {
      sourceRef.current = undefined;
      hide();
    };
  }, [viewer, vector, entry.id, entry.name, colour, ground]);

  useEffect(() => {
    const dataSource = sourceRef.current;
    if (!dataSource || viewer.isDestroyed()) return;
    dataSource.show = entry.visible;
    viewer.scene.requestRender();
  }, [viewer, entry.visible]);

  useEffect(() => {
    if (entry.zoomRequest === 0 || !vector || viewer.isDestroyed()) return;
    zoomToCoordinates(viewer, vector.coordinates);
  }, [viewer, vector, entry.zoomRequest]);

  return null;
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
