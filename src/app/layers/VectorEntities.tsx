import { useEffect, useRef, useState } from 'react';
import { CustomDataSource } from 'cesium';
import type { Entity } from 'cesium';
import { useViewer } from '../viewer/use-viewer.ts';
import { clusterMarkers } from './clustering.ts';
import { showDataSource } from './draw-features.ts';
import type { LayerFeature } from './features.ts';

/** What `VectorEntities` draws and how. Keep `draw` and `onEntity` stable (useCallback): a new one redraws. */
export interface VectorEntitiesProps {
  /** Name of the Cesium data source. */
  name: string;
  features: readonly LayerFeature[];
  /** The entities of one feature (the look of the layer). */
  draw: (feature: LayerFeature) => Entity[];
  visible: boolean;
  /** Opacity of the badges of clustered point markers; no clustering when left out. */
  clusterOpacity?: number;
  /** Called for each entity drawn, e.g. to make it pickable. */
  onEntity: (entity: Entity, feature: LayerFeature) => void;
}

/**
 * The one drawing component of vector layers, configured and imported: their features as Cesium entities in
 * one data source, built when the layer is first shown, then hidden and shown without rebuilding; rebuilt
 * when the features or the look change; removed on unmount (StrictMode-safe).
 */
export function VectorEntities({
  name,
  features,
  draw,
  visible,
  clusterOpacity,
  onEntity,
}: VectorEntitiesProps) {
  const viewer = useViewer();
  // Entities are built only once the layer is wanted on screen, then kept while it is hidden.
  const [shown, setShown] = useState(visible);
  if (visible && !shown) setShown(true);
  const sourceRef = useRef<CustomDataSource | undefined>(undefined);
  const visibleRef = useRef(visible);
  visibleRef.current = visible;

  useEffect(() => {
    if (!shown) return;
    const dataSource = new CustomDataSource(name);
    if (clusterOpacity !== undefined && features.some((feature) => feature.kind === 'point'))
      clusterMarkers(dataSource, clusterOpacity);
    dataSource.entities.suspendEvents();
    for (const feature of features) {
      for (const entity of draw(feature)) {
        dataSource.entities.add(entity);
        onEntity(entity, feature);
      }
    }
    dataSource.entities.resumeEvents();
    dataSource.show = visibleRef.current;
    sourceRef.current = dataSource;
    const remove = showDataSource(viewer, dataSource);
    return () => {
      sourceRef.current = undefined;
      remove();
    };
  }, [viewer, shown, name, features, draw, clusterOpacity, onEntity]);

  useEffect(() => {
    const dataSource = sourceRef.current;
    if (!dataSource || viewer.isDestroyed()) return;
    dataSource.show = visible;
    viewer.scene.requestRender();
  }, [viewer, visible]);

  return null;
}
