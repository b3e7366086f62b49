import {
  ClassificationType,
  Entity,
  PolygonHierarchy,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  defined,
} from 'cesium';
import type { Cartesian2, Cartesian3, Color, CustomDataSource, CesiumWidget } from 'cesium';
import type { PickedFeature } from '../viewer/FeaturePicker.tsx';
import { pickAt } from '../viewer/pick-at.ts';

/**
 * Drawing and picking shared by the layer drawers (`VectorEntities.tsx`, `PlanLayer.tsx`, `ImageryOverlay.tsx`,
 * `ImportedVectorLayer.tsx`): draped lines and polygons as Cesium entities, a
 * data source's life in the viewer under render on demand, clicks on entities. Positions are Cartesian3 (ECEF,
 * metres).
 */

/**
 * Keeps rendering (render on demand) while draped primitives are built asynchronously or imagery tiles arrive:
 * a frame every 150 ms until the data sources are ready (and at least 9 frames were asked for), 120 at most.
 * Returns the function that stops early.
 */
export function renderUntilReady(viewer: CesiumWidget): () => void {
  let frames = 0;
  const interval = setInterval(() => {
    if (viewer.isDestroyed()) return clearInterval(interval);
    viewer.scene.requestRender();
    frames += 1;
    if ((viewer.dataSourceDisplay.ready && frames > 8) || frames > 120) clearInterval(interval);
  }, 150);
  return () => clearInterval(interval);
}

/**
 * Adds `dataSource` to the viewer and renders until it is drawn. Returns the cleanup: it removes and destroys
 * the data source, also when the viewer's asynchronous add finishes only afterwards.
 */
export function showDataSource(viewer: CesiumWidget, dataSource: CustomDataSource): () => void {
  let disposed = false;
  // The collection adds asynchronously: a source removed before that must not stay.
  void viewer.dataSources.add(dataSource).then(() => {
    if (disposed && !viewer.isDestroyed()) viewer.dataSources.remove(dataSource, true);
  });
  const stop = renderUntilReady(viewer);
  return () => {
    disposed = true;
    stop();
    if (!viewer.isDestroyed()) {
      viewer.dataSources.remove(dataSource, true);
      viewer.scene.requestRender();
    }
  };
}

/** A polygon's outer ring and holes (ECEF positions) as a Cesium hierarchy. */
export function polygonHierarchy(outer: Cartesian3[], holes: Cartesian3[][]): PolygonHierarchy {
  return new PolygonHierarchy(
    outer,
    holes.map((hole) => new PolygonHierarchy(hole)),
  );
}

/** A line draped on the globe and the 3D tiles (clamped to the ground), `width` in pixels. */
export function drapedLine(positions: Cartesian3[], width: number, material: Color): Entity {
  return new Entity({
    polyline: {
      positions,
      width,
      material,
      clampToGround: true,
      classificationType: ClassificationType.BOTH,
    },
  });
}

/** A polygon draped on the globe and the 3D tiles. */
export function drapedPolygon(hierarchy: PolygonHierarchy, material: Color): Entity {
  return new Entity({
    polygon: { hierarchy, material, classificationType: ClassificationType.BOTH },
  });
}

/**
 * Reports left clicks on entities: `resolve` turns the pick id (an Entity, Cesium's array of clustered
 * entities, or undefined) into the attribute panel's content, or undefined when the click is not its concern
 * (then nothing is reported). The report comes after the building picker's "nothing" for the same click.
 * Returns the cleanup.
 */
export function reportEntityClicks(
  viewer: CesiumWidget,
  resolve: (id: unknown) => PickedFeature | undefined,
  onPick: (feature: PickedFeature) => void,
): () => void {
  const handler = new ScreenSpaceEventHandler(viewer.scene.canvas);
  let timer: ReturnType<typeof setTimeout> | undefined;
  handler.setInputAction((event: { position: Cartesian2 }) => {
    const picked = pickAt(viewer.scene, event.position);
    const hit = resolve(defined(picked) ? (picked as { id?: unknown }).id : undefined);
    if (!hit) return;
    // The building picker reports "nothing" for this click in the same event; report after it.
    clearTimeout(timer);
    timer = setTimeout(() => onPick(hit), 0);
  }, ScreenSpaceEventType.LEFT_CLICK);
  return () => {
    clearTimeout(timer);
    handler.destroy();
  };
}
