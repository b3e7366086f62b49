import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Entity } from 'cesium';
import type { LayerFeature } from './features.ts';
import { groundHeightAt } from './ground-height.ts';
import { registerLayerEntity } from './picking.ts';
import type { LayerDrawProps } from './registry.ts';
import { configuredEntities } from './vector-entities.ts';
import { VectorEntities } from './VectorEntities.tsx';
import { errorMessage } from '../../core/errors.ts';
import { whenBuildingsDrawn } from '../viewer/first-frame.ts';
import { useTerrainHeights } from '../terrain/use-terrain-heights.ts';
import { pointPositions, withTerrainHeights } from './terrain-heights.ts';

/**
 * One configured vector layer (GeoJSON, CSV, WFS, OGC API Features): fetched when first shown (same-origin
 * searchable layers at once, for the search), drawn by its style; point markers cluster when zoomed out. Where the
 * globe has a terrain, point markers stand on it (its heights replace the data's ground heights).
 */
export function VectorLayer({ layer, state, model }: LayerDrawProps) {
  const [features, setFeatures] = useState<LayerFeature[] | undefined>();
  const { source } = layer;
  // Remote sources are fetched only while shown: no request leaves the origin for a hidden layer.
  const remote = 'remote' in source && source.remote;
  const wanted = state.visible || (!remote && layer.searchProperty !== undefined);
  const { reportFeatures, reportError } = model;
  const ground = model.config.ground;

  useEffect(() => {
    if (!wanted || features) return;
    let cancelled = false;
    // The readers (with proj4 and the datum grids) load with the first layer fetched, once the buildings
    // are drawn: on a phone the first view of the city comes before the thematic layers.
    whenBuildingsDrawn()
      .then(() => import('./load-vector.ts'))
      .then(({ isVectorSource, loadVectorFeatures }) =>
        isVectorSource(source) ? loadVectorFeatures(source, layer.id, ground) : undefined,
      )
      .then((parsed) => {
        if (!parsed || cancelled) return;
        setFeatures(parsed);
        reportFeatures(layer.id, parsed);
        reportError(layer.id, undefined);
      })
      .catch((error: unknown) => {
        if (!cancelled) reportError(layer.id, errorMessage(error));
      });
    return () => {
      cancelled = true;
    };
  }, [wanted, features, source, ground, layer.id, reportFeatures, reportError]);

  const defaultHeight = groundHeightAt(features?.[0]?.coordinates[0]?.[0], ground);
  const points = useMemo(() => pointPositions(features), [features]);
  const onTerrain = withTerrainHeights(points, useTerrainHeights(points?.positions));
  const draw = useCallback(
    (feature: LayerFeature) => configuredEntities(onTerrain(feature), layer, state.opacity, defaultHeight),
    [layer, state.opacity, defaultHeight, onTerrain],
  );
  const register = useCallback(
    (entity: Entity, feature: LayerFeature) => registerLayerEntity(entity, feature, layer),
    [layer],
  );
  if (!features) return null;
  return (
    <VectorEntities
      name={layer.id}
      features={features}
      draw={draw}
      visible={state.visible}
      clusterOpacity={state.opacity}
      onEntity={register}
    />
  );
}
